// The README's training quick start, run as a test so it cannot rot. The code between the markers is the
// README's, statement for statement; only `showProgress: false` (quiet test output) and the final checks differ.
// The README imports the umbrella `SwiftLearn`; this target sees the same modules one by one.
import Foundation
import Testing
import Datasets
import Evaluation
import NeuralNetworks
import Tensors

@Suite("README quick start: training")
struct QuickStartTrainingTests {
    @Test("the training quick start runs and reaches > 90 % test accuracy on digits")
    func trainingQuickStart() throws {
        // --- README ---
        let digits = try BundledDataset.load("digits")            // 1797 × 64 pixel values, 10 classes
        let split = try trainTestSplit(digits.features, digits.targets!, testFraction: 0.2, stratify: true, seed: 0)
        let scaler = try StandardScaler().fit(split.xTrain)        // statistics from the training rows only
        let xTrain = try scaler.transform(split.xTrain), xTest = try scaler.transform(split.xTest)

        let model = withInitializationSeed(0) {                    // same seed, same weights, on every machine
            Sequential {
                Linear(64, 128)
                ReLU()
                Linear(128, 10)
            }
        }
        let loader = try DataLoader(features: xTrain, targets: split.yTrain, batchSize: 32, seed: 0)
        let test = SequentialBatches(inputs: xTest, targets: split.yTest, batchSize: 256)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters(), learningRate: 1e-3),
                              loss: { Losses.crossEntropy($0, $1) }, metrics: [.accuracy],
                              options: TrainerOptions(epochs: 5, showProgress: false))
        try trainer.fit(loader, validation: test)                  // one line per epoch on stderr
        let (_, scores) = trainer.evaluate(test)
        print(scores["accuracy"]!)                                 // test accuracy

        let predicted = trainer.predict(xTest).argmax(axis: 1).integers
        print(ClassificationMetrics.report(split.yTest.integers, predicted, classNames: digits.classNames))
        print(model.stateDict().keys.sorted())                     // ["0.bias", "0.weight", "2.bias", "2.weight"]
        // --- end README ---

        #expect(scores["accuracy"]! > 0.9)
        #expect(ClassificationMetrics.accuracy(split.yTest.integers, predicted) == scores["accuracy"]!)
        #expect(model.stateDict().keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight"])
        #expect(trainer.history.count == 5)
        #expect(split.xTest.shape == [360, 64])
    }
}
