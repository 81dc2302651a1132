// Running the built `swiftlearn` executable from tests, as a user would.
import Foundation

/// The `swiftlearn` binary built beside the test bundle (swift build / swift test build every product).
enum CommandRunner {
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") || dir.lastPathComponent == "MacOS" { dir = dir.deletingLastPathComponent() }
        let candidates = [dir, dir.deletingLastPathComponent()].map { $0.appendingPathComponent("swiftlearn") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `swiftlearn args…` in `directory` and waits for it.
    static func run(_ args: [String], in directory: URL) throws -> Result {
        let process = start(args, in: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A configured, not yet started process (output discarded unless the caller sets pipes).
    static func start(_ args: [String], in directory: URL) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

}
