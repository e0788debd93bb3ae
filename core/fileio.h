/*
 * fileio.h - a whole file in, a whole buffer out: the one copy of the loops
 * that short reads and writes, EINTR and a size limit call for.
 *
 * Core-internal (tp__), used by the config reader, the loader and the
 * command's runner; plugins keep readers of their own, since a plugin
 * library stands without textpipe.
 */
#ifndef TP_FILEIO_H
#define TP_FILEIO_H

#include <stddef.h>

#include "buf.h"

/* Appends what is left to read on `fd` to *b, up to end of file.  Stops
 * with EFBIG once *b would hold more than `max` bytes (what it held before
 * counts), leaving what was read in *b.  Returns 0, or -1 with errno
 * (EAGAIN from a non-blocking descriptor with nothing to read is an
 * error: the caller wanted a whole file). */
int tp__read_fd(int fd, size_t max, tp__buf *b);

/* Reads the regular file at `path` whole, NUL-terminated (malloc'd, the
 * caller frees; *len is its length without the NUL; the file may hold NUL
 * bytes).  Returns NULL with errno set: EISDIR for a folder, EINVAL for
 * anything else that is not a regular file (a FIFO or a device may block
 * or never end, and is opened without blocking only to be refused), EFBIG
 * when it is larger than `max` bytes, or what open() or read() said. */
char *tp__read_file(const char *path, size_t max, size_t *len);

/* Writes all of buf[0..n) to `fd`, through short writes and EINTR.
 * Returns 0, or -1 with errno. */
int tp__write_full(int fd, const void *buf, size_t n);

#endif
