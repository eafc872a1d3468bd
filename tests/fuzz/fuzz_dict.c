/* fuzz_dict.c - dictionary loading (literal and re: entries, PCRE2 included)
 * and matching with whatever loaded: errors are reported, never a crash or
 * a hang (PCRE2 match limits). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "terms/dict.h"
#include "terms/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    if (zj_dict_load_buffer(d, (const char *)data, size, "fuzz.tsv", &err) == ZJ_OK && d->nentries) {
        zj_dict_finish(d);
        static const char text[] = "全面从严治党，两个维护、四个意识，aaaaaaaaaaaaaaaaaaaaaaaaaaaa党风廉政建设123";
        struct zj_matcher m;
        zj_matcher_init(&m, d);
        zj_match(&m, text, sizeof text - 1, ZJ_MATCH_NESTED, &err);
        zj_matcher_release(&m);
    }
    zj_dict_free(d);
    return 0;
}
