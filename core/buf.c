/* buf.c - growable byte buffer (see buf.h). */
#include "autoconfig.h"

#include "buf.h"

#include <assert.h>
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

void tp__buf_vprintf(tp__buf *b, const char *fmt, va_list ap)
{
    assert(b && fmt);
    va_list again;
    va_copy(again, ap);
    char small[128];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        tp__buf_append(b, small, (size_t)n);
    } else if (n >= 0) {
        tp__buf_reserve(b, (size_t)n + 1);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void tp__buf_printf(tp__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void tp__buf_free(tp__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
