/*
 * paired.h - tests on paired observations: the same unit in group A and B.
 *
 * Wilcoxon signed-rank on the differences B - A (zero differences dropped, as
 * in Wilcoxon's original test and SciPy's default "wilcox" zero method); the
 * p-value is exact (the null distribution of V by counting sign patterns)
 * when n <= 50 and there are no ties, else the normal approximation with tie
 * correction and continuity correction.  McNemar's test on used / not used,
 * exact: a two-sided binomial test of n01 against n01 + n10 with p = 1/2.
 */
#ifndef ZJ_PAIRED_H
#define ZJ_PAIRED_H

#include <stddef.h>

/* v: sum of the ranks of positive differences; p: two-sided p-value (NaN and
 * v = 0 when no difference is non-zero).  *exact says which p was used. */
void zj_wilcoxon(const double *diff, size_t n, double *v, double *p, int *exact);
double zj_mcnemar_exact(size_t n01, size_t n10);

#endif
