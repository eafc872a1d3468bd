/*
 * test_util.c - the utility layer: zj_buf, zj_strmap, zj_error, zj_outfile,
 * and the growth rule of zj_xgrow.
 *
 * Output files are tested in a fresh mkdtemp folder whose listing is checked
 * after every commit and abort, so a stray temporary file fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/outfile.h"
#include "util/strmap.h"

/* ---- zj_buf ------------------------------------------------------------------- */

static void test_buf_zeroed_is_an_empty_string(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    assert_string_equal(zj_buf_cstr(&b), "");
    assert_int_equal(b.len, 0);
    size_t len = 99;
    char *s = zj_buf_detach(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    zj_buf_release(&b); /* releasing an empty buffer is fine */
    assert_null(b.ptr);
}

static void test_buf_add_keeps_the_nul_terminator(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_add(&b, "ab\0cd", 5);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.ptr, "ab\0cd", 6);
    zj_buf_addstr(&b, "党");
    zj_buf_addch(&b, '!');
    assert_int_equal(b.len, 9);
    assert_memory_equal(b.ptr, "ab\0cd党!", 10);
    assert_true(b.alloc > b.len);
    zj_buf_add(&b, NULL, 0);
    assert_int_equal(b.len, 9);
    zj_buf_release(&b);
}

static void test_buf_addf_appends_formatted_text_of_any_length(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, "x=");
    zj_buf_addf(&b, "%d,%s,%.2f,%%", 42, "党风", 1.5);
    assert_string_equal(b.ptr, "x=42,党风,1.50,%");
    assert_int_equal(b.len, strlen("x=42,党风,1.50,%"));
    char big[5000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    zj_buf_addf(&b, "[%s]", big);
    assert_int_equal(b.len, strlen("x=42,党风,1.50,%") + 2 + 4999);
    assert_int_equal(b.ptr[b.len - 1], ']');
    assert_int_equal(b.ptr[b.len], '\0');
    assert_int_equal(strlen(b.ptr), b.len);
    zj_buf_release(&b);
}

static void test_buf_truncate_shortens_but_never_lengthens(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, "党风廉政");
    zj_buf_truncate(&b, 6);
    assert_string_equal(b.ptr, "党风");
    assert_int_equal(b.len, 6);
    zj_buf_truncate(&b, 100);
    assert_string_equal(b.ptr, "党风");
    assert_int_equal(b.len, 6);
    zj_buf_truncate(&b, 0);
    assert_string_equal(b.ptr, "");
    assert_int_equal(b.len, 0);
    zj_buf_addstr(&b, "ok");
    assert_string_equal(b.ptr, "ok");
    zj_buf_release(&b);
    struct zj_buf empty = ZJ_BUF_INIT;
    zj_buf_truncate(&empty, 0); /* never written: nothing to do */
    assert_null(empty.ptr);
}

static void test_buf_detach_hands_over_and_empties(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, "总结");
    size_t len = 0;
    char *s = zj_buf_detach(&b, &len);
    assert_string_equal(s, "总结");
    assert_int_equal(len, 6);
    assert_null(b.ptr);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    zj_buf_addstr(&b, "again"); /* the emptied buffer is usable */
    assert_string_equal(b.ptr, "again");
    assert_string_equal(s, "总结"); /* and the detached string is untouched */
    free(s);
    s = zj_buf_detach(&b, NULL);
    assert_string_equal(s, "again");
    free(s);
}

static void test_xgrow_doubles_from_eight(void **state)
{
    (void)state;
    size_t alloc = 0;
    int *a = zj_xgrow(NULL, sizeof *a, 1, &alloc);
    assert_int_equal(alloc, 8);
    a = zj_xgrow(a, sizeof *a, 8, &alloc);
    assert_int_equal(alloc, 8);
    a = zj_xgrow(a, sizeof *a, 9, &alloc);
    assert_int_equal(alloc, 16);
    a = zj_xgrow(a, sizeof *a, 100, &alloc);
    assert_int_equal(alloc, 128);
    a[127] = 7;
    assert_int_equal(a[127], 7);
    free(a);
    char *s = zj_xstrndup("党风廉政", 6);
    assert_string_equal(s, "党风");
    free(s);
}

/* ---- zj_strmap ------------------------------------------------------------------ */

static void test_strmap_put_then_get(void **state)
{
    (void)state;
    struct zj_strmap m = {0};
    assert_null(zj_strmap_get(&m, "a", 1));
    int added = -1;
    uint32_t *v = zj_strmap_put(&m, "党风", strlen("党风"), 7, &added);
    assert_int_equal(added, 1);
    assert_int_equal(*v, 7);
    v = zj_strmap_put(&m, "党风", strlen("党风"), 9, &added);
    assert_int_equal(added, 0);
    assert_int_equal(*v, 7); /* the first value stays */
    *v = 11;
    assert_int_equal(*zj_strmap_get(&m, "党风", strlen("党风")), 11);
    assert_null(zj_strmap_get(&m, "党", strlen("党")));
    assert_int_equal(m.count, 1);
    zj_strmap_put(&m, "x", 1, 1, NULL); /* added may be NULL */
    assert_int_equal(m.count, 2);
    zj_strmap_release(&m);
    assert_null(m.slots);
    assert_int_equal(m.count, 0);
}

static void test_strmap_keys_are_byte_strings_with_lengths(void **state)
{
    (void)state;
    struct zj_strmap m = {0};
    zj_strmap_put(&m, "ab", 2, 1, NULL);
    zj_strmap_put(&m, "ab\0", 3, 2, NULL);
    zj_strmap_put(&m, "a", 1, 3, NULL);
    zj_strmap_put(&m, "", 0, 4, NULL);
    assert_int_equal(*zj_strmap_get(&m, "ab", 2), 1);
    assert_int_equal(*zj_strmap_get(&m, "ab\0", 3), 2);
    assert_int_equal(*zj_strmap_get(&m, "abc", 1), 3); /* only len bytes count */
    assert_int_equal(*zj_strmap_get(&m, "", 0), 4);
    assert_int_equal(m.count, 4);
    zj_strmap_release(&m);
}

static void test_strmap_owns_copies_of_its_keys(void **state)
{
    (void)state;
    struct zj_strmap m = {0};
    char key[16];
    snprintf(key, sizeof key, "廉政");
    zj_strmap_put(&m, key, strlen(key), 5, NULL);
    const char *stored = zj_strmap_key(&m, "廉政", strlen("廉政"));
    assert_non_null(stored);
    assert_ptr_not_equal(stored, key);
    memset(key, 'x', sizeof key - 1); /* the caller's buffer is reused */
    assert_string_equal(stored, "廉政");
    assert_int_equal(*zj_strmap_get(&m, "廉政", strlen("廉政")), 5);
    assert_null(zj_strmap_get(&m, key, strlen("廉政")));
    assert_null(zj_strmap_key(&m, "无", strlen("无")));
    zj_strmap_release(&m);
}

static void test_strmap_grows_past_thousands_of_keys(void **state)
{
    (void)state;
    struct zj_strmap m = {0};
    char key[32];
    const char *first = NULL;
    for (uint32_t i = 0; i < 5000; i++) {
        int added;
        snprintf(key, sizeof key, "key-%u", i);
        zj_strmap_put(&m, key, strlen(key), i * 3, &added);
        assert_int_equal(added, 1);
        if (i == 0) first = zj_strmap_key(&m, "key-0", 5);
    }
    assert_int_equal(m.count, 5000);
    assert_true(m.cap >= 2 * m.count);
    assert_int_equal(m.cap & (m.cap - 1), 0); /* a power of two */
    for (uint32_t i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%u", i);
        uint32_t *v = zj_strmap_get(&m, key, strlen(key));
        assert_non_null(v);
        assert_int_equal(*v, i * 3);
    }
    assert_null(zj_strmap_get(&m, "key-5000", 8));
    /* rehashing moves slots but not the key copies */
    assert_ptr_equal(zj_strmap_key(&m, "key-0", 5), first);
    zj_strmap_release(&m);
}

/* ---- zj_error ------------------------------------------------------------------- */

static void format(const struct zj_error *err, const char *want)
{
    char out[2048];
    zj_error_format(err, out, sizeof out);
    assert_string_equal(out, want);
}

static void test_error_format_shows_the_parts_known(void **state)
{
    (void)state;
    struct zj_error err;
    assert_int_equal(zj_error_set(&err, "corpus/a.txt", 12, 7, "invalid UTF-8 byte 0x%02x", 0xff),
                     ZJ_ERR);
    assert_int_equal(err.byte, -1);
    format(&err, "corpus/a.txt:12:7: invalid UTF-8 byte 0xff");
    zj_error_set(&err, "terms.tsv", 3, 0, "duplicate term `%s`", "四风");
    format(&err, "terms.tsv:3: duplicate term `四风`");
    zj_error_set(&err, "out.csv", 0, 0, "write error: %s", "No space left on device");
    format(&err, "out.csv: write error: No space left on device");
    zj_error_set(&err, NULL, 5, 2, "no file: %d", 1);
    format(&err, "no file: 1");
    assert_string_equal(err.file, "");
}

static void test_error_at_byte_shows_the_offset(void **state)
{
    (void)state;
    struct zj_error err;
    zj_error_set(&err, "x", 4, 4, "stale");
    assert_int_equal(zj_error_at_byte(&err, "a.txt", 1234, "binary file: %s", "NUL byte"), ZJ_ERR);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.col, 0);
    assert_int_equal(err.byte, 1234);
    format(&err, "a.txt: byte 1234: binary file: NUL byte");
    zj_error_at_byte(&err, "b.docx", 0, "a zip archive");
    format(&err, "b.docx: byte 0: a zip archive"); /* byte 0 is a place, not "unknown" */
}

static void test_error_functions_accept_null_and_truncate(void **state)
{
    (void)state;
    assert_int_equal(zj_error_set(NULL, "f", 1, 1, "x"), ZJ_ERR);
    assert_int_equal(zj_error_at_byte(NULL, "f", 1, "x"), ZJ_ERR);
    struct zj_error err;
    zj_error_clear(&err);
    assert_string_equal(err.file, "");
    assert_string_equal(err.msg, "");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.byte, -1);
    char long_name[700];
    memset(long_name, 'p', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    zj_error_set(&err, long_name, 1, 0, "m");
    assert_int_equal(strlen(err.file), sizeof err.file - 1);
    char small[8];
    zj_error_set(&err, "abc", 9, 0, "message");
    zj_error_format(&err, small, sizeof small);
    assert_string_equal(small, "abc:9: ");
}

/* ---- zj_outfile ----------------------------------------------------------------- */

struct tmpdir {
    char path[64];
};

static int dir_setup(void **state)
{
    struct tmpdir *t = malloc(sizeof *t);
    if (!t) return -1;
    snprintf(t->path, sizeof t->path, "/tmp/zj-out-XXXXXX");
    if (!mkdtemp(t->path)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

/* Removes the files a test is allowed to leave (out.csv), then the folder:
 * rmdir fails, and so does the test, if anything else is left. */
static int dir_teardown(void **state)
{
    struct tmpdir *t = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/out.csv", t->path);
    unlink(p);
    int rc = rmdir(t->path);
    free(t);
    return rc;
}

/* Names in the folder, sorted, joined by spaces. */
static void listing(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char names[16][256];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        assert_true(n < 16);
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[256];
            memcpy(tmp, names[j], sizeof tmp);
            memcpy(names[j], names[j - 1], sizeof tmp);
            memcpy(names[j - 1], tmp, sizeof tmp);
        }
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "", names[i]);
}

static void read_whole(const char *path, char *out, size_t size)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    size_t n = fread(out, 1, size - 1, fp);
    out[n] = '\0';
    fclose(fp);
}

static void test_outfile_commit_renames_into_place(void **state)
{
    struct tmpdir *t = *state;
    char dest[128], seen[512], content[64];
    snprintf(dest, sizeof dest, "%s/out.csv", t->path);
    struct zj_outfile o;
    struct zj_error err;
    assert_int_equal(zj_outfile_open(&o, dest, &err), ZJ_OK);
    assert_non_null(o.tmp);
    assert_int_equal(strncmp(o.tmp, dest, strlen(dest)), 0);
    assert_int_equal(strncmp(o.tmp + strlen(dest), ".tmp-", 5), 0);
    char tmp_name[128];
    snprintf(tmp_name, sizeof tmp_name, "%s", strrchr(o.tmp, '/') + 1);
    listing(t->path, seen, sizeof seen);
    assert_string_equal(seen, tmp_name); /* only the temporary file while writing */
    fputs("a,b\n1,2\n", o.fp);
    assert_int_equal(zj_outfile_commit(&o, &err), ZJ_OK);
    assert_null(o.fp);
    assert_null(o.path);
    assert_null(o.tmp);
    listing(t->path, seen, sizeof seen);
    assert_string_equal(seen, "out.csv");
    read_whole(dest, content, sizeof content);
    assert_string_equal(content, "a,b\n1,2\n");
    struct stat st;
    assert_int_equal(stat(dest, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
}

static void test_outfile_commit_replaces_an_older_file(void **state)
{
    struct tmpdir *t = *state;
    char dest[128], seen[512], content[64];
    snprintf(dest, sizeof dest, "%s/out.csv", t->path);
    FILE *fp = fopen(dest, "w");
    fputs("old\n", fp);
    fclose(fp);
    struct zj_outfile o;
    struct zj_error err;
    assert_int_equal(zj_outfile_open(&o, dest, &err), ZJ_OK);
    read_whole(dest, content, sizeof content);
    assert_string_equal(content, "old\n"); /* untouched until commit */
    fputs("new\n", o.fp);
    assert_int_equal(zj_outfile_commit(&o, &err), ZJ_OK);
    read_whole(dest, content, sizeof content);
    assert_string_equal(content, "new\n");
    listing(t->path, seen, sizeof seen);
    assert_string_equal(seen, "out.csv");
}

static void test_outfile_abort_leaves_no_temp_and_keeps_the_old_file(void **state)
{
    struct tmpdir *t = *state;
    char dest[128], seen[512], content[64];
    snprintf(dest, sizeof dest, "%s/out.csv", t->path);
    struct zj_outfile o;
    struct zj_error err;

    /* no destination before: none after */
    assert_int_equal(zj_outfile_open(&o, dest, &err), ZJ_OK);
    fputs("partial", o.fp);
    zj_outfile_abort(&o);
    assert_null(o.fp);
    assert_null(o.tmp);
    listing(t->path, seen, sizeof seen);
    assert_string_equal(seen, "");

    /* an existing destination is left exactly as it was */
    FILE *fp = fopen(dest, "w");
    fputs("keep me\n", fp);
    fclose(fp);
    assert_int_equal(zj_outfile_open(&o, dest, &err), ZJ_OK);
    fputs("partial", o.fp);
    zj_outfile_abort(&o);
    listing(t->path, seen, sizeof seen);
    assert_string_equal(seen, "out.csv");
    read_whole(dest, content, sizeof content);
    assert_string_equal(content, "keep me\n");
}

static void test_outfile_in_missing_directory_fails_naming_the_path(void **state)
{
    struct tmpdir *t = *state;
    char dest[128];
    snprintf(dest, sizeof dest, "%s/no/such/dir/out.csv", t->path);
    struct zj_outfile o;
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_outfile_open(&o, dest, &err), ZJ_ERR);
    assert_null(o.fp);
    assert_null(o.path);
    assert_null(o.tmp);
    assert_string_equal(err.file, dest);
    assert_string_equal(err.msg, "cannot create output: No such file or directory");
    char line[512], want[512];
    zj_error_format(&err, line, sizeof line);
    snprintf(want, sizeof want, "%s: cannot create output: No such file or directory", dest);
    assert_string_equal(line, want);
}

static void test_outfile_on_a_directory_fails(void **state)
{
    struct tmpdir *t = *state;
    struct zj_outfile o;
    struct zj_error err;
    assert_int_equal(zj_outfile_open(&o, t->path, &err), ZJ_ERR);
    assert_string_equal(err.file, t->path);
    assert_string_equal(err.msg, "is a directory");
    assert_null(o.path);
}

static void test_outfile_write_to_dev_full_fails_at_commit(void **state)
{
    (void)state;
    struct zj_outfile o;
    struct zj_error err;
    if (access("/dev/full", W_OK) != 0) skip();
    assert_int_equal(zj_outfile_open(&o, "/dev/full", &err), ZJ_OK);
    assert_null(o.tmp); /* a device is written directly */
    fputs("党风廉政建设\n", o.fp);
    zj_error_clear(&err);
    assert_int_equal(zj_outfile_commit(&o, &err), ZJ_ERR);
    assert_string_equal(err.file, "/dev/full");
    assert_string_equal(err.msg, "write error: No space left on device");
    assert_null(o.fp);
    assert_null(o.path);
}

static void test_outfile_dash_means_stdout(void **state)
{
    (void)state;
    struct zj_outfile o;
    struct zj_error err;
    assert_int_equal(zj_outfile_open(&o, "-", &err), ZJ_OK);
    assert_ptr_equal(o.fp, stdout);
    assert_null(o.path);
    assert_int_equal(zj_outfile_commit(&o, &err), ZJ_OK);
    assert_int_equal(zj_outfile_open(&o, NULL, &err), ZJ_OK);
    assert_ptr_equal(o.fp, stdout);
    zj_outfile_abort(&o); /* does not close stdout */
    assert_int_equal(fflush(stdout), 0);
}

#define DIR_TEST(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_zeroed_is_an_empty_string),
        cmocka_unit_test(test_buf_add_keeps_the_nul_terminator),
        cmocka_unit_test(test_buf_addf_appends_formatted_text_of_any_length),
        cmocka_unit_test(test_buf_truncate_shortens_but_never_lengthens),
        cmocka_unit_test(test_buf_detach_hands_over_and_empties),
        cmocka_unit_test(test_xgrow_doubles_from_eight),
        cmocka_unit_test(test_strmap_put_then_get),
        cmocka_unit_test(test_strmap_keys_are_byte_strings_with_lengths),
        cmocka_unit_test(test_strmap_owns_copies_of_its_keys),
        cmocka_unit_test(test_strmap_grows_past_thousands_of_keys),
        cmocka_unit_test(test_error_format_shows_the_parts_known),
        cmocka_unit_test(test_error_at_byte_shows_the_offset),
        cmocka_unit_test(test_error_functions_accept_null_and_truncate),
        DIR_TEST(test_outfile_commit_renames_into_place),
        DIR_TEST(test_outfile_commit_replaces_an_older_file),
        DIR_TEST(test_outfile_abort_leaves_no_temp_and_keeps_the_old_file),
        DIR_TEST(test_outfile_in_missing_directory_fails_naming_the_path),
        DIR_TEST(test_outfile_on_a_directory_fails),
        cmocka_unit_test(test_outfile_write_to_dev_full_fails_at_commit),
        cmocka_unit_test(test_outfile_dash_means_stdout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
