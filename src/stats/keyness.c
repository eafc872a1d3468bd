/*
 * keyness.c - see keyness.h and docs/statistics.md.
 *
 * Counts and sizes are doubles: sizes reach 10^9 characters, and every
 * formula here is written with logs and ratios that stay exact enough at that
 * scale.  GSL's error handler is off (main.c); its cdf functions return NaN
 * or inf on bad input rather than aborting, and callers never pass bad input.
 */
#include "stats/keyness.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

static double xlogx_over(double o, double e)
{
    return o > 0 ? o * log(o / e) : 0;
}

/* Expected counts of the four cells, in the order a, b, a', b'. */
static void expected(double a, double b, double na, double nb, double e[4])
{
    double n = na + nb, r1 = a + b, r2 = n - r1;
    e[0] = r1 * na / n, e[1] = r1 * nb / n, e[2] = r2 * na / n, e[3] = r2 * nb / n;
}

double zj_g2(double a, double b, double na, double nb)
{
    double e[4], o[4] = {a, b, na - a, nb - b};
    if (na <= 0 || nb <= 0 || a + b <= 0) return 0;
    expected(a, b, na, nb, e);
    double s = 0;
    for (int i = 0; i < 4; i++) s += xlogx_over(o[i], e[i]);
    return 2 * s;
}

double zj_williams_q(double a, double b, double na, double nb)
{
    double n = na + nb, r1 = a + b, r2 = n - r1;
    return 1 + (n / r1 + n / r2 - 1) * (n / na + n / nb - 1) / (6 * n);
}

double zj_chi2(double a, double b, double na, double nb, int yates)
{
    double e[4], o[4] = {a, b, na - a, nb - b};
    if (na <= 0 || nb <= 0 || a + b <= 0) return 0;
    expected(a, b, na, nb, e);
    double s = 0;
    for (int i = 0; i < 4; i++) {
        double d = fabs(o[i] - e[i]);
        if (yates) d = d > 0.5 ? d - 0.5 : 0;
        s += d * d / e[i];
    }
    return s;
}

/* log P(X = k) for the hypergeometric law of the term's r1 occurrences
 * falling k in A (na characters) and r1 - k in B (nb characters). */
static double lnchoose(double n, double k)
{
    return gsl_sf_lngamma(n + 1) - gsl_sf_lngamma(k + 1) - gsl_sf_lngamma(n - k + 1);
}

static double log_hyper(double k, double r1, double na, double nb)
{
    return lnchoose(na, k) + lnchoose(nb, r1 - k) - lnchoose(na + nb, r1);
}

double zj_fisher_two_sided(double a, double b, double na, double nb)
{
    double r1 = a + b;
    if (r1 <= 0) return 1;
    double lo = r1 - nb > 0 ? r1 - nb : 0, hi = r1 < na ? r1 : na;
    double p_obs = log_hyper(a, r1, na, nb), sum = 0;
    for (double k = lo; k <= hi; k++) {
        double lp = log_hyper(k, r1, na, nb);
        if (lp <= p_obs + 1e-7) sum += exp(lp); /* R's relative tolerance */
    }
    return sum > 1 ? 1 : sum;
}

static double log2_odds_to_lr(double p, double na, double nb)
{
    if (p <= 0) return -INFINITY;
    if (p >= 1) return INFINITY;
    return log2(p / (1 - p) * na / nb);
}

/* Clopper-Pearson interval for the share of the term's occurrences that fall
 * in B, turned into bounds on log2(rate_b / rate_a). */
void zj_lrc_interval(double a, double b, double na, double nb, double conf, double *lo, double *hi)
{
    double k = a + b, alpha = 1 - conf;
    double p_lo = b > 0 ? gsl_cdf_beta_Pinv(alpha / 2, b, k - b + 1) : 0;
    double p_hi = a > 0 ? gsl_cdf_beta_Pinv(1 - alpha / 2, b + 1, k - b) : 1;
    *lo = log2_odds_to_lr(p_lo, na, nb);
    *hi = log2_odds_to_lr(p_hi, na, nb);
}

void zj_keyness(double a, double b, double na, double nb, unsigned flags, double conf,
                struct zj_keyness *k)
{
    memset(k, 0, sizeof *k);
    double e[4];
    expected(a, b, na, nb, e);
    k->min_expected = fmin(fmin(e[0], e[1]), fmin(e[2], e[3]));
    k->g2 = zj_g2(a, b, na, nb);
    if ((flags & ZJ_KEY_WILLIAMS) && a + b > 0) k->g2 /= zj_williams_q(a, b, na, nb);
    k->p_g2 = gsl_cdf_chisq_Q(k->g2, 1);
    k->chi2 = zj_chi2(a, b, na, nb, (flags & ZJ_KEY_YATES) != 0);
    k->p_chi2 = gsl_cdf_chisq_Q(k->chi2, 1);
    k->fisher_p = k->min_expected < 5 ? zj_fisher_two_sided(a, b, na, nb) : NAN;
    double sa = a > 0 ? a : 0.5, sb = b > 0 ? b : 0.5;
    k->smoothed = a <= 0 || b <= 0;
    k->log_ratio = log2((sb / nb) / (sa / na));
    double lo, hi;
    zj_lrc_interval(a, b, na, nb, conf, &lo, &hi);
    k->lrc = lo > 0 ? lo : hi < 0 ? hi : 0;
    k->pct_diff = a > 0 ? ((b / nb) - (a / na)) / (a / na) * 100 : NAN;
    zj_log_odds(a, b, na, nb, &k->log_odds, &k->log_odds_z);
}

void zj_log_odds(double a, double b, double na, double nb, double *delta, double *z)
{
    double aw = a + b, a0 = na + nb;
    if (aw <= 0) {
        *delta = *z = 0;
        return;
    }
    double lb = log((b + aw) / (nb + a0 - b - aw)), la = log((a + aw) / (na + a0 - a - aw));
    *delta = lb - la;
    *z = *delta / sqrt(1 / (a + aw) + 1 / (b + aw));
}

struct ranked {
    double p;
    size_t i;
};

static int by_p(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    if (a->p != b->p) return a->p < b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

void zj_bh_adjust(const double *p, size_t n, double *q)
{
    struct ranked *r = zj_xmalloc((n + 1) * sizeof *r);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        q[i] = NAN;
        if (!isnan(p[i])) r[m++] = (struct ranked){p[i], i};
    }
    qsort(r, m, sizeof *r, by_p);
    double running = 1;
    for (size_t k = m; k-- > 0;) {
        double v = r[k].p * (double)m / (double)(k + 1);
        if (v < running) running = v;
        q[r[k].i] = running;
    }
    free(r);
}
