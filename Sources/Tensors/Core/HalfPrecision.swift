// IEEE binary16 and bfloat16 conversions by bit manipulation, so they work on every platform
// (Swift's Float16 is unavailable on macOS x86-64). Rounding is to nearest, ties to even, as in PyTorch.

enum HalfPrecision {
    /// binary16 bits → Float.
    @inline(__always)
    static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exp = UInt32(h >> 10) & 0x1F
        let mant = UInt32(h & 0x3FF)
        if exp == 0 {
            if mant == 0 { return Float(bitPattern: sign) }
            // Subnormal: value = mant · 2^-24.
            let v = Float(mant) * 0x1p-24
            return sign != 0 ? -v : v
        }
        if exp == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mant << 13)) }
        return Float(bitPattern: sign | ((exp + 112) << 23) | (mant << 13))
    }

    /// Float → binary16 bits, round to nearest even; overflow → infinity, NaN stays NaN.
    @inline(__always)
    static func half(from f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exp = Int((bits >> 23) & 0xFF)
        var mant = bits & 0x7F_FFFF
        if exp == 0xFF { return sign | 0x7C00 | (mant != 0 ? 0x200 : 0) }
        let e = exp - 127 + 15
        if e >= 0x1F { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }
            // Subnormal half: shift the implicit-1 mantissa right, rounding to nearest even.
            mant |= 0x80_0000
            let shift = UInt32(14 - e)
            let half = mant >> shift
            let rem = mant & ((1 << shift) - 1)
            let mid = UInt32(1) << (shift - 1)
            let rounded = half + ((rem > mid || (rem == mid && (half & 1) == 1)) ? 1 : 0)
            return sign | UInt16(rounded)
        }
        var h = UInt32(e << 10) | (mant >> 13)
        let rem = mant & 0x1FFF
        if rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1) { h += 1 }  // may carry into the exponent: correct
        return sign | UInt16(h)
    }

    /// bfloat16 bits → Float (the top 16 bits of a Float).
    @inline(__always)
    static func float(fromBFloat b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }

    /// Float → bfloat16 bits, round to nearest even; NaN stays a quiet NaN.
    @inline(__always)
    static func bfloat(from f: Float) -> UInt16 {
        let bits = f.bitPattern
        if f.isNaN { return UInt16(bits >> 16) | 0x40 }
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }
}
