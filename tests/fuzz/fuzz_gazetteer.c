/* fuzz_gazetteer - libFuzzer target: the NER plugin's newsroom gazetteer
 * reader on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "ner_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("gazetteer.tsv", data, size);
    char err[256];
    ner_gazetteer_free(ner_gazetteer_load(path, err, sizeof err));
    return 0;
}
