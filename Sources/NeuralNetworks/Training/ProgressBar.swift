// Training progress on stderr: a live bar on a terminal, plain lines when redirected.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reports epoch, step, loss, metrics, samples/s and ETA.
public final class ProgressBar {
    public let isTerminal: Bool
    private let enabled: Bool
    private var lastDraw = 0.0

    public init(enabled: Bool = true) {
        self.enabled = enabled
        isTerminal = isatty(STDERR_FILENO) != 0
    }

    /// Called after each step; redraws at most 10 times a second, and only on a terminal.
    public func step(epoch: Int, epochs: Int, step: Int, steps: Int, loss: Double, samplesPerSecond: Double, elapsed: Double) {
        guard enabled && isTerminal else { return }
        let now = Date().timeIntervalSinceReferenceDate
        guard now - lastDraw > 0.1 || step == steps else { return }
        lastDraw = now
        let width = 24
        let filled = steps > 0 ? width * step / steps : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let eta = step > 0 ? elapsed / Double(step) * Double(steps - step) : 0
        let line = "epoch \(epoch)/\(epochs) \(bar) \(step)/\(steps) loss \(Self.fixed(loss, 4)) "
            + "\(Int(samplesPerSecond)) samples/s ETA \(Self.duration(eta))"
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    /// Called at the end of an epoch: a permanent line with the epoch's figures.
    public func epochEnd(_ record: EpochRecord, epochs: Int) {
        guard enabled else { return }
        var parts = ["epoch \(record.epoch)/\(epochs)", "loss \(Self.fixed(record.trainLoss, 4))"]
        for (k, v) in record.trainMetrics.sorted(by: { $0.key < $1.key }) { parts.append("\(k) \(Self.fixed(v, 4))") }
        if let vl = record.validationLoss { parts.append("val_loss \(Self.fixed(vl, 4))") }
        for (k, v) in record.validationMetrics.sorted(by: { $0.key < $1.key }) { parts.append("val_\(k) \(Self.fixed(v, 4))") }
        parts.append("\(Int(record.samplesPerSecond)) samples/s")
        parts.append("\(Self.fixed(record.seconds, 2)) s")
        let prefix = isTerminal ? "\r\u{1B}[2K" : ""
        FileHandle.standardError.write(Data((prefix + parts.joined(separator: "  ") + "\n").utf8))
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "\(v)" }
        return String(format: "%.\(digits)f", v)
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 60 ? "\(t / 60)m\(t % 60)s" : "\(t)s"
    }
}
