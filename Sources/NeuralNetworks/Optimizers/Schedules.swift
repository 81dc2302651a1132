// Learning-rate schedules as pure functions of the step count (PyTorch's closed forms).
import RealModule

/// A learning rate as a function of the number of schedule steps taken (0 before the first `step()`).
public protocol LearningRateSchedule: Sendable {
    func learningRate(at step: Int) -> Double
}

/// `StepLR`: `base · γ^⌊t / stepSize⌋`.
public struct StepSchedule: LearningRateSchedule {
    public let base: Double, stepSize: Int, gamma: Double
    public init(base: Double, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepSchedule: step size must be positive")
        self.base = base
        self.stepSize = stepSize
        self.gamma = gamma
    }
    public func learningRate(at step: Int) -> Double { base * Double.pow(gamma, Double(step / stepSize)) }
}

/// `CosineAnnealingLR`: `η_min + (base − η_min)(1 + cos(π t / T))/2`.
public struct CosineSchedule: LearningRateSchedule {
    public let base: Double, period: Int, minimum: Double
    public init(base: Double, period: Int, minimum: Double = 0) {
        precondition(period > 0, "CosineSchedule: period must be positive")
        self.base = base
        self.period = period
        self.minimum = minimum
    }
    public func learningRate(at step: Int) -> Double {
        minimum + (base - minimum) * (1 + Double.cos(Double.pi * Double(step) / Double(period))) / 2
    }
}

/// `LinearLR` (linear warm-up): the factor goes from `startFactor` to `endFactor` over `totalSteps`, then stays.
public struct LinearSchedule: LearningRateSchedule {
    public let base: Double, startFactor: Double, endFactor: Double, totalSteps: Int
    public init(base: Double, startFactor: Double = 1.0 / 3, endFactor: Double = 1, totalSteps: Int = 5) {
        precondition(totalSteps > 0, "LinearSchedule: total steps must be positive")
        self.base = base
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalSteps = totalSteps
    }
    public func learningRate(at step: Int) -> Double {
        let t = Double(Swift.min(step, totalSteps)) / Double(totalSteps)
        return base * (startFactor + (endFactor - startFactor) * t)
    }
}

/// `OneCycleLR` (Smith & Topin 2018) with cosine annealing: from `maxRate/divFactor` up to `maxRate` over the
/// first `warmupFraction` of the steps, then down to `initial/finalDivFactor`; `threePhase` comes back to the
/// initial rate before the final annealing, as PyTorch's `three_phase=True`.
public struct OneCycleSchedule: LearningRateSchedule {
    public let maxRate: Double, totalSteps: Int, warmupFraction: Double, divFactor: Double, finalDivFactor: Double
    public let threePhase: Bool
    public init(maxRate: Double, totalSteps: Int, warmupFraction: Double = 0.3, divFactor: Double = 25,
                finalDivFactor: Double = 1e4, threePhase: Bool = false) {
        precondition(totalSteps > 1 && warmupFraction > 0 && warmupFraction < 1, "OneCycleSchedule: bad total steps or warm-up fraction")
        self.maxRate = maxRate
        self.totalSteps = totalSteps
        self.warmupFraction = warmupFraction
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.threePhase = threePhase
    }

    public func learningRate(at step: Int) -> Double {
        let initial = maxRate / divFactor, minimum = initial / finalDivFactor
        let warm = warmupFraction * Double(totalSteps)
        let phases: [(end: Double, from: Double, to: Double)] = threePhase
            ? [(warm - 1, initial, maxRate), (2 * warm - 2, maxRate, initial), (Double(totalSteps) - 1, initial, minimum)]
            : [(warm - 1, initial, maxRate), (Double(totalSteps) - 1, maxRate, minimum)]
        var start = 0.0
        let t = Double(step)
        for (i, phase) in phases.enumerated() {
            if t <= phase.end || i == phases.count - 1 {
                let pct = (t - start) / (phase.end - start)
                return phase.to + (phase.from - phase.to) / 2 * (1 + Double.cos(Double.pi * pct))
            }
            start = phase.end
        }
        return minimum
    }
}

/// `SequentialLR`: `first` until `milestone`, then `second` counted from the milestone.
public struct SequentialSchedule: LearningRateSchedule {
    public let first: any LearningRateSchedule, second: any LearningRateSchedule, milestone: Int
    public init(_ first: any LearningRateSchedule, then second: any LearningRateSchedule, at milestone: Int) {
        self.first = first
        self.second = second
        self.milestone = milestone
    }
    public func learningRate(at step: Int) -> Double {
        step < milestone ? first.learningRate(at: step) : second.learningRate(at: step - milestone)
    }
}

/// A constant rate.
public struct ConstantSchedule: LearningRateSchedule {
    public let base: Double
    public init(base: Double) { self.base = base }
    public func learningRate(at step: Int) -> Double { base }
}
