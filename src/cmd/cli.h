/*
 * cli.h - what every subcommand shares: the common options, diagnostics,
 * dictionary and manifest loading, and table output.
 *
 * Exit codes: 0 ok, 1 input or data error, 2 usage error.  Messages read
 * "zongjie CMD: place: what is wrong"; warnings carry "warning:".
 */
#ifndef ZJ_CLI_H
#define ZJ_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "doc/corpus.h"
#include "doc/meta.h"
#include "doc/sectypes.h"
#include "table/table.h"
#include "terms/dict.h"
#include "util/error.h"
#include "util/outfile.h"

enum { ZJ_EXIT_OK = 0, ZJ_EXIT_DATA = 1, ZJ_EXIT_USAGE = 2 };

/* Long-option codes shared by the subcommands (short ones use their letter). */
enum {
    OPT_DICT = 1000,
    OPT_MANIFEST,
    OPT_GLOB,
    OPT_ENCODING,
    OPT_STRICT,
    OPT_BOM,
    OPT_QUIET,
    OPT_HELP,
    OPT_SECTIONS,
    OPT_EXCEL,
    OPT_FIRST_OWN, /* subcommands number their own options from here */
};

#define ZJ_COMMON_LONG_OPTIONS                                                                     \
    {"dict", required_argument, NULL, OPT_DICT},                                                   \
        {"manifest", required_argument, NULL, OPT_MANIFEST},                                       \
        {"glob", required_argument, NULL, OPT_GLOB},                                               \
        {"encoding", required_argument, NULL, OPT_ENCODING},                                       \
        {"strict", no_argument, NULL, OPT_STRICT}, {"bom", no_argument, NULL, OPT_BOM},            \
        {"quiet", no_argument, NULL, OPT_QUIET}, {"help", no_argument, NULL, OPT_HELP},            \
        {"sections", required_argument, NULL, OPT_SECTIONS},                                       \
        {"excel", no_argument, NULL, OPT_EXCEL},                                                   \
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},        \
        {"jobs", required_argument, NULL, 'j'}
#define ZJ_COMMON_SHORT_OPTIONS ":f:o:j:hk:w:"

#define ZJ_COMMON_HELP                                                                             \
    "      --dict FILE       policy dictionary (repeatable; default: the bundled dict/terms.tsv)\n" \
    "      --manifest FILE   CSV/TSV with path, unit, year, ... columns (overrides titles)\n"     \
    "      --sections FILE   section-type rules (default: the bundled dict/sections.tsv)\n"     \
    "      --glob PATTERNS   files taken from directories (default: *.txt,*.docx; comma-separated)\n"   \
    "      --encoding ENC    auto (default), utf-8, utf-16le, utf-16be, gb18030 (gbk)\n"        \
    "      --strict          an unreadable or undecodable file is an error, not a warning\n"    \
    "  -f, --format FMT      csv (default), tsv, md, jsonl\n"                                    \
    "  -o, --output FILE     write the table to FILE (default: standard output)\n"               \
    "      --bom             start CSV/TSV output with a UTF-8 BOM (for Excel)\n"                \
    "      --excel           --bom, and text cells starting with = + - @ made inert with a '\n"  \
    "  -j, --jobs N          worker threads (default: one per core)\n"                           \
    "      --quiet           no warnings\n"                                                      \
    "  -h, --help            this help\n"

struct zj_cli {
    const char *cmd; /* "count", "dict check", ... */
    const char **dicts;
    size_t ndicts;
    const char *manifest_path;
    const char *sections_path;
    const char *glob;
    enum zj_encoding encoding;
    int strict, bom, quiet, threads, excel;
    enum zj_format format;
    int format_set; /* -f given */
    const char *output;
    struct zj_manifest manifest;
    int have_manifest;
    double progress_start, progress_last; /* seconds, for the progress line */
};

void zj_cli_init(struct zj_cli *cli, const char *cmd);
void zj_cli_release(struct zj_cli *cli);
/* Handles a common option; returns 1 if it was one, 0 if not, -1 on a bad
 * value (already reported). */
int zj_cli_common_option(struct zj_cli *cli, int opt, const char *arg);
/* Parses argv (from argv[first]) with the common options and the command's
 * own (`own`, NULL-terminated; handled by own_fn, which returns 0 or an exit
 * code).  Returns 0, -1 after printing `usage` for --help, or ZJ_EXIT_USAGE.
 * optind is left at the first input. */
int zj_cli_parse(struct zj_cli *cli, int argc, char **argv, int first, const struct option *own,
                 int (*own_fn)(void *ctx, int opt, const char *arg), void *ctx, const char *usage);
/* The same with short options of the command's own (getopt syntax, e.g. "E"). */
int zj_cli_parse_short(struct zj_cli *cli, int argc, char **argv, int first, const char *short_own,
                       const struct option *own, int (*own_fn)(void *ctx, int opt, const char *arg),
                       void *ctx, const char *usage);
/* Reports a usage problem and returns ZJ_EXIT_USAGE. */
int zj_cli_usage_error(const struct zj_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints "zongjie CMD: <err>" and returns ZJ_EXIT_DATA. */
int zj_cli_fail(const struct zj_cli *cli, const struct zj_error *err);
void zj_cli_warn(const struct zj_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void zj_cli_warn_error(const struct zj_cli *cli, const struct zj_error *err, const char *suffix);

/* Writer flags from --bom and --excel. */
unsigned zj_cli_write_flags(const struct zj_cli *cli);
/* Loads --dict files (or the bundled dictionary) and builds the matcher. */
int zj_cli_load_dict(struct zj_cli *cli, struct zj_dict **dict, struct zj_error *err);
/* Loads --sections (or the bundled dict/sections.tsv). */
int zj_cli_load_sectypes(struct zj_cli *cli, struct zj_sectypes *st, struct zj_error *err);
/* Loads --manifest when given. */
int zj_cli_load_manifest(struct zj_cli *cli, struct zj_error *err);
/* Warns about manifest rows that matched no input. */
void zj_cli_warn_unused_manifest(const struct zj_cli *cli);
/* Fills corpus options from the common options. */
void zj_cli_corpus_opts(struct zj_cli *cli, char **inputs, size_t ninputs,
                        struct zj_corpus_opts *opts);
/* Reports a skipped document (warning, or error under --strict) and
 * metadata that could not be found.  Returns ZJ_ERR when the run must stop. */
int zj_cli_check_doc(const struct zj_cli *cli, const struct zj_doc *doc, struct zj_error *err);

#endif
