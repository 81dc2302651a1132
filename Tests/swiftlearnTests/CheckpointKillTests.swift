// Catalogue D2: a training process killed with SIGKILL at arbitrary moments (often in the middle of writing a
// checkpoint) always leaves the previous complete checkpoint loadable, and training resumes from it.
import Foundation
import Testing
import TestSupport
import NeuralNetworks
import Tensors

@Suite("Checkpoints survive a killed process", .serialized)
struct CheckpointKillTests {
    @Test func killedWritersLeaveALoadableCheckpoint() throws {
        let scratch = ScratchDirectory("kill"), dir = scratch.url
        defer { withExtendedLifetime(scratch) {} }  // the directory goes with it
        let checkpoints = dir.appendingPathComponent("ckpt")
        // A wide MLP so each checkpoint is several MB and writing it takes a good share of each epoch.
        let args = ["train", "--data", "digits", "--model", "mlp", "--hidden", "512,512", "--epochs", "1000", "--batch-size", "256",
                    "--quiet", "--checkpoint-dir", "ckpt", "--resume", "--output", "run"]
        var lastEpoch = 0
        var kills = 0
        // SWIFTLEARN_KILL_ROUNDS=100 runs the full catalogue figure (D1: ×100); CI runs six.
        let rounds = Int(ProcessInfo.processInfo.environment["SWIFTLEARN_KILL_ROUNDS"] ?? "") ?? 6
        var rng = SystemRandomNumberGenerator()
        let delays = (0..<rounds).map { i in i < 6 ? 0.8 + 0.3 * Double(i) : Double.random(in: 0.3...2.5, using: &rng) }
        for delay in delays {
            let process = CommandRunner.start(args, in: dir)
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }
            guard let latest = Checkpoint.latest(in: checkpoints) else { continue }
            // The newest checkpoint is complete: it loads into a fresh trainer of the same shape.
            let model = withInitializationSeed(0) {
                ModelSpec(kind: .mlp, inputShape: [64], outputs: 10, hidden: [512, 512]).build()
            }
            let trainer = Trainer(model: model, optimizer: Adam(model.parameters()), loss: { Losses.crossEntropy($0, $1) })
            try Checkpoint.resume(trainer, from: checkpoints)
            #expect(trainer.completedEpochs >= lastEpoch, "checkpoint went backwards: \(trainer.completedEpochs) < \(lastEpoch)")
            #expect(latest.lastPathComponent == String(format: "epoch-%04d", trainer.completedEpochs))
            lastEpoch = trainer.completedEpochs
        }
        #expect(kills >= rounds * 2 / 3, "the process should have been killed mid-run most times")
        #expect(lastEpoch > 0, "no checkpoint was ever completed")
        // Partial folders from killed writers are never taken for checkpoints.
        let entries = try FileManager.default.contentsOfDirectory(atPath: checkpoints.path)
        for e in entries where e.hasPrefix("epoch-") {
            for f in ["model.safetensors", "optimizer.safetensors", "trainer.json"] {
                #expect(FileManager.default.fileExists(atPath: checkpoints.appendingPathComponent("\(e)/\(f)").path), "\(e) lacks \(f)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path), "no run directory before training ends")
    }

    /// D2 at the process level: a run killed at arbitrary moments and resumed from its checkpoints until it
    /// finishes saves exactly the weights of an uninterrupted run with the same seed.
    @Test func resumedAfterKillsEqualsUninterrupted() throws {
        let scratch = ScratchDirectory("resume"), dir = scratch.url
        defer { withExtendedLifetime(scratch) {} }  // the directory goes with it
        let common = ["train", "--data", "digits", "--model", "mlp", "--hidden", "256,256", "--epochs", "30", "--seed", "3", "--quiet"]
        let clean = try CommandRunner.run(common + ["--output", "clean"], in: dir)
        #expect(clean.status == 0, "\(clean.stderr)")
        var attempts = 0, kills = 0
        while true {
            attempts += 1
            let process = CommandRunner.start(common + ["--checkpoint-dir", "ckpt", "--resume", "--output", "resumed"], in: dir)
            try process.run()
            if attempts <= 4 {
                Thread.sleep(forTimeInterval: 0.25 + 0.2 * Double(attempts))
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason == .exit {
                #expect(process.terminationStatus == 0)
                break
            }
            kills += 1
            #expect(attempts < 10)
            if attempts >= 10 { return }
        }
        #expect(kills >= 2, "the run should have been killed at least twice before finishing")
        let a = try SafetensorsFile.read(contentsOf: dir.appendingPathComponent("clean/model.safetensors")).tensors()
        let b = try SafetensorsFile.read(contentsOf: dir.appendingPathComponent("resumed/model.safetensors")).tensors()
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, t) in a { #expect(t.scalars == b[name]?.scalars, "\(name) differs after \(kills) kills and resumes") }
    }
}
