// Recurrent layers (nn.RNN, nn.LSTM, nn.GRU): stacked, optionally bidirectional, with PyTorch's parameter names.
//
// Each layer and direction projects the whole input sequence with one GEMM (`Tensor.linear` over T·B rows) and
// hands the projection to the fused `Tensor.recurrence` op, which runs the time loop and back-propagates through
// time without building a graph node per gate.
import Tensors

/// The weights of one layer and direction, named as PyTorch names them (`weight_ih_l0`, `bias_hh_l1_reverse`).
struct RecurrentWeights {
    let suffix: String
    let weightIH: Parameter
    let weightHH: Parameter
    let biasIH: Parameter?
    let biasHH: Parameter?

    var named: [(String, ModuleChild)] {
        var out: [(String, ModuleChild)] = [("weight_ih_\(suffix)", .parameter(weightIH)), ("weight_hh_\(suffix)", .parameter(weightHH))]
        if let biasIH { out.append(("bias_ih_\(suffix)", .parameter(biasIH))) }
        if let biasHH { out.append(("bias_hh_\(suffix)", .parameter(biasHH))) }
        return out
    }
}

/// The configuration, weights and time loop shared by ``RNN``, ``LSTM`` and ``GRU``.
final class RecurrentStack {
    let cell: RecurrentCell
    let inputSize: Int, hiddenSize: Int, numLayers: Int
    let batchFirst: Bool, bidirectional: Bool
    let dropout: Double
    /// Indexed `layer * directions + direction`, the order of PyTorch's `_flat_weights` and of `h_n`.
    let weights: [RecurrentWeights]
    var isTraining = true
    var generator: RandomGenerator

    var directions: Int { bidirectional ? 2 : 1 }

    /// The PyTorch class name, for messages.
    var name: String {
        switch cell {
        case .lstm: "LSTM"
        case .gru: "GRU"
        case .rnnTanh, .rnnReLU: "RNN"
        }
    }

    init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, numLayers: Int, bias: Bool, batchFirst: Bool,
         dropout: Double, bidirectional: Bool, dtype: DType) {
        let name = cell == .lstm ? "LSTM" : cell == .gru ? "GRU" : "RNN"
        precondition(inputSize > 0 && hiddenSize > 0 && numLayers > 0,
                     "\(name): sizes must be positive (input \(inputSize), hidden \(hiddenSize), layers \(numLayers))")
        precondition(dropout >= 0 && dropout < 1, "\(name): dropout \(dropout) is outside [0, 1)")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.batchFirst = batchFirst
        self.bidirectional = bidirectional
        self.dropout = dropout
        // PyTorch's default: every weight and bias uniform on ±1/√hidden, drawn in parameter order.
        let bound = 1 / Double(hiddenSize).squareRoot()
        let gates = cell.gateCount * hiddenSize
        var weights: [RecurrentWeights] = []
        for layer in 0..<numLayers {
            let layerInput = layer == 0 ? inputSize : hiddenSize * (bidirectional ? 2 : 1)
            for direction in 0..<(bidirectional ? 2 : 1) {
                func draw(_ shape: [Int]) -> Parameter { Parameter(Initializer.uniform(shape, bound: bound, dtype: dtype)) }
                weights.append(RecurrentWeights(
                    suffix: "l\(layer)" + (direction == 1 ? "_reverse" : ""),
                    weightIH: draw([gates, layerInput]), weightHH: draw([gates, hiddenSize]),
                    biasIH: bias ? draw([gates]) : nil, biasHH: bias ? draw([gates]) : nil))
            }
        }
        self.weights = weights
        generator = RandomGenerator(seed: Initializer.childSeed())
    }

    var namedChildren: [(name: String, child: ModuleChild)] { weights.flatMap(\.named) }

    /// Runs the stack. `h0`/`c0` are `[layers·directions, B, H]`; results are in the caller's layout.
    func run(_ input: Tensor, h0: Tensor?, c0: Tensor?) -> (output: Tensor, hidden: Tensor, cell: Tensor?) {
        precondition(input.rank == 2 || input.rank == 3, "\(name): input must be [B, T, \(inputSize)] (or unbatched [T, \(inputSize)]), got \(input.shape)")
        precondition(input.shape[input.rank - 1] == inputSize, "\(name): input \(input.shape) does not end in input size \(inputSize)")
        let unbatched = input.rank == 2
        // Time-major inside: each step's rows are then contiguous for the recurrence's GEMMs.
        var x = unbatched ? input.unsqueezed(axis: 1) : (batchFirst ? input.transposed(0, 1) : input)
        let batch = x.shape[1]
        let stateShape = [numLayers * directions, batch, hiddenSize]
        func prepareState(_ s: Tensor?, _ label: String) -> Tensor {
            guard var s else { return Tensor.zeros(stateShape, dtype: input.dtype) }
            if unbatched { s = s.unsqueezed(axis: 1) }
            precondition(s.shape == stateShape, "\(name): initial \(label) state \(s.shape), expected \(stateShape)")
            return s
        }
        let hInit = prepareState(h0, "hidden")
        let cInit = cell == .lstm ? prepareState(c0, "cell") : nil
        var hs: [Tensor] = [], cs: [Tensor] = []
        for layer in 0..<numLayers {
            var outputs: [Tensor] = []
            for direction in 0..<directions {
                let index = layer * directions + direction
                let w = weights[index]
                // b_ih goes to the recurrence, which adds it with b_hh and sums its gradient from gates it holds.
                let projection = Tensor.linear(x, weight: w.weightIH.value)
                let result = Tensor.recurrence(
                    cell, inputProjection: projection, hiddenWeight: w.weightHH.value, inputBias: w.biasIH?.value,
                    hiddenBias: w.biasHH?.value,
                    initialHidden: hInit[index], initialCell: cInit?[index], reverse: direction == 1)
                outputs.append(result.output)
                let steps = result.output.shape[0]
                hs.append(steps == 0 ? hInit[index] : result.output[direction == 1 ? 0 : steps - 1])
                if let c = result.finalCell { cs.append(c) }
            }
            x = outputs.count == 1 ? outputs[0] : Tensor.concat(outputs, axis: 2)
            if isTraining && dropout > 0 && layer < numLayers - 1 {
                x = x * Dropout.mask(shape: x.shape, keep: 1 - dropout, dtype: x.dtype, using: &generator)
            }
        }
        var hN = Tensor.stack(hs, axis: 0)
        var cN = cs.isEmpty ? nil : Tensor.stack(cs, axis: 0)
        if unbatched {
            hN = hN.squeezed(axes: [1])
            cN = cN?.squeezed(axes: [1])
            return (x.squeezed(axes: [1]), hN, cN)
        }
        return (batchFirst ? x.transposed(0, 1) : x, hN, cN)
    }
}

/// An Elman RNN (`nn.RNN`): `h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)` (or ReLU), stacked
/// `numLayers` deep, optionally bidirectional.
///
/// Input is `[B, T, inputSize]` with `batchFirst` (the default here; PyTorch's default is false), `[T, B, …]`
/// without, or unbatched `[T, inputSize]`. Parameters are named `weight_ih_l{k}`, `weight_hh_l{k}`,
/// `bias_ih_l{k}`, `bias_hh_l{k}` (with `_reverse` for the backward direction), so PyTorch state dicts load as is.
///
/// ```swift
/// let rnn = RNN(inputSize: 8, hiddenSize: 16, numLayers: 2)
/// let (output, hN) = rnn(x, initialState: nil)   // [B, T, 16], [2, B, 16]
/// ```
public final class RNN: Layer, TrainingModeDependent, RandomStateful {
    /// The activation of an Elman RNN.
    public enum Nonlinearity: Sendable { case tanh, relu }

    let stack: RecurrentStack
    public let nonlinearity: Nonlinearity

    /// - Parameter dropout: dropout on the outputs of every layer but the last, in training mode.
    public init(inputSize: Int, hiddenSize: Int, numLayers: Int = 1, nonlinearity: Nonlinearity = .tanh,
                bias: Bool = true, batchFirst: Bool = true, dropout: Double = 0, bidirectional: Bool = false,
                dtype: DType = .float32) {
        self.nonlinearity = nonlinearity
        stack = RecurrentStack(cell: nonlinearity == .tanh ? .rnnTanh : .rnnReLU, inputSize: inputSize,
                               hiddenSize: hiddenSize, numLayers: numLayers, bias: bias, batchFirst: batchFirst,
                               dropout: dropout, bidirectional: bidirectional, dtype: dtype)
    }

    public var namedChildren: [(name: String, child: ModuleChild)] { stack.namedChildren }
    public var isTraining: Bool { get { stack.isTraining } set { stack.isTraining = newValue } }
    public var generator: RandomGenerator { get { stack.generator } set { stack.generator = newValue } }

    /// The output sequence `[B, T, D·H]` (D = 2 if bidirectional) and the final hidden state `[layers·D, B, H]`.
    /// - Parameter initialState: `h_0`, `[layers·D, B, H]`; nil starts from zeros.
    public func callAsFunction(_ input: Tensor, initialState: Tensor?) -> (output: Tensor, state: Tensor) {
        let r = stack.run(input, h0: initialState, c0: nil)
        return (r.output, r.hidden)
    }

    /// The output sequence only, from a zero initial state.
    public func callAsFunction(_ input: Tensor) -> Tensor { stack.run(input, h0: nil, c0: nil).output }
}

/// The hidden and cell state of an ``LSTM``, each `[layers·directions, B, H]`.
public struct LSTMState: Sendable {
    public var hidden: Tensor
    public var cell: Tensor
    public init(hidden: Tensor, cell: Tensor) {
        self.hidden = hidden
        self.cell = cell
    }
}

/// A long short-term memory network (`nn.LSTM`), with PyTorch's gate order (input, forget, cell, output) in
/// the stacked weights `[4H, …]` and its parameter names; see ``RNN`` for layouts. Forward and backward run
/// through the fused ``Tensors/Tensor/recurrence(_:inputProjection:hiddenWeight:hiddenBias:initialHidden:initialCell:reverse:)``.
public final class LSTM: Layer, TrainingModeDependent, RandomStateful {
    let stack: RecurrentStack

    public init(inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = true,
                dropout: Double = 0, bidirectional: Bool = false, dtype: DType = .float32) {
        stack = RecurrentStack(cell: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                               bias: bias, batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, dtype: dtype)
    }

    public var namedChildren: [(name: String, child: ModuleChild)] { stack.namedChildren }
    public var isTraining: Bool { get { stack.isTraining } set { stack.isTraining = newValue } }
    public var generator: RandomGenerator { get { stack.generator } set { stack.generator = newValue } }

    /// The output sequence `[B, T, D·H]` and the final `(h_n, c_n)`, each `[layers·D, B, H]`.
    /// - Parameter initialState: `(h_0, c_0)`; nil starts from zeros.
    public func callAsFunction(_ input: Tensor, initialState: LSTMState?) -> (output: Tensor, state: LSTMState) {
        let r = stack.run(input, h0: initialState?.hidden, c0: initialState?.cell)
        return (r.output, LSTMState(hidden: r.hidden, cell: r.cell!))
    }

    /// The output sequence only, from a zero initial state.
    public func callAsFunction(_ input: Tensor) -> Tensor { stack.run(input, h0: nil, c0: nil).output }
}

/// A gated recurrent unit network (`nn.GRU`) with PyTorch's gate order (reset, update, new) and its form of the
/// new gate, `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`; see ``RNN`` for layouts and names.
public final class GRU: Layer, TrainingModeDependent, RandomStateful {
    let stack: RecurrentStack

    public init(inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = true,
                dropout: Double = 0, bidirectional: Bool = false, dtype: DType = .float32) {
        stack = RecurrentStack(cell: .gru, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                               bias: bias, batchFirst: batchFirst, dropout: dropout, bidirectional: bidirectional, dtype: dtype)
    }

    public var namedChildren: [(name: String, child: ModuleChild)] { stack.namedChildren }
    public var isTraining: Bool { get { stack.isTraining } set { stack.isTraining = newValue } }
    public var generator: RandomGenerator { get { stack.generator } set { stack.generator = newValue } }

    /// The output sequence `[B, T, D·H]` and the final hidden state `[layers·D, B, H]`.
    /// - Parameter initialState: `h_0`; nil starts from zeros.
    public func callAsFunction(_ input: Tensor, initialState: Tensor?) -> (output: Tensor, state: Tensor) {
        let r = stack.run(input, h0: initialState, c0: nil)
        return (r.output, r.hidden)
    }

    /// The output sequence only, from a zero initial state.
    public func callAsFunction(_ input: Tensor) -> Tensor { stack.run(input, h0: nil, c0: nil).output }
}
