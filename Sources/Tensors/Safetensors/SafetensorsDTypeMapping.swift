// The bridge between safetensors dtypes and `DType`, the element types a Tensor can hold.
//
// Kept apart from SafetensorsDType.swift so the format's dtype list (and the header parser that uses it) has
// no Tensor dependency and compiles standalone for fuzzing.

extension SafetensorsDType {
    /// The safetensors dtype that stores `dtype` (`.float32` → F32, `.bool` → BOOL, …).
    public init(_ dtype: DType) {
        switch dtype {
        case .float32: self = .f32
        case .float64: self = .f64
        case .float16: self = .f16
        case .bfloat16: self = .bf16
        case .int64: self = .i64
        case .int32: self = .i32
        case .int8: self = .i8
        case .uint8: self = .u8
        case .bool: self = .bool
        }
    }

    /// The `DType` that holds this dtype's values bit for bit, or nil when Tensor has none (F8, F4, F6, C64,
    /// I16, U16, U32, U64).
    public var tensorDType: DType? {
        switch self {
        case .f32: .float32
        case .f64: .float64
        case .f16: .float16
        case .bf16: .bfloat16
        case .i64: .int64
        case .i32: .int32
        case .i8: .int8
        case .u8: .uint8
        case .bool: .bool
        default: nil
        }
    }
}
