/*
 * progress.h - the batch runner's progress line and the monotonic clock.
 *
 * On stderr, at most twice a second: documents done (of the total when it
 * is known), documents and megabytes per second, failures and, with a
 * total, the time left.  The total is known only for regular files (and
 * folders of them): a pipe, FIFO or terminal is never read ahead.
 */
#ifndef TP_PROGRESS_H
#define TP_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Seconds on the monotonic clock. */
double tp__now(void);

typedef struct tp__progress {
    bool on;
    double t0, last;
    size_t total_items; /* 0: unknown */
    size_t total_bytes; /* 0: unknown */
    FILE *to;
} tp__progress;

void tp__progress_start(tp__progress *p, bool on, size_t total_items, size_t total_bytes);

/* Redraws the line (no more than twice a second unless `final`, which
 * also ends it). */
void tp__progress_show(tp__progress *p, size_t done, size_t failed, size_t bytes_read, bool final);

/* "1:02:03" or "2:03"; "?" when unknown. */
void tp__format_duration(char *buf, size_t n, double seconds);

#endif
