/*
 * test_similarity.c - the all-pairs similarity (similarity.h) against the
 * per-pair merge walk (zj_cosine) on random documents: the same values to
 * the last bit, the same shared-term counts, and each document's top
 * partners equal to sorting every pair, whatever the number of threads and
 * whichever path computes the dot products (postings only, dense float,
 * dense double, both mixed), on enough documents for several row blocks
 * and column chunks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "stats/gemm.h"
#include "stats/similarity.h"

#define NDOCS 60
#define MANY 700

static void random_docs_n(struct zj_doc_counts *d, size_t n, unsigned *seed)
{
    static const char *const texts[] = {"甲", "乙"}; /* stand-ins for interned regex texts */
    for (size_t i = 0; i < n; i++) {
        d[i].items = calloc(40, sizeof *d[i].items);
        d[i].count = 0;
        for (uint32_t e = 0; e < 30; e++) {
            /* low entries common, high ones rare: both dense and posting terms */
            if ((uint32_t)(rand_r(seed) % 40) < e + 2) continue;
            uint32_t c = 1 + (uint32_t)(rand_r(seed) % 7);
            d[i].items[d[i].count++] = (struct zj_term_count){e, e == 29 ? texts[rand_r(seed) % 2] : NULL, c};
        }
        /* sorted like real counts */
        for (size_t a = 1; a < d[i].count; a++)
            for (size_t b = a; b > 0 && zj_term_cmp(&d[i].items[b - 1], &d[i].items[b]) > 0; b--) {
                struct zj_term_count t = d[i].items[b];
                d[i].items[b] = d[i].items[b - 1], d[i].items[b - 1] = t;
            }
    }
}

static void random_docs(struct zj_doc_counts *d, unsigned *seed)
{
    random_docs_n(d, NDOCS, seed);
}

static void test_dots_equal_the_merge_walk_exactly(void **state)
{
    (void)state;
    unsigned seed = 3;
    struct zj_doc_counts d[NDOCS];
    random_docs(d, &seed);
    const struct zj_doc_counts *v[NDOCS];
    for (size_t i = 0; i < NDOCS; i++) v[i] = &d[i];
    struct zj_sim_index ix;
    zj_sim_index_init(&ix, v, NDOCS);
    double dot[NDOCS];
    uint32_t shared[NDOCS];
    for (size_t i = 0; i < NDOCS; i++) {
        zj_sim_dots(&ix, i, dot, shared);
        for (size_t j = 0; j < NDOCS; j++) {
            size_t want_shared;
            double want = zj_cosine(&d[i], &d[j], &want_shared);
            double n = ix.norm[i] * ix.norm[j];
            assert_true((n > 0 ? dot[j] / n : 0) == want); /* bit for bit */
            assert_int_equal(shared[j], want_shared);
        }
    }
    zj_sim_index_release(&ix);
    for (size_t i = 0; i < NDOCS; i++) free(d[i].items);
}

static int by_rank(const void *a, const void *b)
{
    const struct zj_sim_partner *x = a, *y = b;
    if (x->cos != y->cos) return x->cos > y->cos ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* zj_sim_top under one tuning equals sorting every pair, for 1-3 threads. */
static void check_top(const struct zj_doc_counts *d, size_t n, const struct zj_sim_tuning *tuning,
                      size_t top)
{
    const struct zj_doc_counts **v = calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = &d[i];
    struct zj_sim_index ix;
    zj_sim_index_init_dense(&ix, v, n, tuning);
    struct zj_sim_partner *best = calloc(n * top, sizeof *best), *all = calloc(n, sizeof *all);
    size_t *nbest = calloc(n, sizeof *nbest);
    for (int threads = 1; threads <= 3; threads++) {
        zj_sim_top(&ix, top, threads, best, nbest);
        for (size_t i = 0; i < n; i++) {
            size_t m = 0;
            for (size_t j = 0; j < n; j++) {
                if (j == i) continue;
                size_t sh;
                double c = zj_cosine(&d[i], &d[j], &sh);
                all[m++] = (struct zj_sim_partner){c, j, sh};
            }
            qsort(all, m, sizeof *all, by_rank);
            assert_int_equal(nbest[i], top < m ? top : m);
            for (size_t k = 0; k < nbest[i]; k++) {
                assert_int_equal(best[i * top + k].doc, all[k].doc);
                assert_true(best[i * top + k].cos == all[k].cos);
                assert_int_equal(best[i * top + k].shared, all[k].shared);
            }
        }
    }
    zj_sim_index_release(&ix);
    free(best), free(all), free(nbest), free(v);
}

static void test_top_partners_match_sorting_every_pair(void **state)
{
    (void)state;
    unsigned seed = 9;
    struct zj_doc_counts d[NDOCS];
    random_docs(d, &seed);
    d[5].count = 0; /* a document without hits: cosine 0 with everyone */
    struct zj_sim_tuning mixed = {0.125, 1};
    check_top(d, NDOCS, &mixed, 4);
    check_top(d, NDOCS, &mixed, NDOCS + 3); /* more asked for than there are */
    for (size_t i = 0; i < NDOCS; i++) free(d[i].items);
}

/* Every path on enough documents for several blocks of rows and chunks of
 * columns: postings only, all dense in float and in double, mixed. */
static void test_every_path_gives_the_same_partners(void **state)
{
    (void)state;
    unsigned seed = 21;
    struct zj_doc_counts *d = calloc(MANY, sizeof *d);
    random_docs_n(d, MANY, &seed);
    d[7].count = 0, d[MANY - 1].count = 0;
    /* dense: the dense columns taken, 0 none, 1 all, 2 some; dense_f: in float */
    const struct {
        struct zj_sim_tuning tuning;
        int dense, dense_f;
    } paths[] = {
        {{2, 1}, 0, 0}, {{0, 1}, 1, 1}, {{0, 0}, 1, 0}, {{0.3, 1}, 2, 1}, {{0.3, 0}, 2, 0}};
    const struct zj_doc_counts **v = calloc(MANY, sizeof *v);
    for (size_t i = 0; i < MANY; i++)
        v[i] = &d[i];
    for (size_t p = 0; p < sizeof paths / sizeof *paths; p++) {
        struct zj_sim_index ix;
        zj_sim_index_init_dense(&ix, v, MANY, &paths[p].tuning);
        int dense = ix.ndense == 0 ? 0 : ix.ndense == ix.nterms ? 1 : 2;
        assert_int_equal(dense, paths[p].dense);
        assert_int_equal(ix.dense_f != NULL, dense && paths[p].dense_f);
        assert_int_equal(ix.dense_d != NULL, dense && !paths[p].dense_f);
        zj_sim_index_release(&ix);
        check_top(d, MANY, &paths[p].tuning, 5);
    }
    free(v);
    for (size_t i = 0; i < MANY; i++) free(d[i].items);
    free(d);
}

/* Counts whose products could pass 2^24 make the dense part double: float
 * would round them, and the ranking with them. */
static void test_large_counts_take_double(void **state)
{
    (void)state;
    unsigned seed = 5;
    struct zj_doc_counts d[NDOCS];
    random_docs(d, &seed);
    for (size_t i = 0; i < NDOCS; i += 7)
        if (d[i].count) d[i].items[0].count = 4097 + (uint32_t)i; /* squares above 2^24 */
    const struct zj_doc_counts *v[NDOCS];
    for (size_t i = 0; i < NDOCS; i++) v[i] = &d[i];
    struct zj_sim_tuning dense = {0, 1};
    struct zj_sim_index ix;
    zj_sim_index_init_dense(&ix, v, NDOCS, &dense);
    assert_null(ix.dense_f);
    assert_non_null(ix.dense_d);
    zj_sim_index_release(&ix);
    check_top(d, NDOCS, &dense, 6);
    for (size_t i = 0; i < NDOCS; i++) free(d[i].items);
}

/* The products against plain loops, on small integer matrices (exact in
 * float and double), with the backend this run asked for: ctest runs this
 * binary once as it is and once with ZJ_GEMM=gsl. */
static void test_gemm_matches_plain_loops_on_the_backend_asked_for(void **state)
{
    (void)state;
    const char *want = getenv("ZJ_GEMM");
    assert_string_equal(zj_gemm_backend(), want && !strcmp(want, "gsl") ? "gsl" : "openblas");
    enum { R = 7, C = 5, K = 13, LDC = 9 };
    float af[R * K], bf[C * K], cf[R * LDC];
    double ad[R * K], bd[C * K], cd[R * LDC];
    unsigned seed = 4;
    for (size_t i = 0; i < R * K; i++)
        af[i] = (float)(ad[i] = rand_r(&seed) % 7);
    for (size_t i = 0; i < C * K; i++)
        bf[i] = (float)(bd[i] = rand_r(&seed) % 7);
    zj_gemm_abt_f(R, C, K, af, bf, cf, LDC);
    zj_gemm_abt_d(R, C, K, ad, bd, cd, LDC);
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < C; c++) {
            double want_rc = 0;
            for (size_t x = 0; x < K; x++)
                want_rc += ad[r * K + x] * bd[c * K + x];
            assert_true(cf[r * LDC + c] == (float)want_rc);
            assert_true(cd[r * LDC + c] == want_rc);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gemm_matches_plain_loops_on_the_backend_asked_for),
        cmocka_unit_test(test_dots_equal_the_merge_walk_exactly),
        cmocka_unit_test(test_top_partners_match_sorting_every_pair),
        cmocka_unit_test(test_every_path_gives_the_same_partners),
        cmocka_unit_test(test_large_counts_take_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
