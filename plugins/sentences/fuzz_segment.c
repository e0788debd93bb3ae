/*
 * fuzz_segment.c - libFuzzer target: any bytes, both newline modes; checks
 * that spans are ordered, inside the text, and that sentences are made of
 * whole tokens.  Build and run (from plugins/sentences):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -o /tmp/sbd-fuzz \
 *         dev/fuzz_segment.c chars.c abbrev.c tokenize.c segment.c
 *   SBD_DATA=data/abbrev_en.txt SBD_LOWER=data/lowercase_en.txt \
 *       /tmp/sbd-fuzz -max_total_time=300 -max_len=4096
 */
#include <stdint.h>
#include <stdlib.h>

#include "segment.h"

static sbd_model *model;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *p = getenv("SBD_DATA");
    const char *q = getenv("SBD_LOWER"); /* the learned list; "" for none */
    model = sbd_model_new();
    if (model && sbd_model_load_abbrevs(model, p ? p : "data/abbrev_en.txt", NULL, 0))
        abort();
    if (model && !(q && !*q) && sbd_model_load_abbrevs(model, q ? q : "data/lowercase_en.txt", NULL, 0))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sbd_spans t, s;
    for (int soft = 0; soft < 2; soft++) {
        sbd_opts o = {soft};
        if (sbd_segment_spans(model, &o, (const char *)data, size, &t, &s))
            abort();
        size_t prev = 0, k = 0;
        for (size_t i = 0; i < t.n; i++) {
            if (t.v[i].start < prev || t.v[i].end <= t.v[i].start || t.v[i].end > size)
                abort();
            prev = t.v[i].end;
        }
        for (size_t i = 0; i < s.n; i++) {
            if (k >= t.n || s.v[i].start != t.v[k].start)
                abort();
            while (k < t.n && t.v[k].end < s.v[i].end) k++;
            if (k >= t.n || s.v[i].end != t.v[k].end)
                abort();
            k++;
        }
        if (k != t.n)
            abort();
    }
    return 0;
}
