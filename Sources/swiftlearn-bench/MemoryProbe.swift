// The autodiff memory check: 10,000 training steps of a small MLP, resident memory at steps 1,000 and 10,000.
// Flat memory shows that each step's graph and intermediate buffers are released.
import Foundation
import SwiftLearn

struct MemoryReport {
    let rssAt1000: Int
    let rssAt10000: Int
    let stepsPerSecond: Double
    let finalLoss: Double
}

enum MemoryProbe {
    static func run(steps: Int = 10_000) -> MemoryReport {
        var rng = RandomGenerator(seed: 11)
        // Digits-sized data: 64 features, 10 classes, batch 32.
        let x = Tensor.normal([512, 64], using: &rng)
        let labels = Tensor((0..<512).map { Int64($0 % 10) }).reshaped([512, 1])
        func initialize(_ out: Int, _ inp: Int) -> Tensor {
            Tensor.uniform([out, inp], low: -1 / Double(inp).squareRoot(), high: 1 / Double(inp).squareRoot(), using: &rng)
        }
        var params = [initialize(128, 64), Tensor.zeros([128]), initialize(128, 128), Tensor.zeros([128]),
                      initialize(10, 128), Tensor.zeros([10])]
        var rssAt1000 = 0
        var loss = 0.0
        let start = Timing.now()
        for step in 1...steps {
            let leaves = params.map { $0.requiringGradient() }
            let row = (step * 32) % 512
            let xb = x[row..<(row + 32)], yb = labels[row..<(row + 32)]
            var h = Tensor.linear(xb, weight: leaves[0], bias: leaves[1]).relu()
            h = Tensor.linear(h, weight: leaves[2], bias: leaves[3]).relu()
            let logits = Tensor.linear(h, weight: leaves[4], bias: leaves[5])
            let nll = -logits.logSoftmax(axis: 1).gather(axis: 1, index: yb).mean()
            let grads = nll.backward()
            params = withoutGradients { zip(leaves, params).map { leaf, p in p - grads[leaf]! * 0.05 } }
            loss = nll.item
            if step == 1000 { rssAt1000 = residentBytes() }
        }
        let elapsed = Timing.now() - start
        return MemoryReport(rssAt1000: rssAt1000, rssAt10000: residentBytes(), stepsPerSecond: Double(steps) / elapsed, finalLoss: loss)
    }
}
