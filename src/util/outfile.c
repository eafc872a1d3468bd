/* outfile.c - see outfile.h. */
#include "util/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

static void outfile_release(struct zj_outfile *o)
{
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    o->fp = NULL;
}

static int open_direct(struct zj_outfile *o, const char *path, struct zj_error *err)
{
    o->fp = fopen(path, "w");
    if (!o->fp) {
        int e = errno;
        outfile_release(o);
        return zj_error_set(err, path, 0, 0, "cannot open for writing: %s", strerror(e));
    }
    return ZJ_OK;
}

int zj_outfile_open(struct zj_outfile *o, const char *path, struct zj_error *err)
{
    memset(o, 0, sizeof *o);
    if (!path || !strcmp(path, "-")) {
        o->fp = stdout;
        return ZJ_OK;
    }
    o->path = zj_xstrdup(path);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            outfile_release(o);
            return zj_error_set(err, path, 0, 0, "is a directory");
        }
        return open_direct(o, path, err);
    }
    struct zj_buf tmp = ZJ_BUF_INIT;
    zj_buf_addf(&tmp, "%s.tmp-XXXXXX", path);
    o->tmp = zj_buf_detach(&tmp, NULL);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        outfile_release(o);
        return zj_error_set(err, path, 0, 0, "cannot create output: %s", strerror(e));
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        zj_outfile_abort(o);
        return zj_error_set(err, path, 0, 0, "cannot open output: %s", strerror(errno));
    }
    return ZJ_OK;
}

int zj_outfile_commit(struct zj_outfile *o, struct zj_error *err)
{
    const char *where = o->path ? o->path : "<stdout>";
    int failed = fflush(o->fp) != 0 || ferror(o->fp);
    int e = errno;
    if (o->fp == stdout) {
        outfile_release(o);
        return failed ? zj_error_set(err, where, 0, 0, "write error: %s", strerror(e)) : ZJ_OK;
    }
    if (!failed && o->tmp && fsync(fileno(o->fp)) != 0) failed = 1, e = errno;
    if (fclose(o->fp) != 0 && !failed) failed = 1, e = errno;
    o->fp = NULL;
    if (!failed && o->tmp && rename(o->tmp, o->path) != 0) failed = 1, e = errno;
    if (failed) {
        if (o->tmp) unlink(o->tmp);
        zj_error_set(err, where, 0, 0, "write error: %s", strerror(e));
        outfile_release(o);
        return ZJ_ERR;
    }
    outfile_release(o);
    return ZJ_OK;
}

void zj_outfile_abort(struct zj_outfile *o)
{
    if (o->fp && o->fp != stdout) fclose(o->fp);
    if (o->tmp) unlink(o->tmp);
    outfile_release(o);
}
