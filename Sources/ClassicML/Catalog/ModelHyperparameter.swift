// A hyperparameter a catalogue model accepts by name, as the command line spells it (`--tree-count 200`).

/// One named hyperparameter of a ``CatalogModel``: its kind, default and help, and how text parses into a
/// ``ParameterValue``. Names are kebab-case (`max-depth`), as command-line options.
public struct ModelHyperparameter: Sendable {
    /// What values the hyperparameter takes.
    public enum Kind: Sendable, Equatable {
        /// A real number in `range`.
        case number(ClosedRange<Double>)
        /// A whole number in `range`.
        case integer(ClosedRange<Int>)
        /// One of a fixed set of names.
        case choice([String])
        /// `true` or `false`.
        case boolean
    }

    public let name: String
    public let kind: Kind
    /// The default as the command line would spell it ("none" for an absent optional value).
    public let defaultValue: String
    /// Whether "none" is accepted (an unset optional value such as `max-depth`).
    public let acceptsNone: Bool
    public let help: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String, acceptsNone: Bool = false, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.acceptsNone = acceptsNone
        self.help = help
    }

    /// Parses `text` (as typed after `--name`) into a value, or throws saying what was expected.
    public func parse(_ text: String) throws(ClassicMLError) -> ParameterValue {
        if acceptsNone && text.lowercased() == "none" { return .string("none") }
        switch kind {
        case let .number(range):
            guard let v = Double(text), v.isFinite, range.contains(v) else { throw invalid(text) }
            return .double(v)
        case let .integer(range):
            guard let v = Int(text), range.contains(v) else { throw invalid(text) }
            return .int(v)
        case let .choice(names):
            guard names.contains(text) else { throw invalid(text) }
            return .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": return .string("true")
            case "false", "no", "0": return .string("false")
            default: throw invalid(text)
            }
        }
    }

    /// What a valid value looks like, for errors and help.
    public var expected: String {
        let base = switch kind {
        case let .number(r): "a number in [\(r.lowerBound), \(r.upperBound == .greatestFiniteMagnitude ? "∞" : "\(r.upperBound)")]"
        case let .integer(r): "an integer in [\(r.lowerBound), \(r.upperBound == Int.max ? "∞" : "\(r.upperBound)")]"
        case let .choice(names): "one of \(names.joined(separator: ", "))"
        case .boolean: "true or false"
        }
        return acceptsNone ? base + " or none" : base
    }

    private func invalid(_ text: String) -> ClassicMLError {
        .invalidHyperparameter(name: name, value: text, expected: expected)
    }
}

extension Dictionary where Key == String, Value == ParameterValue {
    /// The integer called `name`, or `nil` when it is "none".
    public func optionalInt(_ name: String) throws(ClassicMLError) -> Int? {
        if self[name]?.stringValue == "none" { return nil }
        return try int(name)
    }

    /// The boolean called `name` (parsed by ``ModelHyperparameter/parse(_:)``).
    public func bool(_ name: String) throws(ClassicMLError) -> Bool {
        try string(name) == "true"
    }
}
