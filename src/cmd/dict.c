/*
 * dict.c - `zongjie dict check FILE...`: validate dictionaries and describe them.
 *
 * The files are loaded together, exactly as `--dict` would load them, so a
 * term duplicated across two files is caught too.  Output: one row per
 * category at --level (default 1) with entries, aliases and regex entries,
 * and a last row `(all)`.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "terms/ac.h"
#include "util/alloc.h"
#include "util/strmap.h"
#include "util/banned.h"

static const struct zj_column cols[] = {
    {"category", ZJ_COL_STR, 0}, {"entries", ZJ_COL_INT, 0}, {"aliases", ZJ_COL_INT, 0},
    {"regex", ZJ_COL_INT, 0},
};

struct cat_stats {
    char *name;
    long long entries, aliases, regex;
};

static void write_stats(const struct zj_dict *d, int level, struct zj_writer *w)
{
    struct zj_strmap seen = {0};
    struct cat_stats *cats = zj_xcalloc(d->nentries + 1, sizeof *cats), all = {"(all)", 0, 0, 0};
    size_t n = 0;
    for (size_t e = 0; e < d->nentries; e++) {
        struct zj_buf p = ZJ_BUF_INIT;
        zj_category_prefix(d->entries[e].category, level, &p);
        int added;
        uint32_t k = *zj_strmap_put(&seen, p.ptr, p.len, (uint32_t)n, &added);
        if (added) cats[n++].name = zj_buf_detach(&p, NULL);
        else zj_buf_release(&p);
        struct cat_stats *s[] = {&cats[k], &all};
        for (int i = 0; i < 2; i++) {
            s[i]->entries++;
            s[i]->aliases += (long long)d->entries[e].naliases;
            s[i]->regex += d->entries[e].re != NULL;
        }
    }
    for (size_t k = 0; k <= n; k++) {
        const struct cat_stats *s = k < n ? &cats[k] : &all;
        struct zj_cell row[] = {zj_cell_cstr(s->name), zj_cell_int(s->entries),
                                zj_cell_int(s->aliases), zj_cell_int(s->regex)};
        zj_writer_row(w, row);
    }
    for (size_t k = 0; k < n; k++) free(cats[k].name);
    free(cats);
    zj_strmap_release(&seen);
}

static const char usage[] = "usage: zongjie dict check [options] FILE...\n"
                            "Validates policy dictionaries (loaded together, as --dict does) and\n"
                            "prints entries, aliases and regex entries per category.\n\n"
                            "      --level N         category depth (default 1)\n"
                            "  -f, --format FMT      csv (default), tsv, md, jsonl\n"
                            "  -o, --output FILE     write the table to FILE\n"
                            "      --quiet           no summary line on stderr\n"
                            "  -h, --help            this help\n";

static int check(struct zj_cli *cli, int level, char **files, size_t n)
{
    struct zj_error err;
    zj_error_clear(&err);
    cli->dicts = zj_xmalloc(n * sizeof *cli->dicts);
    for (size_t i = 0; i < n; i++) cli->dicts[cli->ndicts++] = files[i];
    struct zj_dict *d;
    if (zj_cli_load_dict(cli, &d, &err)) return zj_cli_fail(cli, &err);
    struct zj_outfile out;
    int rc = zj_outfile_open(&out, cli->output, &err);
    if (rc == ZJ_OK) {
        struct zj_writer w;
        zj_writer_begin(&w, out.fp, cli->format, cols, 4, zj_cli_write_flags(cli));
        write_stats(d, level, &w);
        zj_writer_end(&w);
        rc = zj_outfile_commit(&out, &err);
    }
    if (rc == ZJ_OK && !cli->quiet)
        fprintf(stderr, "zongjie dict check: ok: %zu entries, %zu literal keys, %zu regex; automaton %zu states, %zu KiB\n",
                d->nentries, d->npatterns, d->nregex, zj_ac_states(d->ac), zj_ac_memory(d->ac) / 1024);
    zj_dict_free(d);
    return rc ? zj_cli_fail(cli, &err) : ZJ_EXIT_OK;
}

static int own_option(void *ctx, int opt, const char *arg)
{
    (void)opt;
    *(int *)ctx = atoi(arg);
    if (*(int *)ctx >= 1) return 0;
    fputs("zongjie dict check: --level wants a depth >= 1\n", stderr);
    return ZJ_EXIT_USAGE;
}

int zj_cmd_dict(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "dict check");
    if (argc < 2 || strcmp(argv[1], "check")) {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
            return fputs(usage, stdout), ZJ_EXIT_OK;
        return zj_cli_usage_error(&cli, "the only dict subcommand is `check`");
    }
    static const struct option own[] = {{"level", required_argument, NULL, OPT_FIRST_OWN},
                                        {NULL, 0, NULL, 0}};
    int level = 1;
    int rc = zj_cli_parse(&cli, argc, argv, 2, own, own_option, &level, usage);
    if (rc < 0) {
        zj_cli_release(&cli);
        return ZJ_EXIT_OK;
    }
    if (rc == ZJ_EXIT_OK && cli.ndicts)
        rc = zj_cli_usage_error(&cli, "give the dictionaries as arguments, not with --dict");
    if (rc == ZJ_EXIT_OK && optind >= argc) rc = zj_cli_usage_error(&cli, "no dictionary files");
    if (rc == ZJ_EXIT_OK) rc = check(&cli, level, argv + optind, (size_t)(argc - optind));
    zj_cli_release(&cli);
    return rc;
}
