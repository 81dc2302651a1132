// Timing with the same method as the Python reference: warm up, calibrate an inner loop to about 0.2 s,
// repeat 5 times, keep the median per-call time. Calls of a second or more (the 100k-row classical cases) get
// one warm-up call and 3 timed ones instead, so a case stays within minutes.
import Foundation

enum Timing {
    static let target = 0.2
    static let repetitions = 5
    static let longCall = 1.0, longRepetitions = 3

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Median seconds per call of `body`.
    static func perCall(_ body: () -> Void) -> Double {
        var t0 = now()
        body()
        if now() - t0 >= longCall {
            let reps = (0..<longRepetitions).map { _ in
                let s = now()
                body()
                return now() - s
            }
            return reps.sorted()[reps.count / 2]
        }
        var calls = 1
        while now() - t0 < 0.05 || calls < 3 {
            body()
            calls += 1
        }
        let one = (now() - t0) / Double(calls)
        var n = Swift.max(1, Int((target / one).rounded()))
        t0 = now()
        for _ in 0..<n { body() }
        n = Swift.max(1, Int((Double(n) * target / (now() - t0)).rounded()))
        var reps: [Double] = []
        for _ in 0..<repetitions {
            let s = now()
            for _ in 0..<n { body() }
            reps.append((now() - s) / Double(n))
        }
        return reps.sorted()[reps.count / 2]
    }
}

/// Resident memory of this process in bytes (Linux: /proc/self/statm; elsewhere 0).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
