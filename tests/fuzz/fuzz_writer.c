/*
 * fuzz_writer - libFuzzer target: the JSON writer fed what plugins supply -
 * feature names (through the same name checks as tp_init_feat), feature
 * values of every kind including NaN and infinities, spans anywhere on
 * character boundaries - written with each offset unit.  Input: the text,
 * a line "----", feature names one per line, a line "----", bytes that
 * drive spans and values.  Oracle: the record is UTF-8, parses, has no
 * object with a key twice, and every span's start/end select its own text
 * in the unit written.
 */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc_impl.h"
#include "fuzz_file.h"
#include "json_out.h"
#include "names.h"
#include "utf8.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void no_duplicate_keys(const cJSON *j)
{
    for (const cJSON *c = j ? j->child : NULL; c; c = c->next) {
        if (cJSON_IsObject(j))
            for (const cJSON *o = c->next; o; o = o->next)
                if (strcmp(c->string, o->string) == 0)
                    abort();
        no_duplicate_keys(c);
    }
}

/* Byte offset of unit offset `u` in text[0..len), or -1. */
static long byte_of(const char *text, size_t len, size_t u, tp__offset_unit unit)
{
    if (unit == TP_OFFSETS_BYTES)
        return u <= len ? (long)u : -1;
    size_t i = 0, k = 0;
    while (k < u && i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        k += unit == TP_OFFSETS_UTF16 && n == 4 ? 2 : 1;
        i += n;
    }
    return k == u ? (long)i : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[3];
    size_t len[3];
    if (fuzz_split(data, size, part, len, 3) < 3)
        return 0;
    tp__names types, feats;
    tp__names_init(&types);
    tp__names_init(&feats);
    tp_type layer = tp__names_intern(&types, "x");
    tp_feat ids[64];
    size_t nids = 0;
    char *names = tp__xstrndup((const char *)part[1], len[1]);
    char *save = NULL;
    for (char *s = strtok_r(names, "\n", &save); s && nids < 64; s = strtok_r(NULL, "\n", &save)) {
        char *why = tp__feat_name_problem(&feats, s);
        if (why)
            free(why);
        else
            ids[nids++] = tp__names_intern(&feats, s);
    }
    free(names);
    tp_doc *doc = tp__doc_new(&types);
    tp__doc_begin(doc);
    char *text = tp__arena_strndup(tp__doc_arena(doc), (const char *)part[0], len[0]);
    tp__doc_problem why;
    if (nids && tp__doc_set(doc, "fuzz", text, len[0], &why) == 0) {
        size_t *bounds = malloc((len[0] + 1) * sizeof *bounds);
        size_t nb = 0;
        for (size_t i = 0; i <= len[0]; i++)
            if (tp__utf8_is_boundary(text, len[0], i))
                bounds[nb++] = i;
        const uint8_t *b = part[2];
        size_t bn = len[2];
        while (bn >= 4) {
            size_t x = bounds[b[0] % nb], y = bounds[b[1] % nb];
            size_t k = tp_doc_add_span(doc, layer, x < y ? x : y, x < y ? y : x);
            tp_feat f = ids[b[2] % nids];
            double specials[] = {NAN, INFINITY, -INFINITY, 0.1, -0.0, 1e308, 5e-324};
            switch (b[3] % 6) {
            case 0: tp_span_set_int(doc, layer, k, f, (int64_t)((uint64_t)b[3] << 56 | b[2])); break;
            case 1: tp_span_set_double(doc, layer, k, f, specials[b[2] % 7]); break;
            case 2: tp_span_set_bool(doc, layer, k, f, b[2] & 1); break;
            case 3: tp_span_set_str(doc, layer, k, f, text + (x < y ? x : y), x < y ? y - x : x - y); break;
            case 4: tp_span_set_static_str(doc, layer, k, f, "lit\xc3\xa9"); break;
            default: tp_span_set_ref(doc, layer, k, f, layer, 0); break;
            }
            b += 4;
            bn -= 4;
        }
        free(bounds);
        if (tp__doc_end_stage(doc)) {
            tp__doc_free(doc);
            tp__names_free(&types);
            tp__names_free(&feats);
            return 0;
        }
        bool visible[2] = {false, true};
        for (int unit = 0; unit < 3; unit++) {
            tp__write_opts o = {(tp__offset_unit)unit, true, visible, 2, &types, &feats};
            tp__buf out = {0};
            tp__json_write_doc(&out, doc, &o);
            if (tp__utf8_check(out.data, out.len).status != TP_UTF8_OK)
                abort();
            cJSON *j = cJSON_ParseWithLength(out.data, out.len);
            if (!j)
                abort();
            no_duplicate_keys(j);
            const cJSON *spans =
                cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "annotations"), "x");
            const cJSON *s;
            cJSON_ArrayForEach(s, spans)
            {
                const cJSON *st = cJSON_GetObjectItemCaseSensitive(s, "start");
                const cJSON *en = cJSON_GetObjectItemCaseSensitive(s, "end");
                const cJSON *tx = cJSON_GetObjectItemCaseSensitive(s, "text");
                long bs = byte_of(text, len[0], (size_t)st->valuedouble, (tp__offset_unit)unit);
                long be = byte_of(text, len[0], (size_t)en->valuedouble, (tp__offset_unit)unit);
                if (bs < 0 || be < bs || strlen(tx->valuestring) != (size_t)(be - bs) ||
                    memcmp(tx->valuestring, text + bs, (size_t)(be - bs)) != 0)
                    abort();
            }
            cJSON_Delete(j);
            tp__buf_free(&out);
        }
    }
    tp__doc_free(doc);
    tp__names_free(&types);
    tp__names_free(&feats);
    return 0;
}
