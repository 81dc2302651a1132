// Decimal text → Float32 straight from bytes, correctly rounded.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses a decimal number: optional sign, digits with an optional point, optional exponent (`1`, `-2.5`,
/// `.5`, `3.`, `1e-3`), or `inf`/`infinity`/`nan` in any case. Surrounding spaces and tabs are ignored.
/// Hex floats, thousands separators and empty text are not numbers.
///
/// Short inputs (≤ 7 significant digits, |exponent| ≤ 10, the common case in CSV files) take an exact
/// fast path: the digits and the power of ten are both exact in Float, so one IEEE division or
/// multiplication rounds correctly. Everything else goes to the C library's `strtof`, which also rounds
/// correctly, so every result equals the nearest Float to the decimal value.
func parseFloat32(_ text: UnsafeBufferPointer<UInt8>) -> Float? {
    var lo = 0, hi = text.count
    while lo < hi && (text[lo] == 0x20 || text[lo] == 0x09) { lo += 1 }
    while hi > lo && (text[hi - 1] == 0x20 || text[hi - 1] == 0x09) { hi -= 1 }
    if lo == hi { return nil }
    var i = lo
    var negative = false
    if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
        negative = text[i] == UInt8(ascii: "-")
        i += 1
    }
    if i < hi, let special = parseSpecial(text, i, hi) { return negative ? -special : special }
    var mantissa: UInt64 = 0
    var significant = 0, digits = 0, exponent = 0
    var sawPoint = false
    while i < hi {
        let c = text[i]
        if c >= 0x30 && c <= 0x39 {
            digits += 1
            if mantissa != 0 || c != 0x30 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(c - 0x30) } else { exponent += 1 }
            if sawPoint && significant <= 19 { exponent -= 1 }
        } else if c == UInt8(ascii: ".") && !sawPoint {
            sawPoint = true
        } else {
            break
        }
        i += 1
    }
    if digits == 0 { return nil }
    if i < hi && (text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E")) {
        i += 1
        var expNegative = false
        if i < hi && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+")) {
            expNegative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var e = 0, expDigits = 0
        while i < hi && text[i] >= 0x30 && text[i] <= 0x39 {
            if e < 100_000 { e = e * 10 + Int(text[i] - 0x30) }
            expDigits += 1
            i += 1
        }
        if expDigits == 0 { return nil }
        exponent += expNegative ? -e : e
    }
    if i != hi { return nil }
    if significant <= 7 && exponent >= -10 && exponent <= 10 {
        let m = Float(mantissa)
        let value = exponent < 0 ? m / powersOfTen[-exponent] : m * powersOfTen[exponent]
        return negative ? -value : value
    }
    return strtofFallback(text, lo, hi)
}

private let powersOfTen: [Float] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

/// `inf`, `infinity`, `nan` (ASCII, any case) spanning exactly `text[from..<to]`.
private func parseSpecial(_ text: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Float? {
    let c = text[from] | 0x20
    guard c == UInt8(ascii: "i") || c == UInt8(ascii: "n") else { return nil }
    var word: [UInt8] = []
    for k in from..<to { word.append(text[k] | 0x20) }
    switch word {
    case Array("inf".utf8), Array("infinity".utf8): return .infinity
    case Array("nan".utf8): return .nan
    default: return nil
    }
}

/// `strtof` on a NUL-terminated copy; the grammar was already checked.
private func strtofFallback(_ text: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Float? {
    var copy = [CChar](repeating: 0, count: to - from + 1)
    for k in from..<to { copy[k - from] = CChar(bitPattern: text[k]) }
    return copy.withUnsafeBufferPointer { p -> Float? in
        var endPointer: UnsafeMutablePointer<CChar>?
        let value = strtof(p.baseAddress!, &endPointer)
        guard let endPointer, endPointer - UnsafeMutablePointer(mutating: p.baseAddress!) == to - from else { return nil }
        return value
    }
}
