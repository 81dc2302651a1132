// A cell of a table read back as the text or the number it was in the file, whatever kind the reader gave its
// column. Saved models (`swiftlearn train` and `fit` runs) need this when a new file's column is read as another
// kind than in training: "100" and "200" in a zip-code column that was categorical in training are numbers in a
// file with no other values, and one "abc" makes a numeric training column categorical in a new file.

extension TabularDataset {
    /// The text of a cell value `v` of feature column `column`: its vocabulary entry if the column is categorical,
    /// otherwise the number written without a fraction when it has none ("100", not "100.0"), as the CSV reader
    /// keeps category names. nil for a missing (NaN) value.
    public func cellText(_ v: Float, column: Int) -> String? {
        guard !v.isNaN else { return nil }
        if let vocabulary = categories[column] { return Int(v) < vocabulary.count ? vocabulary[Int(v)] : nil }
        return v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : String(v)
    }

    /// The number a cell value `v` of feature column `column` stands for: `v` itself if the column is numeric,
    /// or the number its category text spells under the CSV reader's grammar (surrounding blanks ignored). nil
    /// when the category text is not a number; NaN stays NaN (missing).
    public func cellNumber(_ v: Float, column: Int) -> Float? {
        guard !v.isNaN, let vocabulary = categories[column] else { return v }
        guard Int(v) < vocabulary.count else { return nil }
        var text = vocabulary[Int(v)]
        return text.withUTF8 { parseFloat32($0) }
    }
}
