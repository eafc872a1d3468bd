/* parallel.c - see parallel.h. */
#include "util/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/banned.h"

enum { MAX_THREADS = 64 };

void *zj_parallel_buf_new(void *ctx)
{
    (void)ctx;
    return zj_xcalloc(1, sizeof(struct zj_parallel_buf));
}

void zj_parallel_buf_free(void *ctx, void *scratch)
{
    struct zj_parallel_buf *b = scratch;
    (void)ctx;
    free(b->ptr), free(b);
}

int zj_threads_resolve(int threads)
{
    if (threads <= 0) threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    return threads > MAX_THREADS ? MAX_THREADS : threads;
}

struct run {
    const struct zj_parallel *p;
    size_t next;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct run *r = arg;
    const struct zj_parallel *p = r->p;
    void *scratch = p->scratch_new ? p->scratch_new(p->ctx) : NULL;
    size_t chunk = p->chunk ? p->chunk : 1;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        size_t i0 = r->next;
        r->next += chunk;
        pthread_mutex_unlock(&r->lock);
        if (i0 >= p->n) break;
        size_t i1 = i0 + chunk < p->n ? i0 + chunk : p->n;
        for (size_t i = i0; i < i1; i++) p->item(p->ctx, scratch, i);
    }
    if (p->scratch_free) p->scratch_free(p->ctx, scratch);
    return NULL;
}

void zj_parallel_run(const struct zj_parallel *p, int threads)
{
    struct run r = {p, 0, PTHREAD_MUTEX_INITIALIZER};
    threads = zj_threads_resolve(threads);
    pthread_t tid[MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, worker, &r) == 0) started++;
    worker(&r);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&r.lock);
}
