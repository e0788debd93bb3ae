/*
 * fuzz_file.h - for fuzz targets whose code under test reads files: a
 * scratch folder per process (made once, under $TMPDIR) and a way to write
 * an input into a file in it.
 */
#ifndef FUZZ_FILE_H
#define FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The scratch folder (absolute, no trailing slash). */
static const char *fuzz_dir(void)
{
    static char dir[512];
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/textpipe-fuzz-XXXXXX", t && *t == '/' ? t : "/tmp");
        if (!mkdtemp(dir))
            abort();
    }
    return dir;
}

/* Writes data[0..size) to NAME in the scratch folder; returns its path
 * (a static buffer per call site is the caller's business: copy it). */
static const char *fuzz_write(const char *name, const void *data, size_t size)
{
    static char path[4][600];
    static int k;
    char *p = path[k++ & 3];
    snprintf(p, 600, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(p, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return p;
}

/* Splits data at lines "----" into at most `max` parts: starts and sizes. */
static size_t fuzz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *len, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i + 5 <= size && n + 1 < max; i++)
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, "----\n", 5) == 0) {
            part[n] = data + start;
            len[n++] = i - start;
            start = i + 5;
            i += 4;
        }
    part[n] = data + start;
    len[n++] = size - start;
    return n;
}

#endif
