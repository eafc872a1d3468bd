/*
 * main.c - `zongjie SUBCOMMAND ...`: dispatch only.
 *
 * GSL's default error handler aborts the process; it is switched off here,
 * once, so library code can check GSL's return codes instead.
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "util/banned.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"count", zj_cmd_count, "policy-term counts per document (or category, or matrix)"},
    {"sections", zj_cmd_sections, "outline of each summary; section types and topics covered"},
    {"compare", zj_cmd_compare, "group B against group A (this year against last): G2, chi2, Fisher, log ratio, BH"},
    {"reuse", zj_cmd_reuse, "copied passages: templates, copies between units, last year re-used; 重复率"},
    {"kwic", zj_cmd_kwic, "every hit of a term, category, literal or regex in its context (concordance)"},
    {"discover", zj_cmd_discover, "recurring phrases the dictionary lacks (新词发现): PMI x neighbour entropy"},
    {"report", zj_cmd_report, "everything, as one Excel workbook and CSVs: `report INPUT... -o DIR`"},
    {"text", zj_cmd_text, "the decoded text of each input (.txt in any encoding, .docx) as analysed"},
    {"dict", zj_cmd_dict, "`dict check FILE...`: validate dictionaries, show their categories"},
};

static void usage(FILE *fp)
{
    fputs("usage: zongjie COMMAND [options] INPUT...\n\ncommands:\n", fp);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n`zongjie COMMAND --help` describes each command's options.\n", fp);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("zongjie %s\n", ZJ_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "zongjie: unknown command `%s`\n", argv[1]);
    usage(stderr);
    return 2;
}
