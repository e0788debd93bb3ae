/* fuzz_wire.c - the runner's frame reader (wire.h) over arbitrary bytes in
 * arbitrary pieces.  It must never read past a frame, never crash, and
 * every request frame it delivers must split into parts inside it. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t step = 1 + data[0];
    tp__wire_reader r = {.is_request = data[1] & 1};
    const char *p = (const char *)data + 2;
    size_t left = size - 2;
    while (left) {
        size_t n = left < step ? left : step, used;
        int rc = tp__wire_feed(&r, p, n, &used);
        if (used > n)
            abort();
        p += used;
        left -= used;
        if (rc == TP__WIRE_BROKEN)
            break;
        if (rc == TP__WIRE_FRAME && r.is_request) {
            tp__wire_request q;
            if (tp__wire_parse_request(&r, &q) == 0) {
                if (q.id + q.id_len > r.payload + r.payload_len || q.meta + q.meta_len > r.payload + r.payload_len)
                    abort();
                size_t at = 0;
                const char *k, *v;
                size_t kl, vl;
                while (tp__wire_next_meta(&q, &at, &k, &kl, &v, &vl) == 1)
                    if (v + vl > q.meta + q.meta_len)
                        abort();
            }
        }
        if (rc == TP__WIRE_AGAIN && used == 0)
            abort(); /* no progress on a non-empty piece */
    }
    tp__wire_reader_free(&r);
    return 0;
}
