/*
 * corpus.c - see corpus.h.
 *
 * Threading: workers take the next document index from a shared counter,
 * but never run more than `window` documents ahead of the emitter, so results
 * waiting to be emitted stay bounded, and so do the documents themselves:
 * document i lives in slot i % window of a ring while it is in flight (a
 * struct zj_doc is ~2 KB with its error record; one per input was 140 MB
 * at 71,000 summaries).  The emitter sleeps until half a window is done
 * and emits it in one go; a worker wakes it only then, and is woken itself
 * only when it waits for a slot.  With one thread everything runs on the
 * calling thread, which keeps single-threaded runs (and their stack traces)
 * simple.
 */
#include "doc/corpus.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/parallel.h"
#include "util/banned.h"

/* Matches manifest rows to inputs before any thread starts (matching marks
 * rows used, which must not race); -1 for an input without a row. */
static long *match_manifest(const struct zj_corpus_opts *opts, const struct zj_inputs *all)
{
    long *row = zj_xmalloc((all->count + 1) * sizeof *row);
    for (size_t i = 0; i < all->count; i++) row[i] = -1;
    if (!opts->manifest) return row;
    const char **paths = zj_xmalloc((all->count + 1) * sizeof *paths);
    for (size_t i = 0; i < all->count; i++) paths[i] = all->items[i].path;
    for (size_t i = 0; i < all->count; i++)
        if (strcmp(paths[i], "-")) row[i] = zj_manifest_find(opts->manifest, paths[i], paths, all->count);
    free(paths);
    return row;
}

/* Nothing but white space: ASCII space and controls, U+3000, the BOM U+FEFF
 * and the zero-width space U+200B.  Stops at the first other byte. */
static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (u[0] <= ' ') i++;
        else if (n - i >= 3 && (!memcmp(u, "\xE3\x80\x80", 3) || !memcmp(u, "\xEF\xBB\xBF", 3) ||
                                !memcmp(u, "\xE2\x80\x8B", 3)))
            i += 3;
        else return 0;
    }
    return 1;
}

/* Reads the file and decodes it into doc->text.  Plain text is read into
 * doc->text and decoded there (zj_decode_in_place: a UTF-8 file with LF line
 * ends is not copied); a .docx is read aside and its text extracted. */
static int load_text(struct zj_doc *doc, const struct zj_corpus_opts *opts)
{
    if (opts->regular_only && !doc->regular)
        return zj_error_set(&doc->problem, doc->display, 0, 0, "no regular file: not read again");
    if (zj_read_file_buf(doc->path, &doc->text, &doc->problem)) return ZJ_ERR;
    doc->bytes = doc->text.len;
    const unsigned char *data = (const unsigned char *)doc->text.ptr;
    if (!zj_docx_detect(doc->path, data, doc->text.len))
        return zj_decode_in_place(&doc->text, opts->encoding, &doc->encoding, doc->display,
                                  &doc->problem);
    struct zj_buf zip = doc->text;
    doc->text = (struct zj_buf)ZJ_BUF_INIT;
    doc->encoding = ZJ_ENC_DOCX;
    int rc = zj_docx_read((const unsigned char *)zip.ptr, zip.len, doc->display, &doc->text,
                          &doc->meta.props, &doc->problem);
    zj_buf_release(&zip);
    return rc;
}

void zj_doc_load(struct zj_doc *doc, const struct zj_corpus_opts *opts)
{
    zj_error_clear(&doc->problem);
    if (load_text(doc, opts)) {
        doc->skipped = 1;
        return;
    }
    doc->blank = is_blank(doc->text.ptr, doc->text.len);
    zj_meta_from_title(doc->text.ptr, doc->text.len, &doc->meta);
    if (!doc->meta.year) {
        int y = zj_meta_year_from_path(doc->path);
        if (y) doc->meta.year = y, doc->meta.year_from = ZJ_META_FOLDER;
    }
    if (doc->manifest_row >= 0 &&
        zj_manifest_apply(opts->manifest, doc->manifest_row, &doc->meta, &doc->problem)) {
        doc->skipped = 1;
        return;
    }
    if (!opts->text_only) zj_normalize(doc->text.ptr, doc->text.len, opts->norm_flags, &doc->norm);
}

void zj_doc_release(struct zj_doc *doc)
{
    zj_buf_release(&doc->text);
    zj_norm_release(&doc->norm);
    zj_meta_release(&doc->meta);
}

struct shared {
    size_t bytes_done;
    const struct zj_corpus_opts *opts;
    const struct zj_inputs *inputs;
    long *manifest_row;     /* per input */
    struct zj_doc *slots;   /* window of them: document i in slots[i % window] */
    unsigned char *done;    /* per input */
    const struct zj_corpus_ops *ops;
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t ready; /* the emitter waits here for done documents */
    pthread_cond_t room;  /* workers wait here for a free slot */
    size_t next, emitted, window;
    size_t prefix; /* documents [0, prefix) are all done */
    size_t want;   /* the emitter sleeps until prefix reaches it */
    int emitter_waiting, workers_waiting;
    int failed;
    struct zj_error err;
};

static struct zj_doc *doc_of(const struct shared *sh, size_t i)
{
    return &sh->slots[i % sh->window];
}

/* Document i into its slot, whose last document was emitted and released
 * (i - window < emitted: workers run at most window ahead). */
static int process(struct shared *sh, size_t i, void *scratch, struct zj_error *err)
{
    struct zj_doc *doc = doc_of(sh, i);
    memset(doc, 0, sizeof *doc);
    doc->scratch = scratch;
    doc->index = i;
    doc->path = sh->inputs->items[i].path;
    doc->display = sh->inputs->items[i].display;
    doc->manifest_row = sh->manifest_row[i];
    doc->regular = sh->inputs->items[i].regular;
    zj_doc_load(doc, sh->opts);
    int rc = ZJ_OK;
    if (!doc->skipped) rc = sh->ops->analyze(doc, sh->ctx, err);
    zj_buf_release(&doc->text);
    zj_norm_release(&doc->norm);
    return rc;
}

static void *scratch_new(const struct shared *sh)
{
    return sh->ops->scratch_new ? sh->ops->scratch_new(sh->ctx) : NULL;
}

static void scratch_free(const struct shared *sh, void *scratch)
{
    if (sh->ops->scratch_free) sh->ops->scratch_free(sh->ctx, scratch);
}

/* Under the lock: document i is done (or failed); wakes the emitter only
 * when what it waits for is there, and the other workers only to stop. */
static void finish(struct shared *sh, size_t i, int rc, const struct zj_error *err)
{
    if (rc && !sh->failed) {
        sh->failed = 1, sh->err = *err;
        pthread_cond_broadcast(&sh->room);
    }
    sh->done[i] = 1;
    while (sh->prefix < sh->inputs->count && sh->done[sh->prefix])
        sh->prefix++;
    if (sh->emitter_waiting && (sh->failed || sh->prefix >= sh->want))
        pthread_cond_signal(&sh->ready);
}

static void *worker(void *arg)
{
    struct shared *sh = arg;
    void *scratch = scratch_new(sh);
    pthread_mutex_lock(&sh->lock);
    for (;;) {
        while (!sh->failed && sh->next < sh->inputs->count &&
               sh->next >= sh->emitted + sh->window) {
            sh->workers_waiting++;
            pthread_cond_wait(&sh->room, &sh->lock);
            sh->workers_waiting--;
        }
        if (sh->failed || sh->next >= sh->inputs->count) break;
        size_t i = sh->next++;
        pthread_mutex_unlock(&sh->lock);
        struct zj_error err;
        zj_error_clear(&err);
        int rc = process(sh, i, scratch, &err);
        pthread_mutex_lock(&sh->lock);
        finish(sh, i, rc, &err);
    }
    pthread_mutex_unlock(&sh->lock);
    scratch_free(sh, scratch);
    return NULL;
}

static void report_progress(struct shared *sh, size_t i)
{
    sh->bytes_done += doc_of(sh, i)->bytes;
    if (sh->opts->progress)
        sh->opts->progress(i + 1, sh->inputs->count, sh->bytes_done, sh->opts->progress_ctx);
}

/* After a failure: documents [from, to) analysed but never emitted still
 * own results. */
static void discard_rest(struct shared *sh, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        struct zj_doc *doc = doc_of(sh, i);
        if (doc->result && sh->ops->discard) sh->ops->discard(doc, sh->ctx);
        doc->result = NULL;
        zj_doc_release(doc);
    }
}

/* Under the lock: waits until documents [emitted, end) are done, end being
 * half a window on (or the last document), and returns how many to emit:
 * those, at most half a window, so that workers get slots back while more
 * are done (emitted moves only after a batch); 0 after a failure. */
static size_t wait_batch(struct shared *sh)
{
    size_t half = (sh->window + 1) / 2, end = sh->emitted + half;
    sh->want = end < sh->inputs->count ? end : sh->inputs->count;
    while (!sh->failed && sh->prefix < sh->want) {
        sh->emitter_waiting = 1;
        pthread_cond_wait(&sh->ready, &sh->lock);
        sh->emitter_waiting = 0;
    }
    if (sh->failed) return 0;
    return sh->prefix - sh->emitted < half ? sh->prefix - sh->emitted : half;
}

/*
 * Emits documents in input order, a batch at a time: a wake-up per document
 * (each worker broadcasting, the emitter broadcasting back) cost a context
 * switch or two per summary, with three threads on two cores, and doubled
 * the system time of `count -j2`.  Workers fill the window while a batch is
 * emitted; its slots are theirs again only once `emitted` moves past it.
 */
static int emit_in_order(struct shared *sh, struct zj_error *err)
{
    int rc = ZJ_OK;
    size_t i = 0;
    while (i < sh->inputs->count && rc == ZJ_OK) {
        pthread_mutex_lock(&sh->lock);
        size_t n = wait_batch(sh);
        if (!n) *err = sh->err;
        pthread_mutex_unlock(&sh->lock);
        if (!n) return ZJ_ERR;
        for (size_t end = i + n; i < end && rc == ZJ_OK; i++) {
            rc = sh->ops->emit(doc_of(sh, i), sh->ctx, err);
            report_progress(sh, i);
            zj_doc_release(doc_of(sh, i));
        }
        pthread_mutex_lock(&sh->lock);
        sh->emitted = i;
        if (rc) sh->failed = 1;
        if (sh->workers_waiting || rc) pthread_cond_broadcast(&sh->room);
        pthread_mutex_unlock(&sh->lock);
    }
    return rc;
}

static int run_threads(struct shared *sh, int nthreads, struct zj_error *err)
{
    pthread_t *tids = zj_xmalloc((size_t)nthreads * sizeof *tids);
    int started = 0;
    for (; started < nthreads; started++)
        if (pthread_create(&tids[started], NULL, worker, sh)) break;
    int rc = started ? emit_in_order(sh, err)
                     : zj_error_set(err, NULL, 0, 0, "cannot start worker threads");
    pthread_mutex_lock(&sh->lock);
    sh->failed |= rc != ZJ_OK;
    pthread_cond_broadcast(&sh->room);
    pthread_mutex_unlock(&sh->lock);
    for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
    free(tids);
    if (rc) discard_rest(sh, sh->emitted, sh->next); /* all taken ones are done: workers joined */
    return rc;
}

static int run_serial(struct shared *sh, struct zj_error *err)
{
    void *scratch = scratch_new(sh);
    int rc = ZJ_OK;
    for (size_t i = 0; i < sh->inputs->count && rc == ZJ_OK; i++) {
        rc = process(sh, i, scratch, err);
        if (rc == ZJ_OK) rc = sh->ops->emit(doc_of(sh, i), sh->ctx, err), report_progress(sh, i);
        else discard_rest(sh, i, i + 1);
        zj_doc_release(doc_of(sh, i));
    }
    scratch_free(sh, scratch);
    return rc;
}

int zj_corpus_run(const struct zj_corpus_opts *opts, const struct zj_corpus_ops *ops, void *ctx,
                  struct zj_error *err)
{
    struct zj_inputs inputs = {0};
    if (zj_walk(opts->inputs, opts->ninputs, opts->glob, &inputs, err)) {
        zj_inputs_release(&inputs);
        return ZJ_ERR;
    }
    struct shared sh = {.opts = opts, .inputs = &inputs, .ops = ops, .ctx = ctx};
    sh.manifest_row = match_manifest(opts, &inputs);
    sh.done = zj_xcalloc(inputs.count + 1, sizeof *sh.done);
    int nthreads = zj_threads_resolve(opts->threads);
    if ((size_t)nthreads > inputs.count) nthreads = inputs.count ? (int)inputs.count : 1;
    /* the emitter takes half a window at a time: each worker has that many
     * documents to go on with while it sleeps */
    sh.window = nthreads == 1 ? 1 : (size_t)nthreads * ZJ_CORPUS_WINDOW_PER_THREAD;
    sh.slots = zj_xcalloc(sh.window, sizeof *sh.slots);
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.ready, NULL);
    pthread_cond_init(&sh.room, NULL);
    int rc = nthreads == 1 ? run_serial(&sh, err) : run_threads(&sh, nthreads, err);
    pthread_mutex_destroy(&sh.lock);
    pthread_cond_destroy(&sh.ready);
    pthread_cond_destroy(&sh.room);
    free(sh.slots), free(sh.manifest_row);
    free(sh.done);
    zj_inputs_release(&inputs);
    return rc;
}
