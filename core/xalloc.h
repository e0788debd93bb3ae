/*
 * xalloc.h - the core's one allocation policy.
 *
 * Allocation failure is not something a text pipeline can recover from in a
 * useful way, so these functions print a message and abort instead of
 * returning NULL; callers never check.  Documents use their arena (arena.h)
 * rather than these.
 */
#ifndef TP_XALLOC_H
#define TP_XALLOC_H

#include <stddef.h>

void *tp__xmalloc(size_t size);
void *tp__xcalloc(size_t n, size_t size);
void *tp__xrealloc(void *p, size_t size);
/* Grows an array of `*cap` elements of `elem` bytes to hold at least `need`. */
void *tp__xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *tp__xstrdup(const char *s);
char *tp__xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *tp__xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "textpipe: out of memory" and aborts. */
_Noreturn void tp__oom(void);

#endif
