/*
 * buf.h - a growable byte buffer, for building output records.
 */
#ifndef TP_BUF_H
#define TP_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct tp__buf {
    char *data;
    size_t len;
    size_t cap;
} tp__buf;

void tp__buf_reserve(tp__buf *b, size_t extra);
void tp__buf_printf(tp__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tp__buf_vprintf(tp__buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void tp__buf_free(tp__buf *b);

static inline void tp__buf_append(tp__buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (b->cap - b->len < n)
        tp__buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static inline void tp__buf_putc(tp__buf *b, char c)
{
    if (b->cap == b->len)
        tp__buf_reserve(b, 1);
    b->data[b->len++] = c;
}

static inline void tp__buf_puts(tp__buf *b, const char *s) { tp__buf_append(b, s, strlen(s)); }

#endif
