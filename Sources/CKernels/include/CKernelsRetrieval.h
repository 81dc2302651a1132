// Vector-search kernels: distances from one query to many stored rows (HNSW walks, exact search tails) and the
// Float32 running k-smallest selection over blocks of a score matrix (exact search after a GEMM).
#ifndef SWIFTLEARN_CKERNELS_RETRIEVAL_H
#define SWIFTLEARN_CKERNELS_RETRIEVAL_H

#ifdef __cplusplus
extern "C" {
#endif

/// out[i] = Σ_d q[d] · base[row_i·dim + d] for i < n, where row_i = ids[i] (or i when ids is NULL).
/// AVX-512 / AVX2+FMA / generic copies, chosen like every other kernel (sl_active_isa); single-threaded.
void sl_sdot_rows(const float *q, const float *base, long dim, const int *ids, long n, float *out);
/// out[i] = Σ_d (q[d] − base[row_i·dim + d])², rows as sl_sdot_rows.
void sl_sl2sq_rows(const float *q, const float *base, long dim, const int *ids, long n, float *out);

/// Float32 twin of sl_dtopk_merge: merges D[i·ldd + j] + bias[j] (bias may be NULL: 0) into each row's running
/// list of the k smallest (keys ascending, equal keys in index order; NaN entries are never taken).
void sl_stopk_merge(long rows, long cols, const float *D, long ldd, const float *bias, long offset, long k,
                    float *keys, long *indices, long *filled);

#ifdef __cplusplus
}
#endif
#endif
