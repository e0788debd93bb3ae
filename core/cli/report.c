/* report.c - the command's error and warning lines (see report.h). */
#include "autoconfig.h"

#include "report.h"

#include <stdarg.h>
#include <stdio.h>

void tp__cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(stderr, NULL, TP__ERROR, fmt, ap);
    va_end(ap);
}

void tp__cli_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(stderr, NULL, TP__WARNING, fmt, ap);
    va_end(ap);
}

void tp__cli_error_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vprint(stderr, &(tp__where){.file = file, .line = line}, TP__ERROR, fmt, ap);
    va_end(ap);
}

char *tp__cli_error_text(const char *fmt, ...)
{
    tp__buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    tp__diag_vformat(&b, NULL, TP__ERROR, fmt, ap);
    va_end(ap);
    tp__buf_putc(&b, '\0');
    return b.data;
}
