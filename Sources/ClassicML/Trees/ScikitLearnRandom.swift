// The two generators behind scikit-learn's tree splitters, bit for bit: numpy's legacy RandomState (MT19937),
// which turns `random_state` into the splitter's seed, and the 32-bit xorshift (`our_rand_r`) that draws the
// order in which a node's features are examined. With both, a tree grown with seed s visits features in the
// order scikit-learn's `DecisionTree*(random_state=s)` does, so ties between equally good splits fall the same way.

/// MT19937 as numpy's legacy `RandomState` runs it: `init_genrand` for 32-bit seeds, `init_by_array` for arrays.
struct MersenneTwister {
    private var state: [UInt32]
    private var index: Int

    /// `numpy.random.RandomState(seed)` for `seed < 2³²`; larger seeds as `RandomState([low 32 bits, high 32 bits])`
    /// (numpy rejects integer seeds ≥ 2³², this keeps every `UInt64` usable and reproducible in numpy).
    init(seed: UInt64) {
        if seed <= UInt64(UInt32.max) {
            self.init(word: UInt32(seed))
        } else {
            self.init(key: [UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)])
        }
    }

    /// `init_genrand(seed)`.
    init(word seed: UInt32) {
        state = [UInt32](repeating: 0, count: 624)
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    /// `init_by_array(key)`.
    init(key: [UInt32]) {
        self.init(word: 19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 {
                state[0] = state[623]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 {
                state[0] = state[623]
                i = 1
            }
        }
        state[0] = 0x8000_0000
    }

    /// The next 32-bit output (`genrand_int32`).
    mutating func next() -> UInt32 {
        if index >= 624 { regenerate() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func regenerate() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// `RandomState.randint(0, bound)` for `1 ≤ bound ≤ 2³²`: numpy's masked rejection sampling (draw, keep the
    /// bits below the smallest all-ones mask covering `bound − 1`, retry while above `bound − 1`).
    mutating func randint(below bound: UInt64) -> UInt32 {
        precondition(bound >= 1 && bound <= 1 << 32, "randint bound \(bound) outside 1...2³²")
        let top = UInt32(bound - 1)
        if top == 0 { return 0 }
        if top == .max { return next() }
        var mask = top
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let v = next() & mask
            if v <= top { return v }
        }
    }
}

/// scikit-learn's `our_rand_r` (sklearn/utils/_random.pxd): a 32-bit xorshift whose state starts at
/// `RandomState(random_state).randint(0, 2³¹ − 1)`, and `rand_int` on top of it.
struct ScikitLearnRandR {
    /// scikit-learn's RAND_R_MAX.
    static let randMax: UInt32 = 2_147_483_647
    private(set) var state: UInt32

    /// The generator of a splitter fitted with `random_state = seed`.
    init(seed: UInt64) {
        var mt = MersenneTwister(seed: seed)
        state = mt.randint(below: UInt64(Self.randMax))
    }

    init(state: UInt32) { self.state = state }

    /// `our_rand_r`: the next value in `[0, 2³¹)`.
    mutating func next() -> UInt32 {
        if state == 0 { state = 1 }
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        return state % (Self.randMax + 1)
    }

    /// `rand_int(low, high)`: a value in `low ..< high`.
    mutating func int(_ low: Int, _ high: Int) -> Int {
        low + Int(next()) % (high - low)
    }
}
