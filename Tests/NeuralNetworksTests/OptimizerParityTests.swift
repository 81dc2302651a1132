// Optimizers, schedules and clipping against PyTorch (Tests/Fixtures/nn/{optimizers,schedules}.json,
// made by scripts/reference/make_nn_fixtures.py).
import Testing
import TestSupport
import NeuralNetworks
import Tensors

private struct OptimizerFixture: Decodable {
    struct Step: Decodable { let grads: [FixtureTensor]; let params: [FixtureTensor] }
    struct Case: Decodable {
        let name: String, optimizer: String
        let hyperparameters: [String: JSONValue]
        let initial_params: [FixtureTensor]
        let steps: [Step]
    }
    let cases: [Case]
}

private struct ScheduleFixture: Decodable {
    struct Schedule: Decodable { let name: String, scheduler: String, options: JSONValue, base_lr: Double, lr: [Double] }
    struct Clip: Decodable {
        let name: String, function: String, options: JSONValue
        let grads_in: [FixtureTensor], grads_out: [FixtureTensor]
        let total_norm: Double?
    }
    let schedules: [Schedule]
    let clipping: [Clip]
}

private let optimizerCases = (try? Fixtures.json("nn/optimizers.json", as: OptimizerFixture.self).cases) ?? []
private let scheduleFixture = try? Fixtures.json("nn/schedules.json", as: ScheduleFixture.self)

private func makeOptimizer(_ c: OptimizerFixture.Case, _ params: [Parameter]) -> any Optimizer {
    let h = c.hyperparameters
    let lr = h["lr"]!.double!
    let wd = h["weight_decay"]?.double ?? 0
    switch c.optimizer {
    case "SGD":
        return SGD(params, learningRate: lr, momentum: h["momentum"]!.double!, dampening: h["dampening"]!.double!,
                   nesterov: h["nesterov"]!.bool!, weightDecay: wd)
    case "Adam", "AdamW":
        let betas = h["betas"]!.array!.compactMap(\.double)
        let amsgrad = h["amsgrad"]?.bool ?? false
        if c.optimizer == "AdamW" {
            return AdamW(params, learningRate: lr, beta1: betas[0], beta2: betas[1], epsilon: h["eps"]!.double!,
                         weightDecay: wd, amsgrad: amsgrad)
        }
        return Adam(params, learningRate: lr, beta1: betas[0], beta2: betas[1], epsilon: h["eps"]!.double!,
                    weightDecay: wd, amsgrad: amsgrad)
    case "RMSprop":
        return RMSprop(params, learningRate: lr, alpha: h["alpha"]!.double!, epsilon: h["eps"]!.double!, weightDecay: wd,
                       momentum: h["momentum"]!.double!, centered: h["centered"]!.bool!)
    case "Adagrad":
        return Adagrad(params, learningRate: lr, learningRateDecay: h["lr_decay"]!.double!, weightDecay: wd,
                       initialAccumulator: h["initial_accumulator_value"]!.double!, epsilon: h["eps"]!.double!)
    default:
        preconditionFailure("unknown optimizer \(c.optimizer)")
    }
}

@Suite("Optimizers match PyTorch")
struct OptimizerParityTests {
    @Test func fixturesArePresent() {
        #expect(optimizerCases.count >= 16)
        #expect(scheduleFixture != nil)
    }

    @Test(arguments: optimizerCases.map(\.name))
    func fiveStepsMatch(_ name: String) throws {
        let c = try #require(optimizerCases.first { $0.name == name })
        let params = c.initial_params.map { Parameter($0.tensor()) }
        let optimizer = makeOptimizer(c, params)
        for (k, step) in c.steps.enumerated() {
            var grads = Gradients()
            for (p, g) in zip(params, step.grads) { grads[p.value] = g.tensor() }
            optimizer.step(grads)
            for (p, expected) in zip(params, step.params) {
                let diff = maxRelativeDifference(p.value.doubles, expected.values)
                #expect(diff < 1e-12, "\(name) step \(k + 1): max relative difference \(diff)")
            }
        }
    }

    @Test func float32UpdatesTrackFloat64() throws {
        let c = try #require(optimizerCases.first { $0.name == "adam" })
        let params = c.initial_params.map { Parameter($0.tensor(.float32)) }
        let optimizer = makeOptimizer(c, params)
        for step in c.steps {
            var grads = Gradients()
            for (p, g) in zip(params, step.grads) { grads[p.value] = g.tensor(.float32) }
            optimizer.step(grads)
        }
        for (p, expected) in zip(params, c.steps.last!.params) {
            #expect(maxRelativeDifference(p.value.doubles, expected.values) < 1e-5)
        }
    }

    @Test func stateDictRoundTripContinuesIdentically() throws {
        let c = try #require(optimizerCases.first { $0.name == "adam_amsgrad" })
        let a = c.initial_params.map { Parameter($0.tensor()) }
        let b = c.initial_params.map { Parameter($0.tensor()) }
        let oa = makeOptimizer(c, a), ob = makeOptimizer(c, b)
        func feed(_ o: any Optimizer, _ ps: [Parameter], _ s: OptimizerFixture.Step) {
            var g = Gradients()
            for (p, t) in zip(ps, s.grads) { g[p.value] = t.tensor() }
            o.step(g)
        }
        for s in c.steps.prefix(2) { feed(oa, a, s); feed(ob, b, s) }
        // A third optimizer resumes from b's state.
        let resumed = makeOptimizer(c, b)
        try resumed.loadStateDict(ob.stateDict())
        for s in c.steps.dropFirst(2) { feed(oa, a, s); feed(resumed, b, s) }
        for (x, y) in zip(a, b) { #expect(x.value.doubles == y.value.doubles) }
    }
}

private func makeSchedule(_ name: String, _ options: JSONValue, base: Double) -> any LearningRateSchedule {
    switch name {
    case "StepLR": return StepSchedule(base: base, stepSize: options["step_size"]!.int!, gamma: options["gamma"]!.double!)
    case "CosineAnnealingLR":
        return CosineSchedule(base: base, period: options["T_max"]!.int!, minimum: options["eta_min"]!.double!)
    case "LinearLR":
        return LinearSchedule(base: base, startFactor: options["start_factor"]!.double!, endFactor: options["end_factor"]!.double!,
                              totalSteps: options["total_iters"]!.int!)
    case "OneCycleLR":
        return OneCycleSchedule(maxRate: options["max_lr"]!.double!, totalSteps: options["total_steps"]!.int!,
                                threePhase: options["three_phase"]?.bool ?? false)
    case "SequentialLR":
        let subs = options["schedulers"]!.array!.map { makeSchedule($0["scheduler"]!.string!, $0["options"]!, base: base) }
        return SequentialSchedule(subs[0], then: subs[1], at: options["milestones"]!.array![0].int!)
    default: preconditionFailure("unknown scheduler \(name)")
    }
}

@Suite("Schedules and clipping match PyTorch")
struct ScheduleParityTests {
    @Test(arguments: scheduleFixture?.schedules.map(\.name) ?? [])
    func learningRatesMatch(_ name: String) throws {
        let s = try #require(scheduleFixture?.schedules.first { $0.name == name })
        let schedule = makeSchedule(s.scheduler, s.options, base: s.base_lr)
        let ours = s.lr.indices.map { schedule.learningRate(at: $0) }
        #expect(maxRelativeDifference(ours, s.lr) < 1e-12, "\(name): \(ours.prefix(6)) vs \(s.lr.prefix(6))")
    }

    @Test(arguments: scheduleFixture?.clipping.map(\.name) ?? [])
    func clippingMatches(_ name: String) throws {
        let c = try #require(scheduleFixture?.clipping.first { $0.name == name })
        let params = c.grads_in.map { Parameter(Tensor.zeros($0.shape, dtype: .float64)) }
        var grads = Gradients()
        for (p, g) in zip(params, c.grads_in) { grads[p.value] = g.tensor() }
        if c.function == "clip_grad_norm_" {
            let norm = GradientClipping.clipNorm(&grads, parameters: params, maxNorm: c.options["max_norm"]!.double!,
                                                 normType: c.options["norm_type"]!.double!)
            #expect(abs(norm - c.total_norm!) < 1e-12 * max(1, c.total_norm!))
        } else {
            GradientClipping.clipValue(&grads, parameters: params, limit: c.options["clip_value"]!.double!)
        }
        for (p, expected) in zip(params, c.grads_out) {
            #expect(maxRelativeDifference(grads[p.value]!.doubles, expected.values) < 1e-12)
        }
    }
}
