/* similarity.c - see similarity.h. */
#include "stats/similarity.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "stats/gemm.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/parallel.h"
#include "util/strmap.h"

double zj_norm_of(const struct zj_doc_counts *x)
{
    double s = 0;
    for (size_t i = 0; i < x->count; i++)
        s += (double)x->items[i].count * x->items[i].count;
    return sqrt(s);
}

double zj_cosine(const struct zj_doc_counts *x, const struct zj_doc_counts *y, size_t *shared)
{
    return zj_cosine_normed(x, zj_norm_of(x), y, zj_norm_of(y), shared);
}

double zj_cosine_normed(const struct zj_doc_counts *x, double nx, const struct zj_doc_counts *y,
                        double ny, size_t *shared)
{
    double dot = 0;
    size_t i = 0, j = 0;
    *shared = 0;
    while (i < x->count && j < y->count) {
        int c = zj_term_cmp(&x->items[i], &y->items[j]);
        if (c == 0) {
            dot += (double)x->items[i].count * y->items[j].count;
            ++*shared, i++, j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    double n = nx * ny;
    return n > 0 ? dot / n : 0;
}

/* A term's identity: its entry and its interned text (pointer equality is
 * text equality in zj_terms). */
static uint32_t term_id(struct zj_strmap *ids, const struct zj_term_count *t)
{
    char key[sizeof t->entry + sizeof t->text];
    memcpy(key, &t->entry, sizeof t->entry);
    memcpy(key + sizeof t->entry, &t->text, sizeof t->text);
    return *zj_strmap_put(ids, key, sizeof key, (uint32_t)ids->count, NULL);
}

/* A term is worth a dense column when the multiply-adds the postings would
 * spend on it (df^2, scattered) exceed what gemm spends (n^2, at ~50x the
 * rate): df >= n / 8 measured best on the 100 MB and 1 GB bench corpora. */
static const struct zj_sim_tuning default_tuning = {0.125, 1};

/* The largest dot product any pair can have over the dense columns is at
 * most the largest squared norm (Cauchy-Schwarz); every partial sum of
 * non-negative integer products is below it, hence exact. */
static double max_dense_norm2(const struct zj_sim_index *ix)
{
    double most = 0;
    for (size_t d = 0; d < ix->ndocs; d++) {
        double s = 0;
        for (size_t k = 0; k < ix->docs[d]->count; k++)
            if (ix->dense_col[ix->ids[d][k]] != UINT32_MAX) {
                double c = (double)ix->docs[d]->items[k].count;
                s += c * c;
            }
        if (s > most) most = s;
    }
    return most;
}

static void dense_init(struct zj_sim_index *ix, const struct zj_sim_tuning *tuning)
{
    ix->dense_col = zj_xmalloc((ix->nterms + 1) * sizeof *ix->dense_col);
    for (size_t t = 0; t < ix->nterms; t++) {
        double df = ix->post_start[t + 1] - ix->post_start[t];
        ix->dense_col[t] =
            df >= tuning->dense_share * (double)ix->ndocs ? (uint32_t)ix->ndense++ : UINT32_MAX;
    }
    if (!ix->ndense) return;
    double most = max_dense_norm2(ix);
    size_t cells = ix->ndocs * ix->ndense;
    if (tuning->allow_float && most < 16777216.0) /* 2^24 */
        ix->dense_f = zj_xcalloc(cells, sizeof *ix->dense_f);
    else if (most < 9007199254740992.0) /* 2^53 */
        ix->dense_d = zj_xcalloc(cells, sizeof *ix->dense_d);
    else { /* absurd counts: postings only */
        for (size_t t = 0; t < ix->nterms; t++)
            ix->dense_col[t] = UINT32_MAX;
        ix->ndense = 0;
        return;
    }
    for (size_t d = 0; d < ix->ndocs; d++)
        for (size_t k = 0; k < ix->docs[d]->count; k++) {
            uint32_t col = ix->dense_col[ix->ids[d][k]];
            if (col == UINT32_MAX) continue;
            size_t at = d * ix->ndense + col;
            if (ix->dense_f)
                ix->dense_f[at] = (float)ix->docs[d]->items[k].count;
            else
                ix->dense_d[at] = (double)ix->docs[d]->items[k].count;
        }
}

void zj_sim_index_init(struct zj_sim_index *ix, const struct zj_doc_counts *const *docs, size_t n)
{
    memset(ix, 0, sizeof *ix);
    ix->ndocs = n, ix->docs = docs;
    ix->ids = zj_xcalloc(n + 1, sizeof *ix->ids);
    ix->norm = zj_xcalloc(n + 1, sizeof *ix->norm);
    struct zj_strmap map = {0};
    size_t total = 0;
    for (size_t d = 0; d < n; d++) {
        ix->ids[d] = zj_xmalloc((docs[d]->count + 1) * sizeof **ix->ids);
        for (size_t k = 0; k < docs[d]->count; k++)
            ix->ids[d][k] = term_id(&map, &docs[d]->items[k]);
        ix->norm[d] = zj_norm_of(docs[d]);
        total += docs[d]->count;
    }
    ix->nterms = map.count;
    zj_strmap_release(&map);
    ix->post_start = zj_xcalloc(ix->nterms + 2, sizeof *ix->post_start);
    for (size_t d = 0; d < n; d++)
        for (size_t k = 0; k < docs[d]->count; k++)
            ix->post_start[ix->ids[d][k] + 1]++;
    for (size_t t = 0; t < ix->nterms; t++)
        ix->post_start[t + 1] += ix->post_start[t];
    uint32_t *fill = zj_xmalloc((ix->nterms + 1) * sizeof *fill);
    memcpy(fill, ix->post_start, ix->nterms * sizeof *fill);
    ix->post_doc = zj_xmalloc((total + 1) * sizeof *ix->post_doc);
    ix->post_val = zj_xmalloc((total + 1) * sizeof *ix->post_val);
    for (size_t d = 0; d < n; d++) /* documents in order: each list is sorted by document */
        for (size_t k = 0; k < docs[d]->count; k++) {
            uint32_t at = fill[ix->ids[d][k]]++;
            ix->post_doc[at] = (uint32_t)d, ix->post_val[at] = docs[d]->items[k].count;
        }
    free(fill);
}

void zj_sim_index_init_dense(struct zj_sim_index *ix, const struct zj_doc_counts *const *docs,
                             size_t n, const struct zj_sim_tuning *tuning)
{
    zj_sim_index_init(ix, docs, n);
    dense_init(ix, tuning ? tuning : &default_tuning);
}

void zj_sim_index_release(struct zj_sim_index *ix)
{
    for (size_t d = 0; d < ix->ndocs; d++)
        free(ix->ids[d]);
    free(ix->ids), free(ix->norm), free(ix->post_start), free(ix->post_doc), free(ix->post_val);
    free(ix->dense_col), free(ix->dense_f), free(ix->dense_d);
    memset(ix, 0, sizeof *ix);
}

void zj_sim_dots(const struct zj_sim_index *ix, size_t i, double *dot, uint32_t *shared)
{
    memset(dot, 0, ix->ndocs * sizeof *dot);
    memset(shared, 0, ix->ndocs * sizeof *shared);
    const struct zj_doc_counts *x = ix->docs[i];
    for (size_t k = 0; k < x->count; k++) {
        uint32_t t = ix->ids[i][k];
        double v = x->items[k].count;
        for (uint32_t p = ix->post_start[t]; p < ix->post_start[t + 1]; p++) {
            dot[ix->post_doc[p]] += v * ix->post_val[p];
            shared[ix->post_doc[p]]++;
        }
    }
}

static int by_cos_desc(const struct zj_sim_partner *a, const struct zj_sim_partner *b)
{
    if (a->cos != b->cos) return a->cos > b->cos ? -1 : 1;
    return (a->doc > b->doc) - (a->doc < b->doc);
}

/* Keeps the best `top` partners, most similar first. */
static void offer(struct zj_sim_partner *best, size_t *n, size_t top, struct zj_sim_partner p)
{
    if (*n == top && by_cos_desc(&p, &best[top - 1]) >= 0) return;
    size_t i = *n < top ? (*n)++ : top - 1;
    while (i > 0 && by_cos_desc(&p, &best[i - 1]) < 0)
        best[i] = best[i - 1], i--;
    best[i] = p;
}

/*
 * Top partners.  Each pair is computed once: a worker takes a block of
 * ROWS documents and walks the columns after its first row in chunks of
 * COLS, so the block of products (ROWS x COLS) stays in cache between gemm
 * and its reading.  A pair (i, j) is offered to both i's and j's lists in
 * the worker's own lists; lists are merged at the end.  The best `top`
 * under a total order (cosine, then document) do not depend on how the
 * pairs were split, so neither does the output.
 */
enum { ROWS = 256, COLS = 512 };

struct top_job {
    const struct zj_sim_index *ix;
    size_t top;  /* the caller's stride */
    size_t keep; /* partners a list can hold: top, at most the other documents */
    struct zj_sim_partner *best;
    size_t *nbest;
    pthread_mutex_t merge;
};

/* One of a row's terms that is not a dense column: its posting list is
 * walked alongside the chunks. */
struct rare {
    double v;
    uint32_t at, end;
};

struct top_scratch {
    struct zj_sim_partner *best; /* this worker's lists: ndocs x top */
    size_t *nbest;
    double *bar;  /* per list, see set_bar */
    float *out_f; /* ROWS x COLS dense products */
    double *out_d;
    double dot[COLS];
    struct rare *rare; /* the block's rows' rare terms */
    size_t rare_alloc;
    size_t rare_row[ROWS + 1];
};

static void *top_scratch_new(void *ctx)
{
    const struct top_job *job = ctx;
    const struct zj_sim_index *ix = job->ix;
    struct top_scratch *t = zj_xcalloc(1, sizeof *t);
    t->best = zj_xmalloc((ix->ndocs * job->keep + 1) * sizeof *t->best);
    t->nbest = zj_xcalloc(ix->ndocs + 1, sizeof *t->nbest);
    t->bar = zj_xmalloc((ix->ndocs + 1) * sizeof *t->bar);
    for (size_t i = 0; i < ix->ndocs; i++)
        t->bar[i] = -1;
    if (ix->dense_f) t->out_f = zj_xmalloc(ROWS * COLS * sizeof *t->out_f);
    if (ix->dense_d) t->out_d = zj_xmalloc(ROWS * COLS * sizeof *t->out_d);
    return t;
}

/* Merges this worker's lists into the job's (under a lock: workers finish
 * at different times) and frees the scratch. */
static void top_scratch_free(void *ctx, void *scratch)
{
    struct top_job *job = ctx;
    struct top_scratch *t = scratch;
    pthread_mutex_lock(&job->merge);
    for (size_t i = 0; i < job->ix->ndocs; i++)
        for (size_t m = 0; m < t->nbest[i]; m++)
            offer(job->best + i * job->top, &job->nbest[i], job->keep, t->best[i * job->keep + m]);
    pthread_mutex_unlock(&job->merge);
    free(t->best), free(t->nbest), free(t->bar), free(t->out_f), free(t->out_d), free(t->rare),
        free(t);
}

/* First posting of list [at, end) whose document is >= doc. */
static uint32_t first_at_or_after(const uint32_t *post_doc, uint32_t at, uint32_t end, size_t doc)
{
    while (at < end) {
        uint32_t mid = at + (end - at) / 2;
        if (post_doc[mid] < doc)
            at = mid + 1;
        else
            end = mid;
    }
    return at;
}

/* The rare terms of rows [i0, i0 + rows), their lists started at i0. */
static void rare_init(const struct zj_sim_index *ix, size_t i0, size_t rows, struct top_scratch *t)
{
    size_t total = 0;
    for (size_t r = 0; r < rows; r++)
        total += ix->docs[i0 + r]->count;
    t->rare = zj_xgrow(t->rare, sizeof *t->rare, total + 1, &t->rare_alloc);
    size_t k = 0;
    for (size_t r = 0; r < rows; r++) {
        t->rare_row[r] = k;
        const struct zj_doc_counts *x = ix->docs[i0 + r];
        for (size_t m = 0; m < x->count; m++) {
            uint32_t term = ix->ids[i0 + r][m];
            if (ix->dense_col && ix->dense_col[term] != UINT32_MAX) continue;
            uint32_t end = ix->post_start[term + 1];
            t->rare[k++] =
                (struct rare){(double)x->items[m].count,
                              first_at_or_after(ix->post_doc, ix->post_start[term], end, i0), end};
        }
    }
    t->rare_row[rows] = k;
}

/* out[r][c] = dense row (i0 + r) . dense row (j0 + c). */
static void dense_block(const struct zj_sim_index *ix, size_t i0, size_t rows, size_t j0,
                        size_t cols, struct top_scratch *t)
{
    size_t k = ix->ndense;
    if (t->out_f)
        zj_gemm_abt_f(rows, cols, k, ix->dense_f + i0 * k, ix->dense_f + j0 * k, t->out_f, COLS);
    else
        zj_gemm_abt_d(rows, cols, k, ix->dense_d + i0 * k, ix->dense_d + j0 * k, t->out_d, COLS);
}

/* Row r's dot products with documents [j0, j0 + cols) into t->dot: its
 * dense products plus its rare terms' postings in that range. */
static void chunk_dots(const struct zj_sim_index *ix, size_t r, size_t j0, size_t cols,
                       struct top_scratch *t)
{
    if (t->out_f)
        for (size_t c = 0; c < cols; c++)
            t->dot[c] = t->out_f[r * COLS + c];
    else if (t->out_d)
        memcpy(t->dot, t->out_d + r * COLS, cols * sizeof *t->dot);
    else
        memset(t->dot, 0, cols * sizeof *t->dot);
    size_t j1 = j0 + cols;
    for (size_t k = t->rare_row[r]; k < t->rare_row[r + 1]; k++) {
        struct rare *q = &t->rare[k];
        for (; q->at < q->end && ix->post_doc[q->at] < j1; q->at++)
            t->dot[ix->post_doc[q->at] - j0] += q->v * ix->post_val[q->at];
    }
}

/* A list's bar, scaled by its document's norm: a pair (i, j) can enter j's
 * list only if dot >= bar[j] * norm[i], which spares the division for
 * nearly every pair.  The margin is far above rounding, so a pair skipped
 * has a cosine below the list's last for sure; a list not yet full has a
 * negative bar (everything enters). */
static void set_bar(const struct top_job *job, struct top_scratch *t, size_t j)
{
    size_t top = job->keep;
    t->bar[j] =
        t->nbest[j] < top ? -1 : t->best[j * top + top - 1].cos * job->ix->norm[j] * (1 - 1e-9);
}

static void offer_to(const struct top_job *job, struct top_scratch *t, size_t i, double cos,
                     size_t j)
{
    offer(t->best + i * job->keep, &t->nbest[i], job->keep, (struct zj_sim_partner){cos, j, 0});
    set_bar(job, t, i);
}

/* Offers pairs (i, j0 + c), j > i, to both documents' lists. */
static void offer_chunk(const struct top_job *job, struct top_scratch *t, size_t i, size_t j0,
                        size_t cols)
{
    const double *norm = job->ix->norm;
    double ni = norm[i];
    for (size_t c = j0 > i ? 0 : i + 1 - j0; c < cols; c++) {
        size_t j = j0 + c;
        double dot = t->dot[c];
        int to_i = dot >= t->bar[i] * norm[j], to_j = dot >= t->bar[j] * ni;
        if (!to_i && !to_j) continue;
        double nn = ni * norm[j], cos = nn > 0 ? dot / nn : 0;
        if (to_i) offer_to(job, t, i, cos, j);
        if (to_j) offer_to(job, t, j, cos, i);
    }
}

static void top_block(void *ctx, void *scratch, size_t b)
{
    struct top_job *job = ctx;
    struct top_scratch *t = scratch;
    const struct zj_sim_index *ix = job->ix;
    size_t i0 = b * ROWS, rows = ix->ndocs - i0 < ROWS ? ix->ndocs - i0 : ROWS;
    rare_init(ix, i0, rows, t);
    for (size_t j0 = i0; j0 < ix->ndocs; j0 += COLS) {
        size_t cols = ix->ndocs - j0 < COLS ? ix->ndocs - j0 : COLS;
        if (ix->ndense) dense_block(ix, i0, rows, j0, cols, t);
        for (size_t r = 0; r < rows; r++) {
            chunk_dots(ix, r, j0, cols, t);
            offer_chunk(job, t, i0 + r, j0, cols);
        }
    }
}

/* Shared terms, for the winners only (the merge walk also takes a dot
 * product, thrown away here: with norms of 0 it skips the division). */
static void count_shared(void *ctx, void *scratch, size_t i)
{
    struct top_job *job = ctx;
    struct zj_sim_partner *best = job->best + i * job->top;
    (void)scratch;
    for (size_t m = 0; m < job->nbest[i]; m++)
        zj_cosine_normed(job->ix->docs[i], 0, job->ix->docs[best[m].doc], 0, &best[m].shared);
}

void zj_sim_top(const struct zj_sim_index *ix, size_t top, int threads, struct zj_sim_partner *best,
                size_t *nbest)
{
    memset(nbest, 0, ix->ndocs * sizeof *nbest);
    if (ix->ndocs < 2 || !top) return;
    size_t keep = top < ix->ndocs - 1 ? top : ix->ndocs - 1, blocks = (ix->ndocs + ROWS - 1) / ROWS;
    struct top_job job = {ix, top, keep, best, nbest, PTHREAD_MUTEX_INITIALIZER};
    /* each worker holds lists for every document: no more workers than blocks */
    threads = zj_threads_resolve(threads);
    if ((size_t)threads > blocks) threads = (int)blocks;
    struct zj_parallel p = {blocks, 1, &job, top_scratch_new, top_scratch_free, top_block};
    zj_parallel_run(&p, threads);
    pthread_mutex_destroy(&job.merge);
    struct zj_parallel q = {ix->ndocs, 64, &job, NULL, NULL, count_shared};
    zj_parallel_run(&q, threads);
}
