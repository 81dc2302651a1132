// Placeholder entry replaced below once suites exist.
import SwiftLearn
print("swiftlearn-bench")
