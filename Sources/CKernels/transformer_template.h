// transformer_template.h: LayerNorm (+ bias + residual), bias + activation and one-head attention, written
// once over clang's vector extension and instantiated per ISA (transformer_avx512.c: 16 lanes,
// transformer_avx2.c: 8, transformer_generic.c: 4 with no target attribute).
//
// Why: BERT inference spends ~95 % of its time in sgemm; what remains must not cost a pass over memory per op.
// These kernels touch each row once or twice while it is in L1, fuse the bias and residual adds into the
// LayerNorm, and run attention for one (sequence, head) pair without padding or materialising Kᵀ in the caller.
// A file that includes this defines SL_TX_VW (lanes), SL_TX_ATTR (function attributes, may be empty) and
// SL_TX_SUFFIX (exported names: sl_layernorm_residual_<suffix>, ...).
#include <math.h>
#include <string.h>

typedef float txf __attribute__((ext_vector_type(SL_TX_VW)));

#define SL_TX_CAT2(a, b) a##_##b
#define SL_TX_CAT(a, b) SL_TX_CAT2(a, b)
#define SL_TX_NAME(base) SL_TX_CAT(base, SL_TX_SUFFIX)
#define SL_TX_INLINE SL_TX_ATTR static inline __attribute__((always_inline))

SL_TX_INLINE txf tx_load(const float *p) {
    txf v;
    memcpy(&v, p, sizeof v);
    return v;
}
SL_TX_INLINE void tx_store(float *p, txf v) { memcpy(p, &v, sizeof v); }
SL_TX_INLINE txf tx_fma(txf a, txf b, txf c) { return __builtin_elementwise_fma(a, b, c); }
SL_TX_INLINE float tx_hsum(txf v) {
    float s = 0;
    for (int i = 0; i < SL_TX_VW; i++) s += v[i];
    return s;
}

SL_TX_ATTR void SL_TX_NAME(sl_layernorm_residual)(const float *x, long ldx, const float *bias, const float *residual,
                                                   long ldr, const float *gamma, const float *beta, float eps,
                                                   float *y, long ldy, long rows, long n) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * ldx;
        const float *rr = residual ? residual + r * ldr : NULL;
        float *yr = y + r * ldy;
        // Pass 1: v = x + bias + residual into y (same index read then written, so y may alias x or residual).
        txf s0 = 0, s1 = 0;
        long i = 0;
        for (; i + SL_TX_VW <= n; i += SL_TX_VW) {
            txf v = tx_load(xr + i);
            if (bias) v += tx_load(bias + i);
            if (rr) v += tx_load(rr + i);
            tx_store(yr + i, v);
            if ((i / SL_TX_VW) & 1) s1 += v; else s0 += v;
        }
        float tail = 0;
        for (; i < n; i++) {
            float v = xr[i] + (bias ? bias[i] : 0) + (rr ? rr[i] : 0);
            yr[i] = v;
            tail += v;
        }
        const float mean = (tx_hsum(s0 + s1) + tail) / (float)n;
        // Pass 2: the biased variance around the mean (two passes: no cancellation).
        txf q0 = 0, q1 = 0;
        for (i = 0; i + SL_TX_VW <= n; i += SL_TX_VW) {
            txf d = tx_load(yr + i) - mean;
            if ((i / SL_TX_VW) & 1) q1 = tx_fma(d, d, q1); else q0 = tx_fma(d, d, q0);
        }
        tail = 0;
        for (; i < n; i++) tail += (yr[i] - mean) * (yr[i] - mean);
        const float rstd = 1.0f / sqrtf((tx_hsum(q0 + q1) + tail) / (float)n + eps);
        // Pass 3: normalise, scale, shift.
        for (i = 0; i + SL_TX_VW <= n; i += SL_TX_VW) {
            txf d = (tx_load(yr + i) - mean) * rstd;
            tx_store(yr + i, tx_fma(d, tx_load(gamma + i), tx_load(beta + i)));
        }
        for (; i < n; i++) yr[i] = (yr[i] - mean) * rstd * gamma[i] + beta[i];
    }
}

SL_TX_ATTR void SL_TX_NAME(sl_bias_activation)(float *x, long ldx, const float *bias, long rows, long n,
                                                sl_activation act) {
    for (long r = 0; r < rows; r++) {
        float *xr = x + r * ldx;
        long i = 0;
        if (bias) {
            for (; i + SL_TX_VW <= n; i += SL_TX_VW) tx_store(xr + i, tx_load(xr + i) + tx_load(bias + i));
            for (; i < n; i++) xr[i] += bias[i];
        }
        switch (act) {
        case SL_ACT_GELU_ERF: sl_vgelu_erf(xr, xr, n); break;
        case SL_ACT_GELU_TANH: sl_vgelu_tanh(xr, xr, n); break;
        case SL_ACT_RELU:
            for (i = 0; i < n; i++) xr[i] = xr[i] > 0 ? xr[i] : (xr[i] != xr[i] ? xr[i] : 0.0f);
            break;
        default: break;
        }
    }
}

/// Rows of queries handled together (each loaded key or value vector is used this many times).
#define SL_TX_QROWS 4

SL_TX_ATTR void SL_TX_NAME(sl_attention_head)(const float *q, long ldq, const float *k, long ldk, const float *v,
                                               long ldv, float *out, long ldo, long len, long d, float *scratch) {
    if (len <= 0) return;
    const long lp = (len + 15) / 16 * 16; // key count padded to whole vectors (16 on every path)
    float *S = scratch;                    // len × lp scores, then probabilities
    float *Kt = scratch + len * lp;        // d × lp: the keys transposed, zero-padded
    for (long p = 0; p < d; p++) {
        float *row = Kt + p * lp;
        for (long j = 0; j < len; j++) row[j] = k[j * ldk + p];
        for (long j = len; j < lp; j++) row[j] = 0;
    }
    // S = q · Kᵀ: broadcast one query element, multiply a vector of keys (no horizontal sums).
    long i = 0;
    for (; i + SL_TX_QROWS <= len; i += SL_TX_QROWS) {
        for (long jb = 0; jb < lp; jb += SL_TX_VW) {
            txf a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (long p = 0; p < d; p++) {
                txf kv = tx_load(Kt + p * lp + jb);
                a0 = tx_fma((txf)q[(i + 0) * ldq + p], kv, a0);
                a1 = tx_fma((txf)q[(i + 1) * ldq + p], kv, a1);
                a2 = tx_fma((txf)q[(i + 2) * ldq + p], kv, a2);
                a3 = tx_fma((txf)q[(i + 3) * ldq + p], kv, a3);
            }
            tx_store(S + (i + 0) * lp + jb, a0);
            tx_store(S + (i + 1) * lp + jb, a1);
            tx_store(S + (i + 2) * lp + jb, a2);
            tx_store(S + (i + 3) * lp + jb, a3);
        }
    }
    for (; i < len; i++) {
        for (long jb = 0; jb < lp; jb += SL_TX_VW) {
            txf a0 = 0;
            for (long p = 0; p < d; p++) a0 = tx_fma((txf)q[i * ldq + p], tx_load(Kt + p * lp + jb), a0);
            tx_store(S + i * lp + jb, a0);
        }
    }
    // Softmax over the len real keys of each row (the padding columns are never read again).
    for (i = 0; i < len; i++) sl_softmax_rows(S + i * lp, S + i * lp, 1, len);
    // out = P · v: broadcast one probability, multiply a vector of the value row.
    const long dv = d / SL_TX_VW * SL_TX_VW;
    for (i = 0; i < len; i += SL_TX_QROWS) {
        const long nr = len - i < SL_TX_QROWS ? len - i : SL_TX_QROWS;
        for (long c = 0; c < dv; c += SL_TX_VW) {
            txf a[SL_TX_QROWS] = {0};
            for (long j = 0; j < len; j++) {
                txf vv = tx_load(v + j * ldv + c);
                for (long r = 0; r < nr; r++) a[r] = tx_fma((txf)S[(i + r) * lp + j], vv, a[r]);
            }
            for (long r = 0; r < nr; r++) tx_store(out + (i + r) * ldo + c, a[r]);
        }
        for (long c = dv; c < d; c++) {
            for (long r = 0; r < nr; r++) {
                float acc = 0;
                for (long j = 0; j < len; j++) acc += S[(i + r) * lp + j] * v[j * ldv + c];
                out[(i + r) * ldo + c] = acc;
            }
        }
    }
}

#undef SL_TX_QROWS
#undef SL_TX_INLINE
#undef SL_TX_NAME
#undef SL_TX_CAT
#undef SL_TX_CAT2
