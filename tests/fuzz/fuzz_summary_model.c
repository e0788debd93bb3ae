/* fuzz_summary_model - libFuzzer target: the summary plugin's stop-word
 * list and weights file readers on arbitrary bytes (the input is split at
 * a line "----": stop words, then weights). */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "summ.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[2];
    size_t len[2];
    size_t n = fuzz_split(data, size, part, len, 2);
    summ_model *m = summ_model_new();
    if (!m)
        abort();
    char err[256];
    summ_model_load_stopwords_mem(m, "stopwords.txt", (const char *)part[0], len[0], err, sizeof err);
    if (n > 1)
        summ_model_load_weights_mem(m, "weights.tsv", (const char *)part[1], len[1], err, sizeof err);
    else
        summ_model_load_weights_mem(m, "weights.tsv", (const char *)part[0], len[0], err, sizeof err);
    summ_model_free(m);
    return 0;
}
