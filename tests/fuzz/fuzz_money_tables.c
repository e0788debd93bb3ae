/* fuzz_money_tables - libFuzzer target: the currency plugin's tables
 * (currencies.tsv, locales.tsv, the ISO 4217 JSON) on arbitrary bytes.  The
 * first byte picks which file the rest replaces; the others are the real
 * ones, so the fuzzed file meets realistic company. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 65536 > cap) {
            cap = cap * 2 + 65536;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        size_t r = fread(buf + *len, 1, 65536, f);
        *len += r;
        if (r == 0)
            break;
    }
    fclose(f);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *real[2];
    static size_t real_len[2];
    static const char *names[2] = {"currencies.tsv", "locales.tsv"};
    if (!real[0]) {
        const char *dir = getenv("MONEY_DATA_DIR");
        char p[600];
        for (int i = 0; i < 2; i++) {
            snprintf(p, sizeof p, "%s/%s", dir ? dir : "plugins/currency/data", names[i]);
            real[i] = slurp(p, &real_len[i]);
        }
    }
    if (size < 1)
        return 0;
    int which = data[0] % 3;
    for (int i = 0; i < 2; i++)
        if (which == i)
            fuzz_write(names[i], data + 1, size - 1);
        else
            fuzz_write(names[i], real[i], real_len[i]);
    money_opts o;
    money_opts_init(&o);
    char iso[700];
    if (which == 2) {
        snprintf(iso, sizeof iso, "%s", fuzz_write("iso_4217.json", data + 1, size - 1));
        o.iso4217_path = iso;
    }
    char err[512];
    money_ctx_free(money_ctx_new(&o, fuzz_dir(), err, sizeof err));
    return 0;
}
