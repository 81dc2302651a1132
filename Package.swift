// swift-tools-version: 6.2
// SwiftLearn: a machine-learning toolkit in Swift.
//
// Module layout and import direction follow DESIGN.md (shared/): each module imports only modules below it.
//   SwiftLearn (umbrella) → Language → NeuralNetworks/ClassicML → Datasets/Evaluation → Tensors → Kernels → CKernels (C, internal: the only ISA-specific code)
//
// Compile-time switches:
//   CKernels is always compiled with -O2, also in debug builds, so `swift test` runs the real kernels at speed.
//   The C flag is in a tools-6.2 manifest, which SwiftPM accepts for tagged dependencies too.
import PackageDescription

let package = Package(
    name: "SwiftLearn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SwiftLearn", targets: ["SwiftLearn"]),
        .library(name: "Kernels", targets: ["Kernels"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "NeuralNetworks", targets: ["NeuralNetworks"]),
        .library(name: "ClassicML", targets: ["ClassicML"]),
        .library(name: "Language", targets: ["Language"]),
        .executable(name: "swiftlearn", targets: ["swiftlearn"]),
        .executable(name: "swiftlearn-bench", targets: ["swiftlearn-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // Hot loops with per-function ISA variants (AVX-512, AVX2, NEON, generic) and a one-time cpuid choice.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O2", "-fno-math-errno"])]
        ),
        .target(name: "Kernels", dependencies: ["CKernels"]),
        .target(
            name: "Tensors",
            dependencies: ["Kernels", .product(name: "RealModule", package: "swift-numerics")]
        ),
        // CSV reading, bundled datasets (package resources), preprocessing, splits, the data loader.
        // Always optimised (like CKernels): the CSV byte loops run ~10× slower at -Onone, which would make
        // debug builds and `swift test` crawl through real files.
        .target(
            name: "Datasets", dependencies: ["Tensors"], resources: [.copy("Resources")],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Always optimised too: conformal prediction sorts every row of probabilities, and the coverage tests
        // (200 calibration/test splits of digits) would take half a minute at -Onone instead of seconds.
        .target(name: "Evaluation", dependencies: ["Tensors"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(
            name: "NeuralNetworks",
            dependencies: ["Kernels", "Tensors", "Datasets", "Evaluation", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(name: "ClassicML", dependencies: ["Kernels", "Tensors", "Datasets", "Evaluation"]),
        // Tokenizers, pretrained transformers (BERT / all-MiniLM-L6-v2), sentence embeddings, vector and lexical
        // search. Always optimised: tokenizing thousands of lines and walking HNSW graphs at -Onone would make
        // `swift test` crawl, as with Datasets.
        .target(
            name: "Language", dependencies: ["Kernels", "Tensors", "NeuralNetworks"],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        .target(name: "SwiftLearn", dependencies: ["Kernels", "Tensors", "Datasets", "Evaluation", "NeuralNetworks", "ClassicML", "Language"]),
        .executableTarget(
            name: "swiftlearn",
            dependencies: ["SwiftLearn", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "swiftlearn-bench",
            dependencies: ["SwiftLearn", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "TestSupport", dependencies: ["Kernels", "Tensors", "ClassicML"], path: "Tests/TestSupport"),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "TestSupport"]),
        // Fixtures under Tests/Fixtures are found through #filePath (TestSupport/Fixtures.swift), not bundled.
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Datasets", "TestSupport"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "TestSupport"]),
        .testTarget(name: "ClassicMLTests", dependencies: ["ClassicML", "TestSupport"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "TestSupport"]),
        // Runs the built `swiftlearn` executable (bad input, kill-during-checkpoint); needs it built first.
        .testTarget(name: "swiftlearnTests", dependencies: ["NeuralNetworks", "Tensors", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
