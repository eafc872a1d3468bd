/*
 * paired.c - see paired.h.
 *
 * The exact null distribution of V counts, for each total t, the subsets of
 * the ranks 1..n summing to t (a 0/1 knapsack over n(n+1)/2 + 1 cells), so
 * its cost is O(n^3); n is the number of units paired, small in practice.
 */
#include "stats/paired.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/banned.h"

#define EXACT_MAX 50

struct absdiff {
    double a;
    int positive;
};

static int by_abs(const void *x, const void *y)
{
    double a = ((const struct absdiff *)x)->a, b = ((const struct absdiff *)y)->a;
    return (a > b) - (a < b);
}

/* Ranks |d| (average ranks for ties); returns V and the tie correction term. */
static double signed_rank_sum(struct absdiff *d, size_t n, double *ties, int *any_tie)
{
    qsort(d, n, sizeof *d, by_abs);
    double v = 0;
    *ties = 0;
    *any_tie = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && d[j].a == d[i].a) j++;
        double rank = (double)(i + 1 + j) / 2, t = (double)(j - i);
        if (t > 1) *any_tie = 1, *ties += t * t * t - t;
        for (size_t k = i; k < j; k++) v += d[k].positive ? rank : 0;
        i = j;
    }
    return v;
}

/* P(V <= v) under the null, by counting subsets of ranks 1..n. */
static double exact_cdf(size_t n, double v)
{
    size_t max = n * (n + 1) / 2;
    double *ways = zj_xcalloc(max + 1, sizeof *ways);
    ways[0] = 1;
    for (size_t r = 1; r <= n; r++)
        for (size_t t = max; t >= r; t--) ways[t] += ways[t - r];
    double below = 0, total = ldexp(1.0, (int)n);
    for (size_t t = 0; t <= max && (double)t <= v + 1e-9; t++) below += ways[t];
    free(ways);
    return below / total;
}

void zj_wilcoxon(const double *diff, size_t n, double *v, double *p, int *exact)
{
    struct absdiff *d = zj_xmalloc((n + 1) * sizeof *d);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (diff[i] != 0) d[m++] = (struct absdiff){fabs(diff[i]), diff[i] > 0};
    *v = 0, *p = NAN, *exact = 0;
    if (m == 0) {
        free(d);
        return;
    }
    double ties;
    int any_tie;
    *v = signed_rank_sum(d, m, &ties, &any_tie);
    double mean = (double)m * (m + 1) / 4;
    if (m <= EXACT_MAX && !any_tie) {
        double lo = exact_cdf(m, fmin(*v, 2 * mean - *v));
        *p = fmin(1, 2 * lo);
        *exact = 1;
    } else {
        double var = (double)m * (m + 1) * (2 * m + 1) / 24 - ties / 48;
        double z = (fabs(*v - mean) - 0.5) / sqrt(var);
        *p = var > 0 ? fmin(1, 2 * gsl_cdf_ugaussian_Q(z > 0 ? z : 0)) : 1;
    }
    free(d);
}

double zj_mcnemar_exact(size_t n01, size_t n10)
{
    size_t n = n01 + n10, k = n01 < n10 ? n01 : n10;
    if (n == 0) return 1;
    double p = 2 * gsl_cdf_binomial_P((unsigned)k, 0.5, (unsigned)n);
    return p > 1 ? 1 : p;
}
