/*
 * test_similarity.c - the inverted-index all-pairs similarity (similarity.h)
 * against the per-pair merge walk (zj_cosine) on random documents: the same
 * values to the last bit, the same shared-term counts, and each document's
 * top partners equal to sorting every pair, whatever the number of threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "stats/similarity.h"

#define NDOCS 60

static void random_docs(struct zj_doc_counts *d, unsigned *seed)
{
    static const char *const texts[] = {"甲", "乙"}; /* stand-ins for interned regex texts */
    for (size_t i = 0; i < NDOCS; i++) {
        d[i].items = calloc(40, sizeof *d[i].items);
        d[i].count = 0;
        for (uint32_t e = 0; e < 30; e++) {
            if (rand_r(seed) % 3) continue;
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

static void test_top_partners_match_sorting_every_pair(void **state)
{
    (void)state;
    unsigned seed = 9;
    struct zj_doc_counts d[NDOCS];
    random_docs(d, &seed);
    d[5].count = 0; /* a document without hits: cosine 0 with everyone */
    const struct zj_doc_counts *v[NDOCS];
    for (size_t i = 0; i < NDOCS; i++) v[i] = &d[i];
    struct zj_sim_index ix;
    zj_sim_index_init(&ix, v, NDOCS);
    enum { TOP = 4 };
    for (int threads = 1; threads <= 3; threads++) {
        struct zj_sim_partner best[NDOCS * TOP];
        size_t nbest[NDOCS];
        zj_sim_top(&ix, TOP, threads, best, nbest);
        for (size_t i = 0; i < NDOCS; i++) {
            assert_int_equal(nbest[i], TOP);
            /* the slow way: every other document, best first, ties to the lower index */
            int taken[NDOCS] = {0};
            for (size_t k = 0; k < TOP; k++) {
                size_t pick = NDOCS;
                double pc = -1;
                for (size_t j = 0; j < NDOCS; j++) {
                    size_t sh;
                    double c = zj_cosine(&d[i], &d[j], &sh);
                    if (j != i && !taken[j] && c > pc) pick = j, pc = c;
                }
                taken[pick] = 1;
                assert_int_equal(best[i * TOP + k].doc, pick);
                assert_true(best[i * TOP + k].cos == pc);
            }
        }
    }
    zj_sim_index_release(&ix);
    for (size_t i = 0; i < NDOCS; i++) free(d[i].items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dots_equal_the_merge_walk_exactly),
        cmocka_unit_test(test_top_partners_match_sorting_every_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
