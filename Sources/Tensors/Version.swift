// The package version, shown by `swiftlearn --version` and `swiftlearn info`.

/// SwiftLearn's version.
public enum SwiftLearnVersion {
    public static let string = "0.1.0"
}
