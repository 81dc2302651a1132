// selection.c: the k smallest entries of each row of a distance block, merged into running per-row lists.
//
// Why: brute-force k-NN computes query × training distance blocks with a GEMM and keeps only the k nearest;
// scanning a block with a full sort (or a Swift loop with bounds checks and closures) costs more than the
// GEMM that made it. Almost every entry is larger than the row's current k-th smallest, so the scan tests 8
// entries at a time against that threshold (a branch-free loop the compiler vectorises) and only inserts on a hit.
#include "sl_internal.h"

#include <math.h>

static inline void insert_sorted(double *keys, long *indices, long *filled, long k, double v, long id) {
    long p = *filled < k ? (*filled)++ : k - 1;
    // Shift larger keys right; an equal key stays before (it has the smaller index: ties go to the earlier row).
    while (p > 0 && keys[p - 1] > v) {
        keys[p] = keys[p - 1];
        indices[p] = indices[p - 1];
        p--;
    }
    keys[p] = v;
    indices[p] = id;
}

void sl_dtopk_merge(long rows, long cols, const double *D, long ldd, const double *bias, long offset, long k,
                    double *keys, long *indices, long *filled) {
    for (long i = 0; i < rows; i++) {
        const double *d = D + i * ldd;
        double *kv = keys + i * k;
        long *ki = indices + i * k;
        long f = filled[i];
        double threshold = f == k ? kv[k - 1] : INFINITY;
        long j = 0;
        for (; j + 8 <= cols; j += 8) {
            int hit = 0;
            for (int t = 0; t < 8; t++) hit |= (d[j + t] + bias[j + t] < threshold);
            if (!hit) continue;
            for (int t = 0; t < 8; t++) {
                const double v = d[j + t] + bias[j + t];
                if (v < threshold || f < k) {
                    insert_sorted(kv, ki, &f, k, v, offset + j + t);
                    if (f == k) threshold = kv[k - 1];
                }
            }
        }
        for (; j < cols; j++) {
            const double v = d[j] + bias[j];
            if (v < threshold || f < k) {
                insert_sorted(kv, ki, &f, k, v, offset + j);
                if (f == k) threshold = kv[k - 1];
            }
        }
        filled[i] = f;
    }
}
