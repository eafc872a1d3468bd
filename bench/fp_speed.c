/*
 * fp_speed.c - fingerprinting throughput of reuse (the issue asks for at
 * least 50 million reuse characters a second per core).  Run by hand through
 * bench/reuse-scale.sh, never in CI.
 *
 *   fp_speed FILE...      (UTF-8 summaries; e.g. a generated corpus)
 *
 * Builds every file's reuse text once, then winnows all of them with the
 * default k = 10, w = 8 on one thread, five times, and prints the reuse
 * characters and the median time and rate.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reuse/prep.h"
#include "reuse/winnow.h"
#include "util/alloc.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *buf = NULL;
    size_t alloc = 0, n = 0, got;
    do {
        buf = zj_xgrow(buf, 1, n + 65536, &alloc);
        got = fread(buf + n, 1, alloc - n, fp);
        n += got;
    } while (got);
    fclose(fp);
    *len = n;
    return buf;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
    struct zj_reuse_text *t = zj_xcalloc((size_t)argc, sizeof *t);
    size_t chars = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        size_t len;
        char *text = slurp(argv[i], &len);
        if (!text) {
            fprintf(stderr, "fp_speed: cannot read %s\n", argv[i]);
            return 1;
        }
        struct zj_norm norm = {0};
        zj_normalize(text, len, ZJ_NORM_MAP, &norm);
        zj_reuse_text_build(&norm, NULL, 1, &t[n]);
        chars += t[n++].len;
        zj_norm_release(&norm);
        free(text);
    }
    double runs[5];
    size_t fps = 0, alloc = 0;
    struct zj_fp *fp = NULL;
    for (int r = 0; r < 5; r++) {
        double t0 = now();
        fps = 0;
        for (size_t d = 0; d < n; d++) {
            size_t nfp = 0;
            zj_winnow(t[d].code, t[d].len, 10, 8, &fp, &nfp, &alloc);
            fps += nfp;
        }
        runs[r] = now() - t0;
    }
    qsort(runs, 5, sizeof *runs, by_double);
    printf("%zu documents, %zu reuse characters, %zu fingerprints: median %.3f s, %.1f M characters/s on one core\n",
           n, chars, fps, runs[2], (double)chars / runs[2] / 1e6);
    for (size_t d = 0; d < n; d++) zj_reuse_text_release(&t[d]);
    free(t), free(fp);
    return 0;
}
