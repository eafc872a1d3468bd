/*
 * walk.c - see walk.h.
 *
 * fnmatch(3) does the glob matching; sorting happens per directory listing
 * (scandir with a bytewise comparison), which gives a depth-first order that
 * equals a sort of the full paths when names contain no byte below '/'.
 *
 * Every file and directory is also remembered by device and inode, so a
 * symbolic link back up the tree (a loop, which would otherwise be walked
 * until the path grows too long: exponentially many paths) or a second name
 * for a file already listed is skipped instead of walked or counted twice.
 */
#include "doc/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

static int glob_match(const char *glob, const char *name)
{
    const char *p = glob;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        char pat[256];
        if (l < sizeof pat) {
            memcpy(pat, p, l);
            pat[l] = '\0';
            if (fnmatch(pat, name, 0) == 0) return 1;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return 0;
}

static void add(struct zj_inputs *list, const char *path, int regular)
{
    int added = 1;
    if (strcmp(path, "-")) zj_strmap_put(&list->seen, path, strlen(path), 0, &added);
    if (!added) return;
    list->items = zj_xgrow(list->items, sizeof *list->items, list->count + 1, &list->alloc);
    list->items[list->count].path = zj_xstrdup(path);
    list->items[list->count].display = zj_xstrdup(strcmp(path, "-") ? path : "<stdin>");
    list->items[list->count].regular = regular;
    list->count++;
}

/* 1 the first time this file or directory is seen, 0 after.  A file system
 * that reports no inode numbers (0) is trusted to have no links. */
static int first_visit(struct zj_inputs *list, const struct stat *st)
{
    if (st->st_ino == 0) return 1;
    char key[1 + sizeof st->st_dev + sizeof st->st_ino] = {0}; /* '\0' first: never a path */
    memcpy(key + 1, &st->st_dev, sizeof st->st_dev);
    memcpy(key + 1 + sizeof st->st_dev, &st->st_ino, sizeof st->st_ino);
    int added = 1;
    zj_strmap_put(&list->seen, key, sizeof key, 0, &added);
    return added;
}

static int bytewise(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int walk_dir(const char *dir, const char *glob, struct zj_inputs *list, struct zj_error *err)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, bytewise);
    if (n < 0) return zj_error_set(err, dir, 0, 0, "cannot read directory: %s", strerror(errno));
    int rc = ZJ_OK;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        /* ~$name.docx: the lock file Word leaves beside an open document */
        if (rc == ZJ_OK && name[0] != '.' && strncmp(name, "~$", 2)) {
            struct zj_buf p = ZJ_BUF_INIT;
            size_t dl = strlen(dir);
            zj_buf_add(&p, dir, dl);
            if (dl && dir[dl - 1] != '/') zj_buf_addch(&p, '/');
            zj_buf_addstr(&p, name);
            struct stat st;
            if (stat(p.ptr, &st) != 0) {
                /* a dangling link is not an input the user asked for */
            } else if (S_ISDIR(st.st_mode)) {
                if (first_visit(list, &st)) rc = walk_dir(p.ptr, glob, list, err);
            } else if (S_ISREG(st.st_mode) && glob_match(glob, name) && first_visit(list, &st)) {
                add(list, p.ptr, 1);
            }
            zj_buf_release(&p);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int zj_walk(const char *const *inputs, size_t n, const char *glob, struct zj_inputs *list,
            struct zj_error *err)
{
    if (!glob) glob = "*.txt,*.docx";
    for (size_t i = 0; i < n; i++) {
        const char *in = inputs[i];
        if (!strcmp(in, "-")) {
            add(list, in, 0);
            continue;
        }
        struct stat st;
        if (stat(in, &st) != 0)
            return zj_error_set(err, in, 0, 0, "cannot open: %s", strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            if (first_visit(list, &st) && walk_dir(in, glob, list, err)) return ZJ_ERR;
        } else if (!S_ISREG(st.st_mode) || first_visit(list, &st)) {
            add(list, in, S_ISREG(st.st_mode));
        }
    }
    return ZJ_OK;
}

void zj_inputs_release(struct zj_inputs *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].display);
    }
    free(list->items);
    zj_strmap_release(&list->seen);
    memset(list, 0, sizeof *list);
}

/* Reads fd to its end into b; 0 or an errno.  A regular file whose stat
 * size came back whole in one short read is at its end: no second read to
 * see 0 (with open, fstat and close, four system calls a file instead of
 * stdio's seven, which were a tenth of `count` on small summaries). */
static int read_all(int fd, size_t size_hint, struct zj_buf *b)
{
    zj_buf_grow(b, size_hint ? size_hint + 1 : 65536);
    for (;;) {
        if (b->alloc - b->len < 2) zj_buf_grow(b, b->alloc);
        size_t want = b->alloc - b->len - 1;
        ssize_t r = read(fd, b->ptr + b->len, want);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return errno;
        b->len += (size_t)r;
        if (r == 0 || (size_hint && b->len == size_hint && (size_t)r < want)) return 0;
    }
}

int zj_read_file_buf(const char *path, struct zj_buf *out, struct zj_error *err)
{
    int is_stdin = !strcmp(path, "-");
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return zj_error_set(err, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t hint = 0;
    struct stat st;
    if (!is_stdin && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        hint = (size_t)st.st_size;
    out->len = 0;
    int e = read_all(fd, hint, out);
    if (!is_stdin) close(fd);
    if (e) {
        zj_buf_release(out);
        return zj_error_set(err, is_stdin ? "<stdin>" : path, 0, 0, "read error: %s", strerror(e));
    }
    out->ptr[out->len] = '\0';
    return ZJ_OK;
}

int zj_read_file(const char *path, unsigned char **data, size_t *len, struct zj_error *err)
{
    struct zj_buf b = ZJ_BUF_INIT;
    if (zj_read_file_buf(path, &b, err)) return ZJ_ERR;
    *data = (unsigned char *)zj_buf_detach(&b, len);
    return ZJ_OK;
}
