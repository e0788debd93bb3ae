/*
 * fuzz_jsonl - libFuzzer target: one JSON Lines record through the reader,
 * the document model and the writer.  Whatever the reader accepts must come
 * out as UTF-8 JSON that cJSON parses, with the same id and text.
 */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc_impl.h"
#include "json_out.h"
#include "jsonl.h"
#include "names.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp__names types, feats;
    tp__names_init(&types);
    tp__names_init(&feats);
    tp_type sent = tp__names_intern(&types, "sentence");
    tp_doc *doc = tp__doc_new(&types);
    tp__doc_begin(doc);
    tp__jsonl_record rec;
    tp__json_error err;
    if (tp__jsonl_parse((const char *)data, size, tp__doc_arena(doc), &rec, &err) == 0) {
        tp__doc_problem why;
        if (tp__doc_set(doc, rec.id, rec.text, rec.text_len, &why) == 0) {
            for (size_t i = 0; i < rec.nmeta; i++)
                tp__doc_add_meta(doc, rec.meta[i].key, rec.meta[i].raw, rec.meta[i].raw_len);
            /* A span over every character boundary pair, for offset maps. */
            size_t len;
            const char *t = tp_doc_text(doc, &len);
            size_t prev = 0;
            for (size_t i = 1; i <= len; i++)
                if (i == len || ((unsigned char)t[i] & 0xC0) != 0x80) {
                    tp_doc_add_span(doc, sent, prev, i);
                    prev = i;
                }
            if (tp__doc_end_stage(doc))
                abort();
            bool visible[2] = {false, true};
            tp__write_opts o = {TP_OFFSETS_UTF16, true, visible, 2, &types, &feats};
            tp__buf out = {0};
            tp__json_write_doc(&out, doc, &o);
            /* RFC 8259: UTF-8, which cJSON does not check. */
            if (tp__utf8_check(out.data, out.len).status != TP_UTF8_OK)
                abort();
            cJSON *j = cJSON_ParseWithLength(out.data, out.len);
            if (!j)
                abort(); /* the writer produced invalid JSON */
            const cJSON *jt = cJSON_GetObjectItemCaseSensitive(j, "text");
            /* cJSON strings stop at NUL, which documents never hold. */
            if (!cJSON_IsString(jt) || strlen(jt->valuestring) != rec.text_len ||
                memcmp(jt->valuestring, rec.text, rec.text_len) != 0)
                abort();
            cJSON_Delete(j);
            tp__buf_free(&out);
        }
    }
    tp__doc_free(doc);
    tp__names_free(&types);
    tp__names_free(&feats);
    return 0;
}
