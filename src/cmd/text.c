/*
 * text.c - `zongjie text INPUT...`: the decoded text zongjie analyses.
 *
 * Prints each input as the reader produced it: a .txt in any encoding as
 * UTF-8 with LF line ends and no BOM, a .docx with its automatic numbering,
 * tables and text boxes written out.  Every start/end in every table counts
 * code points of exactly this text, so a row can be checked against it.
 * Several inputs are printed one after the other, with a line end put
 * between two when the first does not end in one.
 * An unreadable input is a warning (an error under --strict) and makes the
 * exit status 1.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/outfile.h"

struct text_ctx {
    struct zj_cli *cli;
    FILE *fp;
    size_t failed;
    int open_line; /* the text written last does not end in a line end */
};

/* The text is only valid during analyze: keep a copy for emit. */
static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct zj_buf *copy = zj_xcalloc(1, sizeof *copy);
    zj_buf_add(copy, zj_buf_cstr(&doc->text), doc->text.len);
    doc->result = copy;
    return ZJ_OK;
}

static void discard(struct zj_doc *doc, void *arg)
{
    struct zj_buf *b = doc->result;
    if (b) zj_buf_release(b), free(b);
    doc->result = NULL;
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct text_ctx *c = arg;
    struct zj_buf *b = doc->result;
    if (doc->skipped) {
        c->failed++;
        if (c->cli->strict) {
            *err = doc->problem;
            return ZJ_ERR;
        }
        zj_cli_warn_error(c->cli, &doc->problem, " (skipped)");
        return ZJ_OK;
    }
    if (c->open_line && b->len) fputc('\n', c->fp);
    fwrite(zj_buf_cstr(b), 1, b->len, c->fp);
    if (b->len) c->open_line = b->ptr[b->len - 1] != '\n';
    discard(doc, arg);
    return ZJ_OK;
}

static const char usage[] =
    "usage: zongjie text [options] INPUT...\n"
    "Prints each input as the decoded text zongjie analyses (UTF-8, LF line ends; a .docx\n"
    "with its automatic numbering, tables and text boxes written out).  Positions in every\n"
    "table count characters of this text.\n\n"
    "      --glob PATTERNS   files taken from directories (default: *.txt,*.docx)\n"
    "      --encoding ENC    auto (default), utf-8, utf-16le, utf-16be, gb18030 (gbk)\n"
    "      --strict          stop at the first unreadable input\n"
    "  -o, --output FILE     write to FILE (default: standard output)\n"
    "      --quiet           no warnings\n"
    "  -h, --help            this help\n";

static int run(struct text_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, n, &opts);
    opts.progress = NULL;
    struct zj_outfile out;
    if (zj_outfile_open(&out, c->cli->output, err)) return ZJ_ERR;
    c->fp = out.fp;
    static const struct zj_corpus_ops ops = {analyze, emit, discard, NULL, NULL};
    if (zj_corpus_run(&opts, &ops, c, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    return zj_outfile_commit(&out, err);
}

int zj_cmd_text(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "text");
    int rc = zj_cli_parse(&cli, argc, argv, 1, NULL, NULL, NULL, usage);
    if (rc == 0 && optind >= argc) rc = zj_cli_usage_error(&cli, "no input files");
    if (rc) {
        zj_cli_release(&cli);
        return rc < 0 ? ZJ_EXIT_OK : rc;
    }
    struct text_ctx c = {.cli = &cli};
    struct zj_error err;
    zj_error_clear(&err);
    rc = run(&c, argv + optind, (size_t)(argc - optind), &err) ? zj_cli_fail(&cli, &err)
         : c.failed                                            ? ZJ_EXIT_DATA
                                                               : ZJ_EXIT_OK;
    zj_cli_release(&cli);
    return rc;
}
