// Runs the Python reference for a case (scripts/reference/bench_reference.py) in the reference venv.
import Foundation

struct ReferenceResult {
    let seconds: Double
    let library: String
    let threads: Int
    let detail: [String: Any]
}

enum Reference {
    /// The reference interpreter: $SWIFTLEARN_REF_PYTHON, else the venv made by scripts/setup-reference.sh.
    static var python: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["SWIFTLEARN_REF_PYTHON"] { return p }
        let venv = env["SWIFTLEARN_REF_VENV"] ?? (NSHomeDirectory() + "/.cache/swiftlearn/ref-venv")
        return venv + "/bin/python"
    }

    /// The script, found from the working directory (run the benchmark from the repository root).
    static var script: String {
        let env = ProcessInfo.processInfo.environment
        return env["SWIFTLEARN_REF_SCRIPT"] ?? FileManager.default.currentDirectoryPath + "/scripts/reference/bench_reference.py"
    }

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: script)
    }

    /// Times `name` with the reference at its best (1 or 2 threads; OPENBLAS_CORETYPE removed).
    static func run(_ name: String, script scriptName: String = "bench_reference.py") throws -> ReferenceResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        let path = URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent(scriptName).path
        process.arguments = [path, name, "--threads", "best"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OPENBLAS_CORETYPE")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["value"] as? Double
        else {
            throw BenchError.reference("reference run of \(name) failed (exit \(process.terminationStatus))")
        }
        return ReferenceResult(seconds: seconds, library: object["library"] as? String ?? "?",
                               threads: object["threads"] as? Int ?? 0, detail: object["detail"] as? [String: Any] ?? [:])
    }
}

enum BenchError: Error, CustomStringConvertible {
    case reference(String)
    case unknownCase(String)
    var description: String {
        switch self {
        case .reference(let s): s
        case .unknownCase(let s): "unknown benchmark case '\(s)' (see --list)"
        }
    }
}
