/*
 * walk.h - command-line inputs to the sorted list of documents to read.
 *
 * An input is a file (taken whatever its name), a directory (walked
 * recursively; files whose base name matches one of the comma-separated
 * glob patterns are taken; hidden entries and Word's ~$ lock files are
 * skipped) or "-" for standard
 * input.  Files found in one directory are sorted bytewise by path, so every
 * run sees the same order; inputs keep the order the user gave.  A file is
 * listed once even if two inputs, or two names (symbolic or hard links),
 * reach it: the first name in that order is kept.  A directory is walked
 * once, so a link back up the tree is not followed round.
 */
#ifndef ZJ_WALK_H
#define ZJ_WALK_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

struct zj_input {
    char *path;    /* as found: the input argument joined with the relative path; "-" for stdin */
    char *display; /* name used in the doc column (same as path, "<stdin>" for "-") */
    int regular;   /* a regular file, which can be read again (not stdin or a pipe) */
};

struct zj_inputs {
    struct zj_input *items;
    size_t count, alloc;
    struct zj_strmap seen; /* paths already listed, and (device, inode) keys of files and dirs */
};

/* Expands inputs[0..n) into list.  glob may be NULL for "*.txt,*.docx".  Fails on a
 * missing or unreadable input (naming it). */
int zj_walk(const char *const *inputs, size_t n, const char *glob, struct zj_inputs *list,
            struct zj_error *err);
void zj_inputs_release(struct zj_inputs *list);

/* Reads a whole file ("-" = stdin) into a malloc'ed buffer. */
int zj_read_file(const char *path, unsigned char **data, size_t *len, struct zj_error *err);
/* The same into out, which is emptied first (its storage reused); on failure
 * out is released. */
int zj_read_file_buf(const char *path, struct zj_buf *out, struct zj_error *err);

#endif
