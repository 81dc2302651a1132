// Mini-batches over (features, targets) along axis 0: seeded per-epoch shuffling, dropLast, and a background
// prefetch of the next batch.
import Dispatch
import Synchronization
import Tensors

/// Mini-batches of rows of a feature tensor and a target tensor (PyTorch's `DataLoader` over a tensor dataset).
///
/// ```swift
/// let loader = try DataLoader(features: x, targets: y, batchSize: 32, seed: 7)
/// for epoch in 0..<10 {
///     for (xb, yb) in loader.epoch(epoch) { … }
/// }
/// ```
///
/// Each epoch's order is a permutation drawn from a generator seeded with `seed` mixed with the epoch
/// number, so epochs differ from each other and each is the same on every run. With ``prefetch`` on, the
/// next batch is gathered on a background thread while the caller works on the current one; the batches
/// are identical either way.
public struct DataLoader: Sendable {
    /// `[rows, …]`, any dtype.
    public let features: Tensor
    /// `[rows, …]`, any dtype.
    public let targets: Tensor
    /// Rows per batch (the last batch may be smaller unless ``dropLast``).
    public var batchSize: Int
    /// Draw a new row order each epoch; otherwise rows come in order.
    public var shuffle: Bool
    /// The seed that, with the epoch number, fixes each epoch's order.
    public var seed: UInt64
    /// Leave out a final batch smaller than ``batchSize``.
    public var dropLast: Bool
    /// Gather batch i + 1 on a background thread while batch i is in use.
    public var prefetch: Bool

    /// A loader over `features` and `targets`, which must have the same number of rows.
    public init(features: Tensor, targets: Tensor, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                dropLast: Bool = false, prefetch: Bool = true) throws {
        guard features.rank >= 1, targets.rank >= 1, features.shape[0] == targets.shape[0] else {
            throw DatasetError.rowCountMismatch(features: features.rank >= 1 ? features.shape[0] : 0,
                                                targets: targets.rank >= 1 ? targets.shape[0] : 0)
        }
        guard batchSize >= 1 else { throw DatasetError.invalidOption("batchSize must be at least 1, got \(batchSize)") }
        self.features = features.isContiguous ? features : features.rows(Array(0..<features.shape[0]))
        self.targets = targets.isContiguous ? targets : targets.rows(Array(0..<targets.shape[0]))
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
        self.prefetch = prefetch
    }

    /// A loader over a dataset's features and targets.
    public init(_ dataset: TabularDataset, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                dropLast: Bool = false, prefetch: Bool = true) throws {
        guard let targets = dataset.targets else { throw DatasetError.invalidOption("the dataset has no targets") }
        try self.init(features: dataset.features, targets: targets, batchSize: batchSize, shuffle: shuffle, seed: seed,
                      dropLast: dropLast, prefetch: prefetch)
    }

    /// The number of rows.
    public var rowCount: Int { features.shape[0] }

    /// Batches per epoch.
    public var batchCount: Int { dropLast ? rowCount / batchSize : (rowCount + batchSize - 1) / batchSize }

    /// The row order of `epoch`.
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<rowCount) }
        var rng = RandomGenerator(seed: mixSeed(seed, UInt64(truncatingIfNeeded: epoch)))
        return Tensor.permutation(rowCount, using: &rng).integers
    }

    /// The batches of `epoch`, as a sequence of `(x, y)`.
    public func epoch(_ epoch: Int) -> Epoch { Epoch(loader: self, order: order(epoch: epoch)) }

    /// One pass over the rows.
    public struct Epoch: Sequence, Sendable {
        let loader: DataLoader
        /// The row order of this epoch.
        public let order: [Int]

        public func makeIterator() -> Iterator { Iterator(epoch: self) }
    }

    /// Yields an epoch's batches, one ahead in the background when prefetching.
    public struct Iterator: IteratorProtocol {
        private let epoch: Epoch
        private var position = 0
        private var pending: PendingBatch?

        init(epoch: Epoch) { self.epoch = epoch }

        public mutating func next() -> (x: Tensor, y: Tensor)? {
            let loader = epoch.loader
            guard position < loader.batchCount else { return nil }
            let batch = pending?.wait() ?? makeBatch(position)
            position += 1
            pending = loader.prefetch && position < loader.batchCount ? PendingBatch(work: makeBatchWork(position)) : nil
            return batch
        }

        private func rows(_ b: Int) -> [Int] {
            let size = epoch.loader.batchSize
            return Array(epoch.order[(b * size)..<Swift.min((b + 1) * size, epoch.order.count)])
        }

        private func makeBatch(_ b: Int) -> (x: Tensor, y: Tensor) { makeBatchWork(b)() }

        private func makeBatchWork(_ b: Int) -> @Sendable () -> (x: Tensor, y: Tensor) {
            let (x, y, indices) = (epoch.loader.features, epoch.loader.targets, rows(b))
            return { (x.rows(indices), y.rows(indices)) }
        }
    }
}

/// A batch being gathered on a background thread.
final class PendingBatch: Sendable {
    private let result = Mutex<(x: Tensor, y: Tensor)?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(work: @escaping @Sendable () -> (x: Tensor, y: Tensor)) {
        DispatchQueue.global(qos: .userInitiated).async {
            let batch = work()
            self.result.withLock { $0 = batch }
            self.done.signal()
        }
    }

    /// Blocks until the batch is ready.
    func wait() -> (x: Tensor, y: Tensor) {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}

/// SplitMix64 of `seed` and `epoch`: distinct, well-spread generator seeds for each epoch.
func mixSeed(_ seed: UInt64, _ epoch: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (epoch &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
