// How vector indexes compare vectors, and the validation every vector passes before it is stored or searched.

/// The similarity a vector index ranks by.
public enum VectorMetric: String, Sendable, Codable, CaseIterable {
    /// Cosine similarity. Vectors are L2-normalised when added and queries when searched, so the index
    /// stores unit vectors and ranks by their inner product; zero vectors are rejected.
    case cosine
    /// Inner product of the vectors as given (maximum inner-product search).
    case innerProduct
    /// Euclidean distance; hits carry the negative squared distance as their score.
    case l2

    var code: UInt32 {
        switch self {
        case .cosine: 1
        case .innerProduct: 2
        case .l2: 3
        }
    }

    init?(code: UInt32) {
        switch code {
        case 1: self = .cosine
        case 2: self = .innerProduct
        case 3: self = .l2
        default: return nil
        }
    }
}

/// One search result of a vector index.
public struct VectorHit: Sendable, Equatable, Hashable {
    /// The id the vector was added with.
    public var id: Int
    /// Larger is closer: cosine similarity, inner product, or the negative squared Euclidean distance (``VectorMetric``).
    public var score: Float

    public init(id: Int, score: Float) {
        self.id = id
        self.score = score
    }
}

/// Checks vectors that arrive from outside and lays them out as one contiguous row-major buffer.
enum VectorRows {
    /// The largest squared length accepted for inner-product and L2 vectors (Float.max / 4 ≈ 8.5·10³⁷).
    static let maximumSquaredLength = Double(Float.greatestFiniteMagnitude) / 4

    /// Rows of `vectors` validated (width `dimension`, finite, non-zero for cosine) and normalised for cosine.
    static func pack(_ vectors: [[Float]], dimension: Int, metric: VectorMetric, what: String) throws(LanguageError) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(vectors.count * dimension)
        for (i, v) in vectors.enumerated() {
            try out.append(contentsOf: prepare(v, dimension: dimension, metric: metric, what: what, index: i))
        }
        return out
    }

    /// Queries validated and packed as ``pack(_:dimension:metric:what:)``, after checking `k`.
    static func queries(_ queries: [[Float]], k: Int, dimension: Int, metric: VectorMetric) throws(LanguageError) -> [Float] {
        guard k > 0 else { throw .invalidArgument("k must be positive, got \(k)") }
        return try pack(queries, dimension: dimension, metric: metric, what: "query")
    }

    /// One vector validated, and normalised for cosine.
    static func prepare(_ v: [Float], dimension: Int, metric: VectorMetric, what: String, index: Int) throws(LanguageError) -> [Float] {
        guard v.count == dimension else { throw .dimensionMismatch(what: "\(what) \(index)", expected: dimension, found: v.count) }
        var squares: Double = 0
        for x in v {
            guard x.isFinite else { throw .invalidVector(index: index, detail: "contains \(x) (entries must be finite)") }
            squares += Double(x) * Double(x)
        }
        guard metric == .cosine else {
            // Inner products and squared distances are computed in Float32: with ‖v‖² ≤ Float.max / 4 for both
            // sides, |q·x| ≤ ‖q‖‖x‖ and ‖q − x‖² stay finite, so no score becomes ±inf or NaN (a NaN score
            // would silently drop the row from the top-k).
            guard squares <= Self.maximumSquaredLength else {
                throw .invalidVector(index: index, detail: "is too long (squared length \(squares) exceeds \(Self.maximumSquaredLength))")
            }
            return v
        }
        guard squares > 0 else { throw .invalidVector(index: index, detail: "has zero length (cosine needs a direction)") }
        // Scaled in Double: for a tiny (subnormal) vector 1/‖v‖ overflows Float32 to inf, and inf · 0 is NaN.
        let scale = 1 / squares.squareRoot()
        return v.map { Float(Double($0) * scale) }
    }
}
