// Edge cases of preprocessing, splits and the DataLoader against scikit-learn 1.9.1 / PyTorch 2.13's DataLoader.
// Each expected literal has the Python expression that produced it beside it (imports: numpy as np,
// sklearn.preprocessing.*, sklearn.impute.SimpleImputer, sklearn.model_selection.*, torch.utils.data.*).
import Testing
@testable import Datasets
import Tensors
import TestSupport

@Suite("Edge-case parity with scikit-learn and PyTorch")
struct EdgeCaseParityTests {
    // MARK: StandardScaler

    @Test("StandardScaler: one row becomes zeros with scale 1")
    func standardOneRow() throws {
        let s = try StandardScaler().fit(Tensor([3.0, 4.0], shape: [1, 2]))
        // StandardScaler().fit([[3., 4.]]).scale_ → [1., 1.]; .transform → [[0., 0.]]
        #expect(s.scale == [1, 1])
        #expect(try s.transform(Tensor([3.0, 4.0], shape: [1, 2])).doubles == [0, 0])
    }

    @Test("StandardScaler: an all-NaN column has NaN statistics and stays NaN; the other column is scaled")
    func standardAllNaNColumn() throws {
        let s = try StandardScaler().fit(Tensor([1.0, .nan, 3.0, .nan], shape: [2, 2]))
        // s = StandardScaler().fit([[1., nan], [3., nan]]); s.mean_ → [2., nan]; s.var_ → [1., nan]; s.scale_ → [1., nan]
        #expect(s.mean[0] == 2 && s.mean[1].isNaN)
        #expect(s.variance[0] == 1 && s.variance[1].isNaN)
        #expect(s.scale[0] == 1 && s.scale[1].isNaN)
        #expect(s.sampleCounts == [2, 0])
        // s.transform([[1., nan], [2., nan]]) → [[-1., nan], [0., nan]]
        let t = try s.transform(Tensor([1.0, .nan, 2.0, .nan], shape: [2, 2])).doubles
        #expect(t[0] == -1 && t[1].isNaN && t[2] == 0 && t[3].isNaN)
    }

    @Test("StandardScaler: a column constant up to round-off gets scale 1 (sklearn _is_constant_feature)")
    func standardNearConstant() throws {
        let x = Tensor([1e9, 1e9 + 0x1p-23], shape: [2, 1])
        let s = try StandardScaler().fit(x)
        // s = StandardScaler().fit(np.array([[1e9], [1e9 + 2**-23]])); s.scale_ → [1.]
        #expect(s.scale == [1])
        // s.transform(...) → [[0.], [1.1920929e-07]]  (was [[-1.], [1.]] before the fix)
        #expect(maxAbsDifference(try s.transform(x).doubles, [0, 0x1p-23]) < 1e-15)
    }

    @Test("StandardScaler: infinity in transform and inverseTransform throws, as sklearn's check_array")
    func standardInfinityInTransform() throws {
        let s = try StandardScaler().fit(Tensor([1.0, 2.0], shape: [2, 1]))
        // StandardScaler().fit([[1.], [2.]]).transform([[np.inf]]) → ValueError: Input X contains infinity
        #expect(datasetError { _ = try s.transform(Tensor([1.0, .infinity], shape: [2, 1])) }
            == .infiniteValue(operation: "StandardScaler.transform", row: 1, column: 0))
        // ....inverse_transform([[np.inf]]) → ValueError: Input contains infinity
        #expect(datasetError { _ = try s.inverseTransform(Tensor([-Double.infinity], shape: [1, 1])) }
            == .infiniteValue(operation: "StandardScaler.inverseTransform", row: 0, column: 0))
    }

    // MARK: MinMaxScaler

    @Test("MinMaxScaler: a constant column maps to the lower end of the feature range")
    func minMaxConstantWithRange() throws {
        // MinMaxScaler(feature_range=(-1, 2)).fit_transform([[5.], [5.]]) → [[-1.], [-1.]]
        #expect(try MinMaxScaler(featureRange: -1...2).fitTransform(Tensor([5.0, 5.0], shape: [2, 1])).doubles == [-1, -1])
        // MinMaxScaler().fit_transform(np.array([[3.], [3.]], dtype=np.float32)) → [[0.], [0.]]
        #expect(try MinMaxScaler().fitTransform(Tensor([3, 3] as [Float], shape: [2, 1])).scalars == [0, 0])
    }

    @Test("MinMaxScaler: a range below 10 ε of the dtype is treated as zero (sklearn _handle_zeros_in_scale)")
    func minMaxTinyRange() throws {
        // MinMaxScaler().fit_transform(np.array([[0.], [1e-16]])) → [[0.], [1e-16]]  (was [[0.], [1.]])
        let t64 = try MinMaxScaler().fitTransform(Tensor([0.0, 1e-16], shape: [2, 1])).doubles
        #expect(maxAbsDifference(t64, [0, 1e-16]) < 1e-20)
        // MinMaxScaler().fit_transform(np.array([[0.], [1e-6]], dtype=np.float32)) → [[0.], [1e-06]]
        let t32 = try MinMaxScaler().fitTransform(Tensor([0, 1e-6] as [Float], shape: [2, 1])).doubles
        #expect(maxAbsDifference(t32, [0, 1e-6]) < 1e-12)
    }

    @Test("MinMaxScaler: an empty feature range throws; infinity in transform throws; all-NaN column stays NaN")
    func minMaxErrors() throws {
        // MinMaxScaler(feature_range=(1, 1)).fit([[0.], [1.]]) → ValueError: Minimum of desired feature range must be smaller than maximum
        let e = datasetError { _ = try MinMaxScaler(featureRange: 1...1).fit(Tensor([0.0, 1.0], shape: [2, 1])) }
        guard case .invalidOption = e else { Issue.record("expected invalidOption, got \(String(describing: e))"); return }
        let m = try MinMaxScaler().fit(Tensor([1.0, 2.0], shape: [2, 1]))
        // MinMaxScaler().fit([[1.], [2.]]).transform([[np.inf]]) → ValueError: Input X contains infinity
        #expect(datasetError { _ = try m.transform(Tensor([Double.infinity], shape: [1, 1])) }
            == .infiniteValue(operation: "MinMaxScaler.transform", row: 0, column: 0))
        // MinMaxScaler().fit_transform([[1., nan], [3., nan]]) → [[0., nan], [1., nan]]
        let t = try MinMaxScaler().fitTransform(Tensor([1.0, .nan, 3.0, .nan], shape: [2, 2])).doubles
        #expect(t[0] == 0 && t[1].isNaN && t[2] == 1 && t[3].isNaN)
        // MinMaxScaler(clip=True).fit([[0.], [2.]]).transform([[3.], [-1.], [nan]]) → [[1.], [0.], [nan]]
        let c = try MinMaxScaler(clip: true).fit(Tensor([0.0, 2.0], shape: [2, 1])).transform(Tensor([3.0, -1.0, .nan], shape: [3, 1])).doubles
        #expect(c[0] == 1 && c[1] == 0 && c[2].isNaN)
    }

    // MARK: SimpleImputer

    @Test("SimpleImputer: all-NaN column dropped, or kept as 0 with keepEmptyFeatures")
    func imputerAllNaN() throws {
        let x = Tensor([1.0, .nan, .nan, .nan], shape: [2, 2])
        // SimpleImputer().fit_transform([[1., nan], [nan, nan]]) → [[1.], [1.]]
        let dropped = try SimpleImputer().fitTransform(x)
        #expect(dropped.shape == [2, 1] && dropped.doubles == [1, 1])
        // SimpleImputer(keep_empty_features=True).fit_transform([[1., nan], [nan, nan]]) → [[1., 0.], [1., 0.]]
        #expect(try SimpleImputer(keepEmptyFeatures: true).fitTransform(x).doubles == [1, 0, 1, 0])
        // SimpleImputer(strategy="median", keep_empty_features=True).fit_transform([[nan, 1.], [nan, 2.]]) → [[0., 1.], [0., 2.]]
        #expect(try SimpleImputer(strategy: .median, keepEmptyFeatures: true)
            .fitTransform(Tensor([.nan, 1.0, .nan, 2.0], shape: [2, 2])).doubles == [0, 1, 0, 2])
    }

    @Test("SimpleImputer(.constant): an all-NaN column is dropped unless keepEmptyFeatures (sklearn 1.9)")
    func imputerConstantAllNaN() throws {
        let x = Tensor([.nan, 1.0, .nan, 2.0], shape: [2, 2])
        // SimpleImputer(strategy="constant", fill_value=7).fit_transform([[nan, 1.], [nan, 2.]]) → [[1.], [2.]]  (was [[7., 1.], [7., 2.]])
        let fitted = try SimpleImputer(strategy: .constant(7)).fit(x)
        #expect(fitted.keptColumns == [1])
        let t = try fitted.transform(x)
        #expect(t.shape == [2, 1] && t.doubles == [1, 2])
        // SimpleImputer(strategy="constant", fill_value=7, keep_empty_features=True).fit_transform(...) → [[7., 1.], [7., 2.]]
        #expect(try SimpleImputer(strategy: .constant(7), keepEmptyFeatures: true).fitTransform(x).doubles == [7, 1, 7, 2])
        // SimpleImputer(strategy="constant", fill_value=7).fit_transform([[nan, 1.], [3., nan]]) → [[7., 1.], [3., 7.]]
        #expect(try SimpleImputer(strategy: .constant(7)).fitTransform(Tensor([.nan, 1.0, 3.0, .nan], shape: [2, 2])).doubles == [7, 1, 3, 7])
    }

    @Test("SimpleImputer: most-frequent ties go to the smallest; infinity in transform throws")
    func imputerTiesAndInfinity() throws {
        // SimpleImputer(strategy="most_frequent").fit([[3.], [1.], [3.], [1.], [2.]]).statistics_ → [1.]
        #expect(try SimpleImputer(strategy: .mostFrequent).fit(Tensor([3.0, 1, 3, 1, 2], shape: [5, 1])).statistics == [1])
        let f = try SimpleImputer().fit(Tensor([1.0, 2.0], shape: [2, 1]))
        // SimpleImputer().fit([[1.], [2.]]).transform([[np.inf]]) → ValueError: Input X contains infinity
        #expect(datasetError { _ = try f.transform(Tensor([Double.infinity], shape: [1, 1])) }
            == .infiniteValue(operation: "SimpleImputer.transform", row: 0, column: 0))
    }

    // MARK: Encoders

    @Test("OneHotEncoder: single category, unseen categories ignored, infinity rejected")
    func oneHot() throws {
        // OneHotEncoder(sparse_output=False).fit_transform([[5.], [5.]]) → [[1.], [1.]]
        #expect(try OneHotEncoder().fitTransform(Tensor([5.0, 5.0], shape: [2, 1])).scalars == [1, 1])
        // OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit([[1.], [2.]]).transform([[3.], [2.]]) → [[0., 0.], [0., 1.]]
        let ignore = try OneHotEncoder(handleUnknown: .ignore).fit(Tensor([1.0, 2.0], shape: [2, 1]))
        #expect(try ignore.transform(Tensor([3.0, 2.0], shape: [2, 1])).scalars == [0, 0, 0, 1])
        // OneHotEncoder(sparse_output=False).fit_transform([[1.], [np.inf]]) → ValueError: Input contains infinity
        #expect(datasetError { _ = try OneHotEncoder().fit(Tensor([1.0, .infinity], shape: [2, 1])) }
            == .infiniteValue(operation: "OneHotEncoder.fit", row: 1, column: 0))
    }

    @Test("LabelEncoder: classes sorted, codes follow the sorted order")
    func labelEncoder() throws {
        // LabelEncoder().fit(["b", "a", "c", "a"]).classes_ → ['a', 'b', 'c']
        #expect(LabelEncoder().fit(["b", "a", "c", "a"]).classes == ["a", "b", "c"])
        // LabelEncoder().fit([2., -1., 0.5]).transform([0.5, -1.]) → [1, 0]
        #expect(try LabelEncoder().fit(Tensor([2.0, -1.0, 0.5])).transform(Tensor([0.5, -1.0])).integers == [1, 0])
    }

    // MARK: Splits

    @Test("trainTestSplit: test = ceil(n·testFraction), with sklearn's float products", arguments: [
        // tuple(map(len, train_test_split(np.arange(n), test_size=f, random_state=0))) → (train, test)
        (10, 0.3, 7, 3), (10, 0.25, 7, 3), (7, 0.5, 3, 4), (3, 0.5, 1, 2), (5, 0.1, 4, 1),
        (100, 0.07, 92, 8),   // 0.07 * 100 == 7.000000000000001 → ceil 8
    ])
    func splitSizes(n: Int, fraction: Double, train: Int, test: Int) throws {
        let (tr, te) = try trainTestSplitIndices(count: n, testFraction: fraction, seed: 0)
        #expect(tr.count == train && te.count == test)
        #expect(Set(tr + te) == Set(0..<n))
    }

    @Test("trainTestSplit: empty training part and too-small stratified parts throw")
    func splitErrors() throws {
        // train_test_split(np.arange(1), test_size=0.5) → ValueError: ... the resulting train set will be empty
        #expect(throws: DatasetError.self) { _ = try trainTestSplitIndices(count: 1, testFraction: 0.5, seed: 0) }
        let y: [Double] = [0, 0, 1, 1, 2, 2]
        // train_test_split(np.arange(6), y, test_size=0.3, stratify=y) → ValueError: The test_size = 2 should be greater or equal to the number of classes = 3
        #expect(throws: DatasetError.self) { _ = try trainTestSplitIndices(count: 6, testFraction: 0.3, stratifyBy: y, seed: 0) }
        // train_test_split(np.arange(6), y, test_size=0.6, stratify=y) → ValueError: The train_size = 2 should be greater or equal to the number of classes = 3
        #expect(throws: DatasetError.self) { _ = try trainTestSplitIndices(count: 6, testFraction: 0.6, stratifyBy: y, seed: 0) }
        // train_test_split(np.arange(5), [0,0,1,1,2], test_size=0.4, stratify=[0,0,1,1,2]) → ValueError: ... only 1 member
        #expect(throws: DatasetError.self) { _ = try trainTestSplitIndices(count: 5, testFraction: 0.4, stratifyBy: [0, 0, 1, 1, 2], seed: 0) }
    }

    @Test("trainTestSplit stratified: per-class counts as sklearn's")
    func stratifiedCounts() throws {
        let y: [Double] = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
        // y = np.array([0]*5 + [1]*3 + [2]*2); tr, te = train_test_split(np.arange(10), test_size=0.3, stratify=y, random_state=s)
        // np.bincount(y[te]) → [1, 1, 1]; np.bincount(y[tr]) → [4, 2, 1] for every seed s
        for seed: UInt64 in 0..<5 {
            let (tr, te) = try trainTestSplitIndices(count: 10, testFraction: 0.3, stratifyBy: y, seed: seed)
            let count = { (rows: [Int], c: Double) in rows.filter { y[$0] == c }.count }
            #expect([0.0, 1, 2].map { count(te, $0) } == [1, 1, 1])
            #expect([0.0, 1, 2].map { count(tr, $0) } == [4, 2, 1])
        }
    }

    @Test("KFold: more folds than rows throws; the first n % k folds get one more row; seeded shuffle is reproducible")
    func kFold() throws {
        // list(KFold(5).split(np.arange(3))) → ValueError: Cannot have number of splits n_splits=5 greater than the number of samples: n_samples=3.
        #expect(throws: DatasetError.self) { _ = try KFold(splits: 5).folds(count: 3) }
        // [list(te) for _, te in KFold(3).split(np.arange(7))] → [[0, 1, 2], [3, 4], [5, 6]]
        #expect(try KFold(splits: 3).folds(count: 7).map(\.test) == [[0, 1, 2], [3, 4], [5, 6]])
        let a = try KFold(splits: 3, shuffle: true, seed: 11).folds(count: 20)
        #expect(a == (try KFold(splits: 3, shuffle: true, seed: 11).folds(count: 20)))
        #expect(a.map(\.test.count) == [7, 7, 6])
        #expect(a != (try KFold(splits: 3, shuffle: true, seed: 12).folds(count: 20)))
    }

    @Test("StratifiedKFold: small classes, all classes too small, continuous labels")
    func stratifiedKFold() throws {
        // [list(te) for _, te in StratifiedKFold(3).split(np.zeros(7), [0,0,0,0,1,1,1])] → [[0, 1, 4], [2, 5], [3, 6]]
        #expect(try StratifiedKFold(splits: 3).folds(labels: [0, 0, 0, 0, 1, 1, 1]).map(\.test) == [[0, 1, 4], [2, 5], [3, 6]])
        // [list(te) for _, te in StratifiedKFold(3).split(np.zeros(6), [1,0,1,1,0,1])] → [[0, 2], [1, 3], [4, 5]]
        // (sklearn warns: the least populated class in y has only 2 members, which is less than n_splits=3)
        #expect(try StratifiedKFold(splits: 3).folds(labels: [1, 0, 1, 1, 0, 1]).map(\.test) == [[0, 2], [1, 3], [4, 5]])
        // StratifiedKFold(4).split(np.zeros(6), [0,0,0,1,1,1]) → ValueError: n_splits=4 cannot be greater than the number of members in each class.
        #expect(throws: DatasetError.self) { _ = try StratifiedKFold(splits: 4).folds(labels: [0, 0, 0, 1, 1, 1]) }
        // StratifiedKFold(2).split(np.zeros(4), [0.5, 1.5, 0.5, 1.5]) → ValueError: Supported target types are: ('binary', 'multiclass'). Got 'continuous' instead.
        #expect(throws: DatasetError.self) { _ = try StratifiedKFold(splits: 2).folds(labels: [0.5, 1.5, 0.5, 1.5]) }
    }

    // MARK: DataLoader

    @Test("DataLoader: batch larger than the dataset, dropLast, batch size 0")
    func loaderSizes() throws {
        let x = Tensor((0..<5).map(Float.init), shape: [5, 1])
        let y = Tensor((0..<5).map(Int64.init), shape: [5])
        // [b[1].tolist() for b in DataLoader(TensorDataset(x, y), batch_size=8)] → [[0, 1, 2, 3, 4]]
        #expect(try DataLoader(features: x, targets: y, batchSize: 8, shuffle: false).epoch(0).map(\.y.integers) == [[0, 1, 2, 3, 4]])
        // ... batch_size=8, drop_last=True → []
        let dropAll = try DataLoader(features: x, targets: y, batchSize: 8, shuffle: false, dropLast: true)
        #expect(dropAll.batchCount == 0 && Array(dropAll.epoch(0)).isEmpty)
        // ... batch_size=2, drop_last=True → [[0, 1], [2, 3]]
        #expect(try DataLoader(features: x, targets: y, batchSize: 2, shuffle: false, dropLast: true).epoch(0).map(\.y.integers) == [[0, 1], [2, 3]])
        // DataLoader(d, batch_size=0) → ValueError: batch_size should be a positive integer value
        #expect(throws: DatasetError.self) { _ = try DataLoader(features: x, targets: y, batchSize: 0) }
    }

    @Test("DataLoader: an empty dataset yields no batches; seeded shuffles repeat")
    func loaderEmptyAndSeed() throws {
        let empty = try DataLoader(features: Tensor.zeros([0, 3]), targets: Tensor.zeros([0]), batchSize: 4, shuffle: false)
        // len(list(DataLoader(TensorDataset(torch.zeros(0, 3), torch.zeros(0)), batch_size=4))) → 0
        #expect(empty.batchCount == 0 && Array(empty.epoch(0)).isEmpty)
        // With shuffle=True PyTorch's RandomSampler raises ValueError (num_samples=0); ours yields no batches too
        // (a documented difference: an empty epoch, not an error).
        let emptyShuffled = try DataLoader(features: Tensor.zeros([0, 3]), targets: Tensor.zeros([0]), batchSize: 4, shuffle: true)
        #expect(Array(emptyShuffled.epoch(0)).isEmpty)
        let x = Tensor((0..<10).map(Float.init), shape: [10, 1])
        let a = try DataLoader(features: x, targets: x, batchSize: 3, seed: 5, prefetch: false)
        let b = try DataLoader(features: x, targets: x, batchSize: 3, seed: 5, prefetch: true)
        #expect(a.epoch(2).map(\.x.scalars) == b.epoch(2).map(\.x.scalars))
        #expect(a.epoch(2).map(\.x.shape[0]) == [3, 3, 3, 1])
        #expect(Set(a.order(epoch: 2)) == Set(0..<10))
    }
}
