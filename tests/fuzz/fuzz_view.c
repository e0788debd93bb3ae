/*
 * fuzz_view - libFuzzer target: `textpipe view` (core/cli/html.c and its
 * rooms in core/cli/view/) rendering untrusted records - any bytes as a
 * JSON Lines file, with each offset unit.  Oracles: the render completes
 * and the page is UTF-8; the same bytes escaped (view/esc.h) are UTF-8 and
 * hold no character that could open markup or leave an attribute.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "fuzz_file.h"
#include "html.h"
#include "utf8.h"
#include "view/esc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int collect(void *arg, const char *data, size_t len)
{
    tp__buf_append(arg, data, len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path = fuzz_write("records.jsonl", data + 1, size - 1);
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    tp__html_opts o = {0};
    o.offsets = (tp__offset_unit)(data[0] % 3);
    o.sentences = data[0] & 4;
    o.page_size = 1 + data[0] / 8 % 4;
    FILE *in[1] = {f};
    const char *names[1] = {"records.jsonl"};
    tp__buf page = {0};
    char err[256];
    if (tp__html_render(in, names, 1, &o, collect, &page, err, sizeof err) != 0)
        abort(); /* a regular file that reads fine: nothing may fail */
    if (tp__utf8_check(page.data, page.len).status != TP_UTF8_OK)
        abort();
    tp__buf_free(&page);
    fclose(f);

    for (int ctx = 0; ctx < 2; ctx++) {
        tp__buf e = {0};
        tp__view_esc(&e, (const char *)data, size, ctx ? TP__VIEW_ATTR : TP__VIEW_TEXT);
        if (tp__utf8_check(e.data, e.len).status != TP_UTF8_OK)
            abort(); /* a NUL would be reported too */
        for (size_t i = 0; i < e.len; i++)
            if (e.data[i] == '<' || e.data[i] == '>' || e.data[i] == '\r' ||
                (ctx && (e.data[i] == '"' || e.data[i] == '\'' || e.data[i] == '\n')))
                abort();
        tp__buf_free(&e);
    }
    return 0;
}
