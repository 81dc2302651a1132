import Testing
import TestSupport
@testable import NeuralNetworks
import Tensors

@Suite("Module")
struct ModuleTests {
    @Test func dottedNamesFollowPyTorch() {
        let model = withInitializationSeed(1) {
            Sequential {
                Conv2d(1, 4, kernelSize: 3, padding: 1)
                BatchNorm2d(4)
                ReLU()
                Flatten()
                Linear(4 * 8 * 8, 10)
            }
        }
        let names = model.stateDict().keys.sorted()
        #expect(names == ["0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var",
                          "1.weight", "4.bias", "4.weight"])
        #expect(model.namedParameters().map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"])
        #expect(model.parameterCount() == 4 * 9 + 4 + 4 + 4 + 256 * 10 + 10)
    }

    @Test func snakeCaseConversion() {
        #expect(ModuleNaming.snakeCase("selfAttn") == "self_attn")
        #expect(ModuleNaming.snakeCase("runningMean") == "running_mean")
        #expect(ModuleNaming.snakeCase("linear1") == "linear1")
        #expect(ModuleNaming.snakeCase("outProj") == "out_proj")
    }

    @Test func seededInitialisationIsReproducible() {
        let a = withInitializationSeed(7) { Linear(5, 3) }
        let b = withInitializationSeed(7) { Linear(5, 3) }
        let c = withInitializationSeed(8) { Linear(5, 3) }
        #expect(a.weight.value.scalars == b.weight.value.scalars)
        #expect(a.weight.value.scalars != c.weight.value.scalars)
        let bound = 1 / Float(5).squareRoot()
        #expect(a.weight.value.scalars.allSatisfy { abs($0) <= bound })
    }

    @Test func freezingStopsGradientsAndTrainEvalPropagates() {
        let model = withInitializationSeed(2) { Sequential { Linear(3, 4); Dropout(probability: 0.5); Linear(4, 2) } }
        model.freeze(prefix: "0.")
        #expect(model.parameterCount(trainableOnly: true) == 4 * 2 + 2)
        let x = Tensor.ones([2, 3])
        let grads = model(x).sum().backward()
        #expect(grads[model.parameters()[0].value] == nil)
        #expect(grads[model.parameters()[2].value] != nil)
        model.eval()
        #expect(!model.isInTrainingMode)
        #expect(model(x).scalars == model(x).scalars)  // dropout off
        model.train()
        #expect(model.isInTrainingMode)
    }

    @Test func loadStateDictChecksBeforeWriting() throws {
        let model = withInitializationSeed(3) { Sequential { Linear(3, 4); Linear(4, 2) } }
        let before = model.stateDict()
        var state = before
        state["1.weight"] = Tensor.zeros([3, 3])
        state["0.weight"] = Tensor.zeros([4, 3])
        #expect(throws: NeuralNetworkError.shapeMismatch(name: "1.weight", expected: [2, 4], found: [3, 3])) {
            try model.loadStateDict(state)
        }
        #expect(model.stateDict()["0.weight"]!.scalars == before["0.weight"]!.scalars)
        state.removeValue(forKey: "1.weight")
        #expect(throws: NeuralNetworkError.missingKeys(["1.weight"])) { try model.loadStateDict(state) }
        var extra = before
        extra["2.weight"] = Tensor.zeros([1])
        #expect(throws: NeuralNetworkError.unexpectedKeys(["2.weight"])) { try model.loadStateDict(extra) }
        try model.loadStateDict(extra, strict: false)
    }
}

@Suite("Module summary")
struct ModuleSummaryTests {
    @Test func listsModulesShapesAndCounts() {
        let model = withInitializationSeed(1) { Sequential { Linear(3, 4); ReLU(); Linear(4, 2) } }
        model.freeze(prefix: "2.")
        let text = model.summary()
        #expect(text.contains("(0) Linear  weight [4, 3], bias [4]  = 16"))
        #expect(text.contains("(2) Linear  weight [2, 4] (frozen), bias [2] (frozen)  = 10"))
        #expect(text.hasSuffix("parameters: 26 (16 trainable, 10 frozen)"))
    }
}
