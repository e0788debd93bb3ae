/* fuzz_rates - libFuzzer target: the currency plugin's ECB rates CSV
 * reader (eurofxref.csv / eurofxref-hist.csv) on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "money_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("rates.csv", data, size);
    char err[256];
    money_rates *r = money__rates_load(path, err, sizeof err);
    money__rates_free(r);
    return 0;
}
