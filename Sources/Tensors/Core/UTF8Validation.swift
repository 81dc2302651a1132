// Strict UTF-8 validation with the offset of the first bad byte, shared by every reader of external text
// (safetensors headers here, CSV files in Datasets).

/// The offset of the first byte that does not start a valid UTF-8 sequence, or nil if all of `bytes` is
/// valid. Strict: no overlong forms, no surrogates (U+D800–DFFF), nothing above U+10FFFF — what
/// `String(validating:)` accepts.
public func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
        let b0 = bytes[i]
        if b0 < 0x80 {
            i += 1
            continue
        }
        let width: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; upper = 0x9F
        case 0xF0: width = 4; lower = 0x90
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; upper = 0x8F
        default: return i
        }
        guard i + width <= n else { return i }
        let b1 = bytes[i + 1]
        guard b1 >= lower && b1 <= upper else { return i }
        for k in 2..<Swift.max(width, 2) where bytes[i + k] & 0xC0 != 0x80 { return i }
        i += width
    }
    return nil
}
