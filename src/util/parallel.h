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

/* Worker count for a -j value: <= 0 means one per core; at most 64. */
int zj_threads_resolve(int threads);

void zj_parallel_run(const struct zj_parallel *p, int threads);

#endif
