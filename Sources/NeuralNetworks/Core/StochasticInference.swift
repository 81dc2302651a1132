// Sampling at inference: layers that keep drawing random masks in evaluation mode (Monte Carlo dropout),
// switched separately from train()/eval() so everything else (BatchNorm) stays in evaluation mode.
import Tensors

/// A module that can keep sampling in evaluation mode, for Monte Carlo inference (MC dropout, Gal &
/// Ghahramani 2016). Only ``Dropout`` conforms: dropout on attention weights and between recurrent layers is
/// not sampled at inference.
///
/// The switch is independent of ``TrainingModeDependent/isTraining``: ``Module/eval()`` and ``Module/train()``
/// leave it alone, so a model can be in evaluation mode (BatchNorm with running statistics, no statistics
/// updated) while its dropout layers still drop.
public protocol StochasticInference: RandomStateful {
    /// Whether the module samples as in training even in evaluation mode. Off unless switched on.
    var samplesInEvaluation: Bool { get set }
}

extension Module {
    /// Every ``StochasticInference`` submodule (this module included), depth first in declaration order.
    public func stochasticInferenceModules() -> [any StochasticInference] {
        namedModules().compactMap { $0.module as? any StochasticInference }
    }

    /// Switches sampling in evaluation mode on or off in every ``StochasticInference`` submodule.
    public func setSamplingInEvaluation(_ on: Bool) {
        for m in stochasticInferenceModules() { m.samplesInEvaluation = on }
    }

    /// Runs `body` with every ``StochasticInference`` submodule sampling in evaluation mode, each drawing from a
    /// fresh generator derived from `seed` (so the same seed gives the same masks), then restores each module's
    /// switch and generator: the model's own random streams, and so a resumed training run, are untouched.
    public func withSamplingInEvaluation<R>(seed: UInt64, _ body: () throws -> R) rethrows -> R {
        let modules = stochasticInferenceModules()
        let saved = modules.map { ($0.samplesInEvaluation, $0.generator) }
        var seeds = RandomGenerator(seed: seed)
        for m in modules {
            m.samplesInEvaluation = true
            m.generator = RandomGenerator(seed: seeds.nextUInt64())
        }
        defer {
            for (m, state) in zip(modules, saved) {
                m.samplesInEvaluation = state.0
                m.generator = state.1
            }
        }
        return try body()
    }
}
