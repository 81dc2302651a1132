// The LSTM cell's backward gate arithmetic over raw buffers (the loop is CKernels/recurrent.c).
import CKernels

public enum RecurrentKernels {
    /// One step of the LSTM backward for `rows` rows: writes the four gate gradients (i, f, g, o) and replaces
    /// `dc` by its direct part for the previous step. See Tensors/Operations/Recurrence.swift for the math.
    public static func lstmBackwardStep(
        gates: UnsafePointer<Float>, cellTanh: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
        hiddenGradient: UnsafePointer<Float>, upstream: UnsafePointer<Float>, cellGradient: UnsafeMutablePointer<Float>,
        gateGradients: UnsafeMutablePointer<Float>, rows: Int, hidden: Int
    ) {
        sl_lstm_backward_step_f32(gates, cellTanh, previousCell, hiddenGradient, upstream, cellGradient, gateGradients, rows, hidden)
    }
}
