/* fuzz_input.c - input framing (input.h) over arbitrary bytes.
 *
 * The first byte picks the format and a small size limit, so over-long
 * lines, CR, BOM, blank lines and a last line without a newline all come
 * up.  Every item must be a document within the limit with a non-empty id
 * and no NUL in it, or an error item with a code and a message; the reader
 * must end, and never yield more items than there are lines. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    tp__input_opts o = {.format = data[0] & 1 ? TP__FMT_JSONL : TP__FMT_TEXT,
                        .max_doc_bytes = 1 + (size_t)(data[0] >> 1) * 4};
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    tp__input *in = tp__input_open_mem(text, len, "fuzz", &o);
    tp__arena a;
    tp__arena_init(&a, 4096);
    tp__item it;
    size_t items = 0;
    int rc;
    while ((rc = tp__input_next(in, &a, &it)) == TP__INPUT_ITEM) {
        items++;
        if (items > lines)
            abort();
        if (!it.id || it.id_len != strlen(it.id))
            abort();
        if (it.is_error) {
            if (!it.code || !it.message[0])
                abort();
        } else {
            if (!it.id_len || it.len > o.max_doc_bytes || !it.text)
                abort();
        }
        tp__arena_reset(&a);
    }
    if (rc != TP__INPUT_END)
        abort();
    tp__arena_free(&a);
    tp__input_close(in);
    return 0;
}
