/* fuzz_clusters - libFuzzer target: the NER plugin's word-cluster file
 * reader (Brown clusters, data/brown-cnndm-c1000.txt) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "ner_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("clusters.txt", data, size);
    char err[256];
    ner_lexicon lx;
    ner_lexicon_init(&lx);
    if (ner_lexicon_load_clusters(&lx, path, err, sizeof err) == 0) {
        uint32_t bits = 0, len = 0;
        ner_lexicon_cluster(&lx, "the", 3, &bits, &len);
    }
    ner_lexicon_free(&lx);
    return 0;
}
