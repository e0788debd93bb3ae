/* view/values.c - values from records, written for the page (see values.h). */
#include "autoconfig.h"

#include "view/values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/esc.h"

const char *tp__view_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double tp__view_num(const cJSON *o, const char *key, bool *has)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *has = cJSON_IsNumber(v);
    return *has ? v->valuedouble : NAN;
}

void tp__view_put_num(tp__buf *b, double v)
{
    if (!isfinite(v)) {
        tp__buf_puts(b, "NaN");
        return;
    }
    /* 15 significant digits are enough for most values and read better;
     * 17 always read back. */
    char s[40];
    snprintf(s, sizeof s, "%.15g", v);
    if (strtod(s, NULL) != v)
        snprintf(s, sizeof s, "%.17g", v);
    tp__buf_puts(b, s);
}

void tp__view_put_amount(tp__buf *b, double v)
{
    if (!isfinite(v)) {
        tp__buf_puts(b, "?");
        return;
    }
    char s[64];
    double a = fabs(v);
    if (a >= 1e15 || (a > 0 && a < 0.01)) {
        snprintf(s, sizeof s, "%.6g", v);
        tp__buf_puts(b, s);
        return;
    }
    if (a == floor(a))
        snprintf(s, sizeof s, "%.0f", a);
    else
        snprintf(s, sizeof s, "%.2f", a);
    if (v < 0)
        tp__buf_putc(b, '-');
    const char *dot = strchr(s, '.');
    size_t int_len = dot ? (size_t)(dot - s) : strlen(s);
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            tp__buf_putc(b, ',');
        tp__buf_putc(b, s[i]);
    }
    if (dot)
        tp__buf_puts(b, dot);
}

/* s, cut after TP__VIEW_VALUE_SHOWN_MAX bytes. */
static void put_clipped(tp__buf *b, const char *s)
{
    bool cut;
    tp__buf_append(b, s, tp__view_clip(s, strlen(s), TP__VIEW_VALUE_SHOWN_MAX, &cut));
    if (cut)
        tp__buf_puts(b, "\xE2\x80\xA6");
}

void tp__view_value_text(tp__buf *b, const cJSON *v)
{
    if (cJSON_IsString(v))
        put_clipped(b, v->valuestring);
    else if (cJSON_IsNumber(v))
        tp__view_put_num(b, v->valuedouble);
    else if (cJSON_IsTrue(v))
        tp__buf_puts(b, "true");
    else if (cJSON_IsFalse(v))
        tp__buf_puts(b, "false");
    else if (cJSON_IsNull(v))
        tp__buf_puts(b, "null");
    else {
        char *p = cJSON_PrintUnformatted(v);
        if (p) {
            put_clipped(b, p);
            free(p);
        }
    }
}
