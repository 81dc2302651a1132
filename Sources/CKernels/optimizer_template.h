// optimizer_template.h: parameter-update loops of the optimizers, instantiated once per ISA path.
//
// Why: an Adam step is a handful of flops per parameter with a square root and a division; written in Swift the
// loop stays scalar (~14 cycles per element), here the restrict-qualified loop under the path's target attribute
// is vectorised 16 (AVX-512), 8 (AVX2) or 4 (SSE/NEON) lanes wide. The includer defines SL_OPT_ATTR and
// SL_OPT_SUFFIX. The math is PyTorch's (NeuralNetworks/Optimizers/Adam.swift documents it).

#define SL_OPT_CAT2(a, b) a##_##b
#define SL_OPT_CAT(a, b) SL_OPT_CAT2(a, b)
#define SL_OPT_NAME(base) SL_OPT_CAT(base, SL_OPT_SUFFIX)

/// One Adam/AdamW step over n parameters: p ← p·shrink; g ← grad + l2·p; m ← m + (g − m)·c1;
/// v ← β2·v + c2·g²; (vmax ← max(vmax, v) if vmax); p ← p − step·m / (√v̂ / bias2_root + eps).
/// c1 = 1 − β1 and c2 = 1 − β2 come in already rounded from double, as PyTorch passes them: 1.0f − 0.999f is
/// 0.00099998713, 1.3e-5 (relative) below torch's 0.001f, which made every Float32 step ~6e-6 too large.
SL_OPT_ATTR void SL_OPT_NAME(sl_adam_step)(float *restrict p, const float *restrict grad, float *restrict m,
                                           float *restrict v, float *restrict vmax, long n, float l2, float shrink,
                                           float b2, float c1, float c2, float step, float bias2_root, float eps) {
    const float inv_root = 1.0f / bias2_root;
    if (vmax) {
        for (long i = 0; i < n; i++) {
            float pi = p[i] * shrink;
            float g = grad[i] + l2 * pi;
            float mi = m[i] + (g - m[i]) * c1;
            float vi = v[i] * b2 + c2 * g * g;
            float vm = vmax[i] > vi ? vmax[i] : vi;
            m[i] = mi;
            v[i] = vi;
            vmax[i] = vm;
            p[i] = pi - step * mi / (__builtin_sqrtf(vm) * inv_root + eps);
        }
    } else {
        for (long i = 0; i < n; i++) {
            float pi = p[i] * shrink;
            float g = grad[i] + l2 * pi;
            float mi = m[i] + (g - m[i]) * c1;
            float vi = v[i] * b2 + c2 * g * g;
            m[i] = mi;
            v[i] = vi;
            p[i] = pi - step * mi / (__builtin_sqrtf(vi) * inv_root + eps);
        }
    }
}

#undef SL_OPT_NAME
#undef SL_OPT_CAT
#undef SL_OPT_CAT2
