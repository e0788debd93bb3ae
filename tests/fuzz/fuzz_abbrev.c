/* fuzz_abbrev - libFuzzer target: the sentences plugin's abbreviation list
 * parser (data/abbrev_en.txt and newsroom lists) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sbd_model *m = sbd_model_new();
    if (!m)
        abort();
    char err[256];
    sbd_model_load_abbrevs_mem(m, "fuzz.txt", (const char *)data, size, err, sizeof err);
    /* A second list adds to (or removes from) the first. */
    sbd_model_load_abbrevs_mem(m, "fuzz2.txt", (const char *)data, size / 2, err, sizeof err);
    sbd_model_free(m);
    return 0;
}
