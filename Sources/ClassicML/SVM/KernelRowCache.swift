// The kernel-row cache of the SMO solver: rows of the problem's kernel matrix, least recently used evicted first.

/// Rows of a problem's `size × size` kernel matrix (Float32, as libsvm caches them), computed in batches by
/// `compute` and kept up to a memory budget. When the whole matrix fits, every row is computed at once in one
/// batch (one large matrix multiply instead of many thin ones); otherwise rows are computed on a miss and the
/// least recently used row is evicted.
///
/// Pointers returned by ``row(_:)`` stay valid until the next call that may evict: the solver asks for at most
/// two rows at a time and the capacity is at least two, so the row fetched first survives the second fetch.
final class KernelRowCache {
    /// `compute(indices, out)` writes the rows `indices` of the matrix to `out`, one after the other, each of
    /// length `size`.
    typealias Compute = (_ indices: [Int], _ out: UnsafeMutablePointer<Float>) -> Void

    let size: Int
    let capacity: Int
    private let storage: UnsafeMutablePointer<Float>
    private let compute: Compute
    private var slotOfRow: [Int]
    private var rowOfSlot: [Int]
    // A doubly linked list of slots, most recently used at `head`.
    private var previous: [Int], next: [Int]
    private var head = -1, tail = -1, used = 0
    /// Rows computed (a measure of kernel work, for tests and tuning).
    private(set) var computedRows = 0

    /// - Parameter budgetBytes: the memory the rows may take (at least two rows are always kept).
    init(size: Int, budgetBytes: Int, compute: @escaping Compute) {
        self.size = size
        self.capacity = min(size, max(2, budgetBytes / max(1, size * MemoryLayout<Float>.stride)))
        self.compute = compute
        storage = .allocate(capacity: capacity * size)
        slotOfRow = [Int](repeating: -1, count: size)
        rowOfSlot = [Int](repeating: -1, count: capacity)
        previous = [Int](repeating: -1, count: capacity)
        next = [Int](repeating: -1, count: capacity)
        if capacity == size {
            compute(Array(0..<size), storage)
            computedRows = size
            for i in 0..<size { slotOfRow[i] = i; rowOfSlot[i] = i; pushFront(i) }
            used = size
        }
    }

    deinit { storage.deallocate() }

    /// Whether every row is held (no evictions can happen).
    var holdsAllRows: Bool { capacity == size }

    /// Row `i` of the matrix (`size` values).
    func row(_ i: Int) -> UnsafePointer<Float> {
        let slot = slotOfRow[i]
        if slot >= 0 {
            touch(slot)
            return UnsafePointer(storage + slot * size)
        }
        let free = takeSlot()
        compute([i], storage + free * size)
        computedRows += 1
        slotOfRow[i] = free
        rowOfSlot[free] = i
        pushFront(free)
        return UnsafePointer(storage + free * size)
    }

    /// Makes sure the rows `indices` are cached, computing the missing ones in one batch (as many as fit).
    func prefetch(_ indices: [Int]) {
        let missing = Array(indices.filter { slotOfRow[$0] < 0 }.prefix(capacity - 2 > 0 ? capacity - 2 : 0))
        guard missing.count > 1 else { return }
        let batch = UnsafeMutablePointer<Float>.allocate(capacity: missing.count * size)
        defer { batch.deallocate() }
        compute(missing, batch)
        computedRows += missing.count
        for (r, i) in missing.enumerated() {
            let slot = takeSlot()
            (storage + slot * size).update(from: batch + r * size, count: size)
            slotOfRow[i] = slot
            rowOfSlot[slot] = i
            pushFront(slot)
        }
    }

    private func takeSlot() -> Int {
        if used < capacity {
            used += 1
            return used - 1
        }
        let victim = tail
        unlink(victim)
        slotOfRow[rowOfSlot[victim]] = -1
        rowOfSlot[victim] = -1
        return victim
    }

    private func touch(_ slot: Int) {
        guard slot != head else { return }
        unlink(slot)
        pushFront(slot)
    }

    private func unlink(_ slot: Int) {
        let p = previous[slot], n = next[slot]
        if p >= 0 { next[p] = n } else { head = n }
        if n >= 0 { previous[n] = p } else { tail = p }
        previous[slot] = -1
        next[slot] = -1
    }

    private func pushFront(_ slot: Int) {
        previous[slot] = -1
        next[slot] = head
        if head >= 0 { previous[head] = slot }
        head = slot
        if tail < 0 { tail = slot }
    }
}
