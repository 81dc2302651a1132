// Reading the PyTorch layer fixtures (Tests/Fixtures/nn/*.json) for the sequence-layer tests, and checking a
// module's outputs and gradients against them.
import Foundation
import Testing
import TestSupport
@testable import NeuralNetworks
import Tensors

/// One tensor as the fixture scripts write it: dtype, shape and flat row-major values.
struct SequenceFixtureTensor: Decodable {
    let dtype: String
    let shape: [Int]
    let values: [Double]

    private enum Keys: String, CodingKey { case dtype, shape, values }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        dtype = try c.decode(String.self, forKey: .dtype)
        shape = try c.decode([Int].self, forKey: .shape)
        // Bool masks are written as JSON booleans.
        values = dtype == "bool" ? try c.decode([Bool].self, forKey: .values).map { $0 ? 1 : 0 }
            : try c.decode([Double].self, forKey: .values)
    }

    var tensor: Tensor {
        switch dtype {
        case "bool": Tensor(values.map { $0 != 0 }, shape: shape)
        case "int64": Tensor(values.map { Int64($0) }, shape: shape)
        default: Tensor(values, shape: shape)
        }
    }
}

/// A JSON value of a case's `args` or `call` (numbers, strings, booleans, lists of ints).
enum SequenceFixtureValue: Decodable {
    case number(Double), string(String), bool(Bool), list([Int]), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .list(try c.decode([Int].self)) }
    }

    var int: Int { if case .number(let d) = self { return Int(d) }; return -1 }
    var double: Double { if case .number(let d) = self { return d }; return .nan }
    var bool: Bool { if case .bool(let b) = self { return b }; return false }
    var string: String { if case .string(let s) = self { return s }; return "" }
}

/// One module case: parameters, inputs, expected outputs and gradients of `(output · R).sum()`.
struct LayerFixtureCase: Decodable {
    let name: String
    let layer: String
    let args: [String: SequenceFixtureValue]
    let call: [String: SequenceFixtureValue]?
    let mode: String
    let stateDict: [String: SequenceFixtureTensor]
    let stateDictOrder: [String]
    let inputs: [String: SequenceFixtureTensor]
    let outputs: [String: SequenceFixtureTensor]
    let R: SequenceFixtureTensor
    let inputGrads: [String: SequenceFixtureTensor]
    let paramGrads: [String: SequenceFixtureTensor]

    enum CodingKeys: String, CodingKey {
        case name, layer, args, call, mode, R
        case stateDict = "state_dict", stateDictOrder = "state_dict_order", inputs, outputs
        case inputGrads = "input_grads", paramGrads = "param_grads"
    }

    func input(_ key: String) -> Tensor? { inputs[key]?.tensor }
}

struct LayerFixtureFile: Decodable {
    let cases: [LayerFixtureCase]
}

enum SequenceFixtures {
    /// The cases of `file` (under Tests/Fixtures) whose layer is `layer`.
    static func cases(_ layer: String, file: String = "nn/layers.json") throws -> [LayerFixtureCase] {
        try Fixtures.json(file, as: LayerFixtureFile.self).cases.filter { $0.layer == layer }
    }

    /// Loads the case's state dict, runs `forward` on leaves made from the float inputs named in
    /// `input_grads`, and compares the main output, the extra outputs and every gradient with PyTorch's.
    static func check(
        _ fixture: LayerFixtureCase, module: any Module, tolerance: Double = 1e-5,
        _ forward: (_ inputs: [String: Tensor]) -> [String: Tensor]
    ) throws {
        try module.loadStateDict(fixture.stateDict.mapValues(\.tensor))
        var inputs: [String: Tensor] = fixture.inputs.mapValues(\.tensor)
        for name in fixture.inputGrads.keys { inputs[name] = inputs[name]!.requiringGradient() }
        let outputs = forward(inputs)
        for (name, expected) in fixture.outputs {
            guard let actual = outputs[name] else {
                Issue.record("\(fixture.name): no output '\(name)'")
                continue
            }
            expectClose(actual, expected, "\(fixture.name) output \(name)", tolerance)
        }
        let grads = (outputs["output"]! * fixture.R.tensor).sum().backward()
        for (name, expected) in fixture.inputGrads {
            guard let g = grads[inputs[name]!] else {
                Issue.record("\(fixture.name): no gradient for input \(name)")
                continue
            }
            expectClose(g, expected, "\(fixture.name) d/d\(name)", tolerance)
        }
        let parameters = Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.name, $0.parameter) })
        for (name, expected) in fixture.paramGrads {
            guard let p = parameters[name], let g = grads[p.value] else {
                Issue.record("\(fixture.name): no gradient for parameter \(name)")
                continue
            }
            expectClose(g, expected, "\(fixture.name) d/d\(name)", tolerance)
        }
    }

    /// Relative agreement: |a − b| ≤ tol·max(|b|, max|b|·1e-3) elementwise, so near-zero entries of a tensor
    /// are held to the tensor's own scale.
    static func expectClose(_ actual: Tensor, _ expected: SequenceFixtureTensor, _ what: String, _ tolerance: Double,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), expected \(expected.shape)", sourceLocation: sourceLocation)
        guard actual.shape == expected.shape else { return }
        let a = actual.doubles, b = expected.values
        let scale = b.map(Swift.abs).max() ?? 0
        var worst = 0.0
        for (x, y) in zip(a, b) {
            let err = Swift.abs(x - y) / Swift.max(Swift.abs(y), scale * 1e-3, 1e-12)
            worst = Swift.max(worst, x.isNaN != y.isNaN ? .infinity : err)
        }
        #expect(worst <= tolerance, "\(what): worst relative error \(worst)", sourceLocation: sourceLocation)
    }
}
