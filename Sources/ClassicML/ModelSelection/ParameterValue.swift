// Hyperparameter values for grid and randomized search.

/// One hyperparameter value in a search: a number, an integer or a name (such as a penalty).
///
/// Literals convert directly: `["c": [0.1, 1, 10], "penalty": ["l1", "l2"]]`.
public enum ParameterValue: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case double(Double)
    case int(Int)
    case string(String)

    public init(floatLiteral value: Double) { self = .double(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    /// The value as a number (integers convert), or `nil` for a name.
    public var doubleValue: Double? {
        switch self {
        case let .double(v): v
        case let .int(v): Double(v)
        case .string: nil
        }
    }

    /// The value as an integer (whole numbers convert), or `nil`.
    public var intValue: Int? {
        switch self {
        case let .int(v): v
        case let .double(v): v.rounded() == v && abs(v) < 1e15 ? Int(v) : nil
        case .string: nil
        }
    }

    /// The value as a name, or `nil` for a number.
    public var stringValue: String? {
        if case let .string(v) = self { v } else { nil }
    }

    public var description: String {
        switch self {
        case let .double(v): "\(v)"
        case let .int(v): "\(v)"
        case let .string(v): v
        }
    }
}

/// One candidate's hyperparameters, by name.
public typealias Parameters = [String: ParameterValue]

extension Dictionary where Key == String, Value == ParameterValue {
    /// The number called `name`; throws if it is missing or not a number.
    public func double(_ name: String) throws(ClassicMLError) -> Double {
        guard let v = self[name]?.doubleValue else { throw missing(name, "a number") }
        return v
    }

    /// The integer called `name`; throws if it is missing or not whole.
    public func int(_ name: String) throws(ClassicMLError) -> Int {
        guard let v = self[name]?.intValue else { throw missing(name, "an integer") }
        return v
    }

    /// The name called `name`; throws if it is missing or a number.
    public func string(_ name: String) throws(ClassicMLError) -> String {
        guard let v = self[name]?.stringValue else { throw missing(name, "a name") }
        return v
    }

    private func missing(_ name: String, _ expected: String) -> ClassicMLError {
        .invalidHyperparameter(name: name, value: self[name]?.description ?? "missing", expected: expected)
    }
}
