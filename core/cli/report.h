/*
 * report.h - how the textpipe command tells its user about a problem: the
 * lines of diag.h, written to standard error.
 *
 *   tp__cli_error("cannot open %s: %s", path, why)
 *       textpipe: error: cannot open feed.jsonl: No such file or directory
 *   tp__cli_error_at("gold.jsonl", 7, "record without an id")
 *       gold.jsonl:7: error: record without an id
 *
 * Each call writes one whole line (the newline is added), in one write.
 */
#ifndef TP_CLI_REPORT_H
#define TP_CLI_REPORT_H

#include "diag.h"

void tp__cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tp__cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* About line `line` of `file` (0: the file as a whole). */
void tp__cli_error_at(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The line tp__cli_error() would write, as a malloc'd string (newline
 * included), for a message kept and printed later. */
char *tp__cli_error_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
