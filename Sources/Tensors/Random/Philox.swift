// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a counter-based
// generator. Block i of a stream is a pure function of (key, i), so a tensor's values depend only on the seed
// and how many values were drawn before it: the same on every platform and at every thread count.

/// A seeded random number generator for tensors: Philox4x32-10 over a 64-bit block counter.
///
/// Each draw of `n` values consumes `ceil(n / 4)` blocks (`ceil(n / 2)` for Float64 and normals), so
/// successive draws never overlap and a sequence of draws is reproducible from the seed alone.
public struct RandomGenerator: Sendable, Equatable, Codable {
    /// The seed (the Philox key).
    public let seed: UInt64
    /// Blocks consumed so far (the Philox counter of the next block).
    public private(set) var counter: UInt64

    public init(seed: UInt64, counter: UInt64 = 0) {
        self.seed = seed
        self.counter = counter
    }

    /// The four 32-bit words of block `index` for `key`.
    @inline(__always)
    static func block(key: UInt64, index: UInt64) -> (UInt32, UInt32, UInt32, UInt32) {
        var c0 = UInt32(truncatingIfNeeded: index), c1 = UInt32(truncatingIfNeeded: index >> 32)
        var c2: UInt32 = 0, c3: UInt32 = 0
        var k0 = UInt32(truncatingIfNeeded: key), k1 = UInt32(truncatingIfNeeded: key >> 32)
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let (hi0, lo0) = (UInt32(truncatingIfNeeded: p0 >> 32), UInt32(truncatingIfNeeded: p0))
            let (hi1, lo1) = (UInt32(truncatingIfNeeded: p1 >> 32), UInt32(truncatingIfNeeded: p1))
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return (c0, c1, c2, c3)
    }

    /// Reserves `blocks` blocks and returns the index of the first.
    mutating func reserve(blocks: Int) -> UInt64 {
        let start = counter
        counter &+= UInt64(blocks)
        return start
    }

    /// `count` raw 32-bit words.
    mutating func nextWords(_ count: Int) -> [UInt32] {
        let blocks = (count + 3) / 4
        let start = reserve(blocks: blocks)
        var out = [UInt32](repeating: 0, count: blocks * 4)
        for b in 0..<blocks {
            let (w0, w1, w2, w3) = RandomGenerator.block(key: seed, index: start &+ UInt64(b))
            out[4 * b] = w0; out[4 * b + 1] = w1; out[4 * b + 2] = w2; out[4 * b + 3] = w3
        }
        out.removeLast(out.count - count)
        return out
    }

    /// A uniform integer in `0 ..< bound` (bias below 2⁻³², from a 64-bit multiply).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "random integer: bound must be positive")
        let w = nextWords(2)
        let x = UInt64(w[0]) << 32 | UInt64(w[1])
        return Int(x.multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform 64-bit word (one block; for deriving seeds of independent streams).
    public mutating func nextUInt64() -> UInt64 {
        let w = nextWords(2)
        return UInt64(w[0]) << 32 | UInt64(w[1])
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        let w = nextWords(2)
        return RandomGenerator.unitDouble(w[0], w[1])
    }

    @inline(__always)
    static func unitFloat(_ w: UInt32) -> Float { Float(w >> 8) * 0x1p-24 }

    @inline(__always)
    static func unitDouble(_ a: UInt32, _ b: UInt32) -> Double {
        Double((UInt64(a) << 32 | UInt64(b)) >> 11) * 0x1p-53
    }
}
