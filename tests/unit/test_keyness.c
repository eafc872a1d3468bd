/*
 * test_keyness.c - keyness statistics and group comparison.
 *
 * Reference values were computed independently with SciPy 1.10
 * (scipy.stats.chi2_contingency with and without lambda_="log-likelihood" and
 * correction, fisher_exact, beta.ppf for the Clopper-Pearson interval), not
 * with this code; the script is in docs/statistics.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/compare.h"
#include "stats/keyness.h"
#include "stats/paired.h"
#include "stats/similarity.h"
#include "stats/trend.h"

struct ref {
    double a, b, na, nb, g2, p_g2, chi2, p_chi2, chi2_yates, fisher, g2_williams, log_ratio, lrc,
        min_e;
};

static const struct ref refs[] = {
    {100, 50, 1000000, 1000000, 16.991153773296887, 3.755438371228976e-05, 16.667916760423697,
     4.452773684452618e-05, 16.007867256710924, 5.444078679990761e-05, 16.934704757122265, -1.0,
     -0.49625827779583004, 75.0},
    {10, 30, 20000, 25000, 6.504441795916213, 0.010760533993302445, 6.130449288256228,
     0.013287310078574213, 5.367583685498221, 0.016001783472305207, 6.4228184140214815,
     1.2630344058337937, 0.19147014359600809, 17.77777777777778},
    {0, 6, 18437, 18562, 8.278259464261282, 0.004012257140200362, 5.960561474903217,
     0.014629381547233748, 4.133667971053103, 0.031242681100972558, 7.641461313490732,
     3.575214260701643, 0.22588658941874848, 2.98986459093489},
    {3, 0, 5000, 8000, 5.73417666931799, 0.01663786607356282, 4.801107947987998,
     0.02844144089242379, 2.552672411582161, 0.05687475831758002, 4.862905969957528,
     -3.263034405833794, 0.0, 1.1538461538461537},
    {42, 1, 18562, 18437, 49.88031591859012, 1.6341586779905744e-12, 38.86208787317317,
     4.5482872522166174e-10, 36.982918499730005, 9.876683863847216e-12, 49.306969562332725,
     -5.382569182759247, -2.82563556112179, 21.427362901700047},
    {5, 5, 1000, 1000, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 5.0},
};

static void close_to(double got, double want, double rel)
{
    if (isinf(want)) {
        assert_true(isinf(got) && (got > 0) == (want > 0));
        return;
    }
    double tol = rel * fmax(fabs(want), 1e-300) + 1e-12;
    if (fabs(got - want) > tol) fail_msg("got %.17g, want %.17g", got, want);
}

static void test_statistics_match_scipy(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        const struct ref *r = &refs[i];
        close_to(zj_g2(r->a, r->b, r->na, r->nb), r->g2, 1e-9);
        close_to(zj_chi2(r->a, r->b, r->na, r->nb, 0), r->chi2, 1e-9);
        close_to(zj_chi2(r->a, r->b, r->na, r->nb, 1), r->chi2_yates, 1e-9);
        close_to(zj_fisher_two_sided(r->a, r->b, r->na, r->nb), r->fisher, 1e-6);
        struct zj_keyness k;
        zj_keyness(r->a, r->b, r->na, r->nb, 0, 0.95, &k);
        close_to(k.p_g2, r->p_g2, 1e-8);
        close_to(k.p_chi2, r->p_chi2, 1e-8);
        close_to(k.log_ratio, r->log_ratio, 1e-12);
        close_to(k.lrc, r->lrc, 1e-8);
        close_to(k.min_expected, r->min_e, 1e-12);
        if (r->a + r->b > 0 && r->g2 > 0) {
            zj_keyness(r->a, r->b, r->na, r->nb, ZJ_KEY_WILLIAMS, 0.95, &k);
            close_to(k.g2, r->g2_williams, 1e-9);
        }
    }
}

static void test_fisher_only_where_an_expected_count_is_below_5(void **state)
{
    (void)state;
    struct zj_keyness k;
    zj_keyness(100, 50, 1e6, 1e6, 0, 0.95, &k);
    assert_true(isnan(k.fisher_p));
    zj_keyness(0, 6, 18437, 18562, 0, 0.95, &k);
    assert_false(isnan(k.fisher_p));
}

static void test_zero_counts_are_smoothed_and_said_so(void **state)
{
    (void)state;
    struct zj_keyness k;
    zj_keyness(0, 6, 1000, 1000, 0, 0.95, &k);
    assert_true(k.smoothed);
    close_to(k.log_ratio, log2(6 / 0.5), 1e-12);
    assert_true(isnan(k.pct_diff));
    zj_keyness(2, 6, 1000, 1000, 0, 0.95, &k);
    assert_false(k.smoothed);
    close_to(k.pct_diff, 200, 1e-12);
}

static void test_bh_matches_hand_computation_and_skips_nan(void **state)
{
    (void)state;
    double p[] = {0.01, 0.04, NAN, 0.03, 0.005, 0.5}, q[6];
    double want[] = {0.025, 0.05, NAN, 0.05, 0.025, 0.5};
    zj_bh_adjust(p, 6, q);
    for (int i = 0; i < 6; i++) {
        if (isnan(want[i])) assert_true(isnan(q[i]));
        else close_to(q[i], want[i], 1e-12);
    }
}

static struct zj_doc_counts counts_of(const struct zj_term_count *items, size_t n)
{
    struct zj_doc_counts c = {(struct zj_term_count *)items, n, 0};
    for (size_t i = 0; i < n; i++) c.hits += items[i].count;
    return c;
}

static void test_compare_groups_totals_docs_and_status(void **state)
{
    (void)state;
    /* term 0 used in A only, term 1 in B only, term 2 heavily more in B */
    const struct zj_term_count d1[] = {{0, NULL, 3}, {2, NULL, 1}};
    const struct zj_term_count d2[] = {{0, NULL, 1}};
    const struct zj_term_count d3[] = {{1, NULL, 2}, {2, NULL, 60}};
    const struct zj_term_count d4[] = {{2, NULL, 5}};
    struct zj_doc_counts c1 = counts_of(d1, 2), c2 = counts_of(d2, 1), c3 = counts_of(d3, 2),
                         c4 = counts_of(d4, 1), none = {NULL, 0, 0};
    struct zj_cmp_doc docs[] = {{&c1, 5000, ZJ_GROUP_A, 0}, {&c2, 5000, ZJ_GROUP_A, 1},
                                {&c3, 6000, ZJ_GROUP_B, 0}, {&c4, 4000, ZJ_GROUP_B, 1},
                                {&none, 9999, ZJ_GROUP_NONE, 2}};
    struct zj_cmp_opts o = {0, 0.05, 0.95, 1};
    struct zj_cmp_result r;
    zj_compare(docs, 5, &o, &r);
    assert_int_equal(r.count, 3);
    close_to(r.size_a, 10000, 0);
    close_to(r.size_b, 10000, 0);
    assert_int_equal(r.docs_a, 2);
    assert_int_equal(r.docs_b, 2);
    assert_int_equal(r.pairs, 2);
    /* most significant first: term 2 (1 vs 65) */
    assert_int_equal(r.rows[0].key.entry, 2);
    assert_int_equal(r.rows[0].status, ZJ_ST_UP);
    assert_int_equal(r.rows[0].docs_a, 1);
    assert_int_equal(r.rows[0].docs_b, 2);
    /* unit 0: 2 per 10k -> 100 per 10k; unit 1: 0 -> 12.5: both up, V = 3 */
    close_to(r.rows[0].wilcoxon_v, 3, 0);
    close_to(r.rows[0].wilcoxon_p, 0.5, 1e-12);
    close_to(r.rows[0].mcnemar_p, 1, 1e-12); /* unit 1 starts using it: n01 = 1 */
    for (size_t i = 1; i < 3; i++) {
        if (r.rows[i].key.entry == 0) assert_int_equal(r.rows[i].status, ZJ_ST_DROPPED);
        else assert_int_equal(r.rows[i].status, ZJ_ST_NEW);
    }
    zj_cmp_result_release(&r);
    o.min_count = 5;
    zj_compare(docs, 5, &o, &r);
    assert_int_equal(r.count, 1);
    zj_cmp_result_release(&r);
}

static void test_compare_when_no_document_uses_any_term(void **state)
{
    (void)state;
    struct zj_doc_counts none = {NULL, 0, 0};
    struct zj_cmp_doc docs[] = {{&none, 5000, ZJ_GROUP_A, 0}, {&none, 4000, ZJ_GROUP_B, 0}};
    struct zj_cmp_opts o = {0, 0.05, 0.95, 1};
    struct zj_cmp_result r;
    zj_compare(docs, 2, &o, &r);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.pairs, 1);
    close_to(r.size_b, 4000, 0);
    zj_cmp_result_release(&r);
}

static void test_compare_with_an_empty_group_has_no_rows(void **state)
{
    (void)state;
    const struct zj_term_count d1[] = {{0, NULL, 3}};
    struct zj_doc_counts c1 = counts_of(d1, 1);
    struct zj_cmp_doc docs[] = {{&c1, 5000, ZJ_GROUP_A, -1}};
    struct zj_cmp_opts o = {0, 0.05, 0.95, 1};
    struct zj_cmp_result r;
    zj_compare(docs, 1, &o, &r);
    assert_int_equal(r.count, 0);
    zj_cmp_result_release(&r);
}

/* References: scipy.stats.wilcoxon(zero_method="wilcox", correction=True, mode=exact|approx),
 * V = sum of ranks of positive differences; scipy.stats.binomtest for McNemar. */
static void test_wilcoxon_matches_scipy(void **state)
{
    (void)state;
    static const struct {
        double d[10];
        size_t n;
        double v, p;
        int exact;
    } cases[] = {
        {{1.5, -0.5, 2.0, 3.0, -1.0, 4.0, 0, 2.5}, 8, 25.0, 0.078125, 1},
        {{1, 2, 3, 4, 5, 6, 7, -8, 9, 10}, 10, 47.0, 0.048828125, 1},
        {{1, 1, 2, -2, 3, 3, 4}, 7, 24.5, 0.089236846349962, 0},
        {{0.3, -0.2}, 2, 2.0, 1.0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v, p;
        int exact;
        zj_wilcoxon(cases[i].d, cases[i].n, &v, &p, &exact);
        close_to(v, cases[i].v, 1e-12);
        close_to(p, cases[i].p, 1e-9);
        assert_int_equal(exact, cases[i].exact);
    }
    double zeros[] = {0, 0}, v, p;
    int exact;
    zj_wilcoxon(zeros, 2, &v, &p, &exact);
    assert_true(isnan(p));
}

static void test_mcnemar_exact_matches_binomial_test(void **state)
{
    (void)state;
    close_to(zj_mcnemar_exact(5, 0), 0.0625, 1e-12);
    close_to(zj_mcnemar_exact(3, 7), 0.34375, 1e-12);
    close_to(zj_mcnemar_exact(10, 2), 0.03857421875, 1e-12);
    close_to(zj_mcnemar_exact(0, 0), 1, 0);
}

/* Monroe, Colaresi & Quinn (2008) eq. 16-22 with the pooled prior, worked by
 * hand (Python, math module) for these tables. */
static void test_weighted_log_odds_with_pooled_prior(void **state)
{
    (void)state;
    static const double cases[][6] = {
        {1, 42, 18437, 18562, 0.6569463067717649, 3.5372912631095415},
        {10, 30, 20000, 25000, 0.26259523802204576, 1.4181763718813094},
        {0, 6, 1000, 1000, 0.6951531992868114, 1.3903063985736228},
    };
    for (size_t i = 0; i < 3; i++) {
        double d, z;
        zj_log_odds(cases[i][0], cases[i][1], cases[i][2], cases[i][3], &d, &z);
        close_to(d, cases[i][4], 1e-12);
        close_to(z, cases[i][5], 1e-12);
    }
}

/* References: scipy.stats.linregress and spearmanr. */
static void test_trend_fit_and_spearman_match_scipy(void **state)
{
    (void)state;
    double x3[] = {2021, 2022, 2023}, y1[] = {1.0, 2.5, 2.9}, y3[] = {0, 0, 4.2};
    double x5[] = {2019, 2020, 2021, 2022, 2023}, y2[] = {5, 3, 4, 1, 0.5};
    double slope, se, p;
    zj_trend_fit(x3, y1, 3, &slope, &se, &p);
    close_to(slope, 0.95, 1e-12);
    close_to(se, 0.317542648054294, 1e-9);
    close_to(p, 0.2053609346456204, 1e-9);
    close_to(zj_spearman(x3, y1, 3), 1.0, 1e-12);
    zj_trend_fit(x5, y2, 5, &slope, &se, &p);
    close_to(slope, -1.1, 1e-12);
    close_to(se, 0.3, 1e-9);
    close_to(p, 0.03508151471548191, 1e-9);
    close_to(zj_spearman(x5, y2, 5), -0.9, 1e-12);
    zj_trend_fit(x3, y3, 3, &slope, &se, &p);
    close_to(slope, 2.1, 1e-12);
    close_to(p, 0.3333333333333333, 1e-9);
    close_to(zj_spearman(x3, y3, 3), 0.8660254037844387, 1e-12);
}

static void test_trend_table_rates_per_year_and_zero_years(void **state)
{
    (void)state;
    const struct zj_term_count d1[] = {{0, NULL, 2}}, d2[] = {{0, NULL, 4}, {1, NULL, 1}},
                               d3[] = {{0, NULL, 9}};
    struct zj_doc_counts c1 = counts_of(d1, 1), c2 = counts_of(d2, 2), c3 = counts_of(d3, 1);
    struct zj_trend_doc docs[] = {{&c1, 10000, 0}, {&c2, 10000, 1}, {&c3, 10000, 2}};
    double years[] = {2021, 2022, 2023};
    struct zj_trend_result r;
    zj_trend(docs, 3, years, 3, 1, &r);
    assert_int_equal(r.count, 2);
    const struct zj_trend_row *t0 = r.rows[0].key.entry == 0 ? &r.rows[0] : &r.rows[1];
    const struct zj_trend_row *t1 = r.rows[0].key.entry == 0 ? &r.rows[1] : &r.rows[0];
    close_to(t0->rate[0], 2, 1e-12);
    close_to(t0->rate[2], 9, 1e-12);
    close_to(t0->slope, 3.5, 1e-12);
    assert_int_equal(t0->zero_years, 0);
    assert_int_equal(t1->zero_years, 2);
    assert_int_equal(t1->key.count, 1);
    zj_trend_result_release(&r);
}

static void test_cosine_of_term_vectors(void **state)
{
    (void)state;
    const struct zj_term_count x[] = {{0, NULL, 1}, {1, NULL, 2}, {3, NULL, 2}};
    const struct zj_term_count y[] = {{1, NULL, 2}, {2, NULL, 1}, {3, NULL, 1}};
    struct zj_doc_counts cx = counts_of(x, 3), cy = counts_of(y, 3), empty = {NULL, 0, 0};
    size_t shared;
    /* (2*2 + 2*1) / (3 * sqrt(6)) */
    close_to(zj_cosine(&cx, &cy, &shared), 6 / (3 * sqrt(6)), 1e-12);
    assert_int_equal(shared, 2);
    close_to(zj_cosine(&cx, &cx, &shared), 1, 1e-12);
    close_to(zj_cosine(&cx, &empty, &shared), 0, 0);
    assert_int_equal(shared, 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statistics_match_scipy),
        cmocka_unit_test(test_fisher_only_where_an_expected_count_is_below_5),
        cmocka_unit_test(test_zero_counts_are_smoothed_and_said_so),
        cmocka_unit_test(test_bh_matches_hand_computation_and_skips_nan),
        cmocka_unit_test(test_compare_groups_totals_docs_and_status),
        cmocka_unit_test(test_compare_with_an_empty_group_has_no_rows),
        cmocka_unit_test(test_compare_when_no_document_uses_any_term),
        cmocka_unit_test(test_wilcoxon_matches_scipy),
        cmocka_unit_test(test_mcnemar_exact_matches_binomial_test),
        cmocka_unit_test(test_weighted_log_odds_with_pooled_prior),
        cmocka_unit_test(test_trend_fit_and_spearman_match_scipy),
        cmocka_unit_test(test_trend_table_rates_per_year_and_zero_years),
        cmocka_unit_test(test_cosine_of_term_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
