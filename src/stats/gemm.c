/* gemm.c - see gemm.h. */
#include "stats/gemm.h"

#include <dlfcn.h>
#include <gsl/gsl_cblas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* CBLAS's sgemm and dgemm with the enums as the int values CBLAS fixes. */
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *,
                         int, float, float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *,
                         int, double, double *, int);

static sgemm_fn sgemm;
static dgemm_fn dgemm;
static const char *backend;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void gsl_sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a,
                      int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    cblas_sgemm((enum CBLAS_ORDER)order, (enum CBLAS_TRANSPOSE)ta, (enum CBLAS_TRANSPOSE)tb, m, n,
                k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void gsl_dgemm(int order, int ta, int tb, int m, int n, int k, double alpha, const double *a,
                      int lda, const double *b, int ldb, double beta, double *c, int ldc)
{
    cblas_dgemm((enum CBLAS_ORDER)order, (enum CBLAS_TRANSPOSE)ta, (enum CBLAS_TRANSPOSE)tb, m, n,
                k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/* dlsym's object pointer as a function pointer (the copy is what POSIX
 * promises to work). */
static void *symbol(void *lib, const char *name, void *fn, size_t size)
{
    void *p = dlsym(lib, name);
    if (p) memcpy(fn, &p, size);
    return p;
}

/*
 * Our workers each run gemm on their own block, so OpenBLAS gets one
 * thread (its own threads would only contend for the same cores), and its
 * idle server threads, started when it is loaded, are stopped: each spins
 * on sched_yield for ~0.1 s before it sleeps.  blas_thread_shutdown_ is the
 * pthread build's (its fork handler, the one way to stop them); the OpenMP
 * build has it too (it frees per-thread buffers: harmless).
 */
static void load(void)
{
    const char *want = getenv("ZJ_GEMM");
    void *lib =
        want && !strcmp(want, "gsl") ? NULL : dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    void (*set_threads)(int) = NULL;
    int (*shutdown)(void) = NULL;
    if (lib && symbol(lib, "cblas_sgemm", &sgemm, sizeof sgemm) &&
        symbol(lib, "cblas_dgemm", &dgemm, sizeof dgemm)) {
        if (symbol(lib, "openblas_set_num_threads", &set_threads, sizeof set_threads))
            set_threads(1);
        if (symbol(lib, "blas_thread_shutdown_", &shutdown, sizeof shutdown)) shutdown();
        backend = "openblas";
        return; /* kept open for the rest of the process */
    }
    if (lib) dlclose(lib);
    sgemm = gsl_sgemm, dgemm = gsl_dgemm, backend = "gsl";
}

void zj_gemm_abt_f(size_t rows, size_t cols, size_t k, const float *a, const float *b, float *c,
                   size_t ldc)
{
    pthread_once(&loaded, load);
    sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)cols, (int)k, 1.0f, a, (int)k, b,
          (int)k, 0.0f, c, (int)ldc);
}

void zj_gemm_abt_d(size_t rows, size_t cols, size_t k, const double *a, const double *b, double *c,
                   size_t ldc)
{
    pthread_once(&loaded, load);
    dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)cols, (int)k, 1.0, a, (int)k, b,
          (int)k, 0.0, c, (int)ldc);
}

const char *zj_gemm_backend(void)
{
    pthread_once(&loaded, load);
    return backend;
}
