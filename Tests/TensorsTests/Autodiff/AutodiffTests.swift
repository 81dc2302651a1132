// Autodiff behaviour: accumulation, seeds, detach, no-grad scopes, anomaly detection (N4), memory release.
import Testing
import TestSupport
@testable import Tensors

@Suite("Autodiff")
struct AutodiffTests {
    @Test("a leaf used twice gets the sum of both paths; backward passes accumulate")
    func accumulation() {
        let x = Tensor([1, 2, 3] as [Double]).requiringGradient()
        let y = (x * x + x * 3).sum()  // dy/dx = 2x + 3
        var grads = y.backward()
        #expect(grads[x]!.doubles == [5, 7, 9])
        grads.accumulate((x * 2).sum().backward())
        #expect(grads[x]!.doubles == [7, 9, 11])
    }

    @Test("explicit upstream gradient for non-scalar outputs")
    func seed() throws {
        let x = Tensor([1, 2] as [Double]).requiringGradient()
        let y = x * x
        #expect(y.backward(Tensor([1, 10] as [Double]))[x]!.doubles == [2, 40])
        #expect(throws: AutodiffError.seedShapeMismatch(expected: [2], found: [3])) {
            try y.backwardCheckingAnomalies(Tensor([1, 1, 1] as [Double]))
        }
    }

    @Test("detach and withoutGradients stop recording")
    func stopping() {
        let x = Tensor([2] as [Double]).requiringGradient()
        let y = x * x.detached()
        #expect(y.backward()[x]!.doubles == [2])
        let z = withoutGradients { x * x }
        #expect(!z.requiresGradient)
        #expect(throws: AutodiffError.notDifferentiable(shape: [1])) { try z.backwardCheckingAnomalies() }
    }

    @Test("anomaly detection names the op and where it was created (N4)")
    func anomaly() {
        let x = Tensor([0, 1] as [Double]).requiringGradient()
        let y = withAnomalyDetection { x.sqrt().sum() }  // d sqrt(x)/dx at 0 is infinite
        do {
            _ = try y.backwardCheckingAnomalies()
            Issue.record("expected an anomaly")
        } catch let error as AutodiffError {
            guard case .nonFiniteGradient(let op, let site, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(op == "sqrt")
            #expect(site.contains(".swift:"), "creation site: \(site)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("gradients through views reach the base tensor")
    func views() {
        let x = Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3]).requiringGradient()
        let g = x.transposed()[1..<3].sum().backward()[x]!
        #expect(g.doubles == [0, 1, 1, 0, 1, 1])
    }

    @Test("the graph is released when the loss goes away")
    func release() {
        weak var weakNode: GradNode?
        do {
            let x = Tensor.ones([4], dtype: .float64).requiringGradient()
            let h = x.exp()
            weakNode = h.node
            let loss = h.sum()
            _ = loss.backward()
        }
        #expect(weakNode == nil)
    }
}
