/*
 * sectypes.h - canonical section types for headings (dict/sections.tsv).
 *
 * File format: UTF-8 TSV, `#` comments,
 *     pattern <TAB> type [<TAB> scope]
 *     !standard <TAB> type,type,...
 * A pattern is a literal substring or `re:` + PCRE2, tried on the heading
 * title after normalization and with years (2023年, 二〇二三年度) taken out,
 * so `三、2023年工作思路` reads as 工作思路.  Rules are tried in file order and
 * the first match wins.  By default a rule classifies top-level headings
 * only; scope `any` lets it classify deeper headings too (原因分析 under 存在
 * 的问题).  A heading no rule classifies inherits its parent's type; an
 * unclassified top-level heading is `other`.  Standard types are the ones a
 * summary is expected to have; coverage reports them even when absent.
 *
 * Built-in types, always present after the file's: other, title, preamble,
 * signoff.
 */
#ifndef ZJ_SECTYPES_H
#define ZJ_SECTYPES_H

#include <stddef.h>

#include "doc/outline.h"
#include "util/error.h"

struct zj_sectypes {
    char **names; /* type names: the file's, then the built-ins */
    int *standard;
    size_t ntypes;
    int other, title, preamble, signoff; /* indices of the built-ins */
    struct zj_secrule {
        char *literal;             /* normalized; NULL for a regex */
        struct pcre2_real_code_8 *re;
        int type;
        int any_depth;
    } *rules;
    size_t nrules;
};

int zj_sectypes_load(struct zj_sectypes *st, const char *path, struct zj_error *err);
int zj_sectypes_load_buffer(struct zj_sectypes *st, const char *data, size_t len,
                            const char *path, struct zj_error *err);
void zj_sectypes_release(struct zj_sectypes *st);
/* Sets the type of every node of the outline. */
void zj_sectypes_assign(const struct zj_sectypes *st, struct zj_outline *o);
/* Type of one heading title at a depth (1 = top level); -1 when no rule matches. */
int zj_sectypes_classify(const struct zj_sectypes *st, const char *title, int depth);

#endif
