// Edge cases of the estimators against scikit-learn 1.9.1: one feature, constant features, duplicate rows, more
// features than rows, k at the limits, full-rank PCA, stumps, separable data, single classes, zero rows and
// non-finite input. Each expected value is the scikit-learn expression in the comment beside it.
import Testing
import Tensors
@testable import ClassicML

private func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

/// `X1 = [[0],[1],[2],[3],[4],[5]]`, `y1 = [0,0,0,1,1,1]`: one feature, perfectly separable at 2.5.
private let x1 = Tensor([0.0, 1, 2, 3, 4, 5], shape: [6, 1])
private let y1 = Tensor([0.0, 0, 0, 1, 1, 1])
/// `Xw = [[1,2,3,4,5],[2,1,0,1,2],[0,0,1,3,1]]`: more features than rows.
private let xw = Tensor([1.0, 2, 3, 4, 5, 2, 1, 0, 1, 2, 0, 0, 1, 3, 1], shape: [3, 5])

@Suite("Estimator edge cases match scikit-learn")
struct ClassicMLEdgeCaseParityTests {
    @Test func linearRegressionOnDegenerateDesigns() throws {
        // LinearRegression().fit(Xw, [1,2,3]): coef_ = [-0.2,-0.2,-0.0667,0.0667,-0.3333], intercept_ = 3.2 (minimum norm)
        let wide = try LinearRegression().fit(xw, Tensor([1.0, 2, 3]))
        #expect(close(wide.coefficients, [-0.2, -0.2, -0.06666666666666667, 0.06666666666666667, -0.3333333333333333], 1e-9))
        #expect(close([wide.intercept], [3.2], 1e-9))
        // LinearRegression().fit(np.c_[X1, X1], [1,2,3,4,5,7]): coef_ = [0.5714, 0.5714], intercept_ = 0.8095
        let twice = Tensor([0.0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], shape: [6, 2])
        let dup = try LinearRegression().fit(twice, Tensor([1.0, 2, 3, 4, 5, 7]))
        #expect(close(dup.coefficients, [0.5714285714285714, 0.5714285714285714]))
        #expect(close([dup.intercept], [0.8095238095238098]))
        // LinearRegression().fit(np.c_[X1, ones], [1,2,3,4,5,7]): coef_ = [1.142857, 0], intercept_ = 0.809524
        let constant = Tensor([0.0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1], shape: [6, 2])
        let c = try LinearRegression().fit(constant, Tensor([1.0, 2, 3, 4, 5, 7]))
        #expect(close(c.coefficients, [1.1428571428571428, 0], 1e-9))
        #expect(close([c.intercept], [0.8095238095238102]))
        // LinearRegression().fit([[2,3]], [5]): coef_ = [0, 0], intercept_ = 5.0
        let one = try LinearRegression().fit(Tensor([2.0, 3], shape: [1, 2]), Tensor([5.0]))
        #expect(close(one.coefficients, [0, 0]) && close([one.intercept], [5]))
        // Ridge().fit(Xw, [1,2,3]): coef_ = [-0.16814159,-0.17699115,-0.07079646,0.04424779,-0.30088496], intercept_ = 3.1238938
        let ridge = try Ridge().fit(xw, Tensor([1.0, 2, 3]))
        #expect(close(ridge.coefficients, [-0.16814159292035397, -0.17699115044247787, -0.07079646017699115,
                                           0.04424778761061947, -0.3008849557522124], 1e-7))
        #expect(close([ridge.intercept], [3.1238938053097343], 1e-7))
    }

    @Test func pcaWithAllComponentsOnWideData() throws {
        // PCA(n_components=3).fit(Xw): min(n, d) = 3 components, the last with zero variance
        let m = try PCA(components: 3).fit(xw)
        // .explained_variance_ = [8.28388218, 2.71611782, ~0]
        #expect(close(m.explainedVariance, [8.28388218, 2.71611782, 0], 1e-8))
        // .explained_variance_ratio_ = [0.753080198, 0.246919802, ~0]
        #expect(close(m.explainedVarianceRatio, [0.753080198, 0.246919802, 0], 1e-8))
        // .singular_values_ = [4.07035187, 2.33071569, ~0] ; .noise_variance_ = 0.0
        #expect(close(m.singularValues, [4.07035187, 2.33071569, 0], 1e-8))
        #expect(m.noiseVariance == 0)
        // .components_[:2]
        #expect(close(Array(m.components.doubles.prefix(10)),
                      [-0.02710368, 0.28642533, 0.51351379, 0.42707324, 0.68639489,
                       0.60492318, 0.34345383, -0.2341412, -0.55026687, 0.39811014], 1e-7))
        // .transform(Xw)[:, :2]
        let z = try m.transform(xw).doubles
        #expect(close([z[0], z[1], z[3], z[4], z[6], z[7]],
                      [3.31330073, 0.14845298, -1.88117408, 1.56881614, -1.43212665, -1.71726913], 1e-7))
        // PCA(n_components=2).fit([[1,2],[1,2],[3,1]]).explained_variance_ = [1.6666667, ~0]
        let d = try PCA(components: 2).fit(Tensor([1.0, 2, 1, 2, 3, 1], shape: [3, 2]))
        #expect(close(d.explainedVariance, [1.6666666666666667, 0], 1e-9))
        #expect(throws: ClassicMLError.self) { try PCA(components: 4).fit(xw) }
    }

    @Test func kMeansWithDuplicatePoints() throws {
        // KMeans(3, random_state=0).fit([[0,0],[0,0],[1,1],[1,1],[5,5]]): inertia_ = 0, centres {(0,0),(1,1),(5,5)}
        let x = Tensor([0.0, 0, 0, 0, 1, 1, 1, 1, 5, 5], shape: [5, 2])
        let m = try KMeans(clusters: 3, seed: 0).fit(x)
        #expect(m.inertia == 0)
        let c = m.centers.doubles
        let centres: [[Double]] = (0..<3).map { (i: Int) -> [Double] in [c[2 * i], c[2 * i + 1]] }
            .sorted { (a: [Double], b: [Double]) -> Bool in a[0] < b[0] }
        #expect(centres == [[0, 0], [1, 1], [5, 5]])
        let labels = m.labels.doubles
        #expect(labels[0] == labels[1] && labels[2] == labels[3] && Set(labels).count == 3)
        // KMeans(3, random_state=0).fit([[0,0],[0,0],[0,0],[1,1]]): fewer distinct points than clusters;
        // inertia_ = 0 (two centres coincide; scikit-learn warns)
        let fewer = try KMeans(clusters: 3, seed: 0).fit(Tensor([0.0, 0, 0, 0, 0, 0, 1, 1], shape: [4, 2]))
        #expect(fewer.inertia == 0)
        let fewerCentres = fewer.centers.doubles
        #expect(fewerCentres.allSatisfy { $0.isFinite })
        // KMeans(6).fit(x) with 5 samples raises "n_samples=5 should be >= n_clusters=6"
        #expect(throws: ClassicMLError.tooFewSamples(what: "KMeans with 6 clusters", needed: 6, found: 5)) {
            try KMeans(clusters: 6, seed: 0).fit(x)
        }
    }

    @Test func nearestNeighboursAtTheLimits() throws {
        // KNeighborsClassifier(5).fit(X[:3], ...).predict raises "Expected n_neighbors <= n_samples_fit"
        #expect(throws: ClassicMLError.self) {
            try KNeighborsClassifier(neighbors: 5).fit(Tensor([0.0, 1, 2], shape: [3, 1]), Tensor([0.0, 1, 0]))
        }
        // KNeighborsRegressor(3, weights="distance").fit([[1000.1,2000.3],[1000.1,2000.3],[0,0]], [1,3,10])
        //     .predict([[1000.1,2000.3]]) = [2.0]: the two exact matches share the vote equally
        let x = Tensor([1000.1, 2000.3, 1000.1, 2000.3, 0, 0], shape: [3, 2]), q = Tensor([1000.1, 2000.3], shape: [1, 2])
        for algorithm in [NeighborAlgorithm.brute, .kdTree] {
            let r = try KNeighborsRegressor(neighbors: 3, weighting: .distance, algorithm: algorithm).fit(x, Tensor([1.0, 3, 10]))
            #expect(close(try r.predict(q).doubles, [2]), "\(algorithm)")
            // KNeighborsClassifier(3, weights="distance").fit(same, [1,0,0]).predict_proba(q) = [[0.5, 0.5]]
            let c = try KNeighborsClassifier(neighbors: 3, weighting: .distance, algorithm: algorithm).fit(x, Tensor([1.0, 0, 0]))
            #expect(close(try c.predictProbabilities(q).doubles, [0.5, 0.5]), "\(algorithm)")
        }
    }

    @Test func stumpsAndConstantFeatures() throws {
        // DecisionTreeClassifier(max_depth=1).fit(X1, y1).predict_proba([[2.5],[3.5]]) = [[1,0],[0,1]]
        let stump = try DecisionTreeClassifier(limits: TreeLimits(maxDepth: 1)).fit(x1, y1)
        #expect(try stump.predictProbabilities(Tensor([2.4, 2.6], shape: [2, 1])).doubles == [1, 0, 0, 1])
        #expect(stump.depth == 1 && stump.leafCount == 2)
        // DecisionTreeClassifier().fit(ones((4,2)), [0,1,0,1]): node_count 1, predict_proba [[0.5,0.5]],
        // feature_importances_ = [0, 0]
        let flat = Tensor([Double](repeating: 1, count: 8), shape: [4, 2])
        let c = try DecisionTreeClassifier().fit(flat, Tensor([0.0, 1, 0, 1]))
        #expect(c.nodeCount == 1)
        #expect(try c.predictProbabilities(Tensor([0.0, 0], shape: [1, 2])).doubles == [0.5, 0.5])
        #expect(c.featureImportances == [0, 0])
        // DecisionTreeRegressor().fit(ones((4,2)), [0,1,0,4]).predict([[0,0]]) = [1.25], feature_importances_ = [0, 0]
        let r = try DecisionTreeRegressor().fit(flat, Tensor([0.0, 1, 0, 4]))
        #expect(try r.predict(Tensor([0.0, 0], shape: [1, 2])).doubles == [1.25])
        #expect(r.featureImportances == [0, 0])
        // DecisionTreeClassifier().fit([[0],[0],[1],[1]], [0,1,1,1]).predict_proba([[0],[1]]) = [[.5,.5],[0,1]]
        let dup = try DecisionTreeClassifier().fit(Tensor([0.0, 0, 1, 1], shape: [4, 1]), Tensor([0.0, 1, 1, 1]))
        #expect(try dup.predictProbabilities(Tensor([0.0, 1], shape: [2, 1])).doubles == [0.5, 0.5, 0, 1])
        // RandomForestClassifier(10, max_depth=1, random_state=0).fit(X1, y1).predict([[0],[5]]) = [0, 1]
        let forest = try RandomForestClassifier(treeCount: 10, limits: TreeLimits(maxDepth: 1), seed: 0).fit(x1, y1)
        #expect(try forest.predict(Tensor([0.0, 5], shape: [2, 1])).doubles == [0, 1])
        #expect(forest.maxDepth == 1)
    }

    @Test func logisticRegressionOnSeparableData() throws {
        // LogisticRegression().fit(X1, y1): coef_ = [[1.12061113]], intercept_ = [-2.80179296]
        let m = try LogisticRegression().fit(x1, y1)
        #expect(close(m.coefficients, [1.12061113], 1e-4) && close(m.intercepts, [-2.80179296], 1e-4))
        // .predict_proba([[0],[2.5],[5]])[:, 1] = [0.05722736, 0.49993372, 0.94274402]
        let p = try m.predictProbabilities(Tensor([0.0, 2.5, 5], shape: [3, 1])).doubles
        #expect(close([p[1], p[3], p[5]], [0.05722736, 0.49993372, 0.94274402], 1e-4))
        // Nearly unregularised on separable data the optimum is finite but flat: LogisticRegression(C=1e4,
        // tol=1e-12, solver="newton-cg") gives coef_ = [[13.25003816]], intercept_ = [-33.12509519]; at the default
        // tol=1e-4 scikit-learn's lbfgs stops at 13.2020345 / -32.9586729 and ours a little earlier (both meet the
        // gradient tolerance). The boundary −intercept/coef is 2.5 at the optimum, 2.4965 in scikit-learn.
        let hard = try LogisticRegression(c: 1e4, maxIterations: 1000).fit(x1, y1)
        #expect(hard.converged)
        #expect(close(hard.coefficients, [13.25003816], 0.05) && close(hard.intercepts, [-33.12509519], 0.05))
        #expect(close([-hard.intercepts[0] / hard.coefficients[0]], [2.5], 0.01))
        let tight = try LogisticRegression(c: 1e4, maxIterations: 1000, tolerance: 1e-10).fit(x1, y1)
        #expect(close(tight.coefficients, [13.25003816], 1e-4) && close(tight.intercepts, [-33.12509519], 1e-4))
        #expect(try hard.predict(x1).doubles == y1.doubles)
    }

    @Test func gaussianNaiveBayesWithAConstantFeature() throws {
        // GaussianNB().fit(np.c_[X1, ones], y1).predict_proba([[2,1],[3,1]]) = [[0.90465053,0.09534947],[0.09534947,0.90465053]]
        let x = Tensor([0.0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1], shape: [6, 2])
        let m = try GaussianNB().fit(x, y1)
        #expect(close(try m.predictProbabilities(Tensor([2.0, 1, 3, 1], shape: [2, 2])).doubles,
                      [0.90465053, 0.09534947, 0.09534947, 0.90465053], 1e-7))
        // GaussianNB().fit([[0],[0],[1],[1]], [0,0,1,1]).predict_proba([[0.5],[0]]) = [[0.49999999904767284]*2, [1, 0]]
        // (zero within-class variance, only epsilon_ = 2.5e-10: log-likelihoods near -1e9 lose ~1e-9 in logsumexp)
        let d = try GaussianNB().fit(Tensor([0.0, 0, 1, 1], shape: [4, 1]), Tensor([0.0, 0, 1, 1]))
        #expect(close(try d.predictProbabilities(Tensor([0.5, 0], shape: [2, 1])).doubles, [0.5, 0.5, 1, 0], 1e-8))
    }

    @Test func singleClassZeroRowsAndNonFiniteInputAreTypedErrors() throws {
        let one = Tensor([Double](repeating: 1, count: 6))
        // SVC().fit(X1, [1]*6) raises "The number of classes has to be greater than one"
        #expect(throws: ClassicMLError.singleClass(label: 1)) { try SVC().fit(x1, one) }
        #expect(throws: ClassicMLError.singleClass(label: 1)) { try LinearSVC().fit(x1, one) }
        // LogisticRegression().fit(X1, [1]*6) raises "needs samples of at least 2 classes"
        #expect(throws: ClassicMLError.singleClass(label: 1)) { try LogisticRegression().fit(x1, one) }
        // LinearRegression().fit(X1, y1).predict(np.zeros((0, 1))) raises "Found array with 0 sample(s)"
        let fitted = try LinearRegression().fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try fitted.predict(Tensor([Double](), shape: [0, 1])) }
        let tree = try DecisionTreeClassifier().fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try tree.predict(Tensor([Double](), shape: [0, 1])) }
        // LinearRegression().fit([[0],[nan]], [1,2]) raises "Input X contains NaN"
        let bad = Tensor([0.0, 1, .nan, 3, 4, .infinity], shape: [3, 2])
        let y = Tensor([0.0, 1, 0])
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try LinearRegression().fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try Ridge().fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try LogisticRegression().fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try KMeans(clusters: 2).fit(bad) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try PCA().fit(bad) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try SVC().fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try GaussianNB().fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try KNeighborsClassifier(neighbors: 1).fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try DecisionTreeClassifier().fit(bad, y) }
        #expect(throws: ClassicMLError.nonFinite(row: 1, column: 0)) { try RandomForestClassifier(treeCount: 2).fit(bad, y) }
        #expect(throws: ClassicMLError.self) { try fitted.predict(Tensor([Double.nan], shape: [1, 1])) }
        #expect(throws: ClassicMLError.self) { try LinearRegression().fit(x1, Tensor([0.0, 1, .nan, 1, 1, 1])) }
    }
    @Test func moreEstimatorsOnDegenerateData() throws {
        // DecisionTreeRegressor(max_depth=1).fit(X1, [1,2,3,10,11,12]).predict([[2.4],[2.6]]) = [2, 11]
        let stump = try DecisionTreeRegressor(limits: TreeLimits(maxDepth: 1)).fit(x1, Tensor([1.0, 2, 3, 10, 11, 12]))
        #expect(try stump.predict(Tensor([2.4, 2.6], shape: [2, 1])).doubles == [2, 11])
        // SVC(kernel="linear").fit(X1, y1): support_ = [2, 3], dual_coef_ = [[-1, 1]], intercept_ = [-2.5],
        // decision_function([[0],[2.5],[5]]) = [-2.5, 0, 2.5]
        let svc = try SVC(kernel: .linear).fit(x1, y1)
        #expect(svc.supportIndices == [2, 3])
        #expect(close(svc.dualCoefficients.doubles, [-1, 1], 1e-6) && close(svc.intercepts, [-2.5], 1e-6))
        #expect(close(try svc.decisionFunction(Tensor([0.0, 2.5, 5], shape: [3, 1])).doubles, [-2.5, 0, 2.5], 1e-6))
        // SVR().fit(X1, [2]*6).predict([[0],[9]]) = [2, 2]
        let svr = try SVR().fit(x1, Tensor([Double](repeating: 2, count: 6)))
        #expect(close(try svr.predict(Tensor([0.0, 9], shape: [2, 1])).doubles, [2, 2], 1e-12))
        // LinearSVC(random_state=0).fit(X1, y1): coef_ = [[0.48322148]], intercept_ = [-1.0738255]
        let linear = try LinearSVC(seed: 0).fit(x1, y1)
        #expect(close(linear.coefficients, [0.48322148], 1e-3) && close(linear.intercepts, [-1.0738255], 1e-3))
        // KNeighborsRegressor(6).fit(X1, [1,2,3,4,5,9]).predict([[100]]) = [4.0] (k = all training rows)
        let knn = try KNeighborsRegressor(neighbors: 6).fit(x1, Tensor([1.0, 2, 3, 4, 5, 9]))
        #expect(try knn.predict(Tensor([100.0], shape: [1, 1])).doubles == [4])
        // Lasso(alpha=0.1).fit(np.c_[X1, ones], [1,2,3,4,5,7]): coef_ = [1.10857143, 0], intercept_ = 0.8952381
        let constant = Tensor([0.0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1], shape: [6, 2])
        let lasso = try Lasso(alpha: 0.1).fit(constant, Tensor([1.0, 2, 3, 4, 5, 7]))
        #expect(close(lasso.coefficients, [1.1085714285714285, 0], 1e-6) && close([lasso.intercept], [0.8952380952380952], 1e-6))
        // ElasticNet(alpha=0.1).fit(Xw, [1,2,3]): coef_ = [-0.20295152, 0, 0, 0, -0.41365389], intercept_ = 3.30602856
        let net = try ElasticNet(alpha: 0.1).fit(xw, Tensor([1.0, 2, 3]))
        #expect(close(net.coefficients, [-0.20295152, 0, 0, 0, -0.41365389], 1e-4) && close([net.intercept], [3.30602856], 1e-4))
        // MultinomialNB().fit([[1,0],[2,0],[0,0],[0,0]], [0,0,1,1]).predict_proba([[1,0],[0,1]])
        //     = [[0.61538462, 0.38461538], [0.28571429, 0.71428571]]
        let nb = try MultinomialNB().fit(Tensor([1.0, 0, 2, 0, 0, 0, 0, 0], shape: [4, 2]), Tensor([0.0, 0, 1, 1]))
        #expect(close(try nb.predictProbabilities(Tensor([1.0, 0, 0, 1], shape: [2, 2])).doubles,
                      [0.6153846153846154, 0.38461538461538464, 0.2857142857142857, 0.7142857142857143], 1e-9))
        // TruncatedSVD(2).fit([[1,2],[3,4],[5,7]]).explained_variance_ratio_ = [0.99414689, 0.00585311]
        let svd = try TruncatedSVD(components: 2).fit(Tensor([1.0, 2, 3, 4, 5, 7], shape: [3, 2]))
        #expect(close(svd.explainedVarianceRatio, [0.99414689, 0.00585311], 1e-6))
    }

    @Test func clusteringAndAnomaliesWithDuplicates() throws {
        // DBSCAN(eps=0.5, min_samples=3).fit(zeros((4,2))).labels_ = [0,0,0,0]
        let same = try DBSCAN(epsilon: 0.5, minimumSamples: 3).fit(Tensor([Double](repeating: 0, count: 8), shape: [4, 2]))
        #expect(same.labels.doubles == [0, 0, 0, 0])
        // DBSCAN(eps=0.5, min_samples=2).fit([[0],[0],[3],[10]]).labels_ = [0, 0, -1, -1]
        let noisy = try DBSCAN(epsilon: 0.5, minimumSamples: 2).fit(Tensor([0.0, 0, 3, 10], shape: [4, 1]))
        #expect(noisy.labels.doubles == [0, 0, -1, -1])
        // AgglomerativeClustering(2).fit([[0],[0],[0],[5],[5]]).labels_ = [1,1,1,0,0]: partition {0,1,2}, {3,4}
        let x = Tensor([0.0, 0, 0, 5, 5], shape: [5, 1])
        let a = try AgglomerativeClustering(clusters: 2).fit(x).labels.doubles
        #expect(a[0] == a[1] && a[1] == a[2] && a[3] == a[4] && a[0] != a[3])
        // AgglomerativeClustering(5).fit(same x).labels_ = [4,3,1,2,0]: every point its own cluster
        #expect(Set(try AgglomerativeClustering(clusters: 5).fit(x).labels.doubles).count == 5)
        // IsolationForest(random_state=0).fit(ones((10,2))).score_samples([[1,1],[5,5]]) = [-0.5, -0.5]
        let iso = try IsolationForest(seed: 0).fit(Tensor([Double](repeating: 1, count: 20), shape: [10, 2]))
        #expect(close(try iso.scoreSamples(Tensor([1.0, 1, 5, 5], shape: [2, 2])).doubles, [-0.5, -0.5], 1e-12))
        // HistGradientBoostingRegressor().fit(ones((30,2)), arange(30)).predict([[1,1]]) = [14.5]
        let flat = Tensor([Double](repeating: 1, count: 60), shape: [30, 2])
        let hgb = try HistGradientBoostingRegressor().fit(flat, Tensor((0..<30).map(Double.init)))
        #expect(close(try hgb.predict(Tensor([1.0, 1], shape: [1, 2])).doubles, [14.5], 1e-9))
        // HistGradientBoostingClassifier().fit(ones((30,2)), [0]*10+[1]*20).predict_proba([[1,1]]) = [[1/3, 2/3]]
        let hgc = try HistGradientBoostingClassifier().fit(flat, Tensor([Double](repeating: 0, count: 10) + [Double](repeating: 1, count: 20)))
        #expect(close(try hgc.predictProbabilities(Tensor([1.0, 1], shape: [1, 2])).doubles, [1.0 / 3, 2.0 / 3], 1e-9))
    }
    @Test func pcaWithoutVarianceAndSVCOnATie() throws {
        // PCA().fit(ones((4,2))).explained_variance_ = [0, 0]; explained_variance_ratio_ = [nan, nan] with a
        // warning — documented here as 0 (FittedPCA.explainedVarianceRatio).
        let flat = try PCA().fit(Tensor([Double](repeating: 1, count: 8), shape: [4, 2]))
        #expect(flat.explainedVariance == [0, 0] && flat.explainedVarianceRatio == [0, 0])
        // PCA(n_components=1).fit([[1,2]]).explained_variance_ = [nan] — documented here as 0.
        let single = try PCA(components: 1).fit(Tensor([1.0, 2], shape: [1, 2]))
        #expect(single.explainedVariance == [0] && single.explainedVarianceRatio == [0])
        // SVC().fit(ones((4,2)), [0,1,0,1]): decision_function([[1,1]]) = [-0.0], predict([[1,1]]) = [1]
        let svc = try SVC().fit(Tensor([Double](repeating: 1, count: 8), shape: [4, 2]), Tensor([0.0, 1, 0, 1]))
        let q = Tensor([1.0, 1], shape: [1, 2])
        #expect(close(try svc.decisionFunction(q).doubles, [0], 1e-12))
        #expect(try svc.predict(q).doubles == [1])
    }
    /// Features 0 and 2 are constant; with max_features=1 scikit-learn keeps drawing until it finds a usable
    /// feature, and the random draws (same seed, same stream) must pick the same splits.
    @Test(arguments: 0..<4)
    func treesWithConstantFeaturesAndOneFeaturePerSplit(seed: Int) throws {
        // rng = np.random.RandomState(3); n = 12
        // X = np.c_[ones(n), rng.randint(0,4,n), full(n,2.), rng.randint(0,3,n)]; y = rng.randint(0,2,n)
        // yr = np.round(rng.rand(n)*10, 1)
        let x = Tensor([1.0, 2.0, 2.0, 1.0, 1.0, 0.0, 2.0, 1.0, 1.0, 1.0, 2.0, 2.0, 1.0, 3.0, 2.0, 1.0, 1.0, 0.0, 2.0, 2.0,
                        1.0, 0.0, 2.0, 0.0, 1.0, 0.0, 2.0, 0.0, 1.0, 1.0, 2.0, 0.0, 1.0, 1.0, 2.0, 1.0, 1.0, 3.0, 2.0, 2.0,
                        1.0, 2.0, 2.0, 0.0, 1.0, 3.0, 2.0, 2.0], shape: [12, 4])
        let y = Tensor([1.0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0])
        let yr = Tensor([4.2, 2.8, 6.9, 4.4, 1.6, 5.4, 7.8, 3.1, 2.2, 3.9, 9.4, 9.8])
        // DecisionTreeClassifier(max_features=1, max_depth=2, random_state=s).fit(X, y).predict_proba(X)[:, 1]
        let classifierExpected: [[Double]] = [
            [0.714286, 0.714286, 0.0, 0.0, 0.0, 0.714286, 0.714286, 0.714286, 0.714286, 0.0, 0.714286, 0.0],
            [0.5, 0.5, 0.0, 0.5, 0.0, 0.75, 0.75, 0.75, 0.5, 0.0, 0.75, 0.0],
            [0.8, 0.25, 0.8, 0.0, 0.25, 0.25, 0.25, 0.8, 0.8, 0.0, 0.8, 0.0],
            [0.714286, 0.714286, 0.0, 0.0, 0.0, 0.714286, 0.714286, 0.714286, 0.714286, 0.0, 0.714286, 0.0],
        ]
        // DecisionTreeRegressor(max_features=1, max_depth=2, random_state=s).fit(X, yr).predict(X)
        let regressorExpected: [[Double]] = [
            [5.575, 3.375, 3.375, 5.575, 3.375, 5.433333, 5.433333, 5.433333, 3.375, 5.575, 9.4, 5.575],
            [5.233333, 2.2, 5.233333, 5.233333, 2.2, 5.433333, 5.433333, 5.433333, 5.233333, 5.233333, 9.4, 5.233333],
            [5.575, 4.4, 4.066667, 5.575, 4.4, 4.4, 4.4, 4.066667, 4.066667, 5.575, 9.4, 5.575],
            [5.575, 3.375, 3.375, 5.575, 3.375, 5.433333, 5.433333, 5.433333, 3.375, 5.575, 9.4, 5.575],
        ]
        let limits = TreeLimits(maxDepth: 2)
        let c = try DecisionTreeClassifier(limits: limits, maxFeatures: .count(1), seed: UInt64(seed)).fit(x, y)
        #expect(c.nodeCount == 5)
        let p = try c.predictProbabilities(x).doubles
        #expect(close((0..<12).map { p[2 * $0 + 1] }, classifierExpected[seed], 1e-6))
        let r = try DecisionTreeRegressor(limits: limits, maxFeatures: .count(1), seed: UInt64(seed)).fit(x, yr)
        #expect(close(try r.predict(x).doubles, regressorExpected[seed], 1e-6))
    }
    @Test func clusteringIdenticalPoints() throws {
        let same = Tensor([Double](repeating: 1, count: 6), shape: [3, 2])
        // KMeans(3, random_state=0).fit(ones((3,2))): inertia_ = 0, every centre (1,1), labels_ = [0,0,0],
        // predict([[1,1],[5,5]]) = [0, 0]
        let k = try KMeans(clusters: 3, seed: 0).fit(same)
        #expect(k.inertia == 0)
        #expect(k.centers.doubles == [Double](repeating: 1, count: 6))
        #expect(k.labels.doubles == [0, 0, 0])
        #expect(try k.predict(Tensor([1.0, 1, 5, 5], shape: [2, 2])).doubles == [0, 0])
        // KMeans(2, random_state=0, n_init=1).fit(ones((4,2))): inertia_ = 0, labels_ = [0,0,0,0]
        let four = try KMeans(clusters: 2, initializations: 1, seed: 0).fit(Tensor([Double](repeating: 1, count: 8), shape: [4, 2]))
        #expect(four.inertia == 0 && four.labels.doubles == [0, 0, 0, 0])
        #expect(four.centers.doubles == [Double](repeating: 1, count: 4))
        // AgglomerativeClustering(2).fit(ones((4,2))).labels_ = [0,0,0,1] (ward and average)
        for linkage in [Linkage.ward, .average] {
            let a = try AgglomerativeClustering(clusters: 2, linkage: linkage).fit(Tensor([Double](repeating: 1, count: 8), shape: [4, 2]))
            #expect(a.labels.doubles == [0, 0, 0, 1], "\(linkage)")
        }
    }
    /// scikit-learn raises "Found array with 0 sample(s)" from every predict/transform on a (0, d) array.
    @Test func everyPredictionOnZeroRowsIsATypedError() throws {
        let none = Tensor([Double](), shape: [0, 1])
        let pca = try PCA(components: 1).fit(x1)
        #expect(throws: ClassicMLError.emptyDataset) { try pca.transform(none) }
        let svd = try TruncatedSVD(components: 1).fit(Tensor([1.0, 2, 3, 4, 5, 7], shape: [3, 2]))
        #expect(throws: ClassicMLError.emptyDataset) { try svd.transform(Tensor([Double](), shape: [0, 2])) }
        let kmeans = try KMeans(clusters: 2, seed: 0).fit(x1)
        #expect(throws: ClassicMLError.emptyDataset) { try kmeans.predict(none) }
        #expect(throws: ClassicMLError.emptyDataset) { try kmeans.transform(none) }
        let knn = try KNeighborsClassifier(neighbors: 1).fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try knn.predict(none) }
        #expect(throws: ClassicMLError.emptyDataset) { try knn.neighbors(of: none) }
        let svc = try SVC(probability: true).fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try svc.decisionFunction(none) }
        #expect(throws: ClassicMLError.emptyDataset) { try svc.predictProbabilities(none) }
        let logistic = try LogisticRegression().fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try logistic.predictProbabilities(none) }
        let boosted = try HistGradientBoostingClassifier().fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try boosted.predict(none) }
        let iso = try IsolationForest(seed: 0).fit(x1)
        #expect(throws: ClassicMLError.emptyDataset) { try iso.scoreSamples(none) }
        let forest = try RandomForestRegressor(treeCount: 3, seed: 0).fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try forest.predict(none) }
        let nb = try GaussianNB().fit(x1, y1)
        #expect(throws: ClassicMLError.emptyDataset) { try nb.predict(none) }
        let dbscan = try DBSCAN(epsilon: 1.5, minimumSamples: 2).fit(x1)
        #expect(throws: ClassicMLError.emptyDataset) { try dbscan.predict(none) }
        // Fitting on zero rows or zero columns: "Found array with 0 sample(s)" / "0 feature(s)"
        #expect(throws: ClassicMLError.emptyDataset) { try LinearRegression().fit(none, Tensor([Double]())) }
        #expect(throws: ClassicMLError.emptyDataset) { try KMeans(clusters: 1).fit(Tensor([Double](), shape: [3, 0])) }
        #expect(throws: ClassicMLError.emptyDataset) { try PCA().fit(Tensor([Double](), shape: [0, 3])) }
    }
}
