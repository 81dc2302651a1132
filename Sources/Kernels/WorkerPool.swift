// Persistent worker threads that spin briefly before sleeping, for the short parallel loops of small ops.
//
// DispatchQueue.concurrentPerform wakes a parked worker for every call; on small matrix products and 1M-element
// maps that wake-up costs as much as the work, and when it comes late the caller runs every chunk itself. Here
// the workers stay hot for a few tens of microseconds after each job, so back-to-back kernels (a training step)
// find them awake. One job runs at a time; a caller that finds the pool busy (another task, or a nested call)
// falls back to concurrentPerform, so the pool never deadlocks and never serialises independent callers.
import Foundation
import Synchronization

final class WorkerPool: @unchecked Sendable {
    /// The process-wide pool: one worker per extra core (up to 7).
    static let shared = WorkerPool(workers: Swift.min(Swift.max(ProcessInfo.processInfo.activeProcessorCount - 1, 0), 7))

    let workers: Int
    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let condition = NSCondition()
    // Published before `generation` is bumped and read after it is seen (sequentially consistent atomics order
    // these plain fields); cleared by the caller once `remaining` reaches 0.
    private var job: ((Int) -> Void)?
    private var jobThreads = 0

    /// Spin iterations before a worker sleeps (roughly 20-50 µs).
    private static let spinLimit = 20_000

    init(workers: Int) {
        self.workers = workers
        for index in 0..<workers {
            let thread = Thread { [unowned self] in self.workerLoop(index: index + 1) }
            thread.name = "swiftlearn-worker-\(index + 1)"
            thread.start()
        }
    }

    /// Runs `body(t)` for `t` in `0..<threads`, `t = 0` on the calling thread. Returns false (running nothing) if
    /// the pool is busy or too small, so the caller can fall back.
    func run(threads: Int, _ body: (Int) -> Void) -> Bool {
        guard threads >= 2, threads - 1 <= workers,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            jobThreads = threads
            remaining.store(threads - 1, ordering: .sequentiallyConsistent)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                condition.lock()
                condition.broadcast()
                condition.unlock()
            }
            escapable(0)
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins > WorkerPool.spinLimit { sched_yield() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func workerLoop(index: Int) {
        // Generation 0 is the state before any job; starting from it (not from a fresh load) means a job published
        // before this thread got going is still seen.
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .sequentiallyConsistent) == seen {
                spins += 1
                if spins < WorkerPool.spinLimit { continue }
                condition.lock()
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen { condition.wait() }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                condition.unlock()
            }
            seen = generation.load(ordering: .sequentiallyConsistent)
            if index < jobThreads {
                // The closure reference must be dropped before signalling completion (withoutActuallyEscaping).
                do {
                    let work = job!
                    work(index)
                }
                remaining.subtract(1, ordering: .releasing)
            }
        }
    }
}
