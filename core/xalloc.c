/* xalloc.c - allocation that aborts on failure (see xalloc.h). */
#include "autoconfig.h"

#include "xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tp__oom(void)
{
    fputs("textpipe: out of memory\n", stderr);
    abort();
}

void *tp__xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        tp__oom();
    return p;
}

void *tp__xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        tp__oom();
    return p;
}

void *tp__xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        tp__oom();
    return p;
}

void *tp__xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            tp__oom();
        n *= 2;
    }
    if (n > SIZE_MAX / elem)
        tp__oom();
    *cap = n;
    return tp__xrealloc(p, n * elem);
}

char *tp__xstrndup(const char *s, size_t n)
{
    char *d = tp__xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *tp__xstrdup(const char *s) { return tp__xstrndup(s, strlen(s)); }

char *tp__xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        tp__oom();
    char *s = tp__xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}
