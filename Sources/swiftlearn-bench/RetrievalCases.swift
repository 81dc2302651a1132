// The vector-search benchmark: HNSW against exact search on 100,000 clustered unit vectors of width 384 (the
// width of all-MiniLM-L6-v2 embeddings), queries drawn from the same distribution but not from the indexed set.
//   swift run -c release swiftlearn-bench hnsw-100k
// Reports build time, exact and HNSW time per query (both as a batch of 1,000 queries on all threads, and one
// query at a time), the speed-up and recall@10 against the exact result, for a few efSearch values.
import Foundation
import SwiftLearn

enum RetrievalCases {
    static let name = "hnsw-100k"

    static func hnsw100k(count: Int = 100_000, dimension: Int = 384, queryCount: Int = 1000, k: Int = 10, useReference: Bool)
        throws -> (object: [String: Any], note: String)
    {
        let model = ClusteredVectors(dimension: dimension, clusters: 100, intrinsicDimension: 16, spread: 0.35, noise: 0.03, seed: 2024)
        let data = model.sample(count: count, seed: 1)
        let queries = model.sample(count: queryCount, seed: 2)

        var exact = try ExactVectorIndex(dimension: dimension, metric: .cosine)
        try exact.add(data)
        var truth: [[VectorHit]] = []
        let exactBatch = median(3) {
            truth = try! exact.search(queries: queries, k: k)
        } / Double(queryCount)
        let single = Array(queries.prefix(20))
        let exactSingle = median(3) { for q in single { _ = try! exact.search(q, k: k) } } / Double(single.count)

        let parameters = HNSWParameters(m: 16, efConstruction: 100, efSearch: 64, seed: 42)
        var hnsw = try HNSWIndex(dimension: dimension, metric: .cosine, parameters: parameters)
        let t0 = Timing.now()
        try hnsw.add(data)
        let buildSeconds = Timing.now() - t0

        var sweep: [[String: Any]] = []
        for ef in [10, 16, 24, 32, 48, 64, 128] {
            hnsw.parameters.efSearch = ef
            var found: [[VectorHit]] = []
            let batch = median(3) { found = try! hnsw.search(queries: queries, k: k) } / Double(queryCount)
            let one = median(3) { for q in queries.prefix(200) { _ = try! hnsw.search(q, k: k) } } / 200
            sweep.append(["ef_search": ef, "recall_at_10": RetrievalEvaluation.neighbourRecall(found, exact: truth), "seconds_per_query_batch": batch,
                          "seconds_per_query_single": one, "speedup_batch": exactBatch / batch, "speedup_single": exactSingle / one])
        }
        // The reported figure: the fastest efSearch whose recall@10 is at least 0.95 (else the most accurate).
        var reference: [String: Any]? = nil
        if useReference { reference = try? runReference(data: data, queries: queries, dimension: dimension, parameters: parameters, k: k) }
        let chosen = sweep.first { ($0["recall_at_10"] as! Double) >= 0.95 } ?? sweep.last!
        let r = chosen["recall_at_10"] as! Double, speedup = chosen["speedup_batch"] as! Double
        var object: [String: Any] = [
            "name": name, "ours": speedup, "unit": "× exact", "reference": NSNull(), "ratio": NSNull(),
            "detail": [
                "vectors": count, "dimension": dimension, "queries": queryCount, "k": k,
                "data": "100 clusters, intrinsic dimension 16, unit length; queries from the same mixture, not indexed",
                "m": parameters.m, "ef_construction": parameters.efConstruction, "build_seconds": buildSeconds,
                "exact_seconds_per_query_batch": exactBatch, "exact_seconds_per_query_single": exactSingle,
                "recall_at_10": r, "ef_search": chosen["ef_search"] as! Int, "by_ef_search": sweep, "threads": KernelThreads.count,
            ] as [String: Any],
        ]
        var note = String(format: "build %.1f s (M 16, efC 100); exact %.3f ms/query (batch), %.2f ms (single); HNSW ef %d: %.3f ms/query (batch), recall@10 %.3f, %.1f× faster (single: %.1f×)",
                          buildSeconds, exactBatch * 1e3, exactSingle * 1e3, chosen["ef_search"] as! Int, (chosen["seconds_per_query_batch"] as! Double) * 1e3, r, speedup,
                          chosen["speedup_single"] as! Double)
        if let reference {
            object["reference_detail"] = reference
            // The same-run comparison at the same target: each library's fastest efSearch with recall@10 ≥ 0.95.
            if let rows = reference["by_ef_search"] as? [[String: Any]],
               let row = rows.first(where: { ($0["recall_at_10"] as? Double ?? 0) >= 0.95 }) ?? rows.last,
               let refSeconds = row["seconds_per_query_batch"] as? Double, let refRecall = row["recall_at_10"] as? Double,
               let refExact = reference["exact_seconds_per_query_batch"] as? Double {
                let ours = chosen["seconds_per_query_batch"] as! Double
                object["reference"] = refExact / refSeconds
                object["ratio"] = refSeconds / ours
                object["reference_library"] = "hnswlib"
                note += String(format: "; ref hnswlib (same M, efC) ef %d: %.3f ms/query, recall %.3f, build %.1f s, %.1f× NumPy exact (%.3f ms/query)",
                               row["ef_search"] as? Int ?? 0, refSeconds * 1e3, refRecall, reference["build_seconds"] as? Double ?? .nan,
                               refExact / refSeconds, refExact * 1e3)
            }
        }
        return (object, note)
    }

    /// Runs scripts/reference/bench_retrieval_reference.py (hnswlib + NumPy) on the same vectors and queries.
    static func runReference(data: [[Float]], queries: [[Float]], dimension: Int, parameters: HNSWParameters, k: Int) throws -> [String: Any] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-bench-hnsw-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ rows: [[Float]], _ name: String) throws -> String {
            var flat = [Float]()
            flat.reserveCapacity(rows.count * dimension)
            for r in rows { flat.append(contentsOf: r) }
            let url = dir.appendingPathComponent(name)
            try flat.withUnsafeBytes { try Data($0).write(to: url) }
            return url.path
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Reference.python)
        let script = URL(fileURLWithPath: Reference.script).deletingLastPathComponent().appendingPathComponent("bench_retrieval_reference.py").path
        process.arguments = [script, try write(data, "data.f32"), try write(queries, "queries.f32"), "\(dimension)", "--m", "\(parameters.m)",
                             "--ef-construction", "\(parameters.efConstruction)", "--k", "\(k)", "--threads", "\(KernelThreads.count)"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw BenchError.reference("bench_retrieval_reference.py failed (exit \(process.terminationStatus))") }
        return object
    }

    /// Median seconds of `runs` calls of `body`.
    static func median(_ runs: Int, _ body: () -> Void) -> Double {
        let times = (0..<runs).map { _ in
            let s = Timing.now()
            body()
            return Timing.now() - s
        }
        return times.sorted()[runs / 2]
    }
}
