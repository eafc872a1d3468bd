/*
 * report.c - `zongjie report INPUT... -o DIR`: every analysis with sensible
 * defaults, as one Excel workbook (DIR/zongjie.xlsx), one CSV per table and a
 * DIR/README.txt saying what each table holds and how it was made.
 *
 * Each table is made by running the subcommand that owns it (the same code
 * and options a user would run by hand) into DIR/<table>.csv; the workbook
 * is built from those files, so the CSVs and the sheets always agree.  The
 * tables run in child processes, several at once, and the workbook, in a
 * process of its own, adds each sheet as soon as its CSV is complete (see
 * "Running the tables" below).
 *
 * Everything is first written to a hidden folder inside DIR (DIR/.zongjie-XXXXXX)
 * and moved into DIR only when every table and the workbook were made: a
 * failed run (a bad input under --strict, a full disk) leaves DIR as it was,
 * an older report included, instead of half of a new report mixed with the
 * old one.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "reuse/reuse.h"
#include "table/labels.h"
#include "table/read.h"
#include "table/xlsx.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/outfile.h"
#include "util/parallel.h"
#include <csv.h>

#include "util/banned.h"

enum { OPT_LABELS = OPT_FIRST_OWN, OPT_RAW };

struct table_spec {
    const char *name;  /* CSV file and English sheet name */
    const char *sheet; /* Chinese sheet name */
    int (*run)(int, char **);
    const char *args[4]; /* the subcommand's own arguments */
    int min_years;       /* years needed for the table to make sense */
    const char *about;
    /* other tables the same run writes, with the option that asks for each:
     * one reading of the corpus instead of one per table */
    struct also {
        const char *option, *table;
    } also[2];
};

/* In table (and sheet) order.  A table with no `run` is written by the
 * table whose `also` names it. */
static const struct table_spec tables[] = {
    {"documents",
     "文档",
     NULL,
     {"count", "--docs"},
     0,
     "one row per summary: unit, year, kind, encoding, size in text characters, dictionary hits",
     {{0}}},
    {"counts",
     "词频",
     zj_cmd_count,
     {"count"},
     0,
     "policy-term counts per summary (per_10k: per 10,000 text characters)",
     {{"--docs-to", "documents"}, {"--categories-to", "categories"}}},
    {"categories",
     "类别",
     NULL,
     {"count", "--by", "category"},
     0,
     "counts rolled up to top-level dictionary categories",
     {{0}}},
    {"sections",
     "章节结构",
     NULL,
     {"sections", "--outline"},
     0,
     "every heading of every summary: path, level, number, title, section type, span",
     {{0}}},
    {"coverage",
     "章节覆盖",
     zj_cmd_sections,
     {"sections"},
     0,
     "per summary and section type: present (0 = a standard section is missing), share of text",
     {{"--outline-to", "sections"}}},
    {"compare",
     "年度对比",
     zj_cmd_compare,
     {"compare"},
     2,
     "the latest year against the one before: G2, chi2, Fisher, log ratio, BH q, status",
     {{0}}},
    {"trends",
     "趋势",
     zj_cmd_compare,
     {"compare", "--trend", "--min-count", "5"},
     3,
     "rate per year, OLS slope with its p-value, Spearman's rho (terms used 5+ times)",
     {{0}}},
    {"reuse_passages",
     "重复段落",
     NULL,
     {"reuse", "--passages"},
     0,
     "every copied passage: cluster, summary, span, kind (template, cross-unit, same-unit-earlier, "
     "formula, origin), source",
     {{0}}},
    {"reuse_documents",
     "重复率",
     zj_cmd_reuse,
     {"reuse"},
     0,
     "per summary: 重复率 (reused_share) split into template, cross-unit and self-copied text",
     {{"--passages-to", "reuse_passages"}}},
    {"similarity",
     "相似度",
     zj_cmd_compare,
     {"compare", "--similarity", "--top", "10"},
     0,
     "for each summary, the 10 summaries whose term counts are most alike (cosine similarity)",
     {{0}}},
    {"new_phrases",
     "新词候选",
     zj_cmd_discover,
     {"discover"},
     0,
     "recurring phrases the dictionary lacks, best first: cohesion (PMI), neighbour entropy, first "
     "year",
     {{0}}},
};
#define NTABLES (sizeof tables / sizeof tables[0])

struct report {
    struct zj_cli *cli;
    const char *dir;
    int zh_csv, en_workbook, raw;
    int years;
};

static void add_arg(char ***argv, size_t *argc, const char *a)
{
    *argv = zj_xrealloc(*argv, (*argc + 2) * sizeof **argv);
    (*argv)[(*argc)++] = zj_xstrdup(a);
    (*argv)[*argc] = NULL;
}

/* The options the user gave that every table shares. */
static void common_args(const struct report *r, char ***argv, size_t *argc, int quiet)
{
    const struct zj_cli *cli = r->cli;
    for (size_t i = 0; i < cli->ndicts; i++) add_arg(argv, argc, "--dict"), add_arg(argv, argc, cli->dicts[i]);
    if (cli->manifest_path) add_arg(argv, argc, "--manifest"), add_arg(argv, argc, cli->manifest_path);
    if (cli->sections_path) add_arg(argv, argc, "--sections"), add_arg(argv, argc, cli->sections_path);
    if (cli->glob) add_arg(argv, argc, "--glob"), add_arg(argv, argc, cli->glob);
    if (cli->strict) add_arg(argv, argc, "--strict");
    if (cli->threads) {
        char j[16];
        snprintf(j, sizeof j, "%d", cli->threads);
        add_arg(argv, argc, "-j"), add_arg(argv, argc, j);
    }
    add_arg(argv, argc, r->raw ? "--bom" : "--excel");
    if (quiet || cli->quiet) add_arg(argv, argc, "--quiet");
}

static char *csv_path(const struct report *r, const char *name)
{
    struct zj_buf p = ZJ_BUF_INIT;
    zj_buf_addf(&p, "%s/%s.csv", r->dir, name);
    return zj_buf_detach(&p, NULL);
}

static int run_table(const struct report *r, const struct table_spec *t, char **inputs, size_t n,
                     int quiet)
{
    char **argv = NULL;
    size_t argc = 0;
    for (size_t i = 0; i < 4 && t->args[i]; i++) add_arg(&argv, &argc, t->args[i]);
    common_args(r, &argv, &argc, quiet);
    char *out = csv_path(r, t->name);
    add_arg(&argv, &argc, "-o"), add_arg(&argv, &argc, out);
    for (size_t k = 0; k < 2 && t->also[k].option; k++) {
        char *more = csv_path(r, t->also[k].table);
        add_arg(&argv, &argc, t->also[k].option), add_arg(&argv, &argc, more);
        free(more);
    }
    for (size_t i = 0; i < n; i++) add_arg(&argv, &argc, inputs[i]);
    int rc = t->run((int)argc, argv);
    for (size_t i = 0; i < argc; i++) free(argv[i]);
    free(argv), free(out);
    return rc;
}

/* Distinct years in documents.csv: which time tables make sense. */
static int count_years(const struct report *r)
{
    char *path = csv_path(r, "documents");
    struct zj_rows rows = {0};
    struct zj_error err;
    int n = 0, seen[64] = {0};
    if (zj_rows_read_file(path, &rows, &err) == ZJ_OK && rows.count) {
        size_t col = 0;
        while (col < rows.records[0].ncells && strcmp(rows.records[0].cells[col], "year")) col++;
        for (size_t i = 1; i < rows.count; i++) {
            if (col >= rows.records[i].ncells || !rows.records[i].cells[col]) continue;
            int y = atoi(rows.records[i].cells[col]), k = 0;
            if (!y) continue;
            while (k < n && seen[k] != y) k++;
            if (k == n && n < 64) seen[n++] = y;
        }
    }
    zj_rows_release(&rows);
    free(path);
    return n;
}

/* --labels zh: the CSV's header row in Chinese. */
static int relabel_csv(const char *path, struct zj_error *err)
{
    struct zj_rows rows = {0};
    if (zj_rows_read_file(path, &rows, err)) return ZJ_ERR;
    struct zj_outfile out;
    int rc = zj_outfile_open(&out, path, err);
    if (rc == ZJ_OK) {
        fputs("\xEF\xBB\xBF", out.fp);
        for (size_t i = 0; i < rows.count; i++) {
            for (size_t c = 0; c < rows.records[i].ncells; c++) {
                const char *cell = rows.records[i].cells[c] ? rows.records[i].cells[c] : "";
                if (i == 0) cell = zj_label_of(cell).zh;
                if (c) fputc(',', out.fp);
                csv_fwrite(out.fp, cell, strlen(cell));
            }
            fputc('\n', out.fp);
        }
        rc = zj_outfile_commit(&out, err);
    }
    zj_rows_release(&rows);
    return rc;
}

static void guide(const struct report *r, const int *made, struct zj_buf *readme, const char ***lines,
                  size_t *n)
{
    static char when[64];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
    zj_buf_addf(readme, "zongjie %s report, made %s\n\n", ZJ_VERSION, when);
    *lines = zj_xcalloc(2 * (NTABLES + 8), sizeof **lines);
    size_t k = 0;
    (*lines)[k++] = "zongjie", (*lines)[k++] = ZJ_VERSION;
    (*lines)[k++] = "made", (*lines)[k++] = when;
    for (size_t t = 0; t < NTABLES; t++) {
        if (!made[t]) continue;
        zj_buf_addf(readme, "%s.csv (sheet %s): %s\n", tables[t].name, tables[t].sheet, tables[t].about);
        (*lines)[k++] = tables[t].sheet, (*lines)[k++] = tables[t].about;
    }
    const struct zj_cli *cli = r->cli;
    struct zj_reuse_opts ro; /* the defaults reuse runs with, not a copy of them */
    zj_reuse_opts_default(&ro, 0);
    zj_buf_addf(readme, "\nparameters: dictionary %s; section types %s; manifest %s; "
                        "compare: latest year against the one before, alpha 0.05, BH; "
                        "reuse: k=%d w=%d, min %zu characters, similarity >= %.2g, template = %zu+ units\n",
                cli->ndicts ? cli->dicts[0] : "bundled dict/terms.tsv",
                cli->sections_path ? cli->sections_path : "bundled dict/sections.tsv",
                cli->manifest_path ? cli->manifest_path : "none", ro.k, ro.w, ro.min_chars, ro.min_sim,
                ro.template_units);
    zj_buf_addstr(readme, "CSV: UTF-8 with BOM, RFC 4180; text cells starting with = + - @ get a "
                          "leading ' (not with --raw). Column meanings: README.md and docs/ of zongjie.\n");
    (*lines)[k++] = "parameters", (*lines)[k++] = zj_buf_cstr(readme) + 0;
    *n = k;
}

/* Sheets are filled in table order, each once its CSV is complete: a table
 * index read from ready_fd says that table is (the parent writes it when the
 * table's process has finished).  Returns ZJ_ERR with nothing in err when the
 * pipe closes first (a table failed: the report is abandoned). */
static int wait_for_table(int ready_fd, int *ready, size_t t)
{
    unsigned char done;
    while (!ready[t]) {
        ssize_t got = read(ready_fd, &done, 1);
        if (got == 1 && done < NTABLES)
            ready[done] = 1;
        else if (got == 0 || errno != EINTR)
            return ZJ_ERR;
    }
    return ZJ_OK;
}

static int add_sheets(const struct report *r, struct zj_xlsx *x, const int *made, int ready_fd,
                      struct zj_buf *readme, struct zj_error *err)
{
    int ready[NTABLES] = {0}, rc = ZJ_OK;
    for (size_t t = 0; rc == ZJ_OK && t < NTABLES; t++) {
        if (!made[t]) continue;
        if (wait_for_table(ready_fd, ready, t)) return ZJ_ERR;
        char *csv = csv_path(r, tables[t].name);
        size_t left;
        rc = zj_xlsx_add_csv(x, r->en_workbook ? tables[t].name : tables[t].sheet, csv,
                             !r->en_workbook, &left, err);
        if (rc == ZJ_OK && left)
            zj_buf_addf(readme, "note: sheet %s holds the first %d rows; %zu more are in %s.csv\n",
                        tables[t].sheet, ZJ_XLSX_MAX_ROWS - 1, left, tables[t].name);
        free(csv);
    }
    return rc;
}

/* Writes DIR/zongjie.xlsx (sheets as their tables become ready, see
 * wait_for_table) and then DIR/README.txt. */
static int build_workbook(const struct report *r, const int *made, int ready_fd,
                          struct zj_error *err)
{
    struct zj_buf path = ZJ_BUF_INIT, readme = ZJ_BUF_INIT;
    zj_buf_addf(&path, "%s/zongjie.xlsx", r->dir);
    const char **lines;
    size_t nlines;
    guide(r, made, &readme, &lines, &nlines);
    struct zj_xlsx *x = zj_xlsx_new(path.ptr, err);
    int rc = x ? ZJ_OK : ZJ_ERR;
    if (x) zj_xlsx_add_notes(x, r->en_workbook ? "guide" : "说明", lines, nlines);
    if (x) rc = add_sheets(r, x, made, ready_fd, &readme, err);
    if (x) {
        struct zj_error unused;
        int closed = zj_xlsx_close(x, rc == ZJ_OK ? err : &unused);
        if (rc == ZJ_OK) rc = closed;
    }
    struct zj_buf rp = ZJ_BUF_INIT;
    zj_buf_addf(&rp, "%s/README.txt", r->dir);
    struct zj_outfile out;
    if (rc == ZJ_OK && (rc = zj_outfile_open(&out, rp.ptr, err)) == ZJ_OK) {
        fputs(readme.ptr, out.fp);
        rc = zj_outfile_commit(&out, err);
    }
    free(lines);
    zj_buf_release(&path), zj_buf_release(&readme), zj_buf_release(&rp);
    return rc;
}

/*
 * Running the tables.  Each table is made in a child process (fork): the
 * subcommands keep state in globals (getopt's, among others), so they cannot
 * share a process with each other, and a child gives each its own.  At most
 * `slots` tables run at once (-j, else one per core), so the two that need
 * most memory (reuse, discover) are not joined by all the others.  The
 * workbook is a child of its own that adds each sheet as soon as its table is
 * complete, so its work overlaps the tables' instead of following them.
 *
 * What a user sees does not depend on timing: each child's stderr goes to a
 * pipe and is copied to ours in table order, and when tables fail the one
 * named is the first in table order -- tables before it are still run (they
 * may fail too), tables after it are stopped.  A sequential run would have
 * printed and named the same.
 */
enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_SKIPPED };

struct job {
    enum job_state state;
    pid_t pid;
    int log_fd;        /* read end of the pipe that is the child's stderr */
    struct zj_buf log; /* what the child printed */
};

struct run {
    struct report *r;
    char **inputs;
    size_t n;
    struct job job[NTABLES];
    size_t order[NTABLES], njobs, next; /* launch order; next: the first not launched */
    size_t slots, running, launched, replayed;
    int years_known, made[NTABLES];
    long failed;            /* first table (first_of) of a run that failed, or -1 */
    pid_t workbook;         /* 0: not started, -1: finished */
    int ready_fd, error_fd; /* to the workbook: ready tables; from it: its error record */
    int workbook_rc, told_workbook;
    struct zj_buf workbook_err;
};

/* Longest first: discover takes as long as the rest together, so it starts
 * at once on one core while the others follow in table order on the rest
 * (and the workbook, waiting for sheets in table order, gets them early). */
static void launch_order(struct run *run)
{
    size_t k = 0;
    for (size_t t = 0; t < NTABLES; t++)
        if (tables[t].run == zj_cmd_discover) run->order[k++] = t;
    for (size_t t = 0; t < NTABLES; t++)
        if (tables[t].run && tables[t].run != zj_cmd_discover) run->order[k++] = t;
    run->njobs = k; /* reuse_passages is no job: reuse writes it */
}

/* The table whose run writes table t (reuse writes reuse_passages). */
static size_t maker_of(size_t t)
{
    for (size_t u = 0; !tables[t].run && u < NTABLES; u++)
        for (size_t k = 0; k < 2 && tables[u].also[k].table; k++)
            if (!strcmp(tables[u].also[k].table, tables[t].name)) return u;
    return t;
}

/* The first table, in table order, that the run of table t writes: where
 * its failure stands among the others', and the name it is reported by. */
static long first_of(size_t t)
{
    size_t u = 0;
    while (maker_of(u) != t)
        u++;
    return (long)u;
}

/* Step k of the tables' processes and then the workbook, in launch order. */
static void progress(const struct run *run, size_t k, const char *stage)
{
    if (run->r->cli->quiet || !isatty(STDERR_FILENO)) return;
    fprintf(stderr, "\rzongjie report: [%zu/%zu] %-20s", k + 1, run->njobs + 1, stage);
    if (k == run->njobs) fputc('\n', stderr);
}

/* The child's stderr is a pipe, not a file: a file could not be written
 * when the disk is full or a file size limit is reached, the very errors a
 * table must be able to report. */
static int launch(struct run *run, size_t t, struct zj_error *err)
{
    struct job *j = &run->job[t];
    int log[2];
    if (pipe(log))
        return zj_error_set(err, run->r->dir, 0, 0, "cannot make a pipe: %s", strerror(errno));
    progress(run, run->launched++, tables[t].name);
    fflush(NULL);
    j->pid = fork();
    if (j->pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        if (run->workbook > 0) close(run->ready_fd), close(run->error_fd);
        close(log[0]);
        dup2(log[1], STDERR_FILENO);
        int rc = run_table(run->r, &tables[t], run->inputs, run->n, first_of(t) > 0);
        fflush(NULL);
        _exit(rc);
    }
    close(log[1]);
    if (j->pid < 0) {
        close(log[0]);
        return zj_error_set(err, run->r->dir, 0, 0, "cannot start a process: %s", strerror(errno));
    }
    j->log_fd = log[0], j->state = JOB_RUNNING, run->running++;
    return ZJ_OK;
}

/* Starts tables in launch order while slots are free.  A table that needs
 * several years waits until documents.csv has told how many there are; a
 * table after one that failed is not started. */
static int launch_ready(struct run *run, struct zj_error *err)
{
    while (run->next < run->njobs && run->running < run->slots) {
        size_t t = run->order[run->next];
        if (run->job[t].state != JOB_WAITING || (run->failed >= 0 && first_of(t) > run->failed)) {
            run->next++;
            continue;
        }
        if (tables[t].min_years && !run->years_known) break;
        run->next++;
        if (launch(run, t, err)) return ZJ_ERR;
    }
    return ZJ_OK;
}

/* Copies the logs of the tables finished in table order to stderr, stopping
 * at the first table not finished (or after the first that failed). */
static void replay_logs(struct run *run)
{
    for (; run->replayed < NTABLES; run->replayed++) {
        struct job *j = &run->job[maker_of(run->replayed)];
        if (j->state == JOB_WAITING || j->state == JOB_RUNNING) break;
        fwrite(zj_buf_cstr(&j->log), 1, j->log.len, stderr);
        zj_buf_release(&j->log);
        if (j->state == JOB_FAILED) break;
    }
}

static void tell_workbook(struct run *run, size_t t)
{
    unsigned char byte = (unsigned char)t;
    if (run->workbook > 0 && write(run->ready_fd, &byte, 1) != 1) {
        /* the workbook has ended: its own exit status tells why */
    }
}

/* The tables a run makes, once documents.csv tells how many years there are. */
static void decide_tables(struct run *run)
{
    run->r->years = count_years(run->r);
    run->years_known = 1;
    for (size_t t = 0; t < NTABLES; t++) {
        int wanted = !tables[t].min_years || tables[t].min_years <= run->r->years;
        if (tables[t].run && !wanted) run->job[t].state = JOB_SKIPPED;
        run->made[t] = wanted;
    }
}

/* Stops the running tables after `last` (-1: all of them, after a failure of
 * our own) and the workbook. */
static void stop_after(struct run *run, long last)
{
    for (size_t t = 0; t < NTABLES; t++)
        if (run->job[t].state == JOB_RUNNING && first_of(t) > last) kill(run->job[t].pid, SIGTERM);
    if (run->workbook > 0) kill(run->workbook, SIGTERM);
}

static void table_finished(struct run *run, size_t t, int status)
{
    struct job *j = &run->job[t];
    run->running--;
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    j->state = ok ? JOB_DONE : JOB_FAILED;
    if (!ok && (run->failed < 0 || first_of(t) < run->failed)) {
        run->failed = first_of(t);
        stop_after(run, run->failed);
    }
    if (!ok) return;
    if (first_of(t) == 0) decide_tables(run);
    for (size_t u = 0; u < NTABLES; u++)
        if (maker_of(u) == t) tell_workbook(run, u);
}

static void workbook_finished(struct run *run, int status)
{
    run->workbook = -1;
    close(run->ready_fd), close(run->error_fd);
    run->workbook_rc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ZJ_OK : ZJ_ERR;
}

/* Reads what a child wrote to fd; at the end of it (the child has exited),
 * closes fd and returns the child's wait status, else -1. */
static int drain(int fd, pid_t pid, struct zj_buf *into)
{
    char chunk[4096];
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got > 0) zj_buf_add(into, chunk, (size_t)got);
    if (got > 0 || (got < 0 && errno == EINTR)) return -1;
    int status = 0;
    close(fd);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    return status;
}

/* Waits until a child prints or ends, and records what became of it. */
static void reap(struct run *run)
{
    struct pollfd fds[NTABLES + 1];
    size_t who[NTABLES + 1], nfds = 0;
    for (size_t t = 0; t < NTABLES; t++)
        if (run->job[t].state == JOB_RUNNING)
            fds[nfds] = (struct pollfd){run->job[t].log_fd, POLLIN, 0}, who[nfds++] = t;
    if (run->workbook > 0)
        fds[nfds] = (struct pollfd){run->error_fd, POLLIN, 0}, who[nfds++] = NTABLES;
    if (poll(fds, nfds, -1) <= 0) return;
    for (size_t i = 0; i < nfds; i++) {
        if (!fds[i].revents) continue;
        size_t t = who[i];
        if (t == NTABLES) {
            int status = drain(run->error_fd, run->workbook, &run->workbook_err);
            if (status >= 0) workbook_finished(run, status);
        } else {
            int status = drain(run->job[t].log_fd, run->job[t].pid, &run->job[t].log);
            if (status >= 0) table_finished(run, t, status);
        }
    }
    replay_logs(run);
}

/* The workbook process: adds sheets as the parent says their tables are
 * ready; on failure, sends its error record up error_fd. */
static void workbook_child(struct run *run, int ready_fd, int error_fd)
{
    struct zj_error own;
    zj_error_clear(&own);
    int rc = build_workbook(run->r, run->made, ready_fd, &own);
    if (rc && own.msg[0] && write(error_fd, &own, sizeof own) != sizeof own) rc = ZJ_ERR;
    _exit(rc ? 1 : 0);
}

static void start_workbook(struct run *run, struct zj_error *err)
{
    int ready[2], error[2];
    if (pipe(ready))
        return (void)zj_error_set(err, run->r->dir, 0, 0, "cannot make a pipe: %s",
                                  strerror(errno));
    if (pipe(error)) {
        close(ready[0]), close(ready[1]);
        return (void)zj_error_set(err, run->r->dir, 0, 0, "cannot make a pipe: %s",
                                  strerror(errno));
    }
    fflush(NULL);
    run->workbook = fork();
    if (run->workbook == 0) {
        close(ready[1]), close(error[0]);
        workbook_child(run, ready[0], error[1]);
    }
    close(ready[0]), close(error[1]);
    run->ready_fd = ready[1], run->error_fd = error[0];
    if (run->workbook < 0) {
        close(ready[1]), close(error[0]), run->workbook = 0;
        return (void)zj_error_set(err, run->r->dir, 0, 0, "cannot start a process: %s",
                                  strerror(errno));
    }
    run->workbook_rc = ZJ_ERR;
    for (size_t t = 0; t < NTABLES; t++)
        if (run->job[maker_of(t)].state == JOB_DONE) tell_workbook(run, t);
}

/* Tables running, or still to start (none after a failed one). */
static int tables_left(const struct run *run)
{
    if (run->running) return 1;
    for (size_t k = run->next; k < run->njobs; k++) {
        size_t t = run->order[k];
        if (run->job[t].state == JOB_WAITING && (run->failed < 0 || first_of(t) < run->failed))
            return 1;
    }
    return 0;
}

/* Runs every table and the workbook.  The workbook starts once the tables
 * to make are known; with one slot, only after the last table (one core:
 * nothing to overlap with). */
static int run_all(struct run *run, struct zj_error *err)
{
    int rc = ZJ_OK;
    while (rc == ZJ_OK) {
        rc = launch_ready(run, err);
        int want_workbook =
            run->years_known && run->failed < 0 && (run->slots > 1 || !tables_left(run));
        if (rc == ZJ_OK && !run->workbook && want_workbook) {
            start_workbook(run, err);
            if (!run->workbook) rc = ZJ_ERR;
        }
        if (rc == ZJ_OK && !tables_left(run) && run->workbook > 0 && !run->told_workbook)
            progress(run, run->njobs, "workbook"), run->told_workbook = 1;
        if (rc || (!tables_left(run) && run->workbook <= 0)) break;
        reap(run);
    }
    if (rc) stop_after(run, -1);
    while (run->running || run->workbook > 0)
        reap(run);
    return rc;
}

/* Makes every table, the workbook and README.txt in r->dir. */
static int make_report(struct report *r, char **inputs, size_t n, struct zj_error *err)
{
    struct run run = {.r = r, .inputs = inputs, .n = n, .failed = -1};
    run.slots = (size_t)zj_threads_resolve(r->cli->threads);
    launch_order(&run);
    /* a write to the pipe of a workbook process that died must not kill us:
     * its exit status says what happened */
    void (*pipe_handler)(int) = signal(SIGPIPE, SIG_IGN);
    int rc = run_all(&run, err);
    signal(SIGPIPE, pipe_handler);
    replay_logs(&run);
    for (size_t t = 0; t < NTABLES; t++)
        zj_buf_release(&run.job[t].log);
    if (rc == ZJ_OK && run.failed < 0 && run.workbook_rc && run.workbook_err.len == sizeof *err)
        memcpy(err, run.workbook_err.ptr, sizeof *err);
    else if (rc == ZJ_OK && run.failed < 0 && run.workbook_rc)
        zj_error_set(err, r->cli->output, 0, 0, "the workbook could not be made");
    zj_buf_release(&run.workbook_err);
    if (rc) return rc;
    if (run.failed >= 0)
        return zj_error_set(err, r->cli->output, 0, 0,
                            "the %s table failed (see above); the folder is left as it was",
                            tables[run.failed].name);
    if (run.workbook_rc) return ZJ_ERR;
    for (size_t t = 0; r->zh_csv && t < NTABLES; t++) {
        if (!run.made[t]) continue;
        char *csv = csv_path(r, tables[t].name);
        int failed = relabel_csv(csv, err);
        free(csv);
        if (failed) return ZJ_ERR;
    }
    return ZJ_OK;
}

/* Removes the staging folder and what is in it (only files: the tables). */
static void remove_staging(const char *staging)
{
    DIR *d = opendir(staging);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct zj_buf p = ZJ_BUF_INIT;
        zj_buf_addf(&p, "%s/%s", staging, e->d_name);
        unlink(p.ptr);
        zj_buf_release(&p);
    }
    if (d) closedir(d);
    rmdir(staging);
}

/* Moves every file of the staging folder into dir (each rename is atomic),
 * after removing the tables of an older report that this one did not make
 * (a compare table when there is now one year): dir then holds one report. */
static int publish(const char *staging, const char *dir, struct zj_error *err)
{
    for (size_t t = 0; t < NTABLES; t++) {
        struct zj_buf fresh = ZJ_BUF_INIT, stale = ZJ_BUF_INIT;
        zj_buf_addf(&fresh, "%s/%s.csv", staging, tables[t].name);
        zj_buf_addf(&stale, "%s/%s.csv", dir, tables[t].name);
        if (access(fresh.ptr, F_OK) != 0) unlink(stale.ptr);
        zj_buf_release(&fresh), zj_buf_release(&stale);
    }
    DIR *d = opendir(staging);
    if (!d) return zj_error_set(err, staging, 0, 0, "cannot read: %s", strerror(errno));
    struct dirent *e;
    int rc = ZJ_OK;
    while (rc == ZJ_OK && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct zj_buf from = ZJ_BUF_INIT, to = ZJ_BUF_INIT;
        zj_buf_addf(&from, "%s/%s", staging, e->d_name);
        zj_buf_addf(&to, "%s/%s", dir, e->d_name);
        if (rename(from.ptr, to.ptr) != 0)
            rc = zj_error_set(err, to.ptr, 0, 0, "cannot move into place: %s", strerror(errno));
        zj_buf_release(&from), zj_buf_release(&to);
    }
    closedir(d);
    return rc;
}

/* Makes the report in DIR/.zongjie-XXXXXX, then publishes it into DIR (made
 * if missing).  On failure nothing in DIR changes and a DIR this run made is
 * removed again. */
static int report_in_staging(struct report *r, char **inputs, size_t n, struct zj_error *err)
{
    const char *dir = r->cli->output;
    struct stat st;
    int made_dir = mkdir(dir, 0755) == 0;
    if (!made_dir && !(stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return zj_error_set(err, dir, 0, 0, "cannot create the report folder: %s",
                            strerror(errno == EEXIST ? ENOTDIR : errno));
    struct zj_buf staging = ZJ_BUF_INIT;
    zj_buf_addf(&staging, "%s/.zongjie-XXXXXX", dir);
    int rc;
    if (!mkdtemp(staging.ptr)) {
        rc = zj_error_set(err, dir, 0, 0, "cannot write in the report folder: %s", strerror(errno));
    } else {
        r->dir = staging.ptr;
        rc = make_report(r, inputs, n, err);
        if (rc == ZJ_OK) rc = publish(staging.ptr, dir, err);
        remove_staging(staging.ptr);
        r->dir = dir;
    }
    if (rc && made_dir) rmdir(dir);
    zj_buf_release(&staging);
    return rc;
}

static const char usage[] =
    "usage: zongjie report [options] INPUT... -o DIR\n"
    "Runs every analysis with sensible defaults and writes DIR/zongjie.xlsx (one sheet per\n"
    "table, a guide sheet first), one CSV per table (UTF-8 with BOM) and DIR/README.txt.\n\n"
    "      --labels en|zh    workbook headers in English (en) / CSV headers in Chinese (zh);\n"
    "                        default: Chinese in the workbook, English in the CSVs\n"
    "      --raw             CSVs for scripts: no ' before cells starting with = + - @\n" ZJ_COMMON_HELP;

static int own_option(void *ctx, int opt, const char *arg)
{
    struct report *r = ctx;
    if (opt == OPT_RAW) return r->raw = 1, 0;
    if (opt == OPT_LABELS && !strcmp(arg, "en")) return r->en_workbook = 1, 0;
    if (opt == OPT_LABELS && !strcmp(arg, "zh")) return r->zh_csv = 1, 0;
    return zj_cli_usage_error(r->cli, "--labels takes en or zh");
}

int zj_cmd_report(int argc, char **argv)
{
    static const struct option own[] = {{"labels", required_argument, NULL, OPT_LABELS},
                                        {"raw", no_argument, NULL, OPT_RAW},
                                        {NULL, 0, NULL, 0}};
    struct zj_cli cli;
    zj_cli_init(&cli, "report");
    struct report r = {.cli = &cli};
    int rc = zj_cli_parse(&cli, argc, argv, 1, own, own_option, &r, usage);
    if (rc == 0 && optind >= argc) rc = zj_cli_usage_error(&cli, "no input files");
    if (rc == 0 && (!cli.output || !strcmp(cli.output, "-")))
        rc = zj_cli_usage_error(&cli, "-o DIR is required: the report is a folder of files");
    if (rc == 0 && cli.format != ZJ_FMT_CSV) rc = zj_cli_usage_error(&cli, "a report is CSV and xlsx; -f does not apply");
    /* every table reads the inputs anew (several at once): standard input
     * would reach only one of them */
    for (int i = optind; rc == 0 && i < argc; i++)
        if (!strcmp(argv[i], "-"))
            rc = zj_cli_usage_error(
                &cli, "each table reads the inputs anew: give files, not - (standard input)");
    if (rc == 0) {
        struct zj_error err;
        zj_error_clear(&err);
        if (report_in_staging(&r, argv + optind, (size_t)(argc - optind), &err))
            rc = zj_cli_fail(&cli, &err);
        else if (!cli.quiet)
            fprintf(stderr, "zongjie report: wrote %s/zongjie.xlsx, the CSV tables and README.txt\n",
                    cli.output);
    }
    zj_cli_release(&cli);
    return rc < 0 ? ZJ_EXIT_OK : rc;
}
