/* trend.c - see trend.h. */
#include "stats/trend.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

void zj_trend_fit(const double *x, const double *y, size_t n, double *slope, double *se, double *p)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    *slope = *se = *p = NAN;
    if (n < 3 || gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)) return;
    *slope = c1;
    *se = sqrt(cov11);
    if (*se > 0) *p = 2 * gsl_cdf_tdist_Q(fabs(c1 / *se), (double)(n - 2));
    else *p = c1 != 0 ? 0 : 1; /* a perfect fit */
}

double zj_spearman(const double *x, const double *y, size_t n)
{
    if (n < 2) return NAN;
    double *work = zj_xmalloc(2 * n * sizeof *work);
    double rho = gsl_stats_spearman(x, 1, y, 1, n, work);
    free(work);
    return rho;
}

struct tagged {
    struct zj_term_count t;
    int year;
};

static int tagged_cmp(const void *x, const void *y)
{
    return zj_term_cmp(&((const struct tagged *)x)->t, &((const struct tagged *)y)->t);
}

static int row_cmp(const void *x, const void *y)
{
    const struct zj_trend_row *a = x, *b = y;
    double pa = isnan(a->slope_p) ? 2 : a->slope_p, pb = isnan(b->slope_p) ? 2 : b->slope_p;
    if (pa != pb) return pa < pb ? -1 : 1;
    if (fabs(a->slope) != fabs(b->slope)) return fabs(a->slope) > fabs(b->slope) ? -1 : 1;
    return zj_term_cmp(&a->key, &b->key);
}

static void fill_row(struct zj_trend_row *r, const double *years, const double *size, size_t ny)
{
    r->rate = zj_xcalloc(ny, sizeof *r->rate);
    for (size_t y = 0; y < ny; y++) {
        r->rate[y] = size[y] > 0 ? r->count[y] * 10000 / size[y] : 0;
        r->zero_years += r->count[y] == 0;
    }
    zj_trend_fit(years, r->rate, ny, &r->slope, &r->slope_se, &r->slope_p);
    r->rho = zj_spearman(years, r->rate, ny);
}

void zj_trend(const struct zj_trend_doc *docs, size_t ndocs, const double *years, size_t nyears,
              double min_count, struct zj_trend_result *out)
{
    memset(out, 0, sizeof *out);
    out->nyears = nyears;
    out->size = zj_xcalloc(nyears + 1, sizeof *out->size);
    size_t total = 0, k = 0, alloc = 0;
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d].year >= 0) total += docs[d].counts->count, out->size[docs[d].year] += docs[d].chars;
    struct tagged *all = zj_xmalloc((total + 1) * sizeof *all);
    for (size_t d = 0; d < ndocs; d++)
        for (size_t i = 0; docs[d].year >= 0 && i < docs[d].counts->count; i++)
            all[k++] = (struct tagged){docs[d].counts->items[i], docs[d].year};
    if (k) qsort(all, k, sizeof *all, tagged_cmp);
    for (size_t i = 0; i < k;) {
        struct zj_trend_row r = {all[i].t, zj_xcalloc(nyears + 1, sizeof(double)), NULL, 0, 0, 0, 0, 0};
        r.key.count = 0;
        size_t j = i;
        for (; j < k && !zj_term_cmp(&all[i].t, &all[j].t); j++)
            r.count[all[j].year] += all[j].t.count, r.key.count += all[j].t.count;
        i = j;
        if (r.key.count < min_count) {
            free(r.count);
            continue;
        }
        fill_row(&r, years, out->size, nyears);
        out->rows = zj_xgrow(out->rows, sizeof *out->rows, out->count + 1, &alloc);
        out->rows[out->count++] = r;
    }
    free(all);
    if (out->count) qsort(out->rows, out->count, sizeof *out->rows, row_cmp);
}

void zj_trend_result_release(struct zj_trend_result *r)
{
    for (size_t i = 0; i < r->count; i++) free(r->rows[i].count), free(r->rows[i].rate);
    free(r->rows);
    free(r->size);
    memset(r, 0, sizeof *r);
}
