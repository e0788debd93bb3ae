/* trust.c - who may change a file that textpipe would run (see trust.h). */
#include "autoconfig.h"

#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

static const char *const FIX = "or pass --allow-insecure-plugins";

static char *user_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    if (pw && pw->pw_name)
        return tp__xasprintf("user %s (uid %u)", pw->pw_name, (unsigned)uid);
    return tp__xasprintf("uid %u", (unsigned)uid);
}

static char *group_name(gid_t gid)
{
    struct group *gr = getgrgid(gid);
    if (gr && gr->gr_name)
        return tp__xasprintf("group %s", gr->gr_name);
    return tp__xasprintf("group %u", (unsigned)gid);
}

/* A reason to distrust `st` (the file or folder `path`), or NULL.  `what`
 * is "the plugin file" or "the folder"; `holding` names the plugin file a
 * folder leads to. */
static char *distrust(const struct stat *st, const char *path, const char *what, const char *holding)
{
    char *held = holding ? tp__xasprintf(", which holds %s,", holding) : tp__xstrdup("");
    char *m = NULL;
    if (st->st_uid != 0 && st->st_uid != geteuid()) {
        char *u = user_name(st->st_uid);
        m = tp__xasprintf("%s %s%s belongs to %s, neither root nor you, who could change the code "
                          "textpipe would run: chown it, %s",
                          what, path, held, u, FIX);
        free(u);
    } else if (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)) {
        /* Sticky (like /tmp): others may add names but not rename or remove
         * ours, and the entry below is checked next (it must be ours). */
    } else if (st->st_mode & S_IWOTH) {
        m = tp__xasprintf("%s %s%s is writable by other users (mode %04o), so anyone could change the "
                          "code textpipe would run: fix it with chmod go-w, %s",
                          what, path, held, (unsigned)(st->st_mode & 07777), FIX);
    } else if (st->st_mode & S_IWGRP) {
        char *g = group_name(st->st_gid);
        m = tp__xasprintf("%s %s%s is writable by its %s (mode %04o), so others could change the code "
                          "textpipe would run: fix it with chmod g-w, %s",
                          what, path, held, g, (unsigned)(st->st_mode & 07777), FIX);
        free(g);
    }
    free(held);
    return m;
}

/* Checks every folder from / down to the one holding `real`. */
static char *check_folders(const char *real)
{
    char *why = NULL;
    for (size_t i = 0; real[i] && !why; i++) {
        if (real[i] != '/')
            continue;
        char *dir = i == 0 ? tp__xstrdup("/") : tp__xstrndup(real, i);
        struct stat st;
        if (lstat(dir, &st) != 0)
            why = tp__xasprintf("cannot check the folder %s: %s", dir, strerror(errno));
        else
            why = distrust(&st, dir, "the folder", real);
        free(dir);
    }
    return why;
}

int tp__trust_open(const char *path, bool check, char **real, char **why)
{
    *real = NULL;
    *why = NULL;
    char *r = realpath(path, NULL);
    if (!r) {
        *why = tp__xasprintf("cannot resolve %s: %s", path, strerror(errno));
        return -1;
    }
    if (check && (*why = check_folders(r))) {
        free(r);
        return -1;
    }
    int fd = open(r, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        *why = tp__xasprintf("cannot open %s: %s", r, strerror(errno));
        free(r);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = tp__xasprintf("%s is not a regular file", r);
    } else if (check) {
        *why = distrust(&st, r, "the plugin file", NULL);
    }
    if (*why) {
        close(fd);
        free(r);
        return -1;
    }
    *real = r;
    return fd;
}
