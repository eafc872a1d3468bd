/*
 * normalize.c - see normalize.h.
 *
 * Table layout: `cls[cp]` (one byte per BMP code point) holds the action in
 * its low two bits and flags above; characters that NFKC replaces have their
 * replacement in their block's string pool found through `repl_at[cp]`
 * (offset in the low 24 bits, length in the high 8: no strlen per replaced
 * character).  Non-BMP code
 * points (CJK extension B and beyond, emoji) are classified on the fly.
 */
#include "text/normalize.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"

/* zj_is_text_char (normalize.h) and coverage take all of U+4E00..U+9FFF
 * for letters: so they are from Unicode 14 (utf8proc 2.7), which assigned
 * U+9FFD..U+9FFF.  Checked here: Debian's libutf8proc.pc says 2.6.0 for
 * 2.8.0, so CMake cannot ask for the version. */
_Static_assert(UTF8PROC_VERSION_MAJOR > 2 ||
                   (UTF8PROC_VERSION_MAJOR == 2 && UTF8PROC_VERSION_MINOR >= 7),
               "utf8proc 2.7 or later (Unicode 14) is needed");

enum {
    ACT_KEEP = 0,
    ACT_REPL = 1,
    ACT_DROP = 2,
    ACT_SPACE = 3,
    ACT_MASK = 3,
    F_TEXT = 1 << 2,      /* letter or digit: counts as a text character */
    F_COMBINING = 1 << 3, /* canonical combining class != 0 */
    F_WORD = 1 << 4,      /* output starts with a narrow letter/digit */
    F_WORD_END = 1 << 5,  /* output ends with a narrow letter/digit */
};

/* The table is filled one block of 256 code points at a time, when a text
 * first uses the block: classifying all 64K up front cost ~20 M instructions
 * per run (utf8proc lookups and NFKC calls), mostly for blocks that Chinese
 * text never touches.  A block is written under build_lock and published by `ready`
 * (release store, acquire load), so threads read a block only once it is
 * complete; each block has its own replacement pool, so no pool moves.  The
 * plain-run loop reads `cls` without that check: entries of unbuilt blocks
 * hold UNBUILT, which is no plain character, so the loop stops and the
 * character takes the checked path (entries are atomic bytes, read relaxed:
 * a plain load).  An entry can be new while its block is still being
 * built, so the loop reads a replacement (`repl_at`, the pool) only after
 * it has seen the block's `ready`. */
enum { BLOCK_BITS = 8, NBLOCKS = 0x10000 >> BLOCK_BITS, UNBUILT = 0xFF };
static atomic_uchar cls[0x10000];
static uint32_t
    repl_at[0x10000]; /* for ACT_REPL entries: offset into the block's pool | length << 24 */
static char *pool[NBLOCKS];

/* The replacement of an ACT_REPL code point and its length. */
static inline const char *repl_of(int32_t cp, size_t *len)
{
    *len = repl_at[cp] >> 24;
    return pool[cp >> BLOCK_BITS] + (repl_at[cp] & 0xFFFFFF);
}
static atomic_uchar ready[NBLOCKS];
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static int ideographs_plain;

static int is_space(int32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0B: case 0x0C: case 0x20: case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

/* zj_is_text_char from utf8proc: what the table's F_TEXT is filled from. */
static int text_char(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_narrow_word(int32_t cp)
{
    return text_char(cp) && utf8proc_charwidth(cp) < 2;
}

/* Single-character NFKC; returns a malloc'ed string or NULL when unchanged. */
static char *nfkc_of(int32_t cp)
{
    utf8proc_uint8_t in[5] = {0};
    utf8proc_ssize_t l = utf8proc_encode_char(cp, in);
    utf8proc_uint8_t *out = utf8proc_NFKC(in);
    if (!out) return NULL;
    if ((utf8proc_ssize_t)strlen((char *)out) == l && !memcmp(out, in, (size_t)l)) {
        free(out);
        return NULL;
    }
    return (char *)out;
}

/* Classifies one code point; *repl receives a malloc'ed replacement for ACT_REPL. */
static uint8_t classify(int32_t cp, char **repl)
{
    *repl = NULL;
    if (cp == '\n') return ACT_KEEP;
    if (is_space(cp)) return ACT_SPACE;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->category == UTF8PROC_CATEGORY_CC || p->category == UTF8PROC_CATEGORY_CF) return ACT_DROP;
    uint8_t f = text_char(cp) ? F_TEXT : 0;
    if (p->combining_class) f |= F_COMBINING;
    int32_t first = cp, last = cp;
    if (p->decomp_seqindex != UINT16_MAX && (*repl = nfkc_of(cp)) != NULL) {
        const uint8_t *r = (const uint8_t *)*repl;
        size_t rl = strlen(*repl);
        if (rl == 0) return ACT_DROP;
        zj_utf8_next(r, &first);
        size_t i = rl - 1;
        while (i > 0 && (r[i] & 0xC0) == 0x80) i--;
        zj_utf8_next(r + i, &last);
        f |= ACT_REPL;
    }
    if (is_narrow_word(first)) f |= F_WORD;
    if (is_narrow_word(last)) f |= F_WORD_END;
    return f;
}

static void build_block(unsigned b)
{
    struct zj_buf p = ZJ_BUF_INIT;
    zj_buf_addch(&p, '\0'); /* offset 0 = none */
    for (int32_t cp = (int32_t)b << BLOCK_BITS; cp < (int32_t)(b + 1) << BLOCK_BITS; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        char *r;
        atomic_store_explicit(&cls[cp], classify(cp, &r), memory_order_relaxed);
        if (r) {
            size_t rl = strlen(r);
            assert(p.len < 1u << 24 && rl < 256); /* NFKC of one BMP character: under 60 bytes */
            repl_at[cp] = (uint32_t)p.len | (uint32_t)rl << 24;
            zj_buf_add(&p, r, rl + 1);
            free(r);
        }
    }
    pool[b] = zj_buf_detach(&p, NULL);
    atomic_store_explicit(&ready[b], 1, memory_order_release);
}

static void build_block_once(unsigned b)
{
    pthread_mutex_lock(&build_lock);
    if (!atomic_load_explicit(&ready[b], memory_order_relaxed)) build_block(b);
    pthread_mutex_unlock(&build_lock);
}

/* The table entry of a BMP code point, its block filled first if needed. */
static inline uint8_t bmp_class(int32_t cp)
{
    unsigned b = (unsigned)cp >> BLOCK_BITS;
    if (__builtin_expect(!atomic_load_explicit(&ready[b], memory_order_acquire), 0))
        build_block_once(b);
    return atomic_load_explicit(&cls[cp], memory_order_relaxed);
}

/* Once per process: the ideograph blocks, which every Chinese text uses and
 * whose plainness the run skipping relies on. */
static void build_table(void)
{
    for (int32_t cp = 0; cp < 0x10000; cp++)
        atomic_store_explicit(&cls[cp], UNBUILT, memory_order_relaxed);
    ideographs_plain = 1;
    for (int32_t cp = 0x4E00; cp <= 0x9FFF; cp++)
        ideographs_plain &= bmp_class(cp) == (ACT_KEEP | F_TEXT);
}

/* Per character of every document (coverage counts text characters in
 * each section): the table, not a utf8proc lookup.  Every BMP character the
 * table classifies before its F_TEXT test (LF, whitespace) is no letter or
 * digit; surrogates are no characters. */
int zj_is_text_char_lookup(int32_t cp)
{
    if (cp < 0 || cp >= 0x10000) return text_char(cp);
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0; /* never classified: UNBUILT, F_TEXT set */
    pthread_once(&table_once, build_table);
    return (bmp_class(cp) & F_TEXT) != 0;
}

struct out {
    struct zj_norm *n;
    int want_map;
    int pending_space;
    size_t space_at; /* code point index of the whitespace run */
    int prev_word;   /* last emitted character is a narrow letter/digit */
};

static void append(struct zj_buf *t, const void *p, size_t l)
{
    if (t->len + l + 1 > t->alloc) zj_buf_grow(t, l);
    memcpy(t->ptr + t->len, p, l);
    t->len += l;
}

/* Appends l bytes of whole characters copied as they are, the first of
 * which is decoded code point `at`; with the map, each byte maps to the
 * character it is part of, a character at a time (a replacement, all of
 * whose bytes map to one character, goes through emit). */
static void append_mapped(struct out *o, const uint8_t *p, size_t l, size_t at)
{
    struct zj_buf *t = &o->n->text;
    if (o->want_map && l) {
        uint32_t *m = o->n->map =
            zj_xgrow(o->n->map, sizeof *o->n->map, t->len + l + 1, &o->n->map_alloc);
        uint32_t c = (uint32_t)at;
        m += t->len;
        for (size_t i = 0; i < l; c++) {
            size_t k = (size_t)zj_utf8_len(p[i]);
            for (size_t j = 0; j < k; j++)
                m[i + j] = c;
            i += k;
        }
    }
    append(t, p, l);
}

static inline void emit(struct out *o, const char *s, size_t l, size_t at)
{
    struct zj_buf *t = &o->n->text;
    if (o->want_map) {
        o->n->map = zj_xgrow(o->n->map, sizeof *o->n->map, t->len + l + 1, &o->n->map_alloc);
        for (size_t i = 0; i < l; i++) o->n->map[t->len + i] = (uint32_t)at;
    }
    append(t, s, l);
}

static inline void emit_visible(struct out *o, const char *s, size_t l, size_t at, uint8_t f)
{
    if (o->pending_space && o->prev_word && (f & F_WORD)) emit(o, " ", 1, o->space_at);
    o->pending_space = 0;
    emit(o, s, l, at);
    o->prev_word = (f & F_WORD_END) != 0;
}

/* A combining mark composes with what precedes it: renormalize the last
 * starter and the run of marks together and replace the starter's output. */
static size_t combine_run(struct out *o, const uint8_t *s, size_t len, size_t starter_byte,
                          size_t starter_out, size_t i, size_t starter_cp)
{
    size_t j = i;
    while (j < len) {
        int32_t cp;
        int l = zj_utf8_next(s + j, &cp);
        if (!utf8proc_get_property(cp)->combining_class) break;
        j += (size_t)l;
    }
    utf8proc_uint8_t *r = NULL;
    utf8proc_ssize_t rl = utf8proc_map(s + starter_byte, (utf8proc_ssize_t)(j - starter_byte), &r,
                                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    o->n->text.len = starter_out;
    if (rl > 0) emit(o, (const char *)r, (size_t)rl, starter_cp);
    free(r);
    return j;
}

static uint8_t class_of(int32_t cp, char **slow_repl)
{
    *slow_repl = NULL;
    if (cp < 0x10000) return bmp_class(cp);
    return classify(cp, slow_repl);
}

#if defined(__SSE2__)
/*
 * Skips from j (a character boundary) over ideographs U+4E00..U+9FFF, six
 * at a time: in well-formed text, lead bytes E4..E9 at offsets 0, 3, ... 15
 * of a block, each E4 followed by B8 or more, mean eighteen bytes of such
 * characters.  Returns the end of the skipped ideographs.
 */
static size_t skip_ideographs(const uint8_t *s, size_t j, size_t len)
{
    /* signed bytes: continuations 80..BF < B8 threshold; leads E3 < E4..E9 < EA */
    const __m128i e3 = _mm_set1_epi8((char)0xE3), ea = _mm_set1_epi8((char)0xEA);
    const __m128i e4 = _mm_set1_epi8((char)0xE4), b8 = _mm_set1_epi8((char)0xB8);
    const unsigned leads = 0x9249; /* offsets 0, 3, 6, 9, 12, 15 */
    while (j + 18 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + j));
        __m128i w = _mm_loadu_si128((const __m128i *)(s + j + 1)); /* each lead's second byte */
        __m128i in_e4_e9 = _mm_and_si128(_mm_cmpgt_epi8(v, e3), _mm_cmpgt_epi8(ea, v));
        __m128i below_4e00 = _mm_and_si128(_mm_cmpeq_epi8(v, e4), _mm_cmpgt_epi8(b8, w));
        unsigned ok = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(below_4e00, in_e4_e9));
        unsigned miss = ~ok & leads;
        if (miss) return j + (unsigned)__builtin_ctz(miss);
        j += 18;
    }
    return j;
}
#else
static size_t skip_ideographs(const uint8_t *s, size_t j, size_t len)
{
    (void)s, (void)len;
    return j;
}
#endif

/*
 * The common case: a run of characters NFKC leaves alone (CJK, ASCII
 * letters and digits, most punctuation) or replaces by its table entry (the
 * full-width ，（）：; a replacement in a run needs none of emit_visible's
 * checks, as no whitespace is pending inside a run), copied a stretch at a
 * time.  Returns the bytes taken; *last is the start of the run's last
 * character and *last_out where its output starts (the starter a combining
 * mark after the run would join).
 */
static size_t copy_plain_run(struct out *o, const uint8_t *s, size_t i, size_t len, size_t *cpi,
                             size_t *last, size_t *last_out)
{
    struct zj_buf *t = &o->n->text;
    size_t j = i, from = i, from_cp = *cpi; /* [from, j): taken, not yet copied */
    uint8_t f = 0;
    while (j < len) {
        if (ideographs_plain && s[j] >= 0xE4 && s[j] <= 0xE9) {
            size_t k = skip_ideographs(s, j, len), nk = (k - j) / 3;
            if (nk) {
                o->n->chars += nk;
                *cpi += nk;
                *last = k - 3;
                f = ACT_KEEP | F_TEXT;
                j = k;
                continue;
            }
        }
        int32_t cp;
        int l = s[j] < 0x80 ? (cp = s[j], 1) : zj_utf8_next(s + j, &cp);
        if (cp >= 0x10000 || cp == '\n') break;
        uint8_t g = atomic_load_explicit(&cls[cp], memory_order_relaxed); /* UNBUILT stops */
        if ((g & (ACT_MASK | F_COMBINING)) != ACT_KEEP) {
            /* a replacement's pool is published by `ready`: until this
             * thread sees it (acquire), the checked path builds or waits */
            if ((g & (ACT_MASK | F_COMBINING)) != ACT_REPL ||
                !atomic_load_explicit(&ready[cp >> BLOCK_BITS], memory_order_acquire))
                break;
            append_mapped(o, s + from, j - from, from_cp);
            *last_out = t->len;
            size_t rl;
            const char *r = repl_of(cp, &rl);
            emit(o, r, rl, *cpi);
            from = j + (size_t)l, from_cp = *cpi + 1;
        }
        f = g;
        o->n->chars += (g & F_TEXT) != 0;
        *last = j;
        j += (size_t)l;
        ++*cpi;
    }
    if (j == i) return 0;
    if (*last >= from) *last_out = t->len + (*last - from); /* the last one is copied as it is */
    append_mapped(o, s + from, j - from, from_cp);
    o->prev_word = (f & F_WORD_END) != 0;
    return j - i;
}

void zj_normalize(const char *text, size_t len, unsigned flags, struct zj_norm *n)
{
    pthread_once(&table_once, build_table);
    const uint8_t *s = (const uint8_t *)text;
    struct out o = {n, (flags & ZJ_NORM_MAP) != 0, 0, 0, 0};
    n->text.len = 0;
    zj_buf_grow(&n->text, len);
    n->chars = 0;
    size_t cpi = 0, starter_byte = 0, starter_out = 0, starter_cp = 0;
    for (size_t i = 0; i < len; cpi++) {
        if (!o.pending_space && !(flags & ZJ_NORM_CHECKED)) {
            size_t last = i, last_out = 0;
            size_t took = copy_plain_run(&o, s, i, len, &cpi, &last, &last_out);
            if (took) {
                /* the run's last character is the starter a combining mark would join */
                starter_byte = last, starter_out = last_out, starter_cp = cpi - 1;
                i += took;
                if (i == len) break;
                /* what stopped the run is no plain character: on to it directly */
            }
        }
        int32_t cp;
        int l = zj_utf8_next(s + i, &cp);
        char *slow;
        uint8_t f = class_of(cp, &slow);
        n->chars += (f & F_TEXT) != 0;
        if ((f & F_COMBINING) && i > 0) {
            size_t j = combine_run(&o, s, len, starter_byte, starter_out, i, starter_cp);
            cpi += zj_utf8_count(s + i, j - i) - 1;
            i = j;
            free(slow);
            continue;
        }
        if (cp == '\n') {
            emit(&o, "\n", 1, cpi);
            o.pending_space = o.prev_word = 0;
        } else if ((f & ACT_MASK) == ACT_SPACE) {
            if (!o.pending_space) o.space_at = cpi;
            o.pending_space = 1;
        } else if ((f & ACT_MASK) != ACT_DROP) {
            starter_byte = i, starter_out = n->text.len, starter_cp = cpi;
            if (slow) emit_visible(&o, slow, strlen(slow), cpi, f);
            else if ((f & ACT_MASK) == ACT_REPL) {
                size_t rl;
                const char *r = repl_of(cp, &rl);
                emit_visible(&o, r, rl, cpi, f);
            } else
                emit_visible(&o, (const char *)s + i, (size_t)l, cpi, f);
        }
        free(slow);
        i += (size_t)l;
    }
    n->text.ptr[n->text.len] = '\0';
    n->codepoints = cpi;
}

void zj_normalize_str(const char *s, size_t len, struct zj_buf *out)
{
    struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
    zj_normalize(s, len, 0, &n);
    zj_buf_add(out, n.text.ptr, n.text.len);
    zj_norm_release(&n);
}

void zj_norm_release(struct zj_norm *n)
{
    zj_buf_release(&n->text);
    free(n->map);
    n->map = NULL;
    n->map_alloc = 0;
}
