// Conformal prediction sets, as masks and as class-index lists.

/// One prediction set per row: `masks[i][c]` says whether class `c` is in row `i`'s set.
public struct PredictionSets: Codable, Sendable, Equatable {
    /// `[N][C]` membership masks.
    public let masks: [[Bool]]

    public init(masks: [[Bool]]) { self.masks = masks }

    /// The classes of each set, ascending.
    public var indices: [[Int]] { masks.map { row in row.indices.filter { row[$0] } } }

    /// The size of each set.
    public var sizes: [Int] { masks.map { row in row.reduce(0) { $0 + ($1 ? 1 : 0) } } }

    /// The number of rows.
    public var count: Int { masks.count }
}
