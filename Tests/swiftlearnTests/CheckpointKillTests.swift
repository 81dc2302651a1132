// Catalogue D2: a training process killed with SIGKILL at arbitrary moments (often in the middle of writing a
// checkpoint) always leaves the previous complete checkpoint loadable, and training resumes from it.
import Foundation
import Testing
import NeuralNetworks
import Tensors

@Suite("Checkpoints survive a killed process", .serialized)
struct CheckpointKillTests {
    @Test func killedWritersLeaveALoadableCheckpoint() throws {
        let dir = CommandRunner.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoints = dir.appendingPathComponent("ckpt")
        // A wide MLP so each checkpoint is several MB and writing it takes a good share of each epoch.
        let args = ["train", "--data", "digits", "--model", "mlp", "--hidden", "512,512", "--epochs", "1000", "--batch-size", "256",
                    "--quiet", "--checkpoint-dir", "ckpt", "--resume", "--output", "run"]
        var lastEpoch = 0
        var kills = 0
        for delay in [0.8, 1.1, 1.4, 1.7, 2.0, 2.3] {
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
        #expect(kills >= 4, "the process should have been killed mid-run most times")
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
}
