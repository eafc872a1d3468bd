/*
 * gemm.h - the dense matrix products of all-pairs similarity (similarity.c):
 * C = A B^T, row-major, in float or double.
 *
 * OpenBLAS serves them when it can be loaded, else GSL's reference CBLAS
 * (always linked, much slower, the same results: similarity's products are
 * exact integers in either).  OpenBLAS is opened on first use (dlopen), not
 * linked: it pulls in libgfortran and libquadmath, and libquadmath registers
 * a printf type when it is loaded, which sends every printf of the process
 * down glibc's slow positional path -- libxlsxwriter's per-cell XML and our
 * CSV numbers took up to twice as long in every command.  Only a process
 * that multiplies (compare --similarity) now loads it.
 *
 * ZJ_GEMM=gsl in the environment picks GSL's CBLAS (tests run both).
 */
#ifndef ZJ_GEMM_H
#define ZJ_GEMM_H

#include <stddef.h>

/* c[r * ldc + j] = sum_x a[r * k + x] * b[j * k + x], r < rows, j < cols. */
void zj_gemm_abt_f(size_t rows, size_t cols, size_t k, const float *a, const float *b, float *c,
                   size_t ldc);
void zj_gemm_abt_d(size_t rows, size_t cols, size_t k, const double *a, const double *b, double *c,
                   size_t ldc);

/* "openblas" or "gsl": which one serves the products (loads it if needed). */
const char *zj_gemm_backend(void);

#endif
