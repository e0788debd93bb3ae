/* fuzz_ner_model - libFuzzer target: the NER plugin's binary model reader
 * (ner-conll03-en.model) on arbitrary bytes, read from a file as the plugin
 * does. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "ner_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("fuzz.model", data, size);
    char err[256];
    ner_model *m = ner_model_load(path, err, sizeof err);
    ner_model_free(m);
    return 0;
}
