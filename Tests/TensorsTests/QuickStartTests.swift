// The README's quick start, run as a test so it cannot rot.
import Foundation
import Testing
import Tensors

@Suite("README quick start")
struct QuickStartTests {
    @Test("the quick start runs and gives the shapes it shows")
    func quickStart() throws {
        var rng = RandomGenerator(seed: 42)
        let x = Tensor.normal([64, 784], using: &rng)
        let w = (Tensor.normal([256, 784], using: &rng) * 0.05).requiringGradient()
        let b = Tensor.zeros([256]).requiringGradient()
        let loss = Tensor.linear(x, weight: w, bias: b).gelu().pow(2).mean()
        let grads = loss.backward()
        #expect(grads[w]!.shape == [256, 784])
        let y = withoutGradients { Tensor.linear(x, weight: w, bias: b).softmax(axis: -1) }
        #expect(y[0, 0..<4].shape == [4])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlearn-quickstart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("layer.safetensors")
        try Safetensors.write(["weight": w.detached(), "bias": b.detached()], metadata: ["format": "pt"], to: url)
        let restored = try SafetensorsFile.read(contentsOf: url).tensor(named: "weight")
        #expect(restored.scalars == w.scalars)
    }
}
