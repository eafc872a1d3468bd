/*
 * test_count.c - hits reduced to (term, count) pairs (count.h), against a
 * plain reference: every hit as an (entry, text) pair, all sorted by
 * zj_term_cmp, equal neighbours added up.  The dictionary has more than 64
 * entries, so the bitmap of entries hit spans several words, and regex
 * entries both named (counted as the entry) and unnamed (counted by text).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terms/count.h"
#include "terms/dict.h"
#include "util/buf.h"

static struct zj_dict *dict_of(const char *tsv)
{
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_dict_load_buffer(d, tsv, strlen(tsv), "test.tsv", &err), 0);
    zj_dict_finish(d);
    return d;
}

static int pair_cmp(const void *a, const void *b)
{
    return zj_term_cmp(a, b);
}

/* The reference: one pair per hit, sorted, runs of equal pairs counted. */
static size_t reference_counts(struct zj_terms *t, const char *text, const struct zj_hit *hits,
                               size_t nhits, struct zj_term_count *out)
{
    struct zj_term_count *pairs = calloc(nhits + 1, sizeof *pairs);
    for (size_t i = 0; i < nhits; i++) {
        const struct zj_entry *e = &t->dict->entries[hits[i].entry];
        const char *label = NULL;
        if (e->re && !e->name) {
            /* intern through the code under test's table: equal texts, one pointer */
            struct zj_doc_counts one;
            zj_count_hits(t, text, &hits[i], 1, &one);
            label = one.items[0].text;
            zj_doc_counts_release(&one);
        }
        pairs[i] = (struct zj_term_count){hits[i].entry, label, 1};
    }
    qsort(pairs, nhits, sizeof *pairs, pair_cmp);
    size_t n = 0;
    for (size_t i = 0; i < nhits; i++) {
        if (n && !zj_term_cmp(&out[n - 1], &pairs[i]))
            out[n - 1].count++;
        else
            out[n++] = pairs[i];
    }
    free(pairs);
    return n;
}

static void test_counts_agree_with_sorting_every_hit(void **state)
{
    (void)state;
    struct zj_buf tsv = ZJ_BUF_INIT;
    for (int k = 0; k < 150; k++) {
        if (k == 40) zj_buf_addstr(&tsv, "re:甲[乙丙]+\t类\n");        /* unnamed: by text */
        if (k == 100) zj_buf_addstr(&tsv, "re:丁[乙丙]+\t类\t丁组\n"); /* named */
        zj_buf_addf(&tsv, "词%03d\t类\n", k);
    }
    struct zj_dict *d = dict_of(zj_buf_cstr(&tsv));
    struct zj_terms t;
    zj_terms_init(&t, d);
    static const char text[] = "甲乙丙乙甲丙丙乙甲乙";
    unsigned seed = 5;
    for (int round = 0; round < 500; round++) {
        struct zj_hit hits[200];
        size_t nhits = (size_t)(rand_r(&seed) % 200);
        for (size_t i = 0; i < nhits; i++) {
            uint32_t entry = (uint32_t)(rand_r(&seed) % (int)d->nentries);
            if (rand_r(&seed) % 3 == 0) entry = d->regex_entries[rand_r(&seed) % 2];
            uint32_t start = (uint32_t)(rand_r(&seed) % 8) * 3, len = 3 * (1 + rand_r(&seed) % 2);
            hits[i] = (struct zj_hit){start, start + len, entry, 0, 0};
        }
        struct zj_term_count want[200];
        size_t nwant = reference_counts(&t, text, hits, nhits, want);
        struct zj_doc_counts got;
        zj_count_hits(&t, text, hits, nhits, &got);
        assert_int_equal(got.count, nwant);
        assert_int_equal(got.hits, nhits);
        for (size_t i = 0; i < nwant; i++) {
            assert_int_equal(got.items[i].entry, want[i].entry);
            assert_ptr_equal(got.items[i].text, want[i].text);
            assert_int_equal(got.items[i].count, want[i].count);
        }
        zj_doc_counts_release(&got);
    }
    zj_terms_release(&t);
    zj_dict_free(d);
    zj_buf_release(&tsv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_agree_with_sorting_every_hit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
