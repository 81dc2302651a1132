// `swiftlearn info`: version, CPU features, and the active kernel path.
import ArgumentParser
import Foundation
import SwiftLearn

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print the version, the CPU features detected and the kernel path in use.")

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let info: [(String, String)] = [
            ("version", SwiftLearnVersion.string),
            ("kernel path", KernelPath.active.rawValue),
            ("supported paths", KernelPath.supported.map(\.rawValue).joined(separator: ", ")),
            ("cpu features", CPUFeatures.detected),
            ("threads", String(KernelThreads.count)),
            ("SWIFTLEARN_KERNELS", env["SWIFTLEARN_KERNELS"] ?? "(unset: chosen from cpuid)"),
            ("SWIFTLEARN_THREADS", env["SWIFTLEARN_THREADS"] ?? "(unset: all cores)"),
        ]
        if json {
            let object = Dictionary(uniqueKeysWithValues: info.map { ($0.0.replacingOccurrences(of: " ", with: "_"), $0.1) })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            let width = info.map(\.0.count).max() ?? 0
            print("SwiftLearn \(SwiftLearnVersion.string)")
            for (k, v) in info.dropFirst() { print(k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + v) }
        }
    }
}
