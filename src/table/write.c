/*
 * write.c - the table writers (see table.h).
 *
 * Write errors are not checked per call: stdio keeps the error flag and
 * zj_outfile_commit() checks it once, before the file is renamed into place.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "table/table.h"
#include "util/buf.h"
#include "util/banned.h"

struct zj_cell zj_cell_cstr(const char *s)
{
    return zj_cell_str(s, s ? strlen(s) : 0);
}

int zj_format_parse(const char *name, enum zj_format *fmt)
{
    static const char *const names[] = {"csv", "tsv", "md", "jsonl"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, names[i])) return *fmt = (enum zj_format)i, 0;
    if (!strcmp(name, "markdown")) return *fmt = ZJ_FMT_MD, 0;
    if (!strcmp(name, "json")) return *fmt = ZJ_FMT_JSONL, 0;
    return -1;
}

/*
 * A row is put together in a `struct out` and written with one fwrite.
 * Writing cell by cell through stdio took a third of `count`'s time on its
 * long table: stdio locks the stream on every call, and a row made about
 * twenty calls, two of them printf.
 */
struct out {
    FILE *fp;
    size_t len;
    char b[4096]; /* never initialised: a row only reads what it wrote */
};

static void out_start(struct out *o, FILE *fp)
{
    o->fp = fp, o->len = 0;
}

static void out_flush(struct out *o)
{
    if (o->len) fwrite(o->b, 1, o->len, o->fp);
    o->len = 0;
}

static void out_add(struct out *o, const char *p, size_t n)
{
    if (o->len + n > sizeof o->b) {
        out_flush(o);
        if (n > sizeof o->b) { /* a long passage: straight through */
            fwrite(p, 1, n, o->fp);
            return;
        }
    }
    memcpy(o->b + o->len, p, n);
    o->len += n;
}

static void out_str(struct out *o, const char *s)
{
    out_add(o, s, strlen(s));
}

/* Powers of ten up to 10^15: exact as doubles and as integers. */
/* clang-format off */
static const uint64_t pow10_u[] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                   10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                   100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                   100000000000000ULL, 1000000000000000ULL};
/* clang-format on */

/* The decimal digits of v, right-aligned to end at `end`; returns the first. */
static char *digits(uint64_t v, char *end)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

size_t zj_format_int(char *buf, long long v)
{
    char tmp[24], *end = tmp + sizeof tmp;
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v; /* LLONG_MIN too */
    char *p = digits(mag, end);
    if (v < 0) *--p = '-';
    memcpy(buf, p, (size_t)(end - p));
    return (size_t)(end - p);
}

/*
 * The exact value d·10^decimals is rounded to an integer as printf rounds
 * it (to nearest, ties to even).  The product in double is off by at most
 * half an ulp, which can only matter when its fraction lies that close to
 * one half: those, and magnitudes past 2^52, are left to printf.
 */
size_t zj_format_fixed(char *buf, double d, int decimals)
{
    if (!isfinite(d) || decimals < 0 || decimals > 15) return 0;
    double s = fabs(d) * (double)pow10_u[decimals];
    if (!(s < 0x1p52)) return 0;
    double f = floor(s), frac = s - f;
    if (fabs(frac - 0.5) <= s * 0x1p-51 + 0x1p-70) return 0;
    uint64_t q = (uint64_t)f + (frac > 0.5), p = pow10_u[decimals];
    char tmp[ZJ_NUMBER_MAX], *end = tmp + sizeof tmp, *at = end;
    if (decimals) {
        at = digits(q % p + p, end); /* zero-padded behind a leading 1 ... */
        *at = '.';                   /* ... which the point replaces */
    }
    at = digits(q / p, at);
    if (signbit(d)) *--at = '-';
    memcpy(buf, at, (size_t)(end - at));
    return (size_t)(end - at);
}

static void put_number(struct out *o, const struct zj_column *col, const struct zj_cell *c,
                       int json)
{
    if (c->null || (col->type == ZJ_COL_NUM && !isfinite(c->d))) {
        if (json) out_str(o, "null");
        return;
    }
    char buf[ZJ_NUMBER_MAX];
    size_t n = col->type == ZJ_COL_INT ? zj_format_int(buf, c->i)
                                       : zj_format_fixed(buf, c->d, col->decimals);
    if (n) {
        out_add(o, buf, n);
        return;
    }
    out_flush(o); /* the rare number printf must write */
    fprintf(o->fp, "%.*f", col->decimals, c->d);
}

/* Bytes that make a CSV field quoted wherever they stand. */
static const unsigned char csv_special[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

/* The length of s's prefix without such a byte (every cell of every CSV
 * table is searched, sixteen bytes at a time where SSE2 is). */
static size_t csv_plain_prefix(const char *s, size_t len)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), dq = _mm_set1_epi8('"');
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, dq)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        unsigned bits = (unsigned)_mm_movemask_epi8(hit);
        if (bits) return i + (unsigned)__builtin_ctz(bits);
    }
#endif
    /* eight bytes at a time while none is below ',' (0x2C), the largest
     * special: CJK, letters, digits, '.', '/' and '-' all pass */
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        if ((w - 0x2D2D2D2D2D2D2D2DULL) & ~w & 0x8080808080808080ULL) break;
    }
    while (i < len && !csv_special[(unsigned char)s[i]])
        i++;
    return i;
}

static void put_csv_text(struct out *o, const char *s, size_t len)
{
    /* a CSV reader may trim blanks (libcsv does), so edge blanks are quoted */
    int quote = len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t');
    quote = quote || csv_plain_prefix(s, len) < len;
    if (!quote) {
        out_add(o, s, len);
        return;
    }
    out_add(o, "\"", 1);
    for (size_t i = 0, from = 0; i <= len; i++) {
        if (i < len && s[i] != '"') continue;
        out_add(o, s + from, i - from + (i < len)); /* a quote is written twice: here and next */
        from = i;
    }
    out_add(o, "\"", 1);
}

/* Copies s[0..len) with each byte that `escape` names replaced by its
 * escape, runs of others at a time. */
static void put_escaped(struct out *o, const char *s, size_t len,
                        const char *(*escape)(unsigned char c, char tmp[8]))
{
    char tmp[8];
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        const char *e = escape((unsigned char)s[i], tmp);
        if (!e) continue;
        out_add(o, s + from, i - from);
        out_str(o, e);
        from = i + 1;
    }
    out_add(o, s + from, len - from);
}

static const char *tsv_escape(unsigned char c, char tmp[8])
{
    (void)tmp;
    return c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\\' ? "\\\\" : NULL;
}

static const char *md_escape(unsigned char c, char tmp[8])
{
    (void)tmp;
    return c == '|' ? "\\|" : c == '\n' ? "<br>" : c == '\r' ? "" : NULL;
}

static const char *json_escape(unsigned char c, char tmp[8])
{
    if (c == '"') return "\\\"";
    if (c == '\\') return "\\\\";
    if (c == '\n') return "\\n";
    if (c == '\t') return "\\t";
    if (c == '\r') return "\\r";
    if (c >= 0x20) return NULL;
    snprintf(tmp, 8, "\\u%04x", c);
    return tmp;
}

static void put_json_text(struct out *o, const char *s, size_t len)
{
    out_add(o, "\"", 1);
    put_escaped(o, s, len, json_escape);
    out_add(o, "\"", 1);
}

/* Formula injection: what a spreadsheet would take for a formula. */
static int looks_like_formula(const char *s, size_t len)
{
    return len && strchr("=+-@\t\r", s[0]) != NULL;
}

static void put_text(struct out *o, enum zj_format fmt, const char *s, size_t len)
{
    switch (fmt) {
    case ZJ_FMT_CSV:
        put_csv_text(o, s, len);
        break;
    case ZJ_FMT_TSV:
        put_escaped(o, s, len, tsv_escape);
        break;
    case ZJ_FMT_MD:
        put_escaped(o, s, len, md_escape);
        break;
    case ZJ_FMT_JSONL:
        put_json_text(o, s, len);
        break;
    }
}

/* Between cells, per format (csv, tsv, md, jsonl); md rows also start with
 * "| " and end with " |". */
static const struct {
    const char *s;
    size_t len;
} sep[] = {{",", 1}, {"\t", 1}, {" | ", 3}, {",", 1}};

void zj_writer_begin(struct zj_writer *w, FILE *fp, enum zj_format fmt,
                     const struct zj_column *cols, size_t ncols, unsigned flags)
{
    *w = (struct zj_writer){fp, fmt, cols, ncols, flags, 0};
    struct out o;
    out_start(&o, fp);
    if ((flags & ZJ_WRITE_BOM) && (fmt == ZJ_FMT_CSV || fmt == ZJ_FMT_TSV))
        out_str(&o, "\xEF\xBB\xBF");
    if (fmt == ZJ_FMT_JSONL) {
        out_flush(&o);
        return;
    }
    if (fmt == ZJ_FMT_MD) out_str(&o, "| ");
    for (size_t i = 0; i < ncols; i++) {
        if (i) out_add(&o, sep[fmt].s, sep[fmt].len);
        put_text(&o, fmt, cols[i].name, strlen(cols[i].name));
    }
    out_str(&o, fmt == ZJ_FMT_MD ? " |\n" : "\n");
    for (size_t i = 0; fmt == ZJ_FMT_MD && i < ncols; i++)
        out_str(&o, cols[i].type == ZJ_COL_STR ? "|---" : "|---:");
    if (fmt == ZJ_FMT_MD) out_str(&o, "|\n");
    out_flush(&o);
}

void zj_writer_more(struct zj_writer *more, const struct zj_writer *w, FILE *fp)
{
    *more = (struct zj_writer){fp, w->fmt, w->cols, w->ncols, w->flags, 0};
}

static void put_cell(const struct zj_writer *w, struct out *o, size_t i, const struct zj_cell *c)
{
    const struct zj_column *col = &w->cols[i];
    if (col->type != ZJ_COL_STR) {
        put_number(o, col, c, w->fmt == ZJ_FMT_JSONL);
        return;
    }
    if (c->null) {
        if (w->fmt == ZJ_FMT_JSONL) out_str(o, "null");
        return;
    }
    int inert = (w->flags & ZJ_WRITE_INERT) && looks_like_formula(c->s, c->len);
    if (inert && (w->fmt == ZJ_FMT_CSV || w->fmt == ZJ_FMT_TSV)) {
        struct zj_buf b = ZJ_BUF_INIT;
        zj_buf_addch(&b, '\'');
        zj_buf_add(&b, c->s, c->len);
        put_text(o, w->fmt, b.ptr, b.len);
        zj_buf_release(&b);
        return;
    }
    put_text(o, w->fmt, c->s, c->len);
}

void zj_writer_row(struct zj_writer *w, const struct zj_cell *cells)
{
    struct out o;
    out_start(&o, w->fp);
    if (w->fmt == ZJ_FMT_MD) out_str(&o, "| ");
    if (w->fmt == ZJ_FMT_JSONL) out_str(&o, "{");
    for (size_t i = 0; i < w->ncols; i++) {
        if (i) out_add(&o, sep[w->fmt].s, sep[w->fmt].len);
        if (w->fmt == ZJ_FMT_JSONL) {
            put_json_text(&o, w->cols[i].name, strlen(w->cols[i].name));
            out_str(&o, ":");
        }
        put_cell(w, &o, i, &cells[i]);
    }
    out_str(&o, w->fmt == ZJ_FMT_MD ? " |\n" : w->fmt == ZJ_FMT_JSONL ? "}\n" : "\n");
    out_flush(&o);
    w->rows++;
}

void zj_writer_end(struct zj_writer *w)
{
    fflush(w->fp);
}
