// Seeded parameter initialisation, and the initialisers PyTorch uses by default.
import Foundation
import Synchronization
import Tensors

/// A random generator shared by the layers built inside one ``withInitializationSeed(_:_:)`` scope.
final class SharedGenerator: Sendable {
    let state: Mutex<RandomGenerator>
    init(seed: UInt64) { state = Mutex(RandomGenerator(seed: seed)) }
}

enum InitializationScope {
    @TaskLocal static var generator: SharedGenerator?
}

/// Builds layers inside `body` with parameters drawn from a generator seeded with `seed`: the same seed and the
/// same construction order give the same weights on every machine (like `torch.manual_seed` before building).
/// Outside such a scope each layer draws from a seed taken from the system's random source.
public func withInitializationSeed<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
    try InitializationScope.$generator.withValue(SharedGenerator(seed: seed)) { try body() }
}

/// PyTorch's default initialisers, drawing from the current initialisation scope.
public enum Initializer {
    /// Runs `body` with the scope's generator (or a fresh, randomly seeded one).
    static func draw<R>(_ body: (inout RandomGenerator) -> R) -> R {
        if let shared = InitializationScope.generator {
            return shared.state.withLock { body(&$0) }
        }
        var rng = RandomGenerator(seed: UInt64.random(in: 0...UInt64.max))
        return body(&rng)
    }

    /// Uniform on `[-bound, bound)`.
    public static func uniform(_ shape: [Int], bound: Double, dtype: DType = .float32) -> Tensor {
        draw { Tensor.uniform(shape, low: -bound, high: bound, dtype: dtype, using: &$0) }
    }

    /// Normal with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32) -> Tensor {
        draw { Tensor.normal(shape, mean: mean, std: std, dtype: dtype, using: &$0) }
    }

    /// `kaiming_uniform_(a: √5)`, PyTorch's default for Linear and Conv weights: bound `1/√fanIn`.
    public static func kaimingUniformDefault(_ shape: [Int], fanIn: Int, dtype: DType = .float32) -> Tensor {
        uniform(shape, bound: 1 / Double(Swift.max(fanIn, 1)).squareRoot(), dtype: dtype)
    }

    /// `xavier_uniform_`: bound `√(6 / (fanIn + fanOut))`.
    public static func xavierUniform(_ shape: [Int], fanIn: Int, fanOut: Int, dtype: DType = .float32) -> Tensor {
        uniform(shape, bound: (6 / Double(Swift.max(fanIn + fanOut, 1))).squareRoot(), dtype: dtype)
    }

    /// A fresh seed for a layer's own stream (Dropout masks), drawn from the scope.
    static func childSeed() -> UInt64 {
        draw { $0.nextUInt64() }
    }
}
