/*
 * test_corpus.c - every literal term of the bundled dictionary, counted on
 * every document of the bundled corpus, agrees exactly with the naive
 * reference matcher (match.h), hit for hit.  Runs the same loading path as
 * the CLI (zj_doc_load: read, decode, normalize), so the GB18030, UTF-16 and
 * CRLF files of the corpus are covered too.  One matcher serves every
 * document, as a corpus worker's does.  And zj_corpus_run lends each worker
 * its own scratch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static size_t check_doc(const struct zj_dict *d, struct zj_matcher *m, const char *path,
                        unsigned flags)
{
    struct zj_corpus_opts opts = {0};
    struct zj_doc doc = {0};
    doc.path = doc.display = path;
    doc.manifest_row = -1;
    zj_doc_load(&doc, &opts);
    assert_false(doc.skipped);
    struct zj_error err;
    assert_int_equal(zj_match(m, doc.norm.text.ptr, doc.norm.text.len, flags, &err), 0);
    struct zj_hit *ref;
    size_t nref;
    zj_match_naive(d, doc.norm.text.ptr, doc.norm.text.len, flags, &ref, &nref);
    if (flags == 0) {
        assert_int_equal(m->nhits, nref);
        for (size_t i = 0; i < nref; i++) {
            assert_int_equal(m->hits[i].start, ref[i].start);
            assert_int_equal(m->hits[i].end, ref[i].end);
            assert_int_equal(m->hits[i].entry, ref[i].entry);
        }
    } else {
        assert_int_equal(m->nhits, nref); /* same multiset; order differs inside a hit */
    }
    size_t n = m->nhits;
    free(ref);
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
    struct zj_matcher m;
    zj_matcher_init(&m, d);
    for (size_t i = 0; i < list.count; i++) {
        total += check_doc(d, &m, list.items[i].path, 0);
        check_doc(d, &m, list.items[i].path, ZJ_MATCH_NESTED);
    }
    assert_true(total > 1000); /* the corpus is dense with policy terms */
    zj_matcher_release(&m);
    zj_inputs_release(&list);
    zj_dict_free(d);
}

/* What can be read a second time (reuse re-reads files to quote them):
 * regular files, found in a folder or named; not stdin or a device. */
static void test_walk_marks_regular_files(void **state)
{
    (void)state;
    const char *inputs[] = {"-", "/dev/null", REPO "/dict/terms.tsv", REPO "/corpus"};
    struct zj_inputs list = {0};
    struct zj_error err;
    assert_int_equal(zj_walk(inputs, 4, NULL, &list, &err), 0);
    assert_true(list.count > 3);
    assert_false(list.items[0].regular);
    assert_false(list.items[1].regular);
    for (size_t i = 2; i < list.count; i++)
        assert_true(list.items[i].regular);
    zj_inputs_release(&list);
}

/* A worker's scratch: in use by one analyze at a time. */
struct scratch {
    atomic_int busy;
    size_t docs;
};

struct run {
    atomic_int made, freed;
    atomic_int wrong; /* checks failed in a worker (cmocka's asserts are for the main thread) */
    atomic_size_t analysed;
    size_t emitted;
};

static void *scratch_new(void *ctx)
{
    struct run *r = ctx;
    atomic_fetch_add(&r->made, 1);
    return calloc(1, sizeof(struct scratch));
}

static void scratch_free(void *ctx, void *scratch)
{
    struct run *r = ctx;
    atomic_fetch_add(&r->freed, 1);
    free(scratch);
}

static int analyze_with_scratch(struct zj_doc *doc, void *ctx, struct zj_error *err)
{
    (void)err;
    struct run *r = ctx;
    struct scratch *s = doc->scratch;
    if (!s) {
        atomic_fetch_add(&r->wrong, 1);
        return ZJ_OK;
    }
    if (atomic_exchange(&s->busy, 1) != 0)
        atomic_fetch_add(&r->wrong, 1); /* another analyze holds it */
    s->docs++;
    atomic_fetch_add(&r->analysed, 1);
    atomic_store(&s->busy, 0);
    return ZJ_OK;
}

static int emit_nothing(struct zj_doc *doc, void *ctx, struct zj_error *err)
{
    (void)doc, (void)err;
    ((struct run *)ctx)->emitted++;
    return ZJ_OK;
}

static void test_corpus_run_lends_each_worker_its_own_scratch(void **state)
{
    (void)state;
    const char *inputs[] = {REPO "/corpus"};
    static const struct zj_corpus_ops ops = {analyze_with_scratch, emit_nothing, NULL, scratch_new,
                                             scratch_free};
    for (int threads = 1; threads <= 4; threads += 3) {
        struct zj_corpus_opts opts = {.inputs = inputs, .ninputs = 1, .threads = threads};
        struct run r = {0};
        struct zj_error err;
        assert_int_equal(zj_corpus_run(&opts, &ops, &r, &err), ZJ_OK);
        assert_true(r.emitted >= 18);
        assert_int_equal(atomic_load(&r.wrong), 0);
        assert_int_equal(atomic_load(&r.analysed), r.emitted); /* the corpus has no bad file */
        assert_true(atomic_load(&r.made) >= 1 && atomic_load(&r.made) <= threads);
        assert_int_equal(atomic_load(&r.freed), atomic_load(&r.made));
    }
}

/* Ordering, bounds and failures of a threaded run, over NDOCS small files
 * in a fresh folder (more documents than a window holds). */
#define NDOCS 150

struct order {
    atomic_size_t analysed, fail_at_analyze;
    atomic_int too_far; /* a document analysed more than a window ahead, or out of order */
    atomic_size_t emitted;
    size_t fail_at_emit, threads;
    atomic_size_t results, freed;
};

static int analyze_in_order(struct zj_doc *doc, void *ctx, struct zj_error *err)
{
    struct order *o = ctx;
    if (doc->index + 1 == atomic_load(&o->fail_at_analyze))
        return zj_error_set(err, doc->display, 0, 0, "refused");
    size_t *rec = malloc(sizeof *rec);
    *rec = doc->index;
    doc->result = rec;
    atomic_fetch_add(&o->results, 1);
    atomic_fetch_add(&o->analysed, 1);
    /* emitted only grows: read before this document is emitted, it can only
     * err towards "too far" */
    if (doc->index >= atomic_load(&o->emitted) + ZJ_CORPUS_WINDOW_PER_THREAD * o->threads)
        atomic_store(&o->too_far, 1);
    return ZJ_OK;
}

static void free_result(struct zj_doc *doc, struct order *o)
{
    free(doc->result);
    doc->result = NULL;
    atomic_fetch_add(&o->freed, 1);
}

static int emit_checking_order(struct zj_doc *doc, void *ctx, struct zj_error *err)
{
    struct order *o = ctx;
    const size_t *rec = doc->result;
    if (doc->index != atomic_load(&o->emitted) || (rec && *rec != doc->index))
        atomic_store(&o->too_far, 1);
    size_t n = atomic_fetch_add(&o->emitted, 1) + 1;
    if (rec) free_result(doc, o);
    if (n == o->fail_at_emit) return zj_error_set(err, doc->display, 0, 0, "full disk");
    return ZJ_OK;
}

static void discard_result(struct zj_doc *doc, void *ctx)
{
    free_result(doc, ctx);
}

static char folder[64];

static int make_folder(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/zj-corpus-XXXXXX");
    if (!mkdtemp(folder)) return -1;
    for (int i = 0; i < NDOCS; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%03d.txt", folder, i);
        FILE *f = fopen(path, "w");
        if (!f) return -1;
        fprintf(f, "第%d号单位党风廉政建设工作总结\n一、加强政治建设\n", i);
        fclose(f);
    }
    return 0;
}

static int remove_folder(void **state)
{
    (void)state;
    for (int i = 0; i < NDOCS; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%03d.txt", folder, i);
        remove(path);
    }
    return rmdir(folder);
}

static int run_ordered(struct order *o, int threads, struct zj_error *err)
{
    const char *inputs[] = {folder};
    static const struct zj_corpus_ops ops = {analyze_in_order, emit_checking_order, discard_result,
                                             NULL, NULL};
    struct zj_corpus_opts opts = {.inputs = inputs, .ninputs = 1, .threads = threads};
    o->threads = (size_t)threads;
    return zj_corpus_run(&opts, &ops, o, err);
}

static void test_corpus_run_emits_each_document_once_in_order(void **state)
{
    (void)state;
    for (int threads = 1; threads <= 4; threads++) {
        struct order o = {0};
        struct zj_error err;
        assert_int_equal(run_ordered(&o, threads, &err), ZJ_OK);
        assert_int_equal(atomic_load(&o.too_far), 0);
        assert_int_equal(atomic_load(&o.emitted), NDOCS);
        assert_int_equal(atomic_load(&o.analysed), NDOCS);
        assert_int_equal(atomic_load(&o.freed), atomic_load(&o.results));
    }
}

/* A failure in analyze or in emit stops the run with that error; every
 * result made is freed (emitted or discarded), whatever the thread count. */
static void test_corpus_run_stops_at_a_failure(void **state)
{
    (void)state;
    for (int threads = 1; threads <= 3; threads++) {
        for (int where = 0; where < 2; where++) {
            struct order o = {0};
            if (where == 0)
                atomic_store(&o.fail_at_analyze, 50);
            else
                o.fail_at_emit = 50;
            struct zj_error err;
            zj_error_clear(&err);
            assert_int_equal(run_ordered(&o, threads, &err), ZJ_ERR);
            assert_non_null(strstr(err.msg, where == 0 ? "refused" : "full disk"));
            assert_true(atomic_load(&o.emitted) <= (where == 0 ? 49 : 50)); /* 49: the failed one */
            if (where == 1) assert_int_equal(atomic_load(&o.emitted), 50);
            assert_int_equal(atomic_load(&o.too_far), 0);
            assert_int_equal(atomic_load(&o.freed), atomic_load(&o.results));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_counts_match_naive_reference),
        cmocka_unit_test(test_walk_marks_regular_files),
        cmocka_unit_test(test_corpus_run_lends_each_worker_its_own_scratch),
        cmocka_unit_test_setup_teardown(test_corpus_run_emits_each_document_once_in_order,
                                        make_folder, remove_folder),
        cmocka_unit_test_setup_teardown(test_corpus_run_stops_at_a_failure, make_folder,
                                        remove_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
