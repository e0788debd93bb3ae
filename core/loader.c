/*
 * loader.c - plugin modules through libltdl (see loader.h).
 *
 * Which file is loaded is decided here, not by libltdl: NAME.so, or the
 * object a NAME.la names by its dlname, beside the .la (or in its .libs/
 * for an uninstalled build).  The .la's libdir is never followed - it may
 * point anywhere.  The object's real path is checked (trust.h) and the
 * descriptor that was checked is what libltdl opens (loadname.h).
 *
 * libltdl reports "file not found" for a module that exists but cannot be
 * loaded (a missing dependency, an unresolved symbol).  So when a load fails
 * on a file that exists, the loader opens the real shared object once with
 * dlopen(RTLD_NOW) only to obtain the dynamic linker's own message.
 */
#include "autoconfig.h"

#include "loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <ltdl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "loadname.h"
#include "names.h"
#include "options.h"
#include "trust.h"
#include "xalloc.h"

void tp__loader_init(tp__loader *l)
{
    memset(l, 0, sizeof *l);
    lt_dlinit();
}

void tp__loader_free(tp__loader *l)
{
    for (size_t i = 0; i < l->ndirs; i++) {
        free(l->dirs[i]);
        free(l->dir_sources[i]);
    }
    free(l->dirs);
    free(l->dir_sources);
    for (size_t i = 0; i < l->nmodules; i++) {
        /* Modules stay resident (plugins are never unloaded); only our
         * bookkeeping goes. */
        free(l->modules[i]->name);
        free(l->modules[i]->path);
        free(l->modules[i]);
    }
    /* lt_dlexit() would drop libltdl's record of the resident modules
     * without freeing it (a leak to valgrind), and resident modules stay
     * mapped anyway: shut libltdl down only when nothing was loaded. */
    if (l->nmodules == 0)
        lt_dlexit();
    free(l->modules);
    memset(l, 0, sizeof *l);
}

/* Adds `abs` (malloc'd) unless it is listed already. */
static void add_abs(tp__loader *l, char *abs, const char *source)
{
    for (size_t i = 0; i < l->ndirs; i++)
        if (strcmp(l->dirs[i], abs) == 0) {
            free(abs);
            return;
        }
    size_t cap = l->capdirs;
    l->dirs = tp__xgrow(l->dirs, &cap, l->ndirs + 1, sizeof *l->dirs);
    l->dir_sources = tp__xrealloc(l->dir_sources, cap * sizeof *l->dir_sources);
    l->capdirs = cap;
    l->dirs[l->ndirs] = abs;
    l->dir_sources[l->ndirs] = tp__xstrdup(source);
    l->ndirs++;
}

void tp__loader_add_dir(tp__loader *l, const char *dir, const char *source)
{
    if (!dir || !*dir)
        return;
    char *abs = realpath(dir, NULL);
    if (!abs) {
        /* Keep a missing directory in the list (messages show it), made
         * absolute by hand. */
        if (dir[0] == '/') {
            abs = tp__xstrdup(dir);
        } else {
            char *cwd = getcwd(NULL, 0);
            abs = tp__xasprintf("%s/%s", cwd ? cwd : ".", dir);
            free(cwd);
        }
    }
    add_abs(l, abs, source);
}

void tp__loader_add_path_list(tp__loader *l, const char *list, const char *source, tp__diags *d)
{
    if (!list)
        return;
    char *copy = tp__xstrdup(list);
    char *save = NULL;
    tp__buf refused = {0};
    for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
        if (p[0] == '/')
            tp__loader_add_dir(l, p, source);
        else
            tp__buf_printf(&refused, "%s\"%s\"", refused.len ? ", " : "", p);
    }
    free(copy);
    if (refused.len) {
        tp__buf_putc(&refused, '\0');
        tp__diags_add(d, NULL, 0,
                      "%s: %s not searched: a relative folder would be looked up from the current folder, and "
                      "plugins are never loaded from there; give absolute paths",
                      source, refused.data);
    }
    tp__buf_free(&refused);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Plugin names are plain words: no path separators, no dots. */
static bool valid_name(const char *name)
{
    if (!*name || strlen(name) > 64)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

int tp__la_parse(const char *text, size_t len, char **dlname, bool *installed, char **why)
{
    *dlname = NULL;
    *installed = false;
    bool have_installed = false;
    const char *end = text + len;
    for (const char *line = text; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
        if (n >= 8 && memcmp(line, "dlname='", 8) == 0 && !*dlname) {
            const char *q = memchr(line + 8, '\'', n - 8);
            if (!q) {
                *why = tp__xstrdup("its dlname= line has no closing quote");
                return -1;
            }
            *dlname = tp__xstrndup(line + 8, (size_t)(q - line - 8));
        } else if (n >= 10 && memcmp(line, "installed=", 10) == 0 && !have_installed) {
            have_installed = true;
            *installed = n >= 13 && memcmp(line + 10, "yes", 3) == 0;
        }
        line += n + 1;
    }
    const char *d = *dlname;
    if (!d || !*d)
        *why = tp__xstrdup("it names no shared object (dlname= is missing or empty): was the module "
                           "built with -module -shared?");
    else if (strchr(d, '/') || strcmp(d, ".") == 0 || strcmp(d, "..") == 0 || strlen(d) > 255 ||
             memchr(text, '\0', len))
        *why = tp__xstrdup("its dlname= is not a plain file name");
    else
        return 0;
    free(*dlname);
    *dlname = NULL;
    return -1;
}

/* A libtool library file is a few hundred bytes; anything much larger is
 * not one. */
#define LA_MAX_BYTES 8191

static char *dir_part(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash == path ? tp__xstrdup("/") : tp__xstrndup(path, (size_t)(slash - path));
}

/* The shared object to load for DIR/NAME, not yet checked: DIR/NAME.so, or
 * the dlname of DIR/NAME.la beside its real path (in .libs/ first for an
 * uninstalled build).  NULL with a reason in *why. */
static char *object_path(const tp__loader *l, const char *dir, const char *name, char **why)
{
    char *so = tp__xasprintf("%s/%s.so", dir, name);
    if (is_file(so))
        return so;
    free(so);
    char *la = tp__xasprintf("%s/%s.la", dir, name);
    char *la_real = NULL;
    int fd = tp__trust_open(la, !l->allow_insecure, &la_real, why);
    if (fd < 0) {
        free(la);
        return NULL;
    }
    tp__buf text = {0};
    int read_errno = tp__read_fd(fd, LA_MAX_BYTES, &text) == 0 ? 0 : errno;
    close(fd);
    char *dlname = NULL;
    bool installed = false;
    char *obj = NULL;
    if (read_errno == EFBIG) {
        *why = tp__xasprintf("%s is larger than a libtool library file", la_real);
    } else if (read_errno) {
        *why = tp__xasprintf("cannot read %s: %s", la_real, strerror(read_errno));
    } else {
        char *bad = NULL;
        if (tp__la_parse(text.data ? text.data : "", text.len, &dlname, &installed, &bad) != 0) {
            *why = tp__xasprintf("%s: %s", la_real, bad);
            free(bad);
        }
    }
    tp__buf_free(&text);
    if (dlname) {
        char *d = dir_part(la_real);
        char *uninst = tp__xasprintf("%s/.libs/%s", d, dlname);
        char *beside = tp__xasprintf("%s/%s", d, dlname);
        if (!installed && is_file(uninst)) {
            obj = uninst;
            uninst = NULL;
        } else if (is_file(beside)) {
            obj = beside;
            beside = NULL;
        } else {
            *why = tp__xasprintf("%s names the shared object %s, which is not in %s%s%s (a .la "
                                 "file's libdir= is not followed)",
                                 la_real, dlname, d, installed ? "" : " nor in ", installed ? "" : uninst);
        }
        free(d);
        free(uninst);
        free(beside);
    }
    free(dlname);
    free(la_real);
    free(la);
    return obj;
}

static const size_t ABI_1_0_SIZE = offsetof(tp_plugin, train) + sizeof(((tp_plugin *)0)->train);

char *tp__plugin_check(const tp_plugin *d, const char *name, const char *path)
{
    if (!d)
        return tp__xasprintf("plugin \"%s\" (%s): %s() returned NULL", name, path, TP_PLUGIN_ENTRY_SYMBOL);
    if (d->abi_major != TP_ABI_MAJOR)
        return tp__xasprintf("plugin \"%s\" (%s) was built for plugin ABI %u.%u, but this textpipe "
                             "provides ABI %d.%d: rebuild the plugin against this textpipe's SDK "
                             "(pkg-config --cflags --libs textpipe)%s",
                             name, path, d->abi_major, d->abi_minor, TP_ABI_MAJOR, TP_ABI_MINOR,
                             d->abi_major > TP_ABI_MAJOR ? ", or upgrade textpipe" : "");
    if (d->abi_minor > TP_ABI_MINOR)
        return tp__xasprintf("plugin \"%s\" (%s) needs plugin ABI %u.%u, newer than this textpipe's "
                             "%d.%d: upgrade textpipe, or rebuild the plugin against this version's SDK",
                             name, path, d->abi_major, d->abi_minor, TP_ABI_MAJOR, TP_ABI_MINOR);
    if (d->struct_size < ABI_1_0_SIZE)
        return tp__xasprintf("plugin \"%s\" (%s): descriptor of %u bytes is smaller than ABI %d.0's "
                             "%zu: was it built with a modified plugin.h?",
                             name, path, d->struct_size, TP_ABI_MAJOR, ABI_1_0_SIZE);
    if (!d->name || strcmp(d->name, name) != 0)
        return tp__xasprintf("plugin file %s declares the name \"%s\"; a module's file name and "
                             "plugin name must match",
                             path, d->name ? d->name : "(none)");
    const char *const *lists[] = {d->produces, d->consumes, d->consumes_optional};
    for (size_t k = 0; k < 3; k++)
        for (const char *const *t = lists[k]; t && *t; t++) {
            char *why = tp__type_name_problem(*t);
            if (why) {
                char *m = tp__xasprintf("plugin \"%s\" (%s): %s", name, path, why);
                free(why);
                return m;
            }
        }
    if (!d->init || !d->process)
        return tp__xasprintf("plugin \"%s\" (%s) has no %s function", name, path, d->init ? "process" : "init");
    char *why = tp__options_check_table(d->options);
    /* In 1.0 the bound field was reserved: read it only from 1.1 on. */
    if (!why && d->abi_minor >= 1)
        why = tp__options_check_fields(d->options);
    if (why) {
        char *m = tp__xasprintf("plugin \"%s\" (%s): bad option table: %s", name, path, why);
        free(why);
        return m;
    }
    return NULL;
}

static char *searched_dirs(const tp__loader *l)
{
    tp__buf b = {0};
    if (!l->ndirs)
        tp__buf_puts(&b, "(no plugin directories: set --plugin-path or TEXTPIPE_PLUGIN_PATH)");
    for (size_t i = 0; i < l->ndirs; i++)
        tp__buf_printf(&b, "%s%s (%s)", i ? ", " : "", l->dirs[i], l->dir_sources[i]);
    tp__buf_putc(&b, '\0');
    return b.data;
}

/* Module names available in the search directories, for did-you-mean. */
static size_t available_names(const tp__loader *l, char ***out)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < l->ndirs; i++) {
        DIR *dh = opendir(l->dirs[i]);
        if (!dh)
            continue;
        struct dirent *e;
        while ((e = readdir(dh))) {
            size_t len = strlen(e->d_name);
            if (len > 3 && (strcmp(e->d_name + len - 3, ".la") == 0 || strcmp(e->d_name + len - 3, ".so") == 0)) {
                names = tp__xgrow(names, &cap, n + 1, sizeof *names);
                names[n++] = tp__xstrndup(e->d_name, len - 3);
            }
        }
        closedir(dh);
    }
    *out = names;
    return n;
}

static char *open_module(tp__loader *l, const char *dir, const char *name, tp__module **out)
{
    char *why = NULL, *real = NULL;
    int fd = -1;
    char *obj = object_path(l, dir, name, &why);
    if (obj)
        fd = tp__trust_open(obj, !l->allow_insecure, &real, &why);
    free(obj);
    if (fd < 0) {
        char *m = tp__xasprintf("refusing to load plugin \"%s\": %s", name, why);
        free(why);
        free(real);
        return m;
    }
    char *err = NULL;

    /* Exactly the checked file, through the descriptor that was checked
     * (loadname.h): no extension search, no .la, no second look-up. */
    bool fresh;
    char *load_name = tp__load_name(fd, &fresh);
    if (!fresh)
        close(fd);
    lt_dladvise adv;
    lt_dladvise_init(&adv);
    lt_dladvise_local(&adv);
    lt_dlhandle h = lt_dlopenadvise(load_name ? load_name : real, adv);
    lt_dladvise_destroy(&adv);

    if (!h) {
        /* Ask the dynamic linker what really went wrong. */
        const char *e = NULL;
        char *why_copy = NULL;
        dlerror();
        void *dh = dlopen(real, RTLD_NOW | RTLD_LOCAL);
        if (!dh) {
            e = dlerror();
            why_copy = tp__xstrdup(e ? e : "unknown dlopen error");
            e = why_copy;
        } else {
            dlclose(dh);
        }
        if (!e)
            e = lt_dlerror();
        err = tp__xasprintf("cannot load plugin \"%s\" from %s: %s", name, real, e ? e : "unknown error");
        free(why_copy);
        goto done;
    }
    union {
        void *p;
        const tp_plugin *(*fn)(void);
    } entry;
    entry.p = lt_dlsym(h, TP_PLUGIN_ENTRY_SYMBOL);
    if (!entry.p) {
        err = tp__xasprintf("%s is not a textpipe plugin: it does not export %s() "
                            "(define it with TP_PLUGIN_DEFINE)",
                            real, TP_PLUGIN_ENTRY_SYMBOL);
        goto done;
    }
    const tp_plugin *desc = entry.fn();
    err = tp__plugin_check(desc, name, real);
    if (err)
        goto done;
    /* Accepted: from now on it is never unloaded. */
    lt_dlmakeresident(h);
    if (fresh)
        tp__load_name_keep(fd, load_name);
    fresh = false;
    tp__module *m = tp__xcalloc(1, sizeof *m);
    m->name = tp__xstrdup(name);
    m->path = real;
    real = NULL;
    m->handle = h;
    m->desc = desc;
    *out = m;
    h = NULL;
done:
    /* A module that was opened but refused is closed again; the message
     * was formatted while it was still mapped. */
    if (h)
        lt_dlclose(h);
    if (fresh)
        tp__load_name_drop(fd, load_name);
    free(load_name);
    free(real);
    return err;
}

/* Finds which directory holds NAME, or NULL. */
static const char *find_dir(const tp__loader *l, const char *name)
{
    for (size_t i = 0; i < l->ndirs; i++) {
        char *la = tp__xasprintf("%s/%s.la", l->dirs[i], name);
        char *so = tp__xasprintf("%s/%s.so", l->dirs[i], name);
        bool found = is_file(la) || is_file(so);
        free(la);
        free(so);
        if (found)
            return l->dirs[i];
    }
    return NULL;
}

const tp__module *tp__loader_load(tp__loader *l, const char *name, char **err)
{
    *err = NULL;
    for (size_t i = 0; i < l->nmodules; i++)
        if (strcmp(l->modules[i]->name, name) == 0)
            return l->modules[i];
    for (size_t i = 0; i < l->nbuiltins; i++) {
        if (strcmp(l->builtins[i].name, name) != 0)
            continue;
        const tp_plugin *desc = l->builtins[i].entry();
        *err = tp__plugin_check(desc, name, "(built in)");
        if (*err)
            return NULL;
        tp__module *m = tp__xcalloc(1, sizeof *m);
        m->name = tp__xstrdup(name);
        m->path = tp__xstrdup("(built in)");
        m->desc = desc;
        l->modules = tp__xgrow(l->modules, &l->capmodules, l->nmodules + 1, sizeof *l->modules);
        l->modules[l->nmodules++] = m;
        return m;
    }
    if (!valid_name(name)) {
        *err = tp__xasprintf("\"%s\" is not a plugin name (letters, digits, '_' and '-' only; "
                             "put directories in plugin_path)",
                             name);
        return NULL;
    }
    const char *dir = find_dir(l, name);
    if (!dir) {
        char **names;
        size_t n = available_names(l, &names);
        /* The built-in plugins are candidates too. */
        names = tp__xrealloc(names, (n + l->nbuiltins + 1) * sizeof *names);
        for (size_t i = 0; i < l->nbuiltins; i++) names[n++] = tp__xstrdup(l->builtins[i].name);
        char near[TP__DID_YOU_MEAN_SIZE];
        char *dirs = searched_dirs(l);
        *err = tp__xasprintf("plugin \"%s\" not found%s; searched: %s", name,
                             tp__did_you_mean(near, sizeof near, name, (const char *const *)names, n), dirs);
        free(dirs);
        for (size_t i = 0; i < n; i++) free(names[i]);
        free(names);
        return NULL;
    }
    tp__module *m = NULL;
    *err = open_module(l, dir, name, &m);
    if (!m)
        return NULL;
    l->modules = tp__xgrow(l->modules, &l->capmodules, l->nmodules + 1, sizeof *l->modules);
    l->modules[l->nmodules++] = m;
    return m;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void tp__loader_each(tp__loader *l, tp__module_visit fn, void *arg)
{
    char **names;
    size_t n = available_names(l, &names);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(names[i], names[i - 1]) == 0)
            continue;
        char *err = NULL;
        const tp__module *m = valid_name(names[i]) ? tp__loader_load(l, names[i], &err) : NULL;
        const char *dir = find_dir(l, names[i]);
        char *path = tp__xasprintf("%s/%s", dir ? dir : "?", names[i]);
        if (m || err)
            fn(arg, names[i], m ? m->path : path, m, err);
        free(path);
        free(err);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}
