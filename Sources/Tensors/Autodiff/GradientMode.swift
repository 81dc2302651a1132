// Whether ops record the graph, as a task-local setting (no global mutable state).

/// Controls whether operations record the autodiff graph.
public enum GradientMode {
    @TaskLocal static var isRecording = true
    @TaskLocal static var detectsAnomalies = false

    /// Whether ops in the current task record the graph.
    public static var isEnabled: Bool { isRecording }

    /// Whether anomaly detection (NaN/inf checks in backward, creation sites on nodes) is on.
    public static var isDetectingAnomalies: Bool { detectsAnomalies }
}

/// Runs `body` without recording the autodiff graph (inference, optimizer updates). Like `torch.no_grad()`.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$isRecording.withValue(false) { try body() }
}

/// Runs `body` with anomaly detection: ops remember where they were created and ``Tensor/backward(_:)`` checks
/// every gradient it computes for NaN and infinity. Slow; for debugging. Like `torch.autograd.detect_anomaly`.
public func withAnomalyDetection<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$detectsAnomalies.withValue(true) { try body() }
}
