// NumPy-like printing: nested brackets, aligned columns, and "..." for tensors over 1,000 elements.
import Foundation

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// Above this many elements only the first and last 3 entries of each dimension are shown.
    static let summaryThreshold = 1000
    static let edgeItems = 3

    public var description: String {
        let summarize = count > Tensor.summaryThreshold
        let values = doubles
        let shown = summarize ? summarizedIndices() : nil
        let visible: [Double] = shown.map { $0.map { values[$0] } } ?? values
        let formatter = Tensor.formatter(for: visible, dtype: dtype)
        let width = visible.map { formatter($0).count }.max() ?? 1
        func render(_ dim: Int, _ base: Int, _ indent: Int) -> String {
            if dim == rank {
                let s = formatter(values[base])
                return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
            }
            let n = shape[dim]
            let stride = shape[(dim + 1)...].reduce(1, *)
            var parts: [String] = []
            let skip = summarize && n > 2 * Tensor.edgeItems
            for i in 0..<n {
                if skip && i == Tensor.edgeItems { parts.append("..."); continue }
                if skip && i > Tensor.edgeItems && i < n - Tensor.edgeItems { continue }
                parts.append(render(dim + 1, base + i * stride, indent + 1))
            }
            let separator = dim == rank - 1 ? ", " : ",\n" + String(repeating: "\n", count: Swift.max(0, rank - dim - 2))
                + String(repeating: " ", count: indent + 1)
            return "[" + parts.joined(separator: separator) + "]"
        }
        let body = rank == 0 ? formatter(values.first ?? 0) : render(0, 0, 7)
        var suffix = ""
        if summarize || rank == 0 || dtype != .float32 { suffix += ", shape: \(shape)" }
        if dtype != .float32 { suffix += ", dtype: \(dtype)" }
        if requiresGradient { suffix += ", requiresGradient" }
        return "Tensor(" + body + suffix + ")"
    }

    public var debugDescription: String { description }

    /// Row-major indices of the elements a summary shows.
    private func summarizedIndices() -> [Int] {
        var result: [Int] = []
        func walk(_ dim: Int, _ base: Int) {
            if dim == rank { result.append(base); return }
            let n = shape[dim], stride = shape[(dim + 1)...].reduce(1, *)
            for i in 0..<n where n <= 2 * Tensor.edgeItems || i < Tensor.edgeItems || i >= n - Tensor.edgeItems {
                walk(dim + 1, base + i * stride)
            }
        }
        walk(0, 0)
        return result
    }

    /// Chooses integer, fixed or scientific notation for a set of values, as NumPy does.
    static func formatter(for values: [Double], dtype: DType) -> (Double) -> String {
        if dtype.isInteger {
            if dtype == .bool { return { $0 != 0 ? "true" : "false" } }
            return { String(Int64($0)) }
        }
        let finite = values.filter(\.isFinite)
        let maxAbs = finite.map(Swift.abs).max() ?? 0
        let minAbs = finite.map(Swift.abs).filter { $0 > 0 }.min() ?? 0
        let allIntegral = finite.allSatisfy { $0 == $0.rounded() } && maxAbs < 1e8
        let scientific = maxAbs >= 1e8 || (minAbs > 0 && minAbs < 1e-4) || (minAbs > 0 && maxAbs / minAbs > 1e3 && maxAbs >= 1e3)
        return { v in
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            if allIntegral { return String(format: "%.0f.", v) }
            if scientific { return String(format: "%.4e", v) }
            return String(format: "%.4f", v)
        }
    }
}
