/*
 * ac_scan.c - zj_ac_scan alone: the automaton of TERMS.txt (one literal per
 * line) over every *.txt under DIR (raw bytes, not normalized), ROUNDS
 * passes; prints the fastest pass (process CPU time) and its MB/s.  The
 * machine is shared, so compare binaries by alternating short runs and
 * taking each one's minimum.
 *
 * usage: ac_scan TERMS.txt DIR [ROUNDS]   (EACH=1: every pass's time on stderr)
 * build: cc -O3 -DNDEBUG -std=c11 -D_GNU_SOURCE -Isrc bench/ac_scan.c \
 *          src/terms/ac.c src/util/alloc.c -o ac_scan
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "terms/ac.h"

static char **texts;
static size_t *lens, ntexts, cap, total;

static int on_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".txt")) return 0;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)size + 1);
    size_t got = fread(b, 1, (size_t)size, f);
    fclose(f);
    if (ntexts == cap) {
        cap = cap ? cap * 2 : 1024;
        texts = realloc(texts, cap * sizeof *texts);
        lens = realloc(lens, cap * sizeof *lens);
    }
    texts[ntexts] = b, lens[ntexts++] = got, total += got;
    return 0;
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) return fprintf(stderr, "usage: ac_scan TERMS.txt DIR [ROUNDS]\n"), 2;
    FILE *f = fopen(argv[1], "r");
    if (!f) return perror(argv[1]), 1;
    char line[4096], **pats = NULL;
    size_t *plens = NULL, np = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (!n) continue;
        pats = realloc(pats, (np + 1) * sizeof *pats);
        plens = realloc(plens, (np + 1) * sizeof *plens);
        pats[np] = strndup(line, n), plens[np++] = n;
    }
    fclose(f);
    struct zj_ac *ac = zj_ac_new((const char *const *)pats, plens, np);
    nftw(argv[2], on_file, 16, FTW_PHYS);
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    double best = 1e9;
    size_t nm = 0;
    struct zj_ac_matches m = {NULL, 0, 0};
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_seconds();
        nm = 0;
        for (size_t i = 0; i < ntexts; i++) {
            m.count = 0;
            zj_ac_scan(ac, texts[i], lens[i], &m);
            nm += m.count;
        }
        double s = cpu_seconds() - t0;
        if (s < best) best = s;
        if (getenv("EACH")) fprintf(stderr, "round %d %.4f\n", r, s);
    }
    printf("%zu states, %zu texts, %.1f MB, %zu matches, min %.4f s, %.0f MB/s\n",
           zj_ac_states(ac), ntexts, (double)total / 1e6, nm, best, (double)total / 1e6 / best);
    return 0;
}
