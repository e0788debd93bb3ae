/*
 * outfile.h - opening an output path without clobbering what is not ours.
 *
 * What a path given to -o, --errors or the HTML page names decides how it
 * is written:
 *
 *   "-", /dev/stdout, /dev/stderr,    the descriptor itself, written in place
 *   /dev/fd/N, /proc/self/fd/N
 *   a device, FIFO or socket          opened and written in place (no
 *                                     temporary file; resume is refused)
 *   a symbolic link                   followed: the file it names is the
 *                                     target, and the temporary file sits
 *                                     beside that file
 *   a regular file, or nothing yet    written as TARGET.part, renamed over
 *                                     TARGET when the run completes
 *
 * TARGET.part is created exclusively (a fresh file linked into place, never
 * opened through a symbolic link) and holds an exclusive lock for the whole
 * run, so a second run on the same output is refused at once.  A TARGET.part
 * left by a killed run is continued (resume) or replaced (a new run), never
 * written through: it must be a regular file of ours with one link.
 */
#ifndef TP_OUTFILE_H
#define TP_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct tp__outfile {
    int fd;
    bool direct;    /* written in place: no .part, no rename */
    bool owns_fd;   /* close fd at the end */
    bool created;   /* this run created TARGET.part */
    char *shown;    /* the path as given, for messages */
    char *target;   /* the real path of the final file (NULL when direct) */
    char *part;     /* TARGET.part (NULL when direct) */
    struct stat st; /* of what fd refers to */
} tp__outfile;

typedef enum tp__outfile_mode {
    TP__OUT_FRESH,    /* start a new TARGET.part (replacing a stale one) */
    TP__OUT_CONTINUE, /* continue an existing TARGET.part */
} tp__outfile_mode;

typedef enum tp__outfile_status {
    TP__OUT_OK = 0,
    TP__OUT_REFUSED = 1, /* the path may not be used this way: a usage error */
    TP__OUT_IO = 2,      /* the system said no */
    TP__OUT_MISSING = 3  /* CONTINUE: there is no TARGET.part */
} tp__outfile_status;

/* Opens `path` (NULL or "-": standard output, shown as `stdout_name`).
 * On failure the message goes to err[0..errlen) and *f holds nothing to
 * free.  Warnings (a stale TARGET.part replaced) are printed to stderr. */
tp__outfile_status tp__outfile_open(tp__outfile *f, const char *path, const char *stdout_name,
                                    tp__outfile_mode mode, char *err, size_t errlen);

/* Where TARGET (symlinks followed) of `path` is, without opening anything:
 * a malloc'd real path, or NULL when path names a descriptor, device, FIFO
 * or socket, or cannot be resolved.  Used to place files beside the
 * output (its manifest). */
char *tp__outfile_target(const char *path);

/* True when `st` (of an input) is the file this output writes, or the
 * file it will replace on completion. */
bool tp__outfile_is(const tp__outfile *f, const struct stat *st);

/* Completes a .part output: fsync, then rename TARGET.part to TARGET.
 * Returns 0, or -1 with errno set. */
int tp__outfile_commit(tp__outfile *f);

/* Releases the output.  `discard`: remove TARGET.part, when this run created
 * it (an early failure leaves no empty file behind). */
void tp__outfile_close(tp__outfile *f, bool discard);

/* Opens FILE (beside an output we hold locked) for reading and writing
 * without following a symbolic link; creates it when `create`.  Refuses
 * anything but a regular file of ours with one link.  Returns the
 * descriptor, or -1 with a message in err. */
int tp__outfile_open_side(const char *file, bool create, char *err, size_t errlen);

/* Writes data to FILE atomically: a fresh temporary file beside it, then a
 * rename over FILE (which replaces a symbolic link rather than following
 * it).  Returns 0, or -1 with errno set. */
int tp__outfile_replace(const char *file, const void *data, size_t len);

#endif
