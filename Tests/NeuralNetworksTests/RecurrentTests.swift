import Testing
import TestSupport
@testable import NeuralNetworks
import Tensors

@Suite("Recurrent layers")
struct RecurrentTests {
    /// Builds the module a fixture describes, in Float64.
    static func make(_ fixture: LayerFixtureCase) -> any Module {
        let a = fixture.args
        let input = a["input_size"]!.int, hidden = a["hidden_size"]!.int, layers = a["num_layers"]?.int ?? 1
        let batchFirst = a["batch_first"]?.bool ?? false, bidirectional = a["bidirectional"]?.bool ?? false
        let bias = a["bias"].map(\.bool) ?? true
        switch fixture.layer {
        case "LSTM":
            return LSTM(inputSize: input, hiddenSize: hidden, numLayers: layers, bias: bias, batchFirst: batchFirst,
                        bidirectional: bidirectional, dtype: .float64)
        case "GRU":
            return GRU(inputSize: input, hiddenSize: hidden, numLayers: layers, bias: bias, batchFirst: batchFirst,
                       bidirectional: bidirectional, dtype: .float64)
        default:
            return RNN(inputSize: input, hiddenSize: hidden, numLayers: layers,
                       nonlinearity: a["nonlinearity"]?.string == "relu" ? .relu : .tanh, bias: bias, batchFirst: batchFirst,
                       bidirectional: bidirectional, dtype: .float64)
        }
    }

    static func run(_ module: any Module, _ inputs: [String: Tensor]) -> [String: Tensor] {
        let x = inputs["input"]!
        switch module {
        case let lstm as LSTM:
            let initial = inputs["h_0"].map { LSTMState(hidden: $0, cell: inputs["c_0"]!) }
            let r = lstm(x, initialState: initial)
            return ["output": r.output, "h_n": r.state.hidden, "c_n": r.state.cell]
        case let gru as GRU:
            let r = gru(x, initialState: inputs["h_0"])
            return ["output": r.output, "h_n": r.state]
        case let rnn as RNN:
            let r = rnn(x, initialState: inputs["h_0"])
            return ["output": r.output, "h_n": r.state]
        default:
            preconditionFailure("not a recurrent module")
        }
    }

    static var fixtureCases: [LayerFixtureCase] {
        (try? ["nn/layers.json", "nn/sequence_layers.json"].flatMap { file in
            try ["RNN", "LSTM", "GRU"].flatMap { try SequenceFixtures.cases($0, file: file) }
        }) ?? []
    }

    @Test("outputs, final states and gradients match PyTorch", arguments: fixtureCases.map(\.name))
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.fixtureCases.first { $0.name == name })
        let module = Self.make(fixture)
        #expect(module.namedParameters().map(\.name) == fixture.stateDictOrder)
        try SequenceFixtures.check(fixture, module: module) { Self.run(module, $0) }
    }

    @Test func fixturesArePresent() throws {
        let layers = Set(Self.fixtureCases.map(\.layer))
        #expect(layers == ["RNN", "LSTM", "GRU"])
        #expect(Self.fixtureCases.count >= 7)
    }

    @Test func parameterNamesFollowPyTorch() {
        let lstm = LSTM(inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true)
        let names = lstm.namedParameters().map(\.name)
        #expect(names == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                          "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                          "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                          "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"])
        let shapes = Dictionary(uniqueKeysWithValues: lstm.namedParameters().map { ($0.name, $0.parameter.shape) })
        #expect(shapes["weight_ih_l0"] == [20, 3])
        #expect(shapes["weight_ih_l1_reverse"] == [20, 10])
        #expect(shapes["weight_hh_l1"] == [20, 5])
        let gru = GRU(inputSize: 4, hiddenSize: 6, bias: false)
        #expect(gru.namedParameters().map(\.name) == ["weight_ih_l0", "weight_hh_l0"])
        #expect(gru.namedParameters()[0].parameter.shape == [18, 4])
        #expect(RNN(inputSize: 2, hiddenSize: 3).namedParameters()[1].parameter.shape == [3, 3])
    }

    @Test func defaultInitialisationIsUniformOnInverseSqrtHidden() {
        let hidden = 64
        let lstm = withInitializationSeed(7) { LSTM(inputSize: 32, hiddenSize: hidden) }
        let bound = 1 / Double(hidden).squareRoot()
        for (name, p) in lstm.namedParameters() {
            let v = p.value.doubles
            #expect(v.allSatisfy { Swift.abs($0) <= bound }, "\(name) exceeds ±1/√hidden")
            // Uniform on ±b has standard deviation b/√3; the sample should be close.
            let mean = v.reduce(0, +) / Double(v.count)
            let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
            #expect(Swift.abs(std - bound / 3.0.squareRoot()) < 0.1 * bound, "\(name) std \(std)")
        }
    }

    /// Time-major and batch-first layouts, an explicit initial state and the unbatched form agree.
    @Test func layoutsAndInitialStateAgree() {
        let (a, b) = withInitializationSeed(3) {
            (LSTM(inputSize: 3, hiddenSize: 4, numLayers: 2, batchFirst: true, dtype: .float64),
             LSTM(inputSize: 3, hiddenSize: 4, numLayers: 2, batchFirst: false, dtype: .float64))
        }
        try! b.loadStateDict(a.stateDict())
        var rng = RandomGenerator(seed: 9)
        let x = Tensor.normal([2, 5, 3], dtype: .float64, using: &rng)
        let h0 = Tensor.normal([2, 2, 4], dtype: .float64, using: &rng), c0 = Tensor.normal([2, 2, 4], dtype: .float64, using: &rng)
        let r1 = a(x, initialState: LSTMState(hidden: h0, cell: c0))
        let r2 = b(x.transposed(0, 1), initialState: LSTMState(hidden: h0, cell: c0))
        #expect(isClose(r1.output, r2.output.transposed(0, 1), atol: 1e-12))
        #expect(isClose(r1.state.cell, r2.state.cell, atol: 1e-12))
        let single = a(x[1], initialState: LSTMState(hidden: h0[.all, 1], cell: c0[.all, 1]))
        #expect(isClose(single.output, r1.output[1], atol: 1e-12))
        #expect(isClose(single.state.hidden, r1.state.hidden[.all, 1], atol: 1e-12))
        // A zero initial state is the default.
        #expect(isClose(a(x), a(x, initialState: LSTMState(hidden: h0 * 0, cell: c0 * 0)).output, atol: 1e-12))
    }

    /// The final states are the last (forward) and first (reverse) outputs of the last layer, and gradients flow
    /// through c_n and the initial state.
    @Test func bidirectionalStatesAndStateGradients() {
        let gru = withInitializationSeed(5) { GRU(inputSize: 3, hiddenSize: 4, bidirectional: true, dtype: .float64) }
        var rng = RandomGenerator(seed: 11)
        let x = Tensor.normal([2, 6, 3], dtype: .float64, using: &rng)
        let r = gru(x, initialState: nil)
        #expect(r.output.shape == [2, 6, 8])
        #expect(isClose(r.state[0], r.output[.all, 5, 0..<4], atol: 1e-12))
        #expect(isClose(r.state[1], r.output[.all, 0, 4..<8], atol: 1e-12))

        let lstm = withInitializationSeed(6) { LSTM(inputSize: 3, hiddenSize: 2, dtype: .float64) }
        let result = checkGradients(checkFloat32: false, at: [x, Tensor.normal([1, 2, 2], dtype: .float64, using: &rng), Tensor.normal([1, 2, 2], dtype: .float64, using: &rng)]) { t in
            let s = lstm(t[0], initialState: LSTMState(hidden: t[1], cell: t[2])).state
            return s.hidden + s.cell * 2
        }
        #expect(result.passed, "\(result)")
    }

    @Test func dropoutBetweenLayersOnlyInTraining() {
        let rnn = withInitializationSeed(1) { RNN(inputSize: 2, hiddenSize: 8, numLayers: 2, dropout: 0.5, dtype: .float64) }
        var rng = RandomGenerator(seed: 2)
        let x = Tensor.normal([3, 4, 2], dtype: .float64, using: &rng)
        let trained = rnn(x)
        rnn.eval()
        let evaluated = rnn(x), again = rnn(x)
        #expect(evaluated.allEqual(again))
        #expect(!trained.allEqual(evaluated))
    }
}

extension RecurrentTests {
    /// Large batches run the recurrence on batch slices in parallel; the result must equal one sequence at a time.
    @Test(arguments: ["LSTM", "GRU", "RNN"])
    func batchSlicesAgreeWithSingleSequences(_ kind: String) {
        let (batch, steps, hidden) = (64, 5, 32)
        let module: any Module = withInitializationSeed(4) {
            switch kind {
            case "LSTM": LSTM(inputSize: 3, hiddenSize: hidden, dtype: .float64)
            case "GRU": GRU(inputSize: 3, hiddenSize: hidden, dtype: .float64)
            default: RNN(inputSize: 3, hiddenSize: hidden, dtype: .float64)
            }
        }
        var rng = RandomGenerator(seed: 8)
        let x = Tensor.normal([batch, steps, 3], dtype: .float64, using: &rng)
        let weights = Tensor.normal([batch, steps, hidden], dtype: .float64, using: &rng)
        let whole = Self.run(module, ["input": x])["output"]!
        let wholeGrads = (whole * weights).sum().backward()
        var sumW = Tensor.zeros(module.parameters()[1].shape, dtype: .float64)
        for b in 0..<batch {
            let one = Self.run(module, ["input": x[b..<(b + 1)]])["output"]!
            #expect(isClose(one, whole[b..<(b + 1)], atol: 1e-12))
            let g = (one * weights[b..<(b + 1)]).sum().backward()
            sumW = sumW + g[module.parameters()[1].value]!
        }
        #expect(isClose(sumW, wholeGrads[module.parameters()[1].value]!, atol: 1e-10))
    }

    /// Float32 runs the vectorised C gate kernels (forward activations, LSTM backward step); Float64 the Swift loops.
    /// Same weights, same input: the two agree to Float32 precision, outputs and every gradient.
    @Test(arguments: ["LSTM", "GRU", "RNN"])
    func float32KernelsAgreeWithFloat64(_ kind: String) throws {
        func make(_ dtype: DType) -> any Module {
            withInitializationSeed(6) {
                switch kind {
                case "LSTM": LSTM(inputSize: 5, hiddenSize: 24, numLayers: 2, dtype: dtype)
                case "GRU": GRU(inputSize: 5, hiddenSize: 24, numLayers: 2, dtype: dtype)
                default: RNN(inputSize: 5, hiddenSize: 24, numLayers: 2, dtype: dtype)
                }
            }
        }
        let m32 = make(.float32), m64 = make(.float64)
        try m64.loadStateDict(m32.stateDict())
        var rng = RandomGenerator(seed: 12)
        let x64 = Tensor.normal([6, 7, 5], dtype: .float64, using: &rng)
        let r = Tensor.normal([6, 7, 24], dtype: .float64, using: &rng)
        let x32 = x64.to(.float32).requiringGradient(), xg64 = x64.requiringGradient()
        let y32 = Self.run(m32, ["input": x32])["output"]!, y64 = Self.run(m64, ["input": xg64])["output"]!
        #expect(maxAbsDifference(y32.doubles, y64.doubles) < 1e-5)
        let g32 = (y32 * r.to(.float32)).sum().backward(), g64 = (y64 * r).sum().backward()
        #expect(maxAbsDifference(g32[x32]!.doubles, g64[xg64]!.doubles) < 1e-4)
        for (p32, p64) in zip(m32.parameters(), m64.parameters()) {
            #expect(maxAbsDifference(g32[p32.value]!.doubles, g64[p64.value]!.doubles) < 1e-4)
        }
    }
}
