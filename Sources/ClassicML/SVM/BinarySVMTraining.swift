// One binary C-SVM fit on a subset of the training rows, and the cross-validated decision values Platt
// scaling is fitted on (libsvm's svm_binary_svc_probability).
import Tensors

/// The solver settings every sub-problem shares.
struct SMOSettings: Sendable {
    var tolerance: Double
    var shrinking: Bool
}

/// A binary C-SVM on training rows `members`: yᵢαᵢ per member and ρ (decision = Σ yᵢαᵢK(xᵢ, x) − ρ,
/// positive for the positive class).
struct BinarySVMSolution: Sendable {
    var coefficients: [Double]
    var rho: Double
    var converged: Bool
}

enum BinarySVMTraining {
    /// Solves the C-SVM dual on rows `members` with labels `positive`, bound `cPositive` / `cNegative` per class.
    static func fit(_ source: KernelSource, members: [Int], positive: [Bool], cPositive: Double, cNegative: Double,
                    settings: SMOSettings, multithreaded: Bool) -> BinarySVMSolution {
        let y = positive.map { $0 ? 1.0 : -1.0 }
        let problem = SMOProblem(
            y: y, p: [Double](repeating: -1, count: members.count), upper: positive.map { $0 ? cPositive : cNegative },
            diagonal: members.map(source.diagonal), tolerance: settings.tolerance, shrinking: settings.shrinking)
        let result = SMOSolver.solve(problem, rows: source.cache(for: members, multithreaded: multithreaded))
        return BinarySVMSolution(coefficients: zip(result.alpha, y).map(*), rho: result.rho, converged: result.converged)
    }

    /// Decision values of every member from 5-fold cross-validation (each fold's rows scored by an SVM fitted on
    /// the other four), in member order; the folds come from a permutation drawn from `rng`. A fold whose
    /// training part holds one class only scores its rows ±1, as libsvm does.
    static func crossValidatedDecisions(_ source: KernelSource, members: [Int], positive: [Bool], cPositive: Double, cNegative: Double,
                                        settings: SMOSettings, rng: inout RandomGenerator, multithreaded: Bool) -> [Double] {
        let l = members.count, folds = 5
        var perm = Array(0..<l)
        for i in 0..<l { perm.swapAt(i, i + rng.nextInt(below: l - i)) }
        var decisions = [Double](repeating: 0, count: l)
        for fold in 0..<folds {
            let begin = fold * l / folds, end = (fold + 1) * l / folds
            let heldOut = Array(perm[begin..<end])
            let trainLocal = Array(perm[0..<begin]) + Array(perm[end..<l])
            let trainPositive = trainLocal.map { positive[$0] }
            let positives = trainPositive.filter { $0 }.count, negatives = trainLocal.count - positives
            if positives == 0 || negatives == 0 {
                let value: Double = positives > 0 ? 1 : negatives > 0 ? -1 : 0
                for v in heldOut { decisions[v] = value }
                continue
            }
            let solution = fit(source, members: trainLocal.map { members[$0] }, positive: trainPositive,
                               cPositive: cPositive, cNegative: cNegative, settings: settings, multithreaded: multithreaded)
            let support = solution.coefficients.indices.filter { solution.coefficients[$0] != 0 }
            let sums = source.weightedSums(targets: heldOut.map { members[$0] }, sources: support.map { members[trainLocal[$0]] },
                                           coefficients: support.map { solution.coefficients[$0] }, multithreaded: multithreaded)
            for (r, v) in heldOut.enumerated() { decisions[v] = sums[r] - solution.rho }
        }
        return decisions
    }
}
