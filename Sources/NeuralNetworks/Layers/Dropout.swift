// Dropout with its own seeded stream, so a run's masks are reproducible and checkpointable.
import Tensors

/// Zeroes each element with probability `p` in training mode and scales the rest by `1/(1−p)`; the identity in
/// evaluation mode (`nn.Dropout`). Masks come from the layer's own generator, seeded from the initialisation
/// scope, whose state is saved in checkpoints. With ``samplesInEvaluation`` on it also drops in evaluation mode
/// (Monte Carlo dropout, see ``MonteCarloDropout``).
public final class Dropout: Layer, TrainingModeDependent, StochasticInference {
    public let probability: Double
    public var isTraining = true
    public var samplesInEvaluation = false
    public var generator: RandomGenerator

    public init(probability: Double = 0.5) {
        // p = 1 is valid in PyTorch (every element dropped, zero output and gradient); it was rejected here.
        precondition(probability >= 0 && probability <= 1, "Dropout: probability \(probability) is outside [0, 1]")
        self.probability = probability
        generator = RandomGenerator(seed: Initializer.childSeed())
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard (isTraining || samplesInEvaluation) && probability > 0 else { return input }
        // Everything dropped: zeros (and a zero gradient), as PyTorch; the mask's 1/keep would be infinite.
        if probability == 1 { return input * 0 }
        return input * Dropout.mask(shape: input.shape, keep: 1 - probability, dtype: input.dtype, using: &generator)
    }

    /// A tensor of `1/keep` (kept) and 0 (dropped).
    static func mask(shape: [Int], keep: Double, dtype: DType, using rng: inout RandomGenerator) -> Tensor {
        let u = Tensor.uniform(shape, dtype: .float32, using: &rng)
        let threshold = Float(keep)
        return u.withUnsafeBufferPointer(as: Float.self) { src in
            if dtype == .float64 {
                let scale = 1 / keep
                return Tensor(shape: shape, of: Double.self) { dst in
                    for i in 0..<src.count { dst[i] = src[i] < threshold ? scale : 0 }
                }
            }
            let scale = Float(1 / keep)
            return Tensor(shape: shape, of: Float.self) { dst in
                for i in 0..<src.count { dst[i] = src[i] < threshold ? scale : 0 }
            }
        }
    }
}

/// A module that owns a random stream (Dropout); checkpoints save and restore its generator.
public protocol RandomStateful: Module {
    var generator: RandomGenerator { get set }
}

extension Module {
    /// The generators of every random-stateful submodule, by dotted name.
    public func randomStates() -> [String: RandomGenerator] {
        var out: [String: RandomGenerator] = [:]
        for (name, m) in namedModules() { if let r = m as? any RandomStateful { out[name] = r.generator } }
        return out
    }

    /// Restores generators saved by ``randomStates()`` (names that do not exist are ignored).
    public func restoreRandomStates(_ states: [String: RandomGenerator]) {
        for (name, m) in namedModules() {
            if let r = m as? any RandomStateful, let g = states[name] { r.generator = g }
        }
    }
}
