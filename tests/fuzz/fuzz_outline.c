/* fuzz_outline.c - title/metadata parsing and the outline parser: never
 * crash, and the nodes' own spans always partition the document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/meta.h"
#include "doc/outline.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (zj_utf8_valid_prefix(data, size) != size || memchr(data, 0, size)) return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct zj_meta m = {0};
    zj_meta_from_title(text, size, &m);
    if (m.year && (m.year < 1949 || m.year > 2100)) abort();
    struct zj_outline o;
    zj_outline_parse(text, size, m.title_line, &o);
    if (!o.count || o.nodes[0].start != 0 || o.nodes[o.count - 1].end != o.codepoints) abort();
    for (size_t k = 0; k + 1 < o.count; k++)
        if (o.nodes[k].end != o.nodes[k + 1].start || o.nodes[k].start > o.nodes[k].end) abort();
    zj_outline_release(&o);
    zj_meta_release(&m);
    free(text);
    return 0;
}
