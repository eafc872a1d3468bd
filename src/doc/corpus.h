/*
 * corpus.h - run every document of a corpus through the pipeline, in
 * parallel, and hand the results back in input order.
 *
 * For each input file a worker thread reads, decodes and normalizes it,
 * fills its metadata (folder, title line, manifest) and calls the command's
 * `analyze` function, which reduces the document to whatever record the
 * command needs (counts, outline, ...).  The main thread then calls `emit`
 * for each document in input order, so output is the same for any -j.  Text
 * buffers are freed right after `analyze`: memory is bounded by the few
 * documents in flight (workers stay at most a small window ahead of `emit`),
 * not by the corpus.
 */
#ifndef ZJ_CORPUS_H
#define ZJ_CORPUS_H

#include <stddef.h>

#include "doc/meta.h"
#include "doc/walk.h"
#include "text/decode.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/error.h"

struct zj_doc {
    size_t index;        /* position in input order */
    const char *path;    /* file to read ("-" = stdin); borrowed from the input list */
    const char *display; /* what the doc column shows */
    enum zj_encoding encoding;
    size_t bytes;        /* size of the file */
    struct zj_buf text;  /* decoded text (valid during analyze only) */
    struct zj_norm norm; /* normalized text (valid during analyze only) */
    struct zj_meta meta;
    long manifest_row;   /* -1 when the manifest has no row for it */
    int skipped;         /* 1: unreadable or undecodable; `problem` says why */
    int blank;           /* 1: decoded, but nothing but white space (or nothing at all) */
    int regular;         /* 1: a regular file, which can be read again (the walk's zj_input) */
    struct zj_error problem;
    void *result;        /* what analyze returned */
    void *scratch;       /* the worker's scratch (zj_corpus_ops), lent to analyze */
};

/* Documents in flight per worker thread: workers run at most this many
 * times the thread count ahead of `emit` (one document when serial). */
enum { ZJ_CORPUS_WINDOW_PER_THREAD = 16 };

struct zj_corpus_opts {
    const char *const *inputs;
    size_t ninputs;
    const char *glob;           /* NULL: *.txt,*.docx */
    enum zj_encoding encoding;  /* ZJ_ENC_AUTO: detect */
    struct zj_manifest *manifest; /* may be NULL */
    int threads;                /* <= 0: one per core */
    unsigned norm_flags;        /* ZJ_NORM_MAP when analyze needs positions */
    int text_only;              /* 1: analyze needs only doc->text (doc->norm stays empty) */
    int regular_only;           /* 1: an input that is no regular file (stdin, a pipe) is
                                   skipped unopened: a second reading must not wait on it */
    /* Called on the calling thread after each document is emitted (may be
     * NULL): documents done, total, bytes read so far. */
    void (*progress)(size_t done, size_t total, size_t bytes, void *ctx);
    void *progress_ctx;
};

struct zj_corpus_ops {
    /* Runs in a worker thread (not called for skipped documents); stores the
     * document's record in doc->result.  Fails only for errors that must stop
     * the whole run. */
    int (*analyze)(struct zj_doc *doc, void *ctx, struct zj_error *err);
    /* Runs on the calling thread, in input order, for every document
     * (skipped ones too); frees doc->result.  A failure stops the run. */
    int (*emit)(struct zj_doc *doc, void *ctx, struct zj_error *err);
    /* Frees doc->result of a document that will not be emitted (after a
     * failure); may be NULL when results own nothing. */
    void (*discard)(struct zj_doc *doc, void *ctx);
    /* Optional (NULL: doc->scratch is NULL): working storage made once per
     * worker thread (once for a serial run) and lent to analyze as
     * doc->scratch, so that what analyze needs for every document (a
     * matcher's arrays) is allocated and grown once, not per document.
     * As zj_parallel's. */
    void *(*scratch_new)(void *ctx);
    void (*scratch_free)(void *ctx, void *scratch);
};

/* Expands the inputs, then processes every document.  Returns the first
 * error (walk, analyze or emit). */
int zj_corpus_run(const struct zj_corpus_opts *opts, const struct zj_corpus_ops *ops, void *ctx,
                  struct zj_error *err);

/* Runs the per-document stages (read .. normalize) on one document whose
 * path, display, manifest_row and regular are set; used by zj_corpus_run
 * and tests.
 * Sets doc->skipped (and doc->problem) on bad input. */
void zj_doc_load(struct zj_doc *doc, const struct zj_corpus_opts *opts);
void zj_doc_release(struct zj_doc *doc);

#endif
