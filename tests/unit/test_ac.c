/*
 * test_ac.c - the Aho-Corasick automaton (ac.h) against a plain reference.
 *
 * zj_ac_scan must report every occurrence of every pattern, overlaps
 * included.  The reference tries every pattern at every end offset; results
 * are compared as sorted lists, since the scan only promises a near order.
 * Texts are drawn long enough (over 4 KB) that the four-stream scan runs, and
 * occurrences are planted across the boundaries where its streams meet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "terms/ac.h"
#include "util/alloc.h"
#include "util/buf.h"

static int match_order(const void *a, const void *b)
{
    const struct zj_ac_match *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static void reference_scan(const char *const *pats, const size_t *lens, size_t npats,
                           const char *text, size_t len, struct zj_ac_matches *out)
{
    for (size_t end = 1; end <= len; end++)
        for (size_t p = 0; p < npats; p++)
            if (lens[p] <= end && !memcmp(text + end - lens[p], pats[p], lens[p])) {
                out->items = zj_xgrow(out->items, sizeof *out->items, out->count + 1, &out->alloc);
                out->items[out->count++] =
                    (struct zj_ac_match){(uint32_t)(end - lens[p]), (uint32_t)lens[p], (uint32_t)p};
            }
}

static void assert_scan_agrees(const struct zj_ac *ac, const char *const *pats, const size_t *lens,
                               size_t npats, const char *text, size_t len)
{
    struct zj_ac_matches got = {NULL, 0, 0}, want = {NULL, 0, 0};
    zj_ac_scan(ac, text, len, &got);
    reference_scan(pats, lens, npats, text, len, &want);
    if (got.count) qsort(got.items, got.count, sizeof *got.items, match_order);
    if (want.count) qsort(want.items, want.count, sizeof *want.items, match_order);
    assert_int_equal(got.count, want.count);
    for (size_t i = 0; i < want.count; i++) {
        assert_int_equal(got.items[i].start, want.items[i].start);
        assert_int_equal(got.items[i].len, want.items[i].len);
        assert_int_equal(got.items[i].id, want.items[i].id);
    }
    free(got.items);
    free(want.items);
}

/* A long text is scanned as four segments; an occurrence crossing a
 * boundary between two belongs to the first and must not be lost (nor found
 * twice), whatever its offset. */
static void test_occurrence_across_a_segment_boundary_is_found(void **state)
{
    (void)state;
    static const char *const pats[] = {"党风廉政建设", "廉政", "x"};
    size_t lens[3];
    for (int p = 0; p < 3; p++) lens[p] = strlen(pats[p]);
    struct zj_ac *ac = zj_ac_new(pats, lens, 3);
    for (size_t len = 4096; len < 4104; len++) {
        char *text = zj_xmalloc(len);
        for (size_t seg = 1; seg < 4; seg++) {
            size_t boundary = seg * (len / 4);
            for (size_t at = boundary - lens[0]; at <= boundary + 1; at++) {
                memset(text, 'a', len);
                memcpy(text + at, pats[0], lens[0]);
                assert_scan_agrees(ac, pats, lens, 3, text, len);
            }
        }
        free(text);
    }
    zj_ac_free(ac);
}

static const char *const alphabet[] = {"a", "b", "党", "风", "廉", "政", "\xe5", "\x80"};
#define NALPHA (sizeof alphabet / sizeof alphabet[0])

static void random_string(struct zj_buf *b, size_t maxbytes, unsigned *seed)
{
    size_t want = 1 + (size_t)rand_r(seed) % maxbytes;
    while (b->len < want) zj_buf_addstr(b, alphabet[rand_r(seed) % NALPHA]);
}

/* Random patterns over a small alphabet (stray bytes too: the automaton is
 * over bytes, not characters), random texts of up to 9 KB. */
static void test_scan_agrees_with_reference_on_random_texts(void **state)
{
    (void)state;
    unsigned seed = 7;
    for (int round = 0; round < 60; round++) {
        size_t npats = 1 + (size_t)rand_r(&seed) % 10, lens[10];
        struct zj_buf pbuf[10];
        const char *pats[10];
        size_t k = 0;
        for (size_t p = 0; p < npats; p++) {
            pbuf[k] = (struct zj_buf)ZJ_BUF_INIT;
            random_string(&pbuf[k], 9, &seed);
            int dup = 0;
            for (size_t q = 0; q < k; q++)
                dup |= pbuf[q].len == pbuf[k].len && !memcmp(pbuf[q].ptr, pbuf[k].ptr, pbuf[k].len);
            if (dup) {
                zj_buf_release(&pbuf[k]);
                continue;
            }
            pats[k] = pbuf[k].ptr, lens[k] = pbuf[k].len, k++;
        }
        struct zj_ac *ac = zj_ac_new(pats, lens, k);
        for (int t = 0; t < 4; t++) {
            struct zj_buf text = ZJ_BUF_INIT;
            random_string(&text, 9000, &seed);
            assert_scan_agrees(ac, pats, lens, k, text.ptr, text.len);
            zj_buf_release(&text);
        }
        zj_ac_free(ac);
        for (size_t p = 0; p < k; p++) zj_buf_release(&pbuf[p]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_occurrence_across_a_segment_boundary_is_found),
        cmocka_unit_test(test_scan_agrees_with_reference_on_random_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
