// Tensors stored in JSON fixtures as {"dtype", "shape", "values"} (scripts/reference/*.py write them).
import Foundation
import Tensors

/// A tensor in a JSON fixture: dtype name, shape, flat row-major values (numbers or booleans).
public struct FixtureTensor: Decodable, Sendable {
    public let dtype: String
    public let shape: [Int]
    public let values: [Double]

    enum CodingKeys: String, CodingKey { case dtype, shape, values }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dtype = try c.decode(String.self, forKey: .dtype)
        shape = try c.decode([Int].self, forKey: .shape)
        if let numbers = try? c.decode([Double].self, forKey: .values) {
            values = numbers
        } else {
            values = try c.decode([Bool].self, forKey: .values).map { $0 ? 1 : 0 }
        }
    }

    /// The tensor, in the fixture's dtype (float64 / int64 / bool) unless `as` overrides floats.
    public func tensor(_ floatType: DType = .float64) -> Tensor {
        switch dtype {
        case "int64": return Tensor(values.map { Int64($0) }, shape: shape)
        case "bool": return Tensor(values.map { $0 != 0 }, shape: shape)
        default: return Tensor(values, shape: shape).to(floatType)
        }
    }
}

/// A number or a tensor (fixtures store scalar results as numbers and unreduced ones as tensors).
public enum FixtureValue: Decodable, Sendable {
    case number(Double)
    case tensor(FixtureTensor)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Double.self) { self = .number(v) } else { self = .tensor(try c.decode(FixtureTensor.self)) }
    }

    /// All values, flat.
    public var values: [Double] {
        switch self {
        case .number(let v): [v]
        case .tensor(let t): t.values
        }
    }
}

/// A JSON value of any shape, for fixture options dictionaries.
public enum JSONValue: Decodable, Sendable, Equatable {
    case number(Double), string(String), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public var double: Double? {
        switch self {
        case .number(let n): n
        case .string(let s): s == "inf" ? .infinity : Double(s)
        default: nil
        }
    }
    public var int: Int? { double.map { Int($0) } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public subscript(_ key: String) -> JSONValue? { if case .object(let o) = self { o[key] } else { nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
}

/// Largest |a − b| / max(1, |b|) over two equally long arrays.
public func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "maxRelativeDifference: \(a.count) vs \(b.count) values")
    return zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1) / Swift.max(1, Swift.abs($1.1))) }
}
