/*
 * alog.h - the access log: one JSON object per line per request.
 *
 *   {"time":"2025-05-01T10:00:00.123Z","remote":"127.0.0.1","method":"POST",
 *    "path":"/v1/annotate","newsroom":"sydney","status":200,"docs":1,
 *    "bytes_in":2468,"bytes_out":9120,"ms":1.27,"generation":1,"error":"timeout"}
 *
 * "newsroom" and "error" (the first error code) appear when there is one.
 * Written to standard error or a file (opened for appending, reopened on
 * SIGHUP for log rotation), one write() per line so lines never mix.
 */
#ifndef TP_SERVE_ALOG_H
#define TP_SERVE_ALOG_H

#include <stddef.h>

typedef struct tp__alog tp__alog;

/* path NULL or "-": standard error; "off": no log.  NULL with a message
 * in err when the file cannot be opened. */
tp__alog *tp__alog_open(const char *path, char *err, size_t errlen);

/* Opens the file again (after rotation).  Returns 0, or -1 with errno
 * (the old file stays in use). */
int tp__alog_reopen(tp__alog *l);

typedef struct tp__alog_entry {
    const char *remote, *method, *path, *newsroom, *error;
    int status;
    size_t docs, bytes_in, bytes_out;
    double seconds;
    unsigned generation;
} tp__alog_entry;

void tp__alog_write(tp__alog *l, const tp__alog_entry *e);

void tp__alog_close(tp__alog *l);

#endif
