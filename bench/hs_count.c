/*
 * hs_count.c - the hardware-speed reference for `zongjie count`: Intel
 * Hyperscan scanning every file for the dictionary's literal terms (block
 * mode, all patterns at once) and counting match events.  It does less than
 * zongjie (no decoding, normalization, leftmost-longest selection, regex
 * entries or per-term tables), so it bounds what a literal matcher can do.
 *
 * usage: hs_count TERMS.txt DIR   (TERMS.txt: one literal per line; every *.txt under DIR)
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long long *)ctx;
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

static hs_database_t *db;
static hs_scratch_t *scratch;
static unsigned long long hits, bytes;

static int scan_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    size_t n = strlen(path), len;
    if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".txt")) return 0;
    char *text = slurp(path, &len);
    if (!text) return 0;
    hs_scan(db, text, (unsigned)len, 0, scratch, on_match, &hits);
    bytes += len;
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) return fprintf(stderr, "usage: hs_count TERMS.txt DIR\n"), 2;
    size_t tlen;
    char *terms = slurp(argv[1], &tlen);
    if (!terms) return perror(argv[1]), 1;
    size_t n = 0, cap = 1024;
    const char **pats = malloc(cap * sizeof *pats);
    unsigned *ids = malloc(cap * sizeof *ids), *flags = malloc(cap * sizeof *flags);
    size_t *lens = malloc(cap * sizeof *lens);
    for (char *line = strtok(terms, "\n"); line; line = strtok(NULL, "\n")) {
        if (n == cap) {
            cap *= 2;
            pats = realloc(pats, cap * sizeof *pats), ids = realloc(ids, cap * sizeof *ids);
            flags = realloc(flags, cap * sizeof *flags), lens = realloc(lens, cap * sizeof *lens);
        }
        pats[n] = line, lens[n] = strlen(line), ids[n] = (unsigned)n, flags[n] = 0;
        n++;
    }
    hs_compile_error_t *cerr;
    if (hs_compile_lit_multi(pats, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS)
        return fprintf(stderr, "hs_compile: %s\n", cerr->message), 1;
    hs_alloc_scratch(db, &scratch);
    nftw(argv[2], scan_file, 16, 0);
    printf("%llu hits in %llu bytes\n", hits, bytes);
    hs_free_scratch(scratch);
    hs_free_database(db);
    return 0;
}
