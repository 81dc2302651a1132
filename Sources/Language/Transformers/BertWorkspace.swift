// The buffers of one BERT forward pass, kept between calls so a warm call allocates nothing large
// (fresh multi-megabyte buffers would be mmap'ed and page-faulted on every batch).
import Kernels

/// Per-thread block buffers: the FFN activations and projection outputs of ≤ `BertEncoder.blockRows` rows, and
/// the attention scratch of the longest sequence.
final class ThreadScratch: @unchecked Sendable {  // each thread writes only its own instance
    private(set) var intermediate: UnsafeMutablePointer<Float>
    private(set) var projection: UnsafeMutablePointer<Float>
    private(set) var attention: UnsafeMutablePointer<Float>
    private var capacities = (intermediate: 0, projection: 0, attention: 0)

    init() {
        intermediate = .allocate(capacity: 1)
        projection = .allocate(capacity: 1)
        attention = .allocate(capacity: 1)
    }

    func reserve(intermediate i: Int, projection p: Int, attention a: Int) {
        if i > capacities.intermediate { intermediate.deallocate(); intermediate = .allocate(capacity: i); capacities.intermediate = i }
        if p > capacities.projection { projection.deallocate(); projection = .allocate(capacity: p); capacities.projection = p }
        if a > capacities.attention { attention.deallocate(); attention = .allocate(capacity: a); capacities.attention = a }
    }

    deinit {
        intermediate.deallocate()
        projection.deallocate()
        attention.deallocate()
    }
}

/// The whole-batch buffers ([tokens, hidden] states, [tokens, 3·hidden] QKV, [tokens, hidden] attention
/// context) and one ``ThreadScratch`` per thread. Used by one call at a time.
final class BertWorkspace: @unchecked Sendable {  // handed to one call at a time through BertEncoder's pool
    private(set) var hidden: UnsafeMutablePointer<Float> = .allocate(capacity: 1)
    private(set) var qkv: UnsafeMutablePointer<Float> = .allocate(capacity: 1)
    private(set) var context: UnsafeMutablePointer<Float> = .allocate(capacity: 1)
    private(set) var threadScratch: [ThreadScratch] = []
    private var tokenCapacity = 0
    private var hiddenCapacity = 0

    func reserve(tokens: Int, config: BertConfig, threads: Int, maxLength: Int) {
        let h = config.hiddenSize
        if tokens > tokenCapacity || h != hiddenCapacity {
            let n = Swift.max(tokens, 1)
            hidden.deallocate(); qkv.deallocate(); context.deallocate()
            hidden = .allocate(capacity: n * h)
            qkv = .allocate(capacity: n * 3 * h)
            context = .allocate(capacity: n * h)
            tokenCapacity = n
            hiddenCapacity = h
        }
        while threadScratch.count < threads { threadScratch.append(ThreadScratch()) }
        let rows = BertEncoder.blockRows
        for s in threadScratch {
            s.reserve(intermediate: rows * config.intermediateSize, projection: rows * h,
                      attention: TransformerKernels.attentionScratchCount(length: maxLength, headDim: config.headDim))
        }
    }

    deinit {
        hidden.deallocate()
        qkv.deallocate()
        context.deallocate()
    }
}
