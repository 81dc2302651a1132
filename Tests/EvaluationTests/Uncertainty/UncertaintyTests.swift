// Uncertainty decomposition, regression uncertainty, OOD scores and selective prediction against
// scipy / torch / scikit-learn values in Tests/Fixtures/evaluation/calibration.json.
import Foundation
import Testing
import TestSupport
import Evaluation

@Suite("Uncertainty")
struct UncertaintyTests {
    let u = CalibrationFixtures.root["uncertainty"]!

    @Test func entropyDecompositionMatchesScipy() throws {
        let stack = u["stack"]!.array!.map(\.rows)
        let decomposition = try UncertaintyMetrics.decompose(stack)
        expectParity(decomposition.predictiveEntropy, u["predictive_entropy"]!.doubles, "predictive entropy")
        expectParity(decomposition.expectedEntropy, u["expected_entropy"]!.doubles, "expected entropy")
        expectParity(decomposition.mutualInformation,
                     zip(u["predictive_entropy"]!.doubles, u["expected_entropy"]!.doubles).map { $0 - $1 }, "mutual information")
        expectParity(try UncertaintyMetrics.entropy(decomposition.meanProbabilities), u["predictive_entropy"]!.doubles, "entropy")
        // Identical passes carry no epistemic uncertainty.
        let same = try UncertaintyMetrics.decompose([[[0.2, 0.8]], [[0.2, 0.8]]])
        #expect(same.mutualInformation == [0])
        #expect(throws: EvaluationError.widthMismatch(what: "classes in pass 1", expected: 2, found: 3)) {
            try UncertaintyMetrics.decompose([[[0.2, 0.8]], [[0.2, 0.3, 0.5]]])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "samples in pass 1", expected: 1, found: 2)) {
            try UncertaintyMetrics.decompose([[[0.2, 0.8]], [[0.2, 0.8], [1, 0]]])
        }
        #expect(throws: EvaluationError.emptyInput(what: "probability stack (T passes)")) { try UncertaintyMetrics.decompose([]) }
    }

    @Test func regressionUncertaintyMatchesTorchAndScipy() throws {
        let y = u["y"]!.doubles, mu = u["mu"]!.doubles, v = u["var"]!.doubles
        expectParity(try UncertaintyMetrics.gaussianNegativeLogLikelihood(y, mean: mu, variance: v), u["gaussian_nll"], "Gaussian NLL")
        let curve = try UncertaintyMetrics.regressionCalibrationCurve(y, mean: mu, variance: v, levels: u["levels"]!.doubles)
        expectParity(curve.observedCoverage, u["observed_coverage"]!.doubles, "observed coverage")
        #expect(curve.calibrationError >= 0)
        #expect(try UncertaintyMetrics.sharpness(variance: [1, 2, 3]) == 2)
        let moments = try UncertaintyMetrics.predictiveMoments([[1, 0], [3, 0]])
        #expect(moments.mean == [2, 0] && moments.variance == [1, 0])
        let mixture = try UncertaintyMetrics.mixtureMoments(means: [[1], [3]], variances: [[0.5], [1.5]])
        #expect(mixture.mean == [2] && mixture.variance == [2])
        #expect(throws: EvaluationError.nonPositiveVariance(index: 1, value: 0)) {
            try UncertaintyMetrics.gaussianNegativeLogLikelihood([0, 0], mean: [0, 0], variance: [1, 0])
        }
        #expect(EvaluationError.nonPositiveVariance(index: 1, value: 0).description.contains("floor"))
        #expect(throws: EvaluationError.parameterOutOfRange(name: "coverage level", value: 1, allowed: "strictly between 0 and 1")) {
            try UncertaintyMetrics.regressionCalibrationCurve([0], mean: [0], variance: [1], levels: [0.5, 1])
        }
        #expect(throws: EvaluationError.lengthMismatch(what: "predicted means", expected: 2, found: 1)) {
            try UncertaintyMetrics.gaussianNegativeLogLikelihood([0, 1], mean: [0], variance: [1, 1])
        }
    }

    @Test func mahalanobisMatchesLeeEtAlComputation() throws {
        let fitted = try MahalanobisDetector().fit(u["features"]!.rows, labels: u["feature_labels"]!.ints)
        expectClose(fitted.classMeans.flatMap { $0 }, u["class_means"]!.rows.flatMap { $0 }, 1e-12, "class means")
        let distances = try fitted.distances(u["queries"]!.rows)
        expectClose(distances.flatMap { $0 }, u["mahalanobis"]!.rows.flatMap { $0 }, 1e-8, "Mahalanobis distances")
        #expect(try fitted.scores(u["queries"]!.rows) == distances.map { -$0.min()! })
        #expect(try jsonRoundTrip(fitted))
        #expect(throws: EvaluationError.widthMismatch(what: "features", expected: 4, found: 2)) { try fitted.distances([[0, 0]]) }
        #expect(throws: EvaluationError.self) { try MahalanobisDetector().fit([[0], [1]], labels: [0, 2]) }
    }

    @Test func detectionMatchesScikitLearnROC() throws {
        let result = try OutOfDistribution.detection(inDistribution: u["ind"]!.doubles, outOfDistribution: u["ood"]!.doubles)
        expectParity(result.auroc, u["auroc"], "AUROC")
        expectParity(result.falsePositiveRateAt95TruePositiveRate, u["fpr95"], "FPR at 95% TPR")
        #expect(throws: EvaluationError.emptyInput(what: "out-of-distribution scores")) {
            try OutOfDistribution.detection(inDistribution: [1], outOfDistribution: [])
        }
    }

    @Test func softmaxAndEnergyScores() throws {
        #expect(try OutOfDistribution.maximumSoftmaxProbability([[0.2, 0.8], [0.5, 0.5]]) == [0.8, 0.5])
        let energy = try OutOfDistribution.energy([[0, 0], [1000, 0]])
        #expect(Swift.abs(energy[0] + log(2)) < 1e-15 && Swift.abs(energy[1] + 1000) < 1e-12)
        // T = 2: −2·logsumexp([1, 3]/2).
        let t2 = try OutOfDistribution.energy([[1, 3]], temperature: 2)[0]
        #expect(Swift.abs(t2 + 2 * log(exp(0.5) + exp(1.5))) < 1e-12)
        #expect(throws: EvaluationError.parameterOutOfRange(name: "temperature", value: 0, allowed: "positive and finite (1 is usual)")) {
            try OutOfDistribution.energy([[0, 1]], temperature: 0)
        }
        #expect(throws: EvaluationError.invalidProbability(row: 0, column: 0, value: -0.5)) {
            try OutOfDistribution.maximumSoftmaxProbability([[-0.5, 1.5]])
        }
    }

    @Test func riskCoverageMatchesGeifmanAURC() throws {
        let curve = try SelectivePrediction.riskCoverageCurve(confidence: u["confidence"]!.doubles, losses: u["errors"]!.doubles)
        expectParity(curve.areaUnderCurve, u["aurc"], "AURC")
        #expect(curve.coverage.last == 1)
        // Ties are answered together: two thresholds, risks 0 then 1/3.
        let tied = try SelectivePrediction.riskCoverageCurve([0, 1, 1], probabilities: [[0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
        #expect(tied.coverage == [1.0 / 3, 1] && tied.risk == [0, 2.0 / 3] && tied.thresholds == [0.9, 0.6])
        #expect(Swift.abs(tied.areaUnderCurve - 4.0 / 9) < 1e-15)
        #expect(throws: EvaluationError.lengthMismatch(what: "losses", expected: 2, found: 1)) {
            try SelectivePrediction.riskCoverageCurve(confidence: [0.1, 0.2], losses: [1])
        }
    }
}
