/*
 * trend.h - a term's rate over three or more years.
 *
 * Per term: the rate per 10k text characters in each year (count over the
 * year's total size), the OLS slope of rate on year with its standard error
 * and two-sided p-value (gsl_fit_linear; t distribution with n - 2 degrees of
 * freedom), and Spearman's rho between year and rate (gsl_stats_spearman).
 */
#ifndef ZJ_TREND_H
#define ZJ_TREND_H

#include <stddef.h>

#include "terms/count.h"

struct zj_trend_doc {
    const struct zj_doc_counts *counts; /* borrowed */
    double chars;
    int year; /* index into the years array, -1: not used */
};

struct zj_trend_row {
    struct zj_term_count key; /* count = total over all years */
    double *count;            /* per year */
    double *rate;             /* per year, per 10k */
    double slope, slope_se, slope_p, rho;
    size_t zero_years;
};

struct zj_trend_result {
    struct zj_trend_row *rows; /* sorted by slope p-value, then |slope| descending, then term */
    size_t count;
    size_t nyears;
    double *size; /* per year */
};

/* Fits a line y = c0 + slope x; fills slope, its standard error and p. */
void zj_trend_fit(const double *x, const double *y, size_t n, double *slope, double *se, double *p);
double zj_spearman(const double *x, const double *y, size_t n);

void zj_trend(const struct zj_trend_doc *docs, size_t ndocs, const double *years, size_t nyears,
              double min_count, struct zj_trend_result *out);
void zj_trend_result_release(struct zj_trend_result *r);

#endif
