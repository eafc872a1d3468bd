/*
 * dict.h - the policy-term dictionary: loading, validation, lookup tables.
 *
 * Owns every entry and the compiled matchers (the Aho-Corasick automaton for
 * literal terms and aliases, JIT-compiled PCRE2 code for `re:` entries).
 * File format (dict/README.md): UTF-8 TSV, `#` comments,
 *     term <TAB> category [<TAB> aliases [<TAB> note]]
 * category is a `/` path; aliases are `|`-separated variants counted under
 * the term.  A term `re:PATTERN` is a PCRE2 pattern run on normalized text;
 * its third column is then the name its matches are counted under (empty:
 * each match under its own text).
 *
 * Literal terms and aliases are normalized (normalize.h) before they enter
 * the automaton, so ｌｏｏｋ and look, or 党风 廉政 and 党风廉政, are the same
 * key, and two entries that normalize alike are reported as duplicates.
 */
#ifndef ZJ_DICT_H
#define ZJ_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/strmap.h"
#include "util/error.h"

struct zj_ac;
struct pcre2_real_code_8;

struct zj_entry {
    char *term;     /* as written (for re: entries, the pattern without the prefix) */
    char *category; /* normalized path: segments trimmed, joined by '/' */
    char *name;     /* re: entries only: name to count under, NULL = matched text */
    char *note;     /* may be NULL */
    char *file;
    long line;
    size_t naliases;
    struct pcre2_real_code_8 *re; /* NULL for literal entries */
    int jit;                      /* re was JIT-compiled: pcre2_jit_match may run it */
};

/* A literal key in the automaton: a normalized term or alias. */
struct zj_pattern {
    char *text;
    size_t len;
    uint32_t entry;
    int is_alias;
};

#define ZJ_AC_WORD_EDGE (UINT32_C(1) << 31)
#define ZJ_AC_NO_ENTRY UINT32_MAX

static inline int zj_is_ascii_word(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct zj_dict {
    struct zj_entry *entries;
    size_t nentries, entries_alloc;
    struct zj_pattern *patterns;
    size_t npatterns, patterns_alloc;
    uint32_t *regex_entries; /* indices of re: entries, in file order */
    size_t nregex, regex_alloc;
    /* built by zj_dict_finish: one automaton for the literal keys and the
     * regex anchors, so a text is scanned once whatever the dictionary holds */
    struct zj_ac *ac;
    /* per automaton id: its pattern's entry, with ZJ_AC_WORD_EDGE set when
     * the pattern starts or ends with an ASCII letter or digit (only those
     * can be glued to a neighbour: zj_match checks them); ZJ_AC_NO_ENTRY
     * for an id that is only an anchor */
    uint32_t *ac_entry;
    int32_t *ac_anchor;   /* per automaton id: index into anchors, -1 for none */
    /* Regex prefilter: a literal every match of an entry must contain (its
     * "anchor"), or the strings every match must start with (from leading
     * classes, groups of alternatives and characters: [两三]个(意识|自信)),
     * whichever is longer, found by the same automaton; the entry is then
     * only tried near anchor hits.  Entries without anchors are scanned in
     * full. */
    char **anchors;           /* distinct anchors */
    size_t nanchors;
    uint32_t *anchor_users;   /* regex_entries indices using each anchor, grouped by anchor */
    uint32_t *anchor_users_start; /* per anchor: its range in anchor_users (nanchors + 1) */
    unsigned char *regex_anchored; /* per regex entry: 1 when it has anchors */
    size_t *anchor_back;      /* per regex entry: most bytes a match can start before its anchor */
    struct zj_strmap keys; /* normalized key -> pattern index, for duplicate checks */
};

struct zj_dict *zj_dict_new(void);
void zj_dict_free(struct zj_dict *d);
/* Adds the entries of one file; fails on the first error (file:line). */
int zj_dict_load(struct zj_dict *d, const char *path, struct zj_error *err);
/* Same for a buffer (tests, stdin); path names it in errors. */
int zj_dict_load_buffer(struct zj_dict *d, const char *data, size_t len, const char *path,
                        struct zj_error *err);
/* Builds the automaton; call once after the last load. */
void zj_dict_finish(struct zj_dict *d);

/* Categories cut to a depth, in dictionary order, and each entry's one. */
struct zj_categories {
    char **names;
    size_t count;
    uint32_t *of_entry; /* nentries: index into names */
};

void zj_categories_init(struct zj_categories *c, const struct zj_dict *d, int level);
void zj_categories_release(struct zj_categories *c);

/* The longest literal that every match of a PCRE2 pattern must contain, when
 * a simple reading of the pattern can prove one, and how many bytes of text
 * a match can cover before it (*back).  NULL when there is none. */
char *zj_regex_anchor(const char *pattern, size_t *back);

/* The strings every match of a pattern starts with: the product of its
 * leading atoms that are plain characters, plain classes ([二三四]) or
 * capturing groups of one plain class or of plain alternatives ((意识|自信)),
 * up to the first other or optional atom (one X of X+ is taken), and while
 * the product holds at most `cap` strings.  *n strings (free each and the
 * array); NULL when not even the first atom qualifies. */
char **zj_regex_lead_strings(const char *pattern, size_t cap, size_t *n);

/* Category cut to its first `level` segments (level <= 0: whole path);
 * written into out (appended). */
void zj_category_prefix(const char *category, int level, struct zj_buf *out);

#endif
