/*
 * outfile.h - outputs that are never left half written.
 *
 * A table is written to a temporary file beside its destination and renamed
 * into place only when every byte reached the disk; on any error the
 * temporary file is removed and the old destination (if any) is untouched.
 * "-" or NULL means standard output.  A destination that exists and is not a
 * regular file (a FIFO, /dev/null, /dev/full) is written directly, since it
 * cannot be renamed onto; write errors are still reported.
 */
#ifndef ZJ_OUTFILE_H
#define ZJ_OUTFILE_H

#include <stdio.h>

#include "util/error.h"

struct zj_outfile {
    FILE *fp;   /* where to write; owned */
    char *path; /* destination, NULL for stdout; owned */
    char *tmp;  /* temporary file name, NULL when writing directly; owned */
};

int zj_outfile_open(struct zj_outfile *o, const char *path, struct zj_error *err);
/* Flushes, syncs, closes and renames.  On failure removes the temporary
 * file and fills err.  Always releases o. */
int zj_outfile_commit(struct zj_outfile *o, struct zj_error *err);
/* Discards what was written (removes the temporary file); releases o. */
void zj_outfile_abort(struct zj_outfile *o);

#endif
