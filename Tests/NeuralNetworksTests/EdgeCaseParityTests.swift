// Edge cases of layers, losses, optimizers, clipping and schedules against PyTorch 2.13. Expected values are small
// literals computed with torch (float64 unless noted; the Python beside each, `F` = torch.nn.functional).
import Foundation
import Testing
import TestSupport
import NeuralNetworks
import Tensors

/// Element-wise closeness (relative to max(1, |expected|)); NaN matches only NaN, ±inf only itself.
private func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12,
                         _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let ok = e.isNaN ? a.isNaN : (e.isInfinite ? a == e : Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e)))
        #expect(ok, "\(what)[\(i)]: \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}

private func ints(_ v: [Int64], _ shape: [Int]) -> Tensor { Tensor(v, shape: shape) }

@Suite("Edge cases match PyTorch")
struct EdgeCaseParityTests {
    // MARK: Normalisation

    @Test func batchNormWithOneValuePerChannelTrapsInTraining() async {
        // nn.BatchNorm1d(3)(torch.zeros(1, 3)) -> ValueError: Expected more than 1 value per channel when training
        await #expect(processExitsWith: .failure) {
            _ = BatchNorm1d(3, dtype: .float64)(Tensor.zeros([1, 3], dtype: .float64))
        }
        // nn.BatchNorm2d(2)(torch.zeros(1, 2, 1, 1)) raises the same
        await #expect(processExitsWith: .failure) {
            _ = BatchNorm2d(2, dtype: .float64)(Tensor.zeros([1, 2, 1, 1], dtype: .float64))
        }
    }

    @Test func batchNormWithOneSampleWorksInEvaluation() {
        let bn = BatchNorm1d(3, dtype: .float64)
        bn.eval()
        // bn.eval(); bn(torch.tensor([[1., 2., 3.]]))
        expectClose(bn(Tensor([1.0, 2, 3], shape: [1, 3])).doubles, [0.9999950000374997, 1.9999900000749995, 2.999985000112499], "eval")
    }

    @Test func batchNormRunningStatistics() {
        let x1 = Tensor([1.0, 2, 3, 5, 4, -1], shape: [3, 2]), x2 = Tensor([0.0, 1, 2, 2], shape: [2, 2])
        let bn = BatchNorm1d(2, momentum: 0.1, dtype: .float64)
        _ = bn(x1); _ = bn(x2)
        // bn = nn.BatchNorm1d(2, momentum=0.1); bn(x1); bn(x2); bn.running_mean, bn.running_var
        expectClose(bn.runningMean!.value.doubles, [0.33999999999999997, 0.33000000000000007], "running mean")
        expectClose(bn.runningVar!.value.doubles, [1.22, 1.6700000000000002], "running var (unbiased)")
        bn.eval()
        // bn.eval(); bn(torch.tensor([[1., 1.]]))
        expectClose(bn(Tensor([1.0, 1], shape: [1, 2])).doubles, [0.5975334749779563, 0.5184600135247057], "eval output")
        // momentum=None: cumulative average
        let cumulative = BatchNorm1d(2, momentum: nil, dtype: .float64)
        _ = cumulative(x1); _ = cumulative(x2)
        expectClose(cumulative.runningMean!.value.doubles, [1.8333333333333333, 1.75], "cumulative mean")
        expectClose(cumulative.runningVar!.value.doubles, [2.1666666666666665, 4.75], "cumulative var")
    }

    @Test func layerNormOverTwoTrailingDimsWithoutAffine() {
        let ln = LayerNorm([2, 3], elementwiseAffine: false, dtype: .float64)
        #expect(ln.namedParameters().isEmpty)
        let x = Tensor((0..<12).map { Foundation.pow(Double($0), 1.5) }, shape: [2, 2, 3])
        // F.layer_norm(torch.arange(12.).reshape(2, 2, 3) ** 1.5, [2, 3])
        expectClose(ln(x).doubles, [-1.1977903031331727, -0.9429857526229817, -0.4770942009613877, 0.1262129793170307,
                                    0.8406461009483555, 1.6510111764521567, -1.4035429274784552, -0.8905929569672182,
                                    -0.339562416556675, 0.24707848693197876, 0.8672862316400084, 1.5193335824303624],
                    tolerance: 1e-10, "layer norm")
    }

    @Test func rmsNormEpsilon() {
        // nn.RMSNorm([3], dtype=torch.float32)(torch.tensor([[1e-4, -2e-4, 3e-4]])): eps = finfo(float32).eps matters here
        let small = Tensor([Float(1e-4), -2e-4, 3e-4], shape: [1, 3])
        expectClose(RMSNorm([3])(small).doubles, [0.2455320954322815, -0.491064190864563, 0.7365963459014893],
                    tolerance: 1e-6, "default eps (float32)")
        // nn.RMSNorm([3], eps=0.1)(torch.tensor([[0.5, -1., 2.]]))
        expectClose(RMSNorm([3], epsilon: 0.1, dtype: .float64)(Tensor([0.5, -1, 2], shape: [1, 3])).doubles,
                    [0.3676073110469039, -0.7352146220938078, 1.4704292441876157], "eps 0.1")
    }

    // MARK: Embedding, dropout

    @Test func embeddingPaddingRowGetsNoGradient() throws {
        let emb = Embedding(4, 2, paddingIndex: 1, dtype: .float64)
        try emb.loadStateDict(["weight": Tensor((0..<8).map(Double.init), shape: [4, 2])])
        let out = emb(ints([1, 2, 1, 3], [2, 2]))
        let r = Tensor((1...8).map(Double.init), shape: [2, 2, 2])
        let grads = (out * r).sum().backward()
        // emb(torch.tensor([[1, 2], [1, 3]])) * R summed, backward: emb.weight.grad
        expectClose(try #require(grads[emb.weight.value]).doubles, [0, 0, 0, 0, 3, 4, 7, 8], "weight gradient")
    }

    @Test func embeddingRejectsOutOfRangeIds() async {
        // emb(torch.tensor([-1])) -> IndexError: index out of range in self (no wrap-around)
        await #expect(processExitsWith: .failure) {
            _ = Embedding(4, 2, dtype: .float64)(Tensor([Int64(-1)], shape: [1]))
        }
        await #expect(processExitsWith: .failure) {
            _ = Embedding(4, 2, dtype: .float64)(Tensor([Int64(4)], shape: [1]))
        }
    }

    @Test func dropoutAtZeroAndOne() throws {
        let x = Tensor([1.0, 2], shape: [2]).requiringGradient()
        let keepAll = Dropout(probability: 0)
        expectClose(keepAll(x).doubles, [1, 2], "p = 0 is the identity in training")
        // d = nn.Dropout(1.0); d(x) -> [0, 0]; gradient [0, 0]
        let dropAll = Dropout(probability: 1)
        let y = dropAll(x)
        expectClose(y.doubles, [0, 0], "p = 1")
        expectClose(try #require(y.sum().backward()[x]).doubles, [0, 0], "p = 1 gradient")
        dropAll.eval()
        expectClose(dropAll(x).doubles, [1, 2], "p = 1 in evaluation is the identity")
    }

    // MARK: Losses

    private let logits = Tensor([1.0, 2, 0.5, 0.1, -1, 3, 2, 2, 2], shape: [3, 3])
    private let classWeights = Tensor([0.5, 2, 1], shape: [3])

    @Test func crossEntropyWithEveryTargetIgnored() {
        let t = ints([-100, -100, -100], [3])
        // F.cross_entropy(logits, torch.tensor([-100, -100, -100])) -> nan; reduction='sum' -> 0
        #expect(Losses.crossEntropy(logits, t).item.isNaN)
        #expect(Losses.crossEntropy(logits, t, reduction: .sum).item == 0)
        // ... label_smoothing=0.2 -> nan
        #expect(Losses.crossEntropy(logits, t, labelSmoothing: 0.2).item.isNaN)
    }

    @Test func crossEntropyWithSmoothingWeightsAndIgnoredTarget() throws {
        let t = ints([2, -100, 1], [3])
        // F.cross_entropy(logits, torch.tensor([2, -100, 1]), weight=torch.tensor([.5, 2., 1.]), label_smoothing=0.3, reduction=r)
        let x = logits.requiringGradient()
        let mean = Losses.crossEntropy(x, t, weights: classWeights, labelSmoothing: 0.3)
        expectClose([mean.item], [1.220052909494178], "mean")
        expectClose([Losses.crossEntropy(logits, t, weights: classWeights, labelSmoothing: 0.3, reduction: .sum).item],
                    [3.660158728482534], "sum")
        expectClose(Losses.crossEntropy(logits, t, weights: classWeights, labelSmoothing: 0.3, reduction: .none).doubles,
                    [1.737587223313342, 0.0, 1.9225715051691918], "none")
        // torch.autograd.grad(mean, logits)
        expectClose(try #require(mean.backward()[x]).doubles,
                    [0.06426169750108549, 0.15331943505745016, -0.2175811325585357, 0, 0, 0,
                     0.17777777777777778, -0.3388888888888889, 0.16111111111111112], "gradient")
    }

    @Test func crossEntropyWithSoftTargets() {
        let soft = Tensor([0.2, 0.5, 0.3, 1, 0, 0, 0, 0, 1], shape: [3, 3])
        // F.cross_entropy(logits, soft, weight=torch.tensor([.5, 2., 1.]), label_smoothing=0.1, reduction=r)
        expectClose([Losses.crossEntropy(logits, probabilities: soft, weights: classWeights, labelSmoothing: 0.1).item],
                    [1.3259918590040425], "mean (divides by N, not by the weights)")
        expectClose([Losses.crossEntropy(logits, probabilities: soft, weights: classWeights, labelSmoothing: 0.1, reduction: .sum).item],
                    [3.9779755770121277], "sum")
        expectClose(Losses.crossEntropy(logits, probabilities: soft, weights: classWeights, labelSmoothing: 0.1, reduction: .none).doubles,
                    [1.2009476927886042, 1.6601053907442784, 1.116922493479245], "none")
    }

    @Test func nllReductions() {
        let logp = logits.logSoftmax(axis: 1), t = ints([0, 2, -100], [3])
        // F.nll_loss(torch.log_softmax(logits, 1), torch.tensor([0, 2, -100]), weight=torch.tensor([.5, 2., 1.]), reduction=r)
        expectClose([Losses.nll(logp, t, weights: classWeights).item], [0.5353057406763092], "mean")
        expectClose([Losses.nll(logp, t, weights: classWeights, reduction: .sum).item], [0.8029586110144638], "sum")
        expectClose(Losses.nll(logp, t, weights: classWeights, reduction: .none).doubles,
                    [0.7321843920539725, 0.07077421896049133, 0.0], "none")
    }

    @Test func bceWithLogitsAtExtremeLogits() throws {
        let targets = Tensor([1.0, 1, 0, 0, 0.5], shape: [5])
        let pw = Tensor([3.0], shape: [1])
        let z = Tensor([100.0, -100, 100, -100, 0], shape: [5]).requiringGradient()
        // F.binary_cross_entropy_with_logits(z, y, pos_weight=torch.tensor([3.]), reduction='none') and its gradient
        let loss = Losses.binaryCrossEntropyWithLogits(z, targets, positiveWeight: pw, reduction: .none)
        expectClose(loss.doubles, [1.1160227928062509e-43, 300, 100, 0, 1.3862943611198906], "loss")
        expectClose(try #require(loss.sum().backward()[z]).doubles, [0, -3, 1, 3.7200759760208356e-44, -0.5], "gradient")
        // the same in float32
        let z32 = z.detached().to(.float32).requiringGradient()
        let loss32 = Losses.binaryCrossEntropyWithLogits(z32, targets.to(.float32), positiveWeight: pw.to(.float32), reduction: .none)
        expectClose(loss32.doubles, [1.1770907100328463e-43, 300, 100, 0, 1.3862943649291992], tolerance: 1e-6, "float32 loss")
        expectClose(try #require(loss32.sum().backward()[z32]).doubles, [0, -3, 1, 0, -0.5], tolerance: 1e-6, "float32 gradient")
    }

    @Test func huberAndSmoothL1AtTheThreshold() throws {
        let zero = Tensor.zeros([4], dtype: .float64)
        let a = Tensor([1.5, -1.5, 0, 0.7], shape: [4]).requiringGradient()
        // F.huber_loss(a, 0, delta=1.5, reduction='none') and its gradient
        let huber = Losses.huber(a, zero, delta: 1.5, reduction: .none)
        expectClose(huber.doubles, [1.125, 1.125, 0, 0.24499999999999997], "huber")
        expectClose(try #require(huber.sum().backward()[a]).doubles, [1.5, -1.5, 0, 0.7], "huber gradient")
        // F.smooth_l1_loss(a, 0, beta=1.5, reduction='none') and its gradient
        let smooth = Losses.smoothL1(a, zero, beta: 1.5, reduction: .none)
        expectClose(smooth.doubles, [0.75, 0.75, 0, 0.1633333333333333], "smooth L1")
        expectClose(try #require(smooth.sum().backward()[a]).doubles, [1, -1, 0, 0.4666666666666666], "smooth L1 gradient")
    }

    @Test func klDivergenceWithLogTarget() {
        let input = Tensor([0.2, 0.3, 0.5, 0.6, 0.3, 0.1], shape: [2, 3]).log()
        let target = Tensor([0.1, 0.1, 0.8, 0.3, 0.3, 0.4], shape: [2, 3]).log()
        // F.kl_div(inp, tl, log_target=True, reduction=r)
        expectClose([Losses.klDivergence(input, target, logTarget: true).item], [0.2717002733768778], "batchmean")
        expectClose([Losses.klDivergence(input, target, logTarget: true, reduction: .sum).item], [0.5434005467537556], "sum")
        expectClose([Losses.klDivergence(input, target, logTarget: true, reduction: .mean).item], [0.0905667577922926], "mean")
        // F.kl_div(inp, torch.tensor([[0., .5, .5], [1., 0., 0.]]), reduction='batchmean'): 0·log 0 = 0
        expectClose([Losses.klDivergence(input, Tensor([0.0, 0.5, 0.5, 1, 0, 0], shape: [2, 3])).item], [0.3831192178244931], "zero targets")
    }

    // MARK: Optimizers

    private static let grads: [[Double]] = [[0.5, -1.0, 2.0], [-0.1, 0.0, 3.0], [1.0, 1.0, -0.5]]

    /// Three steps from [1, −2, 0.5] with the gradients above, in `dtype`.
    private func threeSteps(_ dtype: DType, _ make: ([Parameter]) -> any Optimizer) -> [Double] {
        let p = Parameter(Tensor([1.0, -2, 0.5], shape: [3]).to(dtype))
        let optimizer = make([p])
        for g in Self.grads {
            var gradients = Gradients()
            gradients[p.value] = Tensor(g, shape: [3]).to(dtype)
            optimizer.step(gradients)
        }
        return p.value.doubles
    }

    /// The Float32 Adam kernel takes 1 − β rounded from Double, as torch: it used to form `1.0f − Float(β2)` =
    /// 0.00099998713 (torch: 0.001f), which put it ~2.5e-6 off torch after three steps; now within float rounding.
    private let float32AdamTolerance = 3e-7

    @Test func adamAndAdamWWithWeightDecayAndAMSGrad() {
        // torch.optim.Adam([w], lr=0.1, weight_decay=0.5, amsgrad=True), three steps
        expectClose(threeSteps(.float64) { Adam($0, learningRate: 0.1, weightDecay: 0.5, amsgrad: true) },
                    [0.7202948805690044, -1.7389119225235052, 0.22974339588752868], "Adam float64")
        expectClose(threeSteps(.float32) { Adam($0, learningRate: 0.1, weightDecay: 0.5, amsgrad: true) },
                    [0.7202948927879333, -1.7389118671417236, 0.22974339127540588], tolerance: float32AdamTolerance, "Adam float32")
        // torch.optim.AdamW([w], lr=0.1, weight_decay=0.5, amsgrad=True)
        expectClose(threeSteps(.float64) { AdamW($0, learningRate: 0.1, weightDecay: 0.5, amsgrad: true) },
                    [0.6437256834665649, -1.5694630747266745, 0.17722845701425893], "AdamW float64")
        expectClose(threeSteps(.float32) { AdamW($0, learningRate: 0.1, weightDecay: 0.5, amsgrad: true) },
                    [0.6437257528305054, -1.5694628953933716, 0.17722845077514648], tolerance: float32AdamTolerance, "AdamW float32")
    }

    @Test func sgdNesterovAndDampening() async {
        // torch.optim.SGD([w], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1)
        expectClose(threeSteps(.float64) { SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1) },
                    [0.590797646, -1.698117292, -0.9140642095000001], "Nesterov")
        // torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.5): no dampening on the first step
        expectClose(threeSteps(.float64) { SGD($0, learningRate: 0.1, momentum: 0.9, dampening: 0.5) },
                    [0.824, -1.779, -0.302], "dampening")
        // SGD(..., momentum=0.9, dampening=0.5, nesterov=True) -> ValueError
        await #expect(processExitsWith: .failure) {
            _ = SGD([Parameter(Tensor.zeros([1], dtype: .float64))], learningRate: 0.1, momentum: 0.9, dampening: 0.5, nesterov: true)
        }
    }

    @Test func rmspropCenteredWithMomentum() {
        // torch.optim.RMSprop([w], lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.1)
        expectClose(threeSteps(.float64) { RMSprop($0, learningRate: 0.01, alpha: 0.9, weightDecay: 0.1, momentum: 0.5, centered: true) },
                    [0.910882047876543, -1.9518368827230448, 0.401916062581094], "centered RMSprop")
        // the same with dtype=torch.float32: 1 − α is formed in double, then rounded (not 1 − Float(α))
        expectClose(threeSteps(.float32) { RMSprop($0, learningRate: 0.01, alpha: 0.9, weightDecay: 0.1, momentum: 0.5, centered: true) },
                    [0.9108821153640747, -1.9518369436264038, 0.4019160568714142], tolerance: 3e-7, "centered RMSprop float32")
        // torch.optim.RMSprop([w], lr=0.01), float32 (α = 0.99: 1 − Float(0.99) is off by 1e-6 relative)
        expectClose(threeSteps(.float32) { RMSprop($0, learningRate: 0.01) },
                    [0.8304396271705627, -1.9710650444030762, 0.33049148321151733], tolerance: 3e-7, "RMSprop float32")
    }

    @Test func sgdDampeningInFloat32() {
        // torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.3), float32
        expectClose(threeSteps(.float32) { SGD($0, learningRate: 0.1, momentum: 0.9, dampening: 0.3) },
                    [0.8077999949455261, -1.7989999055862427, -0.40599995851516724], tolerance: 3e-7, "SGD dampening float32")
    }

    // MARK: Clipping

    /// clip_grad_norm_ over two parameters with gradients `a`, `b`; returns the norm and the clipped gradients.
    private func clip(_ a: [Double], _ b: [Double], maxNorm: Double, normType: Double = 2) -> (Double, [Double]) {
        let p = Parameter(Tensor.zeros([a.count], dtype: .float64)), q = Parameter(Tensor.zeros([b.count], dtype: .float64))
        var g = Gradients()
        g[p.value] = Tensor(a, shape: [a.count])
        g[q.value] = Tensor(b, shape: [b.count])
        let norm = GradientClipping.clipNorm(&g, parameters: [p, q], maxNorm: maxNorm, normType: normType)
        return (norm, g[p.value]!.doubles + g[q.value]!.doubles)
    }

    @Test func clipGradNormAtZeroInfiniteAndNaNNorms() {
        // torch.nn.utils.clip_grad_norm_(ps, 1.0) with the gradients below: (total norm, gradients after)
        let zero = clip([0, 0], [0], maxNorm: 1)                       // (0.0, [[0, 0], [0]])
        expectClose([zero.0] + zero.1, [0, 0, 0, 0], "zero norm")
        let inf = clip([.infinity, 1], [2], maxNorm: 1)                // (inf, [[nan, 0], [0]])
        expectClose([inf.0] + inf.1, [.infinity, .nan, 0, 0], "infinite norm")
        let infMax = clip([.infinity, 1], [2], maxNorm: 1, normType: .infinity)  // norm_type=inf: (inf, [[nan, 0], [0]])
        expectClose([infMax.0] + infMax.1, [.infinity, .nan, 0, 0], "infinite max-norm")
        let nan = clip([.nan, 1], [2], maxNorm: 1)                     // (nan, [[nan, nan], [nan]])
        expectClose([nan.0] + nan.1, [.nan, .nan, .nan, .nan], "NaN norm poisons every gradient")
        let exact = clip([3, 4], [], maxNorm: 5)                       // norm == max_norm still scales by 5/(5 + 1e-6)
        expectClose([exact.0] + exact.1, [5, 2.99999940000012, 3.99999920000016], "norm equal to max")
    }

    // MARK: Schedules

    @Test func schedulesAtTheirBoundaries() {
        func rates(_ s: any LearningRateSchedule, _ n: Int) -> [Double] { (0...n).map { s.learningRate(at: $0) } }
        // StepLR(opt(lr=0.1), 3, gamma=0.5), lr after each of 7 steps
        expectClose(rates(StepSchedule(base: 0.1, stepSize: 3, gamma: 0.5), 7),
                    [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025], "step")
        // CosineAnnealingLR(opt(lr=0.1), 4, eta_min=0.01), 6 steps (past T_max it comes back up)
        expectClose(rates(CosineSchedule(base: 0.1, period: 4, minimum: 0.01), 6),
                    [0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01, 0.023180194846605363,
                     0.05500000000000002], "cosine")
        // OneCycleLR(opt, max_lr=1.0, total_steps=10), 9 steps (the last allowed lr is initial/1e4 = 4e-6)
        expectClose(rates(OneCycleSchedule(maxRate: 1, totalSteps: 10), 9),
                    [0.040000000000000036, 0.52, 1.0, 0.9504846320134737, 0.8117456539497631, 0.6112620219362893,
                     0.38874197806371075, 0.18825834605023697, 0.049519367986526286, 4e-06], "one-cycle")
        // ... three_phase=True
        expectClose(rates(OneCycleSchedule(maxRate: 1, totalSteps: 10, threePhase: true), 9),
                    [0.040000000000000036, 0.52, 1.0, 0.52, 0.04, 0.0361807218535102, 0.0261817218535102, 0.013822278146489805,
                     0.0038232781464898036, 4e-06], "three-phase one-cycle")
        // LinearLR(opt, start_factor=0.25, total_iters=4), 6 steps
        expectClose(rates(LinearSchedule(base: 0.1, startFactor: 0.25, totalSteps: 4), 6),
                    [0.025, 0.043750000000000004, 0.06250000000000001, 0.08125000000000002, 0.1, 0.1, 0.1], "linear")
    }

    // MARK: Recurrent layers with one time step, batch first

    /// Loads parameter k (in PyTorch's order) with 0.3·sin(i + 7k) over its flattened elements.
    private func fill(_ m: any Module) throws {
        var state: [String: Tensor] = [:]
        for (k, (name, p)) in m.namedParameters().enumerated() {
            state[name] = Tensor((0..<p.value.count).map { 0.3 * sin(Double($0 + 7 * k)) }, shape: p.shape)
        }
        try m.loadStateDict(state)
    }

    private let oneStep = Tensor((0..<6).map { 0.5 * cos(Double($0)) }, shape: [2, 1, 3])

    @Test func recurrentLayersWithOneTimeStep() throws {
        let lstm = LSTM(inputSize: 3, hiddenSize: 2, numLayers: 2, batchFirst: true, bidirectional: true, dtype: .float64)
        #expect(lstm.namedParameters().map(\.0) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                                   "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
                                                   "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                                                   "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
                                                   "bias_hh_l1_reverse"])
        try fill(lstm)
        // nn.LSTM(3, 2, num_layers=2, batch_first=True, bidirectional=True) filled as above; out, (h, c) = m(x)
        let (out, state) = lstm(oneStep, initialState: nil)
        #expect(out.shape == [2, 1, 4])
        expectClose(out.doubles, [-0.1884694989034317, 0.004266796091078449, 0.08175888449283907, 0.018464448054376463,
                                  -0.17915747400517196, -0.0062819788823290385, 0.07919238351085373, 0.02225923203735452],
                    tolerance: 1e-10, "LSTM output")
        expectClose(state.hidden.doubles, [-0.13384116193270656, 0.131577681120281, -0.07553568202362189, 0.048656692193064954,
                                           0.07667127437357953, -0.040659754719739136, 0.02952528514497365, 0.005176831593290713,
                                           -0.1884694989034317, 0.004266796091078449, -0.17915747400517196, -0.0062819788823290385,
                                           0.08175888449283907, 0.018464448054376463, 0.07919238351085373, 0.02225923203735452],
                    tolerance: 1e-10, "LSTM h_n")
        expectClose(state.cell.doubles, [-0.22708593999848123, 0.21379868592368984, -0.11366532902120352, 0.08982910201949416,
                                         0.18620802220701416, -0.11900694613950336, 0.0897671049049023, 0.011802777061802088,
                                         -0.31631575118657834, 0.006927784589251695, -0.2988336612250019, -0.010126321638753781,
                                         0.20057828432528949, 0.04955450558365993, 0.19592969432800733, 0.06018613049786656],
                    tolerance: 1e-10, "LSTM c_n")

        let gru = GRU(inputSize: 3, hiddenSize: 2, batchFirst: true, bidirectional: true, dtype: .float64)
        try fill(gru)
        // nn.GRU(3, 2, batch_first=True, bidirectional=True)
        let (gOut, gH) = gru(oneStep, initialState: nil)
        expectClose(gOut.doubles, [-0.20528646415905008, 0.18314578276033971, 0.18548640655762672, -0.08076142064446099,
                                   -0.097262904617693, 0.039984313486210545, 0.08297007826806947, 0.041697561499549715],
                    tolerance: 1e-10, "GRU output")
        expectClose(gH.doubles, [-0.20528646415905008, 0.18314578276033971, -0.097262904617693, 0.039984313486210545,
                                 0.18548640655762672, -0.08076142064446099, 0.08297007826806947, 0.041697561499549715],
                    tolerance: 1e-10, "GRU h_n")

        let rnn = RNN(inputSize: 3, hiddenSize: 2, nonlinearity: .relu, batchFirst: true, dtype: .float64)
        try fill(rnn)
        // nn.RNN(3, 2, batch_first=True, nonlinearity='relu')
        let (rOut, rH) = rnn(oneStep, initialState: nil)
        expectClose(rOut.doubles, [0.5596160181331093, 0.21212163598214787, 0.5043655713644717, 0.20487508207514535], tolerance: 1e-10, "RNN output")
        expectClose(rH.doubles, [0.5596160181331093, 0.21212163598214787, 0.5043655713644717, 0.20487508207514535], tolerance: 1e-10, "RNN h_n")
    }
}
