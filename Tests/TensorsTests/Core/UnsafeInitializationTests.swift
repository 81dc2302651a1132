// Tensor(shape:of:initializingWith:) and the shared UTF-8 validator.
import Testing
import Tensors

@Suite("In-place initialisation and UTF-8 validation")
struct UnsafeInitializationTests {
    @Test("the closure writes the storage; untouched elements are zero; a throw propagates")
    func initializingWith() throws {
        let t = Tensor(shape: [2, 3], of: Float.self) { b in
            for i in 0..<5 { b[i] = Float(i) + 0.5 }
        }
        #expect(t.shape == [2, 3] && t.dtype == .float32)
        #expect(t.scalars == [0.5, 1.5, 2.5, 3.5, 4.5, 0])
        let codes = Tensor(shape: [3], of: Int64.self) { b in b[1] = 7 }
        #expect(codes.dtype == .int64 && codes.integers == [0, 7, 0])
        struct Stop: Error {}
        #expect(throws: Stop.self) { _ = try Tensor(shape: [4], of: Float.self) { _ in throw Stop() } }
    }

    @Test("firstInvalidUTF8 finds the first bad byte")
    func utf8() {
        func check(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { firstInvalidUTF8(in: $0) } }
        #expect(check(Array("héllo 日本 😀".utf8)) == nil)
        #expect(check([0x61, 0xFF]) == 1)
        #expect(check([0x61, 0x62, 0xC0, 0xAF]) == 2)        // overlong
        #expect(check([0xED, 0xA0, 0x80]) == 0)              // surrogate
        #expect(check([0x61, 0xF0, 0x9F, 0x98]) == 1)        // truncated
    }
}
