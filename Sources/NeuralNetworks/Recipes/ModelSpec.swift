// Ready-made architectures described by a small Codable value, so a saved model's config rebuilds it exactly.
import Tensors

/// A model architecture the CLI and quick experiments can build by name and save as JSON.
public struct ModelSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Fully connected layers with ReLU (and dropout) between them.
        case mlp
        /// Two 3×3 convolutions, 2×2 max-pooling and two fully connected layers, for `[C, H, W]` images.
        case cnn
        /// One linear layer (logistic / linear regression).
        case linear
    }

    public var kind: Kind
    /// Shape of one input sample: `[features]` for mlp and linear, `[channels, height, width]` for cnn.
    public var inputShape: [Int]
    /// Number of outputs (classes, or 1 for regression).
    public var outputs: Int
    /// Hidden widths (mlp), or `[conv1 channels, conv2 channels, dense width]` (cnn).
    public var hidden: [Int]
    /// Dropout before the last layer (0 for none).
    public var dropout: Double

    public init(kind: Kind, inputShape: [Int], outputs: Int, hidden: [Int]? = nil, dropout: Double? = nil) {
        self.kind = kind
        self.inputShape = inputShape
        self.outputs = outputs
        switch kind {
        case .mlp: self.hidden = hidden ?? [128, 128]
        case .cnn: self.hidden = hidden ?? [32, 64, 128]
        case .linear: self.hidden = []
        }
        self.dropout = dropout ?? (kind == .cnn ? 0.25 : 0)
    }

    /// Whether `inputShape` suits the kind (cnn needs `[C, H, W]` with H, W ≥ 2; the others a flat vector).
    public var validationError: String? {
        switch kind {
        case .cnn:
            if inputShape.count != 3 || inputShape[1] < 2 || inputShape[2] < 2 || hidden.count != 3 {
                return "the cnn model needs image inputs [channels, height, width] (such as the bundled digits); got \(inputShape). Use --model mlp for tabular data"
            }
        case .mlp, .linear:
            if inputShape.count != 1 { return "\(kind.rawValue) needs flat feature vectors, got sample shape \(inputShape)" }
        }
        if outputs < 1 { return "a model needs at least one output" }
        return nil
    }

    /// Builds the model with fresh parameters (seed them with ``withInitializationSeed(_:_:)``).
    public func build() -> Sequential {
        precondition(validationError == nil, "ModelSpec: \(validationError ?? "")")
        switch kind {
        case .linear:
            return Sequential { Linear(inputShape[0], outputs) }
        case .mlp:
            let widths = [inputShape[0]] + hidden
            return Sequential {
                for i in 0..<hidden.count {
                    Linear(widths[i], widths[i + 1])
                    ReLU()
                }
                if dropout > 0 { Dropout(probability: dropout) }
                Linear(widths.last!, outputs)
            }
        case .cnn:
            let (c, h, w) = (inputShape[0], inputShape[1], inputShape[2])
            return Sequential {
                Conv2d(c, hidden[0], kernelSize: 3, padding: 1)
                ReLU()
                Conv2d(hidden[0], hidden[1], kernelSize: 3, padding: 1)
                ReLU()
                MaxPool2d(kernelSize: 2)
                Flatten()
                Linear(hidden[1] * (h / 2) * (w / 2), hidden[2])
                ReLU()
                if dropout > 0 { Dropout(probability: dropout) }
                Linear(hidden[2], outputs)
            }
        }
    }
}
