/*
 * test_corpus.c - every literal term of the bundled dictionary, counted on
 * every document of the bundled corpus, agrees exactly with the naive
 * reference matcher (match.h), hit for hit.  Runs the same loading path as
 * the CLI (zj_doc_load: read, decode, normalize), so the GB18030, UTF-16 and
 * CRLF files of the corpus are covered too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/corpus.h"
#include "doc/walk.h"
#include "terms/dict.h"
#include "terms/match.h"
#include "util/buf.h"

#define REPO ZJ_SOURCE_DIR

/* The bundled dictionary without its re: lines (the reference is literal-only). */
static struct zj_dict *literal_dict(void)
{
    unsigned char *data;
    size_t len;
    struct zj_error err;
    assert_int_equal(zj_read_file(REPO "/dict/terms.tsv", &data, &len, &err), 0);
    struct zj_buf kept = ZJ_BUF_INIT;
    for (char *line = strtok((char *)data, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, "re:", 3)) zj_buf_addf(&kept, "%s\n", line);
    struct zj_dict *d = zj_dict_new();
    assert_int_equal(zj_dict_load_buffer(d, kept.ptr, kept.len, "terms.tsv", &err), 0);
    zj_dict_finish(d);
    assert_true(d->nentries >= 400);
    zj_buf_release(&kept);
    free(data);
    return d;
}

static size_t check_doc(const struct zj_dict *d, const char *path, unsigned flags)
{
    struct zj_corpus_opts opts = {0};
    struct zj_doc doc = {0};
    doc.path = doc.display = path;
    doc.manifest_row = -1;
    zj_doc_load(&doc, &opts);
    assert_false(doc.skipped);
    struct zj_matcher m;
    struct zj_error err;
    zj_matcher_init(&m, d);
    assert_int_equal(zj_match(&m, doc.norm.text.ptr, doc.norm.text.len, flags, &err), 0);
    struct zj_hit *ref;
    size_t nref;
    zj_match_naive(d, doc.norm.text.ptr, doc.norm.text.len, flags, &ref, &nref);
    if (flags == 0) {
        assert_int_equal(m.nhits, nref);
        for (size_t i = 0; i < nref; i++) {
            assert_int_equal(m.hits[i].start, ref[i].start);
            assert_int_equal(m.hits[i].end, ref[i].end);
            assert_int_equal(m.hits[i].entry, ref[i].entry);
        }
    } else {
        assert_int_equal(m.nhits, nref); /* same multiset; order differs inside a hit */
    }
    size_t n = m.nhits;
    free(ref);
    zj_matcher_release(&m);
    zj_doc_release(&doc);
    return n;
}

static void test_corpus_counts_match_naive_reference(void **state)
{
    (void)state;
    struct zj_dict *d = literal_dict();
    const char *inputs[] = {REPO "/corpus"};
    struct zj_inputs list = {0};
    struct zj_error err;
    assert_int_equal(zj_walk(inputs, 1, NULL, &list, &err), 0);
    assert_true(list.count >= 18);
    size_t total = 0;
    for (size_t i = 0; i < list.count; i++) {
        total += check_doc(d, list.items[i].path, 0);
        check_doc(d, list.items[i].path, ZJ_MATCH_NESTED);
    }
    assert_true(total > 1000); /* the corpus is dense with policy terms */
    zj_inputs_release(&list);
    zj_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_counts_match_naive_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
