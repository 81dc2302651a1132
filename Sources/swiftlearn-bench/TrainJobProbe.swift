// Peak resident memory of the default training job, measured on a separate `swiftlearn train` process.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum TrainJobProbe {
    struct Result {
        let peakBytes: Int
        let seconds: Double
        let summary: String
    }

    /// Runs `swiftlearn train --epochs 15 --batch-size 64` (the job bench_nn_reference.py runs in PyTorch) from the
    /// binary beside this one, and reads its peak RSS from wait4's rusage.
    static func run() throws -> Result {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("swiftlearn")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-rss-\(getpid())")
        defer { try? FileManager.default.removeItem(at: output) }
        let args = [binary.path, "train", "--epochs", "15", "--batch-size", "64", "--quiet", "--output", output.path]
        var pid: pid_t = 0
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The child's report goes to /dev/null so it cannot mix with the benchmark's own (JSON) output.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let start = Date()
        guard posix_spawn(&pid, binary.path, &actions, nil, argv, environ) == 0 else {
            throw BenchError.reference("cannot start \(binary.path): build it with swift build -c release")
        }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        guard status == 0 else { throw BenchError.reference("swiftlearn train exited with status \(status)") }
        return Result(peakBytes: usage.ru_maxrss * 1024, seconds: Date().timeIntervalSince(start), summary: "exit 0")
    }
}
