/*
 * parallel.h - run independent items 0..n-1 on worker threads.
 *
 * Workers take the next chunk of items under a lock; each worker has its own
 * scratch (made and freed through the callbacks), so item code needs no
 * locking as long as it writes only to slots of its own item.  The calling
 * thread is one of the workers.  Results are the same for any thread count
 * when items write to per-item slots.
 */
#ifndef ZJ_PARALLEL_H
#define ZJ_PARALLEL_H

#include <stddef.h>

struct zj_parallel {
    size_t n, chunk;                           /* items, and how many a worker takes at once */
    void *ctx;
    void *(*scratch_new)(void *ctx);           /* may be NULL: scratch is NULL */
    void (*scratch_free)(void *ctx, void *scratch);
    void (*item)(void *ctx, void *scratch, size_t i);
};

/* A worker's growable buffer, for items that need working storage of one
 * element type: give zj_parallel_buf_new and zj_parallel_buf_free as
 * scratch_new and scratch_free, and grow ptr with zj_xgrow(ptr, elem, need,
 * &alloc) in the item. */
struct zj_parallel_buf {
    void *ptr;
    size_t alloc; /* elements */
};

void *zj_parallel_buf_new(void *ctx);
void zj_parallel_buf_free(void *ctx, void *scratch);

/* Worker count for a -j value: <= 0 means one per core; at most 64. */
int zj_threads_resolve(int threads);

void zj_parallel_run(const struct zj_parallel *p, int threads);

#endif
