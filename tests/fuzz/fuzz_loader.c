/*
 * fuzz_loader - libFuzzer target: what the plugin loader reads from files
 * it has not vetted yet.  The first byte picks:
 *   even: a libtool .la file (tp__la_parse); a dlname it accepts must be a
 *         plain file name;
 *   odd:  a hostile plugin descriptor built from the bytes (ABI numbers,
 *         struct size, name, type lists, option table with names, types,
 *         defaults, ranges and choices) through tp__plugin_check().
 */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct reader {
    const uint8_t *p;
    size_t n;
    char *pool; /* NUL-terminated strings cut from the input */
    size_t used;
} reader;

static unsigned byte(reader *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

/* A string (up to 24 bytes, up to a 0 byte) or NULL when the flag byte says. */
static const char *str(reader *r, bool nullable)
{
    if (nullable && (byte(r) & 7) == 0)
        return NULL;
    size_t len = byte(r) % 25;
    char *s = r->pool + r->used;
    size_t k = 0;
    while (k < len && r->n && *r->p) {
        s[k++] = (char)*r->p++;
        r->n--;
    }
    s[k] = '\0';
    r->used += k + 1;
    return s;
}

static int dummy_init(tp_init *ini, void **state)
{
    (void)ini;
    *state = NULL;
    return TP_OK;
}

static int dummy_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)state, (void)doc, (void)ctx;
    return TP_OK;
}

static const char *const *list(reader *r, const char **store)
{
    unsigned n = byte(r) % 5;
    if (n == 4)
        return NULL;
    for (unsigned i = 0; i < n; i++) store[i] = str(r, false);
    store[n] = NULL;
    return store;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] % 2 == 0) {
        char *dlname = NULL, *why = NULL;
        bool installed;
        if (tp__la_parse((const char *)data + 1, size - 1, &dlname, &installed, &why) == 0) {
            if (!dlname || !*dlname || strchr(dlname, '/') || strcmp(dlname, "..") == 0)
                abort();
        } else if (!why || dlname) {
            abort();
        }
        free(dlname);
        free(why);
        return 0;
    }
    reader r = {data + 1, size - 1, malloc(size * 2 + 64), 0};
    tp_plugin d;
    memset(&d, 0, sizeof d);
    d.abi_major = byte(&r) % 3;
    d.abi_minor = byte(&r) % 3;
    d.struct_size = (uint32_t)(byte(&r) << 2);
    const char *name = str(&r, false);
    d.name = (byte(&r) & 3) ? name : str(&r, true);
    d.version = str(&r, true);
    const char *produces[5], *consumes[5], *optional[5];
    d.produces = list(&r, produces);
    d.consumes = list(&r, consumes);
    d.consumes_optional = list(&r, optional);
    unsigned flags = byte(&r);
    d.init = flags & 1 ? dummy_init : NULL;
    d.process = flags & 2 ? dummy_process : NULL;
    tp_option_spec opts[9];
    memset(opts, 0, sizeof opts);
    unsigned nopts = byte(&r) % 9;
    for (unsigned i = 0; i < nopts; i++) {
        opts[i].name = str(&r, false);
        opts[i].type = (tp_option_type)(byte(&r) % 7);
        opts[i].default_value = str(&r, true);
        opts[i].required = byte(&r) & 1;
        opts[i].min = (double)(int8_t)byte(&r);
        opts[i].max = (double)(int8_t)byte(&r);
        opts[i].choices = str(&r, true);
    }
    d.options = (byte(&r) & 3) ? opts : NULL;
    char *why = tp__plugin_check(&d, name, "/fuzz/plugin.so");
    free(why);
    free(r.pool);
    return 0;
}
