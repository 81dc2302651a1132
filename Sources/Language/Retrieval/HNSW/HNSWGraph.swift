// The HNSW graph seen through raw pointers: layer search (Malkov & Yashunin, algorithm 2), the neighbour
// selection heuristic (algorithm 4) and the per-thread scratch they need. Used by search and by the build.
import Foundation
import Kernels

/// Raw views of an ``HNSWIndex``'s storage. Readers may share one; the build writes only lists it owns.
struct HNSWGraphView: @unchecked Sendable {
    let vectors: UnsafeMutablePointer<Float>
    let layer0: UnsafeMutablePointer<Int32>
    let upperOffsets: UnsafeMutablePointer<Int>
    let upperLinks: UnsafeMutablePointer<Int32>
    let levels: UnsafeMutablePointer<UInt8>
    let dimension: Int
    let metric: VectorMetric
    let m: Int
    let m0: Int
    let count: Int

    @inline(__always) func vector(_ node: Int32) -> UnsafeMutablePointer<Float> { vectors + Int(node) * dimension }

    /// The neighbour list of `node` on `level`: element 0 is the count, then the ids.
    @inline(__always) func links(_ node: Int32, _ level: Int) -> UnsafeMutablePointer<Int32> {
        if level == 0 { return layer0 + Int(node) * (m0 + 1) }
        return upperLinks + upperOffsets[Int(node)] + (level - 1) * (m + 1)
    }

    @inline(__always) func capacity(_ level: Int) -> Int { level == 0 ? m0 : m }

    /// Graph distances (smaller is closer): 1 − q·x for cosine and inner product, ‖q − x‖² for L2.
    @inline(__always) func distances(_ q: UnsafePointer<Float>, _ ids: UnsafePointer<Int32>, _ n: Int, _ out: UnsafeMutablePointer<Float>) {
        if metric == .l2 {
            RowDistances.squaredL2(query: q, base: vectors, dimension: dimension, rows: ids, count: n, into: out)
        } else {
            RowDistances.dot(query: q, base: vectors, dimension: dimension, rows: ids, count: n, into: out)
            for i in 0..<n { out[i] = 1 - out[i] }
        }
    }

    func distance(_ q: UnsafePointer<Float>, _ node: Int32) -> Float {
        var id = node, d: Float = 0
        distances(q, &id, 1, &d)
        return d
    }

    /// Greedy descent on one upper level (ef = 1): moves to the closest neighbour until none is closer.
    func greedy(_ q: UnsafePointer<Float>, from start: (Float, Int32), level: Int, scratch: HNSWScratch) -> (Float, Int32) {
        var best = start
        var moved = true
        while moved {
            moved = false
            let list = links(best.1, level)
            let n = Int(list[0])
            distances(q, list + 1, n, scratch.distanceBuffer)
            for i in 0..<n where scratch.distanceBuffer[i] < best.0 || (scratch.distanceBuffer[i] == best.0 && list[1 + i] < best.1) {
                best = (scratch.distanceBuffer[i], list[1 + i])
                moved = true
            }
        }
        return best
    }

    /// Algorithm 2: the `ef` closest nodes to `q` on `level` reachable from `entries`, ascending by distance
    /// (ties by id).
    func searchLayer(_ q: UnsafePointer<Float>, entries: [(Float, Int32)], ef: Int, level: Int, scratch s: HNSWScratch) -> [(Float, Int32)] {
        let mark = s.startVisit()
        let marks = s.visitMarks, ids = s.idBuffer, dist = s.distanceBuffer
        var candidates = MinHeap(capacity: 4 * ef)
        var results = MinHeap(capacity: ef + 1)  // keys negated: a max-heap of distances
        for (d, e) in entries where marks[Int(e)] != mark {
            marks[Int(e)] = mark
            candidates.push(d, e)
            results.push(-d, e)
            if results.count > ef { results.pop() }
        }
        while let (d, c) = candidates.top {
            if results.count >= ef && d > -results.top!.0 { break }
            candidates.pop()
            let list = links(c, level)
            let n = Int(list[0])
            var fresh = 0
            for i in 0..<n {
                let e = list[1 + i]
                if marks[Int(e)] != mark {
                    marks[Int(e)] = mark
                    ids[fresh] = e
                    fresh += 1
                }
            }
            if fresh == 0 { continue }
            distances(q, ids, fresh, dist)
            for i in 0..<fresh {
                let nd = dist[i]
                if results.count < ef || nd < -results.top!.0 {
                    candidates.push(nd, ids[i])
                    results.push(-nd, ids[i])
                    if results.count > ef { results.pop() }
                }
            }
        }
        var out = results.elements.map { (-$0.0, $0.1) }
        out.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return out
    }

    /// Algorithm 4 (without extending or keeping pruned candidates, as hnswlib): walks `candidates` (ascending by
    /// distance to the base point) and keeps one only if it is closer to the base point than to every kept one,
    /// which spreads links across directions instead of piling them into one cluster. A candidate identical to a
    /// kept one is dropped too: otherwise many copies of one vector fill each other's lists with copies and cut
    /// the copies off from the rest of the graph.
    func selectNeighbors(_ candidates: [(Float, Int32)], m: Int, scratch s: HNSWScratch) -> [(Float, Int32)] {
        if candidates.count <= m { return candidates }
        var kept: [(Float, Int32)] = []
        kept.reserveCapacity(m)
        for (d, e) in candidates {
            if kept.count >= m { break }
            for (i, r) in kept.enumerated() { s.idBuffer[i] = r.1 }
            distances(vector(e), s.idBuffer, kept.count, s.distanceBuffer)
            var good = true
            for i in 0..<kept.count where s.distanceBuffer[i] <= d {
                if s.distanceBuffer[i] < d || memcmp(vector(e), vector(kept[i].1), dimension * MemoryLayout<Float>.stride) == 0 {
                    good = false
                    break
                }
            }
            if good { kept.append((d, e)) }
        }
        return kept
    }
}

/// Per-thread scratch for graph walks: visit marks (generation-stamped, so clearing is O(1)), the two heaps of
/// algorithm 2 and distance buffers. Not shared between threads.
final class HNSWScratch {
    // Raw buffers rather than Swift arrays in class properties: each array access through a class property
    // pays a dynamic exclusivity check, and the walk touches these on every neighbour.
    private let marks: UnsafeMutablePointer<UInt32>
    let nodes: Int
    private var generation: UInt32 = 0
    let idBuffer: UnsafeMutablePointer<Int32>
    let distanceBuffer: UnsafeMutablePointer<Float>
    let bufferSize: Int

    init(nodes: Int, maxDegree: Int) {
        self.nodes = nodes
        marks = .allocate(capacity: max(nodes, 1))
        marks.initialize(repeating: 0, count: max(nodes, 1))
        bufferSize = maxDegree + 1
        idBuffer = .allocate(capacity: bufferSize)
        distanceBuffer = .allocate(capacity: bufferSize)
    }

    deinit {
        marks.deallocate()
        idBuffer.deallocate()
        distanceBuffer.deallocate()
    }

    /// Starts a new walk; returns the mark that means "visited in this walk".
    func startVisit() -> UInt32 {
        generation &+= 1
        if generation == 0 {
            marks.update(repeating: 0, count: max(nodes, 1))
            generation = 1
        }
        return generation
    }

    var visitMarks: UnsafeMutablePointer<UInt32> { marks }
}

/// Scratch objects kept between walks, so a search does not allocate and clear a mark per node each time (for
/// 10⁵ nodes that is 400 KB, about as long as the search itself). Shared by copies of an index; a scratch is
/// reused only if it is large enough.
final class HNSWScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [HNSWScratch] = []

    func take(nodes: Int, maxDegree: Int) -> HNSWScratch {
        lock.lock()
        defer { lock.unlock() }
        if let i = free.lastIndex(where: { $0.nodes >= nodes && $0.bufferSize > maxDegree }) { return free.remove(at: i) }
        return HNSWScratch(nodes: nodes, maxDegree: maxDegree)
    }

    func give(_ scratch: HNSWScratch) {
        lock.lock()
        defer { lock.unlock() }
        if free.count < 8 { free.append(scratch) }
    }

    /// Runs `body` with a pooled scratch.
    func with<R>(nodes: Int, maxDegree: Int, _ body: (HNSWScratch) -> R) -> R {
        let s = take(nodes: nodes, maxDegree: maxDegree)
        defer { give(s) }
        return body(s)
    }
}

/// A binary min-heap of (key, id) pairs, ties broken by id so walks are deterministic.
struct MinHeap {
    private(set) var elements: [(Float, Int32)] = []

    init(capacity: Int = 0) { elements.reserveCapacity(capacity) }

    var count: Int { elements.count }
    var top: (Float, Int32)? { elements.first }

    mutating func removeAll() { elements.removeAll(keepingCapacity: true) }

    @inline(__always) private static func less(_ a: (Float, Int32), _ b: (Float, Int32)) -> Bool {
        a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    mutating func push(_ key: Float, _ id: Int32) {
        elements.append((key, id))
        elements.withUnsafeMutableBufferPointer { e in
            var i = e.count - 1
            let x = e[i]
            while i > 0 {
                let p = (i - 1) / 2
                if !Self.less(x, e[p]) { break }
                e[i] = e[p]
                i = p
            }
            e[i] = x
        }
    }

    @discardableResult
    mutating func pop() -> (Float, Int32)? {
        guard let first = elements.first else { return nil }
        let last = elements.removeLast()
        if elements.isEmpty { return first }
        elements.withUnsafeMutableBufferPointer { e in
            let n = e.count
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && Self.less(e[l + 1], e[l]) { c = l + 1 }
                if !Self.less(e[c], last) { break }
                e[i] = e[c]
                i = c
            }
            e[i] = last
        }
        return first
    }
}
