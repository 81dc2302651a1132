// The element types the safetensors format defines, with their sizes in bits.
//
// The list and its order are those of safetensors 0.8.0 (`Dtype` in `safetensors/src/tensor.rs`): the order
// is the reference's "alignment" order, which the writer sorts by (descending) so files match Python's byte
// for byte. Sub-byte types (F4 = 4 bits, F6_* = 6 bits) are why sizes are in bits. This file has no Tensor
// dependency; the mapping to `DType` is in SafetensorsDTypeMapping.swift.

/// An element type of the safetensors format (the `"dtype"` string of a header entry).
public enum SafetensorsDType: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case bool = "BOOL"
    /// 4-bit float (E2M1), two per byte.
    case f4 = "F4"
    /// 6-bit floats (MX formats).
    case f6E2M3 = "F6_E2M3"
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    case f8E4M3 = "F8_E4M3"
    /// 8-bit exponent-only scale (MX formats).
    case f8E8M0 = "F8_E8M0"
    case f8E4M3FNUZ = "F8_E4M3FNUZ"
    case f8E5M2FNUZ = "F8_E5M2FNUZ"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    /// Complex of two F32.
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits per element.
    public var bitSize: Int {
        switch self {
        case .f4: 4
        case .f6E2M3, .f6E3M2: 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0, .f8E4M3FNUZ, .f8E5M2FNUZ: 8
        case .i16, .u16, .f16, .bf16: 16
        case .i32, .u32, .f32: 32
        case .c64, .f64, .i64, .u64: 64
        }
    }

    /// Position in the reference's declaration order (its derived `Ord`).
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether `Tensor` can hold this dtype (see `DType.init(safetensors:)`).
    public var isLoadable: Bool {
        switch self {
        case .bool, .u8, .i8, .f16, .bf16, .i32, .f32, .f64, .i64: true
        default: false
        }
    }

    /// The dtype named by a header string (exact, case-sensitive, as the reference).
    public init?(headerString: String) { self.init(rawValue: headerString) }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    public var description: String { rawValue }
}
