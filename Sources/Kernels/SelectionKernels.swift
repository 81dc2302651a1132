// Running k-smallest selection over blocks of a distance matrix (the C kernel in CKernels/selection.c).
import CKernels

/// Keeps the `k` smallest entries of each row of a matrix that arrives in column blocks.
public enum SmallestSelection {
    /// Merges block entries `block[i·stride + j] + bias[j]` (`j < columns`, global index `offset + j`) into each row's
    /// running list: `keys[i·k ..< i·k + filled[i]]` ascending with their `indices`, equal keys in index order (an
    /// entry equal to the current k-th is not taken). Start every `filled[i]` at 0 and pass blocks in increasing
    /// `offset`.
    public static func merge(
        rows: Int, columns: Int, block: UnsafePointer<Double>, stride: Int, bias: UnsafePointer<Double>, offset: Int, k: Int,
        keys: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>, filled: UnsafeMutablePointer<Int>
    ) {
        sl_dtopk_merge(rows, columns, block, stride, bias, offset, k, keys, indices, filled)
    }
}
