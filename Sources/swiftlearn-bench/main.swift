// swiftlearn-bench: runs SwiftLearn and the Python reference (NumPy/OpenBLAS, PyTorch) on the same work in
// the same run and prints the ratio (> 1: SwiftLearn is faster). Run from the repository root, release build:
//   swift run -c release swiftlearn-bench [case|group ...] [--json]
// The reference venv comes from scripts/setup-reference.sh. No timing thresholds live in tests; they live here.
import ArgumentParser
import Foundation
import SwiftLearn

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlearn-bench",
        abstract: "Benchmarks SwiftLearn against NumPy/PyTorch on the same work, in the same run.")

    @Argument(help: "Cases or groups to run: all, gemm, conv, vector, nn, classic, embedding, retrieval (hnsw-100k, not in all), peak, memory, or case names (see --list).")
    var selection: [String] = ["all"]

    @Flag(help: "One JSON object per case: {name, ours, reference, unit, ratio, ...}.")
    var json = false

    @Flag(help: "List the cases.")
    var list = false

    @Flag(name: .customLong("no-reference"), help: "Time SwiftLearn only.")
    var noReference = false

    @Option(help: "Threads for SwiftLearn: best (try 1 and 2), 1 or 2.")
    var threads = "best"

    func run() throws {
        if list {
            print((["peak", "memory", "train-digits-peak-rss"] + allCases.map(\.name) + [RetrievalCases.name]).joined(separator: "\n"))
            return
        }
        var names: [String] = []
        for s in selection {
            switch s {
            // The memory probe runs first, before the other cases have grown the heap.
            case "all": names += ["peak", "memory", "train-digits-peak-rss"] + allCases.map(\.name)
            case "gemm": names += allCases.map(\.name).filter { $0.hasPrefix("sgemm") || $0.hasPrefix("bmm") }
            case "conv": names += allCases.map(\.name).filter { $0.hasPrefix("conv") }
            case "retrieval": names.append(RetrievalCases.name)
            case "embedding": names += allCases.filter { $0.referenceScript == "bench_embedding_reference.py" }.map(\.name)
            case "classic": names += allCases.filter { $0.referenceScript == "bench_classic_reference.py" }.map(\.name)
            case "nn": names += ["train-digits-peak-rss"] + allCases.filter { $0.referenceScript == "bench_nn_reference.py" }.map(\.name)
            case "vector":
                names += allCases.filter { $0.referenceScript == "bench_reference.py" }.map(\.name)
                    .filter { !$0.hasPrefix("sgemm") && !$0.hasPrefix("bmm") && !$0.hasPrefix("conv") }
            default:
                guard s == "peak" || s == "memory" || s == "train-digits-peak-rss" || s == RetrievalCases.name || allCases.contains(where: { $0.name == s }) else { throw BenchError.unknownCase(s) }
                names.append(s)
            }
        }
        let useReference = !noReference && Reference.isAvailable
        if !noReference && !useReference {
            FileHandle.standardError.write(Data("reference venv not found at \(Reference.python); run scripts/setup-reference.sh (timing SwiftLearn only)\n".utf8))
        }
        if !json {
            print("SwiftLearn \(SwiftLearnVersion.string), kernel path \(KernelPath.active), \(KernelThreads.count) threads; CPU: \(CPUFeatures.detected)")
            print(pad("case", 26) + pad("ours", 12) + pad("reference", 12) + pad("unit", 10) + pad("ratio", 8) + "notes")
        }
        var peak: [Int: Double] = [:]
        for name in names {
            if name == "peak" {
                for t in [1, 2] { peak[t] = PeakThroughput.measureGFLOPS(threads: t) }
                emit(["name": "peak-fma", "ours": peak[2]!, "reference": NSNull(), "unit": "GFLOP/s", "ratio": NSNull(),
                      "detail": ["1 thread": peak[1]!, "2 threads": peak[2]!, "path": KernelPath.active.rawValue]],
                     note: String(format: "FMA peak on %@: %.0f (1 thread), %.0f (2 threads)", KernelPath.active.rawValue, peak[1]!, peak[2]!))
                continue
            }
            if name == "train-digits-peak-rss" {
                let ours = try TrainJobProbe.run()
                var object: [String: Any] = ["name": name, "ours": Double(ours.peakBytes) / 1e6, "unit": "MB peak RSS",
                                             "detail": ["seconds": ours.seconds, "output": ours.summary]]
                var note = "swiftlearn train --epochs 15 --batch-size 64 (digits CNN) in \(String(format: "%.1f", ours.seconds)) s"
                if useReference {
                    let r = try Reference.run(name, script: "bench_nn_reference.py")
                    object["reference"] = r.seconds / 1e6  // the reference reports bytes in "value"
                    object["ratio"] = r.seconds / Double(ours.peakBytes)
                    object["reference_library"] = "\(r.library), \(r.threads)t"
                    note += "; ref the same job in PyTorch"
                } else {
                    object["reference"] = NSNull()
                    object["ratio"] = NSNull()
                }
                emit(object, note: note)
                continue
            }
            if name == RetrievalCases.name {
                let r = try RetrievalCases.hnsw100k(useReference: useReference)
                emit(r.object, note: r.note)
                continue
            }
            if name == "memory" {
                let r = MemoryProbe.run()
                let growth = Double(r.rssAt10000 - r.rssAt1000) / Double(Swift.max(r.rssAt1000, 1))
                emit(["name": "mlp-memory", "ours": Double(r.rssAt10000) / 1e6, "reference": NSNull(), "unit": "MB RSS", "ratio": NSNull(),
                      "detail": ["rss_step_1000_mb": Double(r.rssAt1000) / 1e6, "rss_step_10000_mb": Double(r.rssAt10000) / 1e6,
                                 "growth": growth, "steps_per_s": r.stepsPerSecond, "final_loss": r.finalLoss]],
                     note: String(format: "RSS %.1f MB at step 1,000, %.1f MB at step 10,000 (%+.1f%%); %.0f steps/s", Double(r.rssAt1000) / 1e6,
                                  Double(r.rssAt10000) / 1e6, growth * 100, r.stepsPerSecond))
                continue
            }
            let c = allCases.first { $0.name == name }!
            let call = c.setUp()
            let tries = threads == "best" ? [1, 2] : [Int(threads) ?? 1]
            var best = (seconds: Double.infinity, threads: 1)
            for t in tries {
                let s = KernelThreads.with(t) { Timing.perCall(call) }
                if s < best.seconds { best = (s, t) }
            }
            let ours = c.measure.rate(secondsPerCall: best.seconds)
            var object: [String: Any] = ["name": name, "ours": ours, "unit": c.measure.unit, "threads": best.threads,
                                         "seconds_per_call": best.seconds]
            var note = "\(best.threads)t; " + c.note
            if let q = c.quality?.text {
                object["quality"] = q
                note += "; ours: \(q)"
            }
            if case .flops = c.measure, let p = peak[best.threads] {
                object["percent_of_peak"] = 100 * ours / p
                note += String(format: "; %.0f%% of %d-thread FMA peak", 100 * ours / p, best.threads)
            }
            if useReference {
                let r = try Reference.run(name, script: c.referenceScript)
                let refRate = c.measure.rate(secondsPerCall: r.seconds)
                object["reference"] = refRate
                object["ratio"] = r.seconds / best.seconds
                object["reference_library"] = "\(r.library), \(r.threads)t"
                if let perLibrary = r.detail["best_per_library"] as? [String: [String: Any]] {
                    var ratios: [String: Double] = [:]
                    for (lib, v) in perLibrary { if let s = v["value"] as? Double { ratios[lib] = s / best.seconds } }
                    object["ratio_by_library"] = ratios
                    if ratios.count > 1 {
                        note += "; ratio by library: " + ratios.sorted { $0.key < $1.key }
                            .map { String(format: "%@ %.2f× (%@t)", $0.key, $0.value, "\((perLibrary[$0.key]?["threads"] as? Int) ?? 0)") }
                            .joined(separator: ", ")
                    }
                }
                note += "; ref \(r.library) \(r.threads)t"
                if let q = r.detail["quality"] as? String {
                    object["reference_quality"] = q
                    note += ": \(q)"
                }
            } else {
                object["reference"] = NSNull()
                object["ratio"] = NSNull()
            }
            emit(object, note: note)
        }
    }

    func emit(_ object: [String: Any], note: String) {
        if json {
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            func fmt(_ v: Any?) -> String {
                guard let d = v as? Double else { return "-" }
                return d >= 100 ? String(format: "%.0f", d) : String(format: "%.3g", d)
            }
            print(pad(object["name"] as? String ?? "", 26) + pad(fmt(object["ours"]), 12) + pad(fmt(object["reference"]), 12)
                  + pad(object["unit"] as? String ?? "", 10) + pad((object["ratio"] as? Double).map { String(format: "%.2f×", $0) } ?? "-", 8) + note)
        }
        FileHandle.standardOutput.synchronizeFile()
    }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}

Bench.main()
