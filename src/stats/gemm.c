/* gemm.c - see gemm.h. */
#include "stats/gemm.h"

#include <dlfcn.h>
#include <gsl/gsl_cblas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* OpenBLAS's cblas_sgemm and cblas_dgemm have GSL's signatures (CBLAS
 * fixes them, enums included), so GSL's own serve as the fallback. */
static __typeof__(&cblas_sgemm) sgemm;
static __typeof__(&cblas_dgemm) dgemm;
static const char *backend;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

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
    sgemm = cblas_sgemm, dgemm = cblas_dgemm, backend = "gsl";
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
