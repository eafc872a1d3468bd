/*
 * labels.h - what each column of zongjie's tables is, for spreadsheets:
 * its Chinese label and how its numbers are shown.
 *
 * Column names are stable lower_snake_case English everywhere; a workbook
 * shows the Chinese label by default.  Columns made at run time (per_10k_2023,
 * a document per column in matrices, manifest columns) are recognised by
 * pattern or get a number format inferred from their cells.
 */
#ifndef ZJ_LABELS_H
#define ZJ_LABELS_H

enum zj_col_kind {
    ZJ_KIND_UNKNOWN = 0, /* infer from the cells */
    ZJ_KIND_TEXT,
    ZJ_KIND_LONG_TEXT, /* wrapped in a workbook */
    ZJ_KIND_INT,
    ZJ_KIND_NUM,   /* 0.000 */
    ZJ_KIND_SHARE, /* 0.00% */
    ZJ_KIND_P,     /* p-values and q-values: 0.00E+00 */
};

struct zj_label {
    const char *name;
    const char *zh;
    enum zj_col_kind kind;
};

/* The label of a column name; never NULL (unknown names get {name, name,
 * ZJ_KIND_UNKNOWN}, with per_10k_YEAR and share-like names recognised). */
struct zj_label zj_label_of(const char *name);

#endif
