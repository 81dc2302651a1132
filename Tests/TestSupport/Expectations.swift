// Shared numeric comparisons for tests.
import Tensors

/// The largest |a − b| over two equal-length sequences (infinity if the lengths differ).
public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var m = 0.0
    for (x, y) in zip(a, b) {
        if x.isNaN != y.isNaN { return .infinity }
        if x.isNaN { continue }
        if x == y { continue }
        m = Swift.max(m, Swift.abs(x - y))
    }
    return m
}

/// Whether two tensors have the same shape and values within `atol + rtol·|b|` elementwise.
public func isClose(_ a: Tensor, _ b: Tensor, atol: Double = 1e-6, rtol: Double = 1e-5) -> Bool {
    guard a.shape == b.shape else { return false }
    for (x, y) in zip(a.doubles, b.doubles) {
        if x.isNaN && y.isNaN { continue }
        if x == y { continue }
        if !(Swift.abs(x - y) <= atol + rtol * Swift.abs(y)) { return false }
    }
    return true
}

/// Whether two arrays are equal within `atol + rtol·|b|` elementwise.
public func isClose(_ a: [Double], _ b: [Double], atol: Double = 1e-6, rtol: Double = 1e-5) -> Bool {
    isClose(Tensor(a), Tensor(b), atol: atol, rtol: rtol)
}
