/*
 * outfile.c - output paths that never clobber what is not ours (see
 * outfile.h).
 */
#include "autoconfig.h"

#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "fileio.h"
#include "report.h"
#include "xalloc.h"

#define MAX_LINK_HOPS 40

__attribute__((format(printf, 4, 5))) static tp__outfile_status fail(tp__outfile_status st, char *err,
                                                                     size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return st;
}

/* The descriptor a path names by itself (/dev/stdout, /dev/fd/3, ...), or -1. */
static int named_descriptor(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    const char *num = NULL;
    char self[64];
    snprintf(self, sizeof self, "/proc/%ld/fd/", (long)getpid());
    if (strncmp(path, "/dev/fd/", 8) == 0)
        num = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        num = path + 14;
    else if (strncmp(path, self, strlen(self)) == 0)
        num = path + strlen(self);
    if (!num || !*num)
        return -1;
    char *end;
    long n = strtol(num, &end, 10);
    return *end || n < 0 || n > INT_MAX ? -1 : (int)n;
}

/* Joins a folder and a name. */
static char *join(const char *dir, const char *name)
{
    return tp__xasprintf("%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
}

/* Follows symbolic links in the last component of `path` (the folders are
 * resolved by realpath).  Returns the malloc'd absolute path of the file it
 * finally names (which need not exist), or NULL with errno set.  *fd is set
 * when the chain reaches a descriptor name such as /dev/stdout. */
static char *resolve(const char *path, int *fd)
{
    *fd = named_descriptor(path);
    if (*fd >= 0)
        return NULL;
    char *cur = tp__xstrdup(path);
    for (int hops = 0; hops < MAX_LINK_HOPS; hops++) {
        char *slash = strrchr(cur, '/');
        const char *base = slash ? slash + 1 : cur;
        if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
            free(cur);
            errno = EISDIR;
            return NULL;
        }
        char *dir = slash ? tp__xstrndup(cur, slash == cur ? 1 : (size_t)(slash - cur)) : tp__xstrdup(".");
        char *rdir = realpath(dir, NULL);
        free(dir);
        if (!rdir) {
            free(cur);
            return NULL;
        }
        char *abs = join(rdir, base);
        free(cur);
        struct stat lst;
        if (lstat(abs, &lst) != 0 || !S_ISLNK(lst.st_mode)) {
            free(rdir);
            return abs;
        }
        char link[PATH_MAX];
        ssize_t n = readlink(abs, link, sizeof link - 1);
        free(abs);
        if (n < 0) {
            free(rdir);
            return NULL;
        }
        link[n] = '\0';
        cur = link[0] == '/' ? tp__xstrdup(link) : join(rdir, link);
        free(rdir);
        *fd = named_descriptor(cur);
        if (*fd >= 0) {
            free(cur);
            return NULL;
        }
    }
    free(cur);
    errno = ELOOP;
    return NULL;
}

char *tp__outfile_target(const char *path)
{
    int fd;
    if (!path || strcmp(path, "-") == 0)
        return NULL;
    char *t = resolve(path, &fd);
    struct stat st;
    if (t && stat(t, &st) == 0 && !S_ISREG(st.st_mode)) {
        free(t);
        return NULL;
    }
    return t;
}

/* A file we may write through: a regular file of ours with one link. */
static const char *not_ours(const struct stat *st)
{
    if (!S_ISREG(st->st_mode))
        return "is not a regular file";
    if (st->st_uid != geteuid())
        return "belongs to another user";
    if (st->st_nlink != 1)
        return "has other hard links";
    return NULL;
}

static mode_t file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Opens an existing TARGET.part: refuses a link, a foreign file, or one
 * another run holds.  Returns the locked descriptor or -1. */
static int open_existing_part(const char *part, tp__outfile_status *st, char *err, size_t errlen)
{
    int fd = open(part, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            *st = TP__OUT_MISSING;
        else if (errno == ELOOP)
            *st = fail(TP__OUT_REFUSED, err, errlen,
                       "%s is a symbolic link: textpipe never writes through one; remove it", part);
        else
            *st = fail(TP__OUT_IO, err, errlen, "cannot open %s: %s", part, strerror(errno));
        return -1;
    }
    struct stat fst, lst;
    const char *why = fstat(fd, &fst) != 0 ? "cannot be examined" : not_ours(&fst);
    if (why) {
        close(fd);
        *st = fail(TP__OUT_REFUSED, err, errlen, "%s %s: textpipe will not write to it; remove it", part, why);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        *st = fail(TP__OUT_REFUSED, err, errlen, "another textpipe run is writing this output (%s is locked)", part);
        return -1;
    }
    if (lstat(part, &lst) != 0 || lst.st_dev != fst.st_dev || lst.st_ino != fst.st_ino) {
        close(fd);
        *st = fail(TP__OUT_REFUSED, err, errlen, "%s changed while it was being opened", part);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *st = TP__OUT_OK;
    return fd;
}

/* Creates TARGET.part afresh: a new locked file linked into place.  A
 * stale TARGET.part (no run holds it) is replaced. */
static int create_part(const char *part, tp__outfile_status *st, char *err, size_t errlen)
{
    char *tmp = tp__xasprintf("%s.XXXXXX", part);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        *st = fail(TP__OUT_IO, err, errlen, "cannot create %s: %s", part, strerror(errno));
        free(tmp);
        return -1;
    }
    fchmod(fd, file_mode());
    flock(fd, LOCK_EX | LOCK_NB); /* nobody else can know this file yet */
    if (link(tmp, part) == 0) {
        unlink(tmp);
        free(tmp);
        *st = TP__OUT_OK;
        return fd;
    }
    if (errno != EEXIST) {
        *st = fail(TP__OUT_IO, err, errlen, "cannot create %s: %s", part, strerror(errno));
        goto fail;
    }
    int old = open_existing_part(part, st, err, errlen);
    if (old < 0) {
        if (*st == TP__OUT_MISSING) /* gone meanwhile: try once more */
            *st = fail(TP__OUT_REFUSED, err, errlen, "%s appeared and disappeared while being created", part);
        goto fail;
    }
    if (rename(tmp, part) != 0) {
        *st = fail(TP__OUT_IO, err, errlen, "cannot replace %s: %s", part, strerror(errno));
        close(old);
        goto fail;
    }
    close(old);
    tp__cli_warning("replacing %s, left by an interrupted run (--resume would continue it)", part);
    free(tmp);
    *st = TP__OUT_OK;
    return fd;
fail:
    unlink(tmp);
    close(fd);
    free(tmp);
    return -1;
}

tp__outfile_status tp__outfile_open(tp__outfile *f, const char *path, const char *stdout_name,
                                    tp__outfile_mode mode, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    int named = -1;
    char *target = NULL;
    if (!path || strcmp(path, "-") == 0)
        named = 1;
    else
        target = resolve(path, &named);
    if (named < 0 && !target)
        return fail(TP__OUT_IO, err, errlen, "%s: %s", path, strerror(errno));
    f->shown = tp__xstrdup(path && strcmp(path, "-") != 0 ? path : stdout_name);
    tp__outfile_status st = TP__OUT_OK;
    struct stat tst;
    if (named >= 0) {
        if (mode == TP__OUT_CONTINUE) {
            st = fail(TP__OUT_REFUSED, err, errlen, "%s is a descriptor, not a file: it cannot be resumed", f->shown);
            goto fail;
        }
        f->fd = fcntl(named, F_DUPFD_CLOEXEC, 3);
        if (f->fd < 0 || fstat(f->fd, &f->st) != 0) {
            st = fail(TP__OUT_IO, err, errlen, "%s: %s", f->shown, strerror(errno));
            goto fail;
        }
        f->direct = f->owns_fd = true;
        return TP__OUT_OK;
    }
    if (stat(target, &tst) == 0 && !S_ISREG(tst.st_mode)) {
        if (S_ISDIR(tst.st_mode)) {
            st = fail(TP__OUT_REFUSED, err, errlen, "%s is a directory", f->shown);
            goto fail;
        }
        if (mode == TP__OUT_CONTINUE) {
            st = fail(TP__OUT_REFUSED, err, errlen,
                      "%s is a device, FIFO or socket: it is written directly and cannot be resumed", f->shown);
            goto fail;
        }
        /* Written in place, as a shell redirection would. */
        f->fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (f->fd < 0 || fstat(f->fd, &f->st) != 0) {
            st = fail(TP__OUT_IO, err, errlen, "cannot open %s: %s", f->shown, strerror(errno));
            goto fail;
        }
        f->direct = f->owns_fd = true;
        free(target);
        return TP__OUT_OK;
    }
    f->target = target;
    target = NULL;
    f->part = tp__xasprintf("%s.part", f->target);
    f->owns_fd = true;
    if (mode == TP__OUT_CONTINUE) {
        f->fd = open_existing_part(f->part, &st, err, errlen);
        if (f->fd < 0) {
            if (st == TP__OUT_MISSING)
                snprintf(err, errlen, "%s does not exist", f->part);
            goto fail;
        }
    } else {
        f->fd = create_part(f->part, &st, err, errlen);
        if (f->fd < 0)
            goto fail;
        f->created = true;
    }
    fstat(f->fd, &f->st);
    return TP__OUT_OK;
fail:
    free(target);
    tp__outfile_close(f, false);
    return st;
}

bool tp__outfile_is(const tp__outfile *f, const struct stat *st)
{
    if (f->fd < 0)
        return false;
    if (st->st_dev == f->st.st_dev && st->st_ino == f->st.st_ino)
        return true;
    struct stat tst;
    return f->target && stat(f->target, &tst) == 0 && st->st_dev == tst.st_dev && st->st_ino == tst.st_ino;
}

int tp__outfile_commit(tp__outfile *f)
{
    if (f->direct)
        return 0;
    if (fsync(f->fd) != 0 && errno != EINVAL)
        return -1;
    return rename(f->part, f->target);
}

void tp__outfile_close(tp__outfile *f, bool discard)
{
    if (discard && f->created && f->part && f->fd >= 0) {
        struct stat lst;
        if (lstat(f->part, &lst) == 0 && lst.st_dev == f->st.st_dev && lst.st_ino == f->st.st_ino)
            unlink(f->part);
    }
    if (f->owns_fd && f->fd >= 0)
        close(f->fd);
    free(f->shown);
    free(f->target);
    free(f->part);
    memset(f, 0, sizeof *f);
    f->fd = -1;
}

int tp__outfile_open_side(const char *file, bool create, char *err, size_t errlen)
{
    int fd = open(file, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (create ? O_CREAT : 0), file_mode());
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP)
            snprintf(err, errlen, "%s is a symbolic link: textpipe never writes through one; remove it", file);
        else
            snprintf(err, errlen, "cannot open %s: %s", file, strerror(e));
        errno = e;
        return -1;
    }
    struct stat st;
    const char *why = fstat(fd, &st) != 0 ? "cannot be examined" : not_ours(&st);
    if (why) {
        close(fd);
        snprintf(err, errlen, "%s %s: textpipe will not write to it; remove it", file, why);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

int tp__outfile_replace(const char *file, const void *data, size_t len)
{
    char *tmp = tp__xasprintf("%s.XXXXXX", file);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    fchmod(fd, file_mode());
    if (tp__write_full(fd, data, len) != 0)
        goto fail;
    if (fsync(fd) != 0 && errno != EINVAL)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, file) != 0)
        goto fail;
    free(tmp);
    return 0;
fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
}
