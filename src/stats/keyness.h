/*
 * keyness.h - is a term used more in B (the target) than in A (the reference)?
 *
 * All statistics are computed on the 2x2 table
 *                 A           B
 *     term        a           b
 *     other text  size_a - a  size_b - b
 * where sizes are text characters (letters and digits, as in `count`).  The
 * exact formulas, so a reviewer can reproduce every number, are in
 * docs/statistics.md.  p-values come from GSL (chi-squared with 1 d.f., beta
 * quantiles, log binomial coefficients).
 */
#ifndef ZJ_KEYNESS_H
#define ZJ_KEYNESS_H

#include <stddef.h>

enum zj_keyness_flags {
    ZJ_KEY_YATES = 1 << 0,    /* Yates' continuity correction on chi2 */
    ZJ_KEY_WILLIAMS = 1 << 1, /* Williams' correction on G2 */
};

struct zj_keyness {
    double g2, p_g2;     /* log-likelihood (Williams-corrected on request) */
    double chi2, p_chi2; /* Pearson (Yates-corrected on request) */
    double fisher_p;     /* two-sided Fisher exact; NaN unless an expected count < 5 */
    double min_expected;
    double log_ratio;    /* log2(rate_b / rate_a), zero counts replaced by 0.5 */
    double lrc;          /* conservative log ratio: CI bound nearest 0, or 0 */
    double pct_diff;     /* (rate_b - rate_a) / rate_a * 100; NaN when a = 0 */
    int smoothed;        /* 1 when a zero count was replaced by 0.5 */
    double log_odds, log_odds_z; /* zj_log_odds */
};

/* Fills k for counts a, b in groups of size_a, size_b text characters.
 * conf is the confidence level of the LRC interval (e.g. 0.95). */
void zj_keyness(double a, double b, double size_a, double size_b, unsigned flags, double conf,
                struct zj_keyness *k);

/* The statistics on their own, for tests and other tables. */
double zj_g2(double a, double b, double size_a, double size_b);
double zj_williams_q(double a, double b, double size_a, double size_b);
double zj_chi2(double a, double b, double size_a, double size_b, int yates);
double zj_fisher_two_sided(double a, double b, double size_a, double size_b);
void zj_lrc_interval(double a, double b, double size_a, double size_b, double conf, double *lo,
                     double *hi);

/* Weighted log-odds ratio with an informative Dirichlet prior (Monroe,
 * Colaresi & Quinn 2008, eq. 16-22), B against A: delta and its z-score.
 * The prior is the pooled corpus: alpha_w = a + b, alpha_0 = size_a + size_b. */
void zj_log_odds(double a, double b, double size_a, double size_b, double *delta, double *z);

/* Benjamini-Hochberg adjusted p-values (q-values), monotone, in input order.
 * NaN p-values are skipped (their q is NaN) and not counted in m. */
void zj_bh_adjust(const double *p, size_t n, double *q);

#endif
