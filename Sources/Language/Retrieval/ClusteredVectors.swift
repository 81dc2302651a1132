// Seeded synthetic embeddings that behave like real ones: clusters with low intrinsic dimension, unit length.
//
// Why: uniform random vectors in hundreds of dimensions are all nearly equidistant, which no approximate index
// (and no real embedding model) produces; benchmarks and tests on them measure a pathology. Sentence embeddings
// sit near a low-dimensional manifold in topical clusters, which this imitates: a Gaussian mixture whose
// components vary along a few random directions, plus a little isotropic noise.
import Foundation

/// A seeded Gaussian mixture on the unit sphere: `clusters` centres, each with its own `intrinsicDimension`
/// random directions of variation. Samples are drawn with their own seed, so queries come from the same
/// distribution as the indexed vectors without being copies of them.
public struct ClusteredVectors: Sendable {
    public let dimension: Int
    public let clusters: Int
    public let intrinsicDimension: Int
    /// Standard deviation along the intrinsic directions, relative to a centre's length (≈ 1).
    public let spread: Float
    /// Isotropic noise per coordinate, relative to a centre's length.
    public let noise: Float
    private let centres: [Float]  // clusters × dimension
    private let bases: [Float]  // clusters × intrinsicDimension × dimension

    public init(dimension: Int, clusters: Int = 64, intrinsicDimension: Int = 12, spread: Float = 0.35, noise: Float = 0.02, seed: UInt64) {
        precondition(dimension > 0 && clusters > 0 && intrinsicDimension >= 0, "ClusteredVectors: sizes must be positive")
        self.dimension = dimension
        self.clusters = clusters
        self.intrinsicDimension = intrinsicDimension
        self.spread = spread
        self.noise = noise
        var rng = GaussianStream(seed: seed)
        let scale = 1 / Float(dimension).squareRoot()
        centres = (0..<(clusters * dimension)).map { _ in rng.next() * scale }
        bases = (0..<(clusters * intrinsicDimension * dimension)).map { _ in rng.next() * scale }
    }

    /// `count` unit vectors drawn with `seed` (cluster chosen uniformly per vector).
    public func sample(count: Int, seed: UInt64) -> [[Float]] {
        var rng = GaussianStream(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let d = dimension, r = intrinsicDimension
        return (0..<count).map { _ in
            let c = Int(rng.nextBits() % UInt64(clusters))
            var v = Array(centres[(c * d)..<((c + 1) * d)])
            let z = (0..<r).map { _ in rng.next() * spread }
            bases.withUnsafeBufferPointer { b in
                v.withUnsafeMutableBufferPointer { vp in
                    for j in 0..<r {
                        let row = b.baseAddress! + (c * r + j) * d
                        let zj = z[j]
                        for i in 0..<d { vp[i] += zj * row[i] }
                    }
                    for i in 0..<d { vp[i] += rng.next() * noise }
                }
            }
            var s: Float = 0
            for x in v { s += x * x }
            let inv = 1 / s.squareRoot()
            return v.map { $0 * inv }
        }
    }
}

/// SplitMix64 bits and standard normals (Box–Muller): small, seeded, the same on every platform.
struct GaussianStream {
    private var state: UInt64
    private var spare: Float?

    init(seed: UInt64) { state = seed }

    mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> Float {
        if let s = spare {
            spare = nil
            return s
        }
        let u1 = (Double(nextBits() >> 11) + 0.5) / 9_007_199_254_740_992.0
        let u2 = Double(nextBits() >> 11) / 9_007_199_254_740_992.0
        let r = (-2 * log(u1)).squareRoot()
        spare = Float(r * sin(2 * .pi * u2))
        return Float(r * cos(2 * .pi * u2))
    }
}
