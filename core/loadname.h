/*
 * loadname.h - the name under which a checked plugin file is handed to the
 * dynamic linker.
 *
 * The dynamic linker knows a loaded object by the name it was opened with:
 * opening the same path again returns the code already mapped, whatever the
 * file holds now.  Two things follow.  The file loaded could differ from the
 * file checked (the path can change hands in between), and a plugin
 * upgraded in place (a new file renamed over the old, as package managers
 * do) is never seen by a process that loaded the old one - `textpipe serve`
 * reloading on SIGHUP.  So a checked file is opened through the descriptor
 * that was checked, /proc/PID/fd/N, and that descriptor stays open for the
 * life of the process: a resident module's name must never come to mean
 * another file.  A file (device and inode) loaded before keeps its first
 * name, so one plugin is mapped once however many pipelines use it.
 * Without /proc the real path is used, as before.
 *
 * Thread-safe; the names are process-wide, as the dynamic linker's list is.
 */
#ifndef TEXTPIPE_LOADNAME_H
#define TEXTPIPE_LOADNAME_H

#include <stdbool.h>

/* The name to dlopen the file open on FD (checked, regular) by; malloc'd.
 * *fresh says whether the name is FD's own: then FD must stay open if the
 * load succeeds (tp__load_name_keep) and may be closed only by
 * tp__load_name_drop.  Otherwise the caller closes FD itself.  NULL (and
 * *fresh false) when /proc is not there: the caller uses the real path. */
char *tp__load_name(int fd, bool *fresh);

/* A load under the fresh name NAME of FD succeeded: FD stays open, and the
 * file is known by NAME from now on. */
void tp__load_name_keep(int fd, const char *name);

/* A load under the fresh name NAME of FD failed or was refused.  FD is closed
 * unless the dynamic linker still holds an object under NAME (then it is
 * kept, so the name never comes to mean another file). */
void tp__load_name_drop(int fd, const char *name);

#endif
