// Making tensors: constants, ranges, identity, and from Swift arrays (nested too).

extension Tensor {
    /// A tensor of `shape` filled with `value`.
    public static func full(_ value: Double, shape: [Int], dtype: DType = .float32) -> Tensor {
        var t = Tensor(uninitialized: shape, dtype: dtype)
        t.fill(value)
        return t
    }

    /// Zeros of `shape`.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor(zeroed: shape, dtype: dtype)
    }

    /// Ones of `shape`.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor { full(1, shape: shape, dtype: dtype) }

    /// Zeros with the shape and dtype of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }

    /// Ones with the shape and dtype of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

    /// A rank-0 tensor holding `value`.
    public init(_ value: Float) { self = .full(Double(value), shape: [], dtype: .float32) }

    /// A rank-0 tensor holding `value` (Float64).
    public init(_ value: Double) { self = .full(value, shape: [], dtype: .float64) }

    /// Values `start, start+step, …` below `end` (NumPy `arange`): `ceil((end - start) / step)` elements.
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        precondition(step != 0, "arange: step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        var t = Tensor(uninitialized: [n], dtype: dtype)
        t.setElements { i in start + Double(i) * step }
        return t
    }

    /// `count` evenly spaced values from `start` to `end` inclusive (NumPy `linspace`).
    public static func linspace(_ start: Double, _ end: Double, count: Int, dtype: DType = .float32) -> Tensor {
        precondition(count >= 0, "linspace: count must be non-negative, got \(count)")
        var t = Tensor(uninitialized: [count], dtype: dtype)
        let step = count > 1 ? (end - start) / Double(count - 1) : 0
        // The last value is exactly `end`, as in NumPy.
        t.setElements { i in i == count - 1 && count > 1 ? end : start + Double(i) * step }
        return t
    }

    /// The `n × m` identity matrix (`m` defaults to `n`).
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) -> Tensor {
        let cols = m ?? n
        var t = Tensor.zeros([n, cols], dtype: dtype)
        for i in 0..<Swift.min(n, cols) { t.setElement(at: i * cols + i, 1) }
        return t
    }

    /// A tensor from a flat array and a shape (`shape` defaults to `[values.count]`).
    public init<T: TensorElement>(_ values: [T], shape: [Int]? = nil) {
        let shape = shape ?? [values.count]
        precondition(
            shape.reduce(1, *) == values.count,
            "Tensor(_:shape:): \(values.count) values do not fill shape \(shape)")
        self.init(uninitialized: shape, dtype: T.tensorDType)
        let p = basePointer(T.self)
        values.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { p.update(from: base, count: values.count) }
        }
    }

    /// A tensor from nested Swift arrays, e.g. `Tensor([[1, 2], [3, 4]] as [[Float]])`. Traps on ragged input.
    public init<A: NestedArray>(_ nested: A) where A.Scalar: TensorElement {
        var flat: [A.Scalar] = []
        var shape: [Int] = []
        nested.flatten(into: &flat, shape: &shape, depth: 0)
        self.init(flat, shape: shape)
    }
}

/// Swift scalar types that map 1:1 to a storage dtype.
public protocol TensorElement: Sendable {
    static var tensorDType: DType { get }
}
extension Float: TensorElement { public static var tensorDType: DType { .float32 } }
extension Double: TensorElement { public static var tensorDType: DType { .float64 } }
extension Int64: TensorElement { public static var tensorDType: DType { .int64 } }
extension Int32: TensorElement { public static var tensorDType: DType { .int32 } }
extension Int8: TensorElement { public static var tensorDType: DType { .int8 } }
extension UInt8: TensorElement { public static var tensorDType: DType { .uint8 } }
extension Bool: TensorElement { public static var tensorDType: DType { .bool } }

/// Arrays, and arrays of arrays, that flatten into a tensor.
public protocol NestedArray {
    associatedtype Scalar
    func flatten(into flat: inout [Scalar], shape: inout [Int], depth: Int)
}

extension Array: NestedArray where Element: NestedArrayElement {
    public typealias Scalar = Element.Scalar
    public func flatten(into flat: inout [Element.Scalar], shape: inout [Int], depth: Int) {
        if shape.count == depth {
            shape.append(count)
        } else {
            precondition(
                shape[depth] == count,
                "Tensor(nested): ragged array: dimension \(depth) has \(count) elements, expected \(shape[depth])")
        }
        for element in self { element.flattenElement(into: &flat, shape: &shape, depth: depth + 1) }
    }
}

/// An element of a nested array: a scalar, or another array.
public protocol NestedArrayElement {
    associatedtype Scalar
    func flattenElement(into flat: inout [Scalar], shape: inout [Int], depth: Int)
}

extension Array: NestedArrayElement where Element: NestedArrayElement {
    public func flattenElement(into flat: inout [Element.Scalar], shape: inout [Int], depth: Int) {
        flatten(into: &flat, shape: &shape, depth: depth)
    }
}

extension NestedArrayElement where Self: TensorElement, Scalar == Self {
    public func flattenElement(into flat: inout [Self], shape: inout [Int], depth: Int) {
        precondition(shape.count == depth, "Tensor(nested): ragged array: a scalar where an array was expected")
        flat.append(self)
    }
}
extension Float: NestedArrayElement { public typealias Scalar = Float }
extension Double: NestedArrayElement { public typealias Scalar = Double }
extension Int64: NestedArrayElement { public typealias Scalar = Int64 }
extension Int32: NestedArrayElement { public typealias Scalar = Int32 }
extension UInt8: NestedArrayElement { public typealias Scalar = UInt8 }
extension Int8: NestedArrayElement { public typealias Scalar = Int8 }
extension Bool: NestedArrayElement { public typealias Scalar = Bool }
