// Checkpoints: model and optimizer as safetensors, trainer state as JSON, one directory per epoch, each
// published by an atomic directory rename, so a process killed mid-write leaves the previous one intact.
import Foundation
import Tensors

/// Saving and resuming training.
///
/// Layout: `<dir>/epoch-0007/{model.safetensors, optimizer.safetensors, trainer.json[, best.safetensors]}` and
/// `<dir>/latest` naming the newest complete epoch directory. Each epoch directory is written under a hidden
/// temporary name, fsynced file by file, then renamed into place; `latest` is replaced atomically after that.
/// A crash at any point leaves either the old or the new checkpoint, never a mixture.
public enum Checkpoint {
    /// What `trainer.json` holds.
    struct TrainerState: Codable {
        var format = 1
        var completedEpochs: Int
        var scheduleStep: Int
        var learningRate: Double
        var randomStates: [String: RandomGenerator]
        var history: [EpochRecord]
        var bestValue: Double?
        var bestEpoch: Int?
        var epochsWithoutImprovement: Int
        var optimizer: String
        var metadata: [String: String]? = nil
    }

    /// Writes the trainer's state after its last completed epoch and keeps only the newest `keep` checkpoints.
    public static func save(_ trainer: Trainer, in directory: URL, keep: Int = 2) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = String(format: "epoch-%04d", trainer.completedEpochs)
        let staging = directory.appendingPathComponent(".\(name).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            try Safetensors.write(trainer.model.stateDict(), metadata: ["format": "swiftlearn-model"],
                                  to: staging.appendingPathComponent("model.safetensors"))
            try Safetensors.write(trainer.optimizer.stateDict(), metadata: ["optimizer": "\(type(of: trainer.optimizer))"],
                                  to: staging.appendingPathComponent("optimizer.safetensors"))
            if let best = trainer.bestState {
                try Safetensors.write(best, to: staging.appendingPathComponent("best.safetensors"))
            }
            let state = TrainerState(
                completedEpochs: trainer.completedEpochs, scheduleStep: trainer.scheduleStep,
                learningRate: trainer.optimizer.learningRate, randomStates: trainer.model.randomStates(),
                history: trainer.history, bestValue: trainer.best?.value, bestEpoch: trainer.best?.epoch,
                epochsWithoutImprovement: trainer.epochsWithoutImprovement, optimizer: "\(type(of: trainer.optimizer))",
                metadata: trainer.options.checkpointMetadata.isEmpty ? nil : trainer.options.checkpointMetadata)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(state)), to: staging.appendingPathComponent("trainer.json"))
            let final = directory.appendingPathComponent(name)
            discard(final, in: directory)
            try AtomicFile.rename(staging, to: final)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        try AtomicFile.write(name + "\n", to: directory.appendingPathComponent("latest"))
        // Keep the newest `keep` epoch directories; remove leftovers of killed writers.
        let entries = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        let epochs = entries.filter { $0.hasPrefix("epoch-") }.sorted()
        for old in epochs.dropLast(Swift.max(keep, 1)) where old != name {
            discard(directory.appendingPathComponent(old), in: directory)
        }
        for leftover in entries where (leftover.hasPrefix(".epoch-") && !leftover.hasSuffix("-\(getpid())"))
            || leftover.hasPrefix(".discarded-") {
            try? fm.removeItem(at: directory.appendingPathComponent(leftover))
        }
    }

    /// Removes a checkpoint folder so that no moment of the removal shows a partial `epoch-NNNN`: deleting a folder
    /// goes file by file, so a process killed halfway would leave an `epoch-` folder missing its weights. The folder
    /// is first renamed (atomically) to a hidden name, which the next save clears if this process dies first.
    private static func discard(_ folder: URL, in directory: URL) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder.path) else { return }
        let hidden = directory.appendingPathComponent(".discarded-\(folder.lastPathComponent)-\(getpid())")
        try? fm.removeItem(at: hidden)
        if (try? AtomicFile.rename(folder, to: hidden)) != nil {
            try? fm.removeItem(at: hidden)
        } else {
            try? fm.removeItem(at: folder)
        }
    }

    /// The newest complete checkpoint directory under `directory`, or nil if there is none.
    public static func latest(in directory: URL) -> URL? {
        let pointer = directory.appendingPathComponent("latest")
        if let text = try? String(contentsOf: pointer, encoding: .utf8) {
            let dir = directory.appendingPathComponent(text.trimmingCharacters(in: .whitespacesAndNewlines))
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("trainer.json").path) { return dir }
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        // Without a usable pointer: the newest folder that holds its last-written file (folders appear whole, by rename).
        return entries.filter { $0.hasPrefix("epoch-") }.sorted().reversed()
            .map { directory.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("trainer.json").path) }
    }

    /// Restores model weights, optimizer state, RNG states, schedule position and history into `trainer` from a
    /// checkpoint directory (an `epoch-NNNN` folder, or a checkpoints folder whose `latest` is used). Nothing is
    /// changed unless the whole checkpoint reads and matches the model.
    public static func resume(_ trainer: Trainer, from url: URL) throws {
        let dir = FileManager.default.fileExists(atPath: url.appendingPathComponent("trainer.json").path) ? url : latest(in: url)
        guard let dir else { throw NeuralNetworkError.invalidCheckpoint(path: url.path, reason: "no checkpoint found") }
        let state: TrainerState
        do {
            state = try JSONDecoder().decode(TrainerState.self, from: Data(contentsOf: dir.appendingPathComponent("trainer.json")))
        } catch {
            throw NeuralNetworkError.invalidCheckpoint(path: dir.path, reason: "trainer.json is unreadable: \(error)")
        }
        guard state.optimizer == "\(type(of: trainer.optimizer))" else {
            throw NeuralNetworkError.invalidCheckpoint(
                path: dir.path, reason: "saved with optimizer \(state.optimizer), resuming with \(type(of: trainer.optimizer))")
        }
        let weights = try SafetensorsFile.read(contentsOf: dir.appendingPathComponent("model.safetensors")).tensors()
        let optimizerState = try SafetensorsFile.read(contentsOf: dir.appendingPathComponent("optimizer.safetensors")).tensors()
        let bestURL = dir.appendingPathComponent("best.safetensors")
        let best = FileManager.default.fileExists(atPath: bestURL.path) ? try SafetensorsFile.read(contentsOf: bestURL).tensors() : nil
        // Validate against a scratch copy first, so a mismatch leaves the trainer untouched.
        let previousWeights = trainer.model.stateDict()
        try trainer.model.loadStateDict(weights)
        do {
            try trainer.optimizer.loadStateDict(optimizerState)
        } catch {
            try? trainer.model.loadStateDict(previousWeights)
            throw error
        }
        trainer.model.restoreRandomStates(state.randomStates)
        trainer.completedEpochs = state.completedEpochs
        trainer.scheduleStep = state.scheduleStep
        trainer.optimizer.learningRate = state.learningRate
        trainer.history = state.history
        trainer.best = state.bestValue.flatMap { v in state.bestEpoch.map { (v, $0) } }
        trainer.bestState = best
        trainer.epochsWithoutImprovement = state.epochsWithoutImprovement
    }
}
