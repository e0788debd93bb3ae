/* buf.c - growable byte buffer (see buf.h). */
#include "autoconfig.h"

#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

void tp__buf_reserve(tp__buf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return;
    b->data = tp__xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void tp__buf_printf(tp__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[128];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        tp__buf_append(b, small, (size_t)n);
        return;
    }
    tp__buf_reserve(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void tp__buf_free(tp__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
