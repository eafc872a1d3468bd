/*
 * scan_only.c - zongjie's matcher against Hyperscan on the same text in
 * memory, without anything else either tool does around it.
 *
 * `zongjie count` reads, decodes, validates, normalizes, matches and counts;
 * the hs_count harness reads and scans.  To tell the matcher's own speed from
 * the pipeline's, this loads every *.txt under DIR, normalizes it as
 * `count` does (zj_normalize), and then, in alternating rounds, scans every
 * document with zongjie's Aho-Corasick automaton (zj_ac_scan_with, which
 * also records each match) and with Hyperscan (literal multi-pattern block
 * mode, counting match events).  Terms are normalized as the dictionary
 * normalizes them.  Prints, for each, the median seconds over the rounds and
 * the match count, as lines "NAME SECONDS RSS_KB HITS" for bench/run.sh's
 * table; RSS_KB is the whole process's peak (every text is held), the same
 * on both lines.
 *
 * usage: scan_only TERMS.txt DIR [ROUNDS]   (TERMS.txt: one literal per line)
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "doc/walk.h"
#include "terms/ac.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"

static void fail(const struct zj_error *err)
{
    fprintf(stderr, "scan_only: %s: %s\n", err->file, err->msg);
    exit(1);
}

/* Every *.txt under dir, listed as zongjie lists them and normalized as
 * `count` normalizes them. */
static struct zj_buf *load(const char *dir, size_t *n)
{
    struct zj_inputs in = {0};
    struct zj_error err;
    if (zj_walk(&dir, 1, "*.txt", &in, &err)) fail(&err);
    struct zj_buf *docs = zj_xcalloc(in.count + 1, sizeof *docs);
    for (size_t i = 0; i < in.count; i++) {
        unsigned char *raw;
        size_t len;
        if (zj_read_file(in.items[i].path, &raw, &len, &err)) fail(&err);
        struct zj_norm norm = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize((const char *)raw, len, 0, &norm);
        free(raw);
        docs[i] = norm.text; /* the rest of norm is empty without ZJ_NORM_MAP */
    }
    *n = in.count;
    zj_inputs_release(&in);
    return docs;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long long *)ctx;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) return fprintf(stderr, "usage: scan_only TERMS.txt DIR [ROUNDS]\n"), 2;
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    if (rounds < 1 || rounds > 100) return fprintf(stderr, "scan_only: ROUNDS from 1 to 100\n"), 2;
    size_t tlen, n = 0, ndocs;
    char *terms;
    struct zj_error err;
    if (zj_read_file(argv[1], (unsigned char **)&terms, &tlen, &err)) fail(&err);
    const char **pats = malloc((tlen + 1) * sizeof *pats);
    size_t *lens = malloc((tlen + 1) * sizeof *lens);
    unsigned *ids = malloc((tlen + 1) * sizeof *ids), *flags = calloc(tlen + 1, sizeof *flags);
    struct zj_buf *norm = calloc(tlen + 1, sizeof *norm);
    for (char *line = strtok(terms, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        zj_normalize_str(line, strlen(line), &norm[n]);
        pats[n] = norm[n].ptr, lens[n] = norm[n].len, ids[n] = (unsigned)n, n++;
    }
    struct zj_ac *ac = zj_ac_new(pats, lens, n);
    hs_database_t *db;
    hs_compile_error_t *cerr;
    if (hs_compile_lit_multi(pats, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS)
        return fprintf(stderr, "hs_compile: %s\n", cerr->message), 1;
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
        return fprintf(stderr, "hs_alloc_scratch failed\n"), 1;
    struct zj_buf *docs = load(argv[2], &ndocs);

    double *t_ac = malloc((size_t)rounds * sizeof *t_ac), *t_hs = malloc((size_t)rounds * sizeof *t_hs);
    unsigned long long ac_hits = 0, hs_hits = 0;
    struct zj_ac_matches m = {NULL, 0, 0};
    struct zj_ac_scratch s = {0};
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        ac_hits = 0;
        for (size_t d = 0; d < ndocs; d++) {
            m.count = 0;
            zj_ac_scan_with(ac, docs[d].ptr, docs[d].len, &m, &s);
            ac_hits += m.count;
        }
        t_ac[r] = now() - t0;
        t0 = now();
        hs_hits = 0;
        for (size_t d = 0; d < ndocs; d++)
            if (hs_scan(db, docs[d].ptr, (unsigned)docs[d].len, 0, scratch, on_match, &hs_hits) !=
                HS_SUCCESS)
                return fprintf(stderr, "hs_scan failed\n"), 1;
        t_hs[r] = now() - t0;
    }
    qsort(t_ac, (size_t)rounds, sizeof *t_ac, cmp_double);
    qsort(t_hs, (size_t)rounds, sizeof *t_hs, cmp_double);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("zongjie AC scan only (normalized text in memory) %.3f %ld %llu\n", t_ac[(rounds - 1) / 2], ru.ru_maxrss, ac_hits);
    printf("hyperscan scan only (same text) %.3f %ld %llu\n", t_hs[(rounds - 1) / 2], ru.ru_maxrss, hs_hits);
    for (size_t d = 0; d < ndocs; d++)
        zj_buf_release(&docs[d]);
    for (size_t i = 0; i < n; i++)
        zj_buf_release(&norm[i]);
    free(norm), free(docs), free(m.items), free(t_ac), free(t_hs), free(pats), free(lens),
        free(ids), free(flags), free(terms);
    zj_ac_scratch_release(&s);
    zj_ac_free(ac);
    hs_free_scratch(scratch);
    hs_free_database(db);
    return 0;
}
