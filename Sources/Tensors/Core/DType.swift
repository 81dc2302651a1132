// Element types a tensor can hold.
import RealModule
//
// Float32 and Float64 are compute types: every op runs in them. The rest are storage types: they load from
// and save to files (safetensors) and convert to a compute type with `Tensor.to(_:)`. Int64 and Int32 also
// serve as indices and labels; Bool holds masks (one byte per element, 0 or 1).

/// The element type of a ``Tensor``.
public enum DType: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case float32, float64, float16, bfloat16, int64, int32, int8, uint8, bool

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Whether ops compute in this type (Float32, Float64).
    public var isComputeFloat: Bool { self == .float32 || self == .float64 }

    /// Whether the type holds floating-point values.
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: true
        default: false
        }
    }

    /// Whether the type holds integers (Bool counts as an integer type here).
    public var isInteger: Bool { !isFloatingPoint }

    public var description: String { rawValue }
}

/// The Swift types that ops compute in: `Float` and `Double`.
public protocol TensorFloat: Real, BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
    static var dtype: DType { get }
}

extension Float: TensorFloat {
    public static var dtype: DType { .float32 }
}

extension Double: TensorFloat {
    public static var dtype: DType { .float64 }
}
