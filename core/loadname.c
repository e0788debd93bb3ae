/*
 * loadname.c - names for checked plugin files (see loadname.h).
 */
#include "autoconfig.h"

#include "loadname.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

typedef struct {
    dev_t dev;
    ino_t ino;
    char *name;
} known_file;

/* Process-wide, like the dynamic linker's own list of loaded objects;
 * entries are never removed (modules are resident). */
static pthread_mutex_t known_lock = PTHREAD_MUTEX_INITIALIZER;
static known_file *known;
static size_t nknown, capknown;

char *tp__load_name(int fd, bool *fresh)
{
    *fresh = false;
    struct stat st;
    if (fstat(fd, &st) != 0)
        return NULL;
    char *name = NULL;
    pthread_mutex_lock(&known_lock);
    for (size_t i = 0; i < nknown && !name; i++)
        if (known[i].dev == st.st_dev && known[i].ino == st.st_ino)
            name = tp__xstrdup(known[i].name);
    pthread_mutex_unlock(&known_lock);
    if (name)
        return name;
    name = tp__xasprintf("/proc/%ld/fd/%d", (long)getpid(), fd);
    struct stat via;
    /* /proc mounted, and the name really leads to this file. */
    if (stat(name, &via) != 0 || via.st_dev != st.st_dev || via.st_ino != st.st_ino) {
        free(name);
        return NULL;
    }
    *fresh = true;
    return name;
}

void tp__load_name_keep(int fd, const char *name)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return; /* cannot happen on an open descriptor; the fd stays open */
    pthread_mutex_lock(&known_lock);
    known = tp__xgrow(known, &capknown, nknown + 1, sizeof *known);
    known[nknown].dev = st.st_dev;
    known[nknown].ino = st.st_ino;
    known[nknown].name = tp__xstrdup(name);
    nknown++;
    pthread_mutex_unlock(&known_lock);
}

void tp__load_name_drop(int fd, const char *name)
{
    void *still = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
    if (still) {
        dlclose(still);
        tp__load_name_keep(fd, name);
        return;
    }
    close(fd);
}
