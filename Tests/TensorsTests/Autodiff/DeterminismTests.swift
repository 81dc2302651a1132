// Catalogue N5: the same seed gives bitwise-identical training at a fixed thread count, and agreement to
// 1e-6 across thread counts.
import Kernels
import Testing
@testable import Tensors

/// Trains a 64-128-128-10 MLP with SGD on seeded random data for `steps` steps; returns the final weights.
private func trainMLP(seed: UInt64, threads: Int, steps: Int = 60) -> [[Float]] {
    KernelThreads.with(threads) {
        var rng = RandomGenerator(seed: seed)
        let x = Tensor.normal([256, 64], using: &rng)
        let labels = Tensor.choice(10, count: 256, using: &rng).reshaped([256, 1])
        var params = [Tensor.normal([128, 64], std: 0.1, using: &rng), Tensor.zeros([128]),
                      Tensor.normal([128, 128], std: 0.1, using: &rng), Tensor.zeros([128]),
                      Tensor.normal([10, 128], std: 0.1, using: &rng), Tensor.zeros([10])]
        for step in 0..<steps {
            let order = Tensor.permutation(256, using: &rng)
            let batch = order[0..<64]
            let xb = x.indexSelect(axis: 0, indices: batch), yb = labels.indexSelect(axis: 0, indices: batch)
            let leaves = params.map { $0.requiringGradient() }
            var h = Tensor.linear(xb, weight: leaves[0], bias: leaves[1]).gelu()
            h = Tensor.linear(h, weight: leaves[2], bias: leaves[3]).relu()
            let logits = Tensor.linear(h, weight: leaves[4], bias: leaves[5])
            let loss = -logits.logSoftmax(axis: 1).gather(axis: 1, index: yb).mean()
            let grads = loss.backward()
            let lr = 0.1 / (1 + Double(step) / 30)
            params = withoutGradients { zip(leaves, params).map { leaf, p in p - grads[leaf]! * lr } }
        }
        return params.map(\.scalars)
    }
}

@Suite("Determinism (N5)")
struct DeterminismTests {
    @Test("same seed, same thread count: bitwise-equal weights", arguments: [1, 2])
    func bitwise(_ threads: Int) {
        let first = trainMLP(seed: 5, threads: threads), second = trainMLP(seed: 5, threads: threads)
        let differing = zip(first.joined(), second.joined()).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) weights differ between two identical runs")
    }

    @Test("1 and 2 threads agree to 1e-6 relative")
    func acrossThreadCounts() {
        let one = trainMLP(seed: 5, threads: 1), two = trainMLP(seed: 5, threads: 2)
        // Relative to each tensor's largest weight (max-norm), as in PyTorch's allclose-style comparisons of models.
        var worst: Float = 0
        for (a, b) in zip(one, two) {
            let scale = a.map(abs).max() ?? 1
            for (x, y) in zip(a, b) { worst = max(worst, abs(x - y) / scale) }
        }
        #expect(worst <= 1e-6, "max relative difference \(worst)")
    }

    @Test("a different seed gives different weights")
    func seedMatters() {
        #expect(trainMLP(seed: 5, threads: 1, steps: 2) != trainMLP(seed: 6, threads: 1, steps: 2))
    }
}
