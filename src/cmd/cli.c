/*
 * cli.c - see cli.h.
 *
 * The bundled dictionary is looked for beside the executable first (a build
 * tree inside the source tree, or an installed share/zongjie/dict), then at
 * the source path recorded at build time, so `build/zongjie` works from any
 * working directory.
 */
#include "cmd/cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

void zj_cli_init(struct zj_cli *cli, const char *cmd)
{
    memset(cli, 0, sizeof *cli);
    cli->cmd = cmd;
    cli->format = ZJ_FMT_CSV;
}

void zj_cli_release(struct zj_cli *cli)
{
    free(cli->dicts);
    if (cli->have_manifest) zj_manifest_release(&cli->manifest);
}

int zj_cli_usage_error(const struct zj_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "zongjie %s: ", cli->cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'zongjie %s --help'.\n", cli->cmd);
    return ZJ_EXIT_USAGE;
}

int zj_cli_fail(const struct zj_cli *cli, const struct zj_error *err)
{
    char msg[2048];
    zj_error_format(err, msg, sizeof msg);
    fprintf(stderr, "zongjie %s: %s\n", cli->cmd, msg);
    return ZJ_EXIT_DATA;
}

void zj_cli_warn(const struct zj_cli *cli, const char *fmt, ...)
{
    if (cli->quiet) return;
    va_list ap;
    fprintf(stderr, "zongjie %s: warning: ", cli->cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void zj_cli_warn_error(const struct zj_cli *cli, const struct zj_error *err, const char *suffix)
{
    char msg[2048];
    zj_error_format(err, msg, sizeof msg);
    zj_cli_warn(cli, "%s%s", msg, suffix ? suffix : "");
}

static int parse_jobs(const char *arg, int *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || v < 0 || v > 1024) return -1;
    *out = (int)v;
    return 0;
}

int zj_cli_common_option(struct zj_cli *cli, int opt, const char *arg)
{
    switch (opt) {
    case OPT_DICT:
        cli->dicts = zj_xrealloc(cli->dicts, (cli->ndicts + 1) * sizeof *cli->dicts);
        cli->dicts[cli->ndicts++] = arg;
        return 1;
    case OPT_MANIFEST: cli->manifest_path = arg; return 1;
    case OPT_SECTIONS: cli->sections_path = arg; return 1;
    case OPT_GLOB: cli->glob = arg; return 1;
    case OPT_STRICT: cli->strict = 1; return 1;
    case OPT_BOM: cli->bom = 1; return 1;
    case OPT_EXCEL: cli->excel = cli->bom = 1; return 1;
    case OPT_QUIET: cli->quiet = 1; return 1;
    case 'o': cli->output = arg; return 1;
    case OPT_ENCODING:
        if (zj_encoding_parse(arg, &cli->encoding) == 0) return 1;
        zj_cli_usage_error(cli, "unknown encoding `%s`", arg);
        return -1;
    case 'f':
        cli->format_set = 1;
        if (zj_format_parse(arg, &cli->format) == 0) return 1;
        zj_cli_usage_error(cli, "unknown format `%s` (csv, tsv, md, jsonl)", arg);
        return -1;
    case 'j':
        if (parse_jobs(arg, &cli->threads) == 0) return 1;
        zj_cli_usage_error(cli, "-j wants a number of threads, not `%s`", arg);
        return -1;
    default: return 0;
    }
}

int zj_cli_parse(struct zj_cli *cli, int argc, char **argv, int first, const struct option *own,
                 int (*own_fn)(void *ctx, int opt, const char *arg), void *ctx, const char *usage)
{
    return zj_cli_parse_short(cli, argc, argv, first, NULL, own, own_fn, ctx, usage);
}

int zj_cli_parse_short(struct zj_cli *cli, int argc, char **argv, int first, const char *short_own,
                       const struct option *own, int (*own_fn)(void *ctx, int opt, const char *arg),
                       void *ctx, const char *usage)
{
    char shorts[64];
    snprintf(shorts, sizeof shorts, "%s%s", ZJ_COMMON_SHORT_OPTIONS, short_own ? short_own : "");
    static const struct option common[] = {ZJ_COMMON_LONG_OPTIONS};
    size_t ncommon = sizeof common / sizeof common[0], nown = 0;
    while (own && own[nown].name) nown++;
    struct option *all = zj_xcalloc(ncommon + nown + 1, sizeof *all);
    memcpy(all, common, sizeof common);
    if (nown) memcpy(all + ncommon, own, nown * sizeof *own);
    int opt, rc = 0;
    opterr = 0;
    optind = first;
    while (rc == 0 && (opt = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
        if (opt == OPT_HELP || opt == 'h') fputs(usage, stdout), rc = -1;
        else if (opt == '?') rc = zj_cli_usage_error(cli, "unknown option `%s`", argv[optind - 1]);
        else if (opt == ':') rc = zj_cli_usage_error(cli, "`%s` needs a value", argv[optind - 1]);
        else {
            int r = zj_cli_common_option(cli, opt, optarg);
            if (r < 0) rc = ZJ_EXIT_USAGE;
            else if (r == 0) rc = own_fn ? own_fn(ctx, opt, optarg) : ZJ_EXIT_USAGE;
        }
    }
    free(all);
    return rc;
}

unsigned zj_cli_write_flags(const struct zj_cli *cli)
{
    return (cli->bom ? ZJ_WRITE_BOM : 0) | (cli->excel ? ZJ_WRITE_INERT : 0);
}

static int readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* A bundled data file (dict/NAME): beside the executable (a build tree in
 * the source tree, or an installed share/zongjie/dict), else the source tree
 * recorded at build time.  $ZONGJIE_DICT_DIR overrides the folder. */
static char *bundled(const char *name)
{
    const char *env = getenv("ZONGJIE_DICT_DIR");
    struct zj_buf p = ZJ_BUF_INIT;
    if (env && *env) {
        zj_buf_addf(&p, "%s/%s", env, name);
        return zj_buf_detach(&p, NULL);
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        static const char *const rel[] = {"/../dict/", "/../share/zongjie/dict/"};
        for (size_t i = 0; i < 2; i++) {
            zj_buf_truncate(&p, 0);
            zj_buf_addf(&p, "%s%s%s", exe, rel[i], name);
            if (readable(p.ptr)) return zj_buf_detach(&p, NULL);
        }
    }
    zj_buf_truncate(&p, 0);
    zj_buf_addf(&p, "%s/%s", ZJ_SOURCE_DICT_DIR, name);
    return zj_buf_detach(&p, NULL);
}

int zj_cli_load_dict(struct zj_cli *cli, struct zj_dict **dict, struct zj_error *err)
{
    struct zj_dict *d = zj_dict_new();
    int rc = ZJ_OK;
    if (cli->ndicts == 0) {
        char *path = bundled("terms.tsv");
        rc = zj_dict_load(d, path, err);
        free(path);
    }
    for (size_t i = 0; i < cli->ndicts && rc == ZJ_OK; i++) rc = zj_dict_load(d, cli->dicts[i], err);
    if (rc == ZJ_OK && d->nentries == 0)
        rc = zj_error_set(err, cli->ndicts ? cli->dicts[0] : NULL, 0, 0, "dictionary has no terms");
    if (rc) {
        zj_dict_free(d);
        return ZJ_ERR;
    }
    zj_dict_finish(d);
    *dict = d;
    return ZJ_OK;
}

int zj_cli_load_sectypes(struct zj_cli *cli, struct zj_sectypes *st, struct zj_error *err)
{
    char *path = cli->sections_path ? zj_xstrdup(cli->sections_path) : bundled("sections.tsv");
    int rc = zj_sectypes_load(st, path, err);
    free(path);
    if (rc) zj_sectypes_release(st);
    return rc;
}

int zj_cli_load_manifest(struct zj_cli *cli, struct zj_error *err)
{
    if (!cli->manifest_path) return ZJ_OK;
    if (zj_manifest_load(cli->manifest_path, &cli->manifest, err)) {
        zj_manifest_release(&cli->manifest);
        return ZJ_ERR;
    }
    cli->have_manifest = 1;
    return ZJ_OK;
}

void zj_cli_warn_unused_manifest(const struct zj_cli *cli)
{
    if (!cli->have_manifest) return;
    for (size_t r = 0; r < cli->manifest.nrows; r++)
        if (!cli->manifest.rows[r].used)
            zj_cli_warn(cli, "%s:%ld: manifest row `%s` matches no input file",
                        cli->manifest.file, cli->manifest.rows[r].line, cli->manifest.rows[r].path);
}

/* A progress line on a terminal: documents done / total and MB/s, at most
 * ten times a second; cleared when the run ends. */
static void show_progress(size_t done, size_t total, size_t bytes, void *ctx)
{
    struct zj_cli *cli = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double t = (double)now.tv_sec + now.tv_nsec / 1e9;
    if (!cli->progress_start) cli->progress_start = t;
    if (done < total && t - cli->progress_last < 0.1) return;
    cli->progress_last = t;
    double secs = t - cli->progress_start;
    fprintf(stderr, "\rzongjie %s: %zu/%zu documents, %.1f MB/s   ", cli->cmd, done, total,
            secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
    if (done == total) fputs("\r\033[K", stderr);
}

void zj_cli_corpus_opts(struct zj_cli *cli, char **inputs, size_t ninputs,
                        struct zj_corpus_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->inputs = (const char *const *)inputs;
    opts->ninputs = ninputs;
    opts->glob = cli->glob;
    opts->encoding = cli->encoding;
    opts->manifest = cli->have_manifest ? &cli->manifest : NULL;
    opts->threads = cli->threads;
    if (!cli->quiet && isatty(STDERR_FILENO)) opts->progress = show_progress, opts->progress_ctx = cli;
}

int zj_cli_check_doc(const struct zj_cli *cli, const struct zj_doc *doc, struct zj_error *err)
{
    if (doc->skipped) {
        if (cli->strict) {
            *err = doc->problem;
            return ZJ_ERR;
        }
        zj_cli_warn_error(cli, &doc->problem, " (skipped)");
        return ZJ_OK;
    }
    if (doc->blank)
        zj_cli_warn(cli, "%s: %s (counted as a document of 0 characters)", doc->display,
                    doc->bytes ? "no text, only white space" : "empty file");
    else if (!doc->meta.unit && !doc->meta.year)
        zj_cli_warn(cli, "%s: no unit or year found (title line, folder or --manifest)",
                    doc->display);
    else if (!doc->meta.unit)
        zj_cli_warn(cli, "%s: no unit found in the title line (use --manifest)", doc->display);
    else if (!doc->meta.year)
        zj_cli_warn(cli, "%s: no year found in the title line or folder (use --manifest)",
                    doc->display);
    return ZJ_OK;
}
