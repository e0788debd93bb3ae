/*
 * loader.h - finding and loading plugin modules (DESIGN §3).
 *
 * A plugin NAME is the module NAME.la or NAME.so in one of the search
 * directories, tried in the order they were added: --plugin-path, the
 * config's plugin_path, $TEXTPIPE_PLUGIN_PATH, then the installed plugin
 * directory.  Only those directories are searched - never the current
 * directory, never the dynamic linker's path.  Modules are opened local and
 * resident: they are never unloaded.
 *
 * The file loaded is NAME.so, or the shared object that NAME.la names by
 * its dlname, beside the .la (in .libs/ first when the .la says it is not
 * installed); the .la's libdir is never followed.  That object's real path
 * must pass trust.h's check - the file and every folder above it changeable
 * only by root or the user - unless allow_insecure is set
 * (--allow-insecure-plugins), and exactly that path is loaded.
 *
 * Opening a module runs its constructors (and its dependencies') before the
 * descriptor can be checked: the permission check is what stands between
 * textpipe and a stranger's code, the ABI check only guards against stale
 * builds.
 */
#ifndef TP_LOADER_H
#define TP_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include <textpipe/plugin.h>

#include "diag.h"

typedef struct tp__module {
    char *name;
    char *path; /* absolute path of the file opened */
    void *handle;
    const tp_plugin *desc;
} tp__module;

/* A plugin compiled into the program (a static build, a fuzzer). */
typedef struct tp__builtin_plugin {
    const char *name;
    const tp_plugin *(*entry)(void);
} tp__builtin_plugin;

typedef struct tp__loader {
    char **dirs;
    char **dir_sources; /* why each directory is searched, for messages */
    size_t ndirs;
    size_t capdirs;
    bool allow_insecure;                /* load files or folders writable by other users */
    const tp__builtin_plugin *builtins; /* found before any directory */
    size_t nbuiltins;
    tp__module **modules; /* loaded so far, by name */
    size_t nmodules;
    size_t capmodules;
} tp__loader;

void tp__loader_init(tp__loader *l);
void tp__loader_free(tp__loader *l);

/* Adds a search directory (made absolute against the current folder when
 * relative: for --plugin-path, which the user types each time, and the
 * config's plugin_path, already absolute).  `source` names where it came
 * from ("--plugin-path", "plugin_path", "installed", …). */
void tp__loader_add_dir(tp__loader *l, const char *dir, const char *source);
/* Adds each absolute entry of a colon-separated list (an environment
 * variable; NULL: none).  Empty entries are ignored, so "a::b" never means
 * the current directory, and relative ones ("." or "plugins") are refused:
 * they would search the current folder.  The refused entries are reported
 * in *d, as one error of the program (they belong to no file). */
void tp__loader_add_path_list(tp__loader *l, const char *list, const char *source, tp__diags *d);

/* Reads a libtool library file (NAME.la) text[0..len): its dlname (a plain
 * file name, malloc'd) and whether it says installed=yes.  Returns 0, or -1
 * with a malloc'd reason in *why. */
int tp__la_parse(const char *text, size_t len, char **dlname, bool *installed, char **why);

/* Loads (or returns the already loaded) plugin `name`.  On failure returns
 * NULL and a malloc'd message in *err saying what went wrong and, when the
 * plugin was not found, which directories were searched. */
const tp__module *tp__loader_load(tp__loader *l, const char *name, char **err);

/* Calls fn for every module file in the search directories (first one of a
 * name wins), with the module or the reason it failed to load. */
typedef void (*tp__module_visit)(void *arg, const char *name, const char *path, const tp__module *m, const char *err);
void tp__loader_each(tp__loader *l, tp__module_visit fn, void *arg);

/* Checks a descriptor; returns NULL when fine or a malloc'd reason. */
char *tp__plugin_check(const tp_plugin *desc, const char *name, const char *path);

#endif
