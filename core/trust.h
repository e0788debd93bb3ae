/*
 * trust.h - may textpipe run code from this file?
 *
 * A plugin is code that runs with the user's rights, so the file and every
 * folder above it must be changeable only by root or the user running
 * textpipe.  The rule, checked on the real path (symbolic links resolved):
 *
 *   - the file is a regular file owned by root or the user, writable by
 *     neither its group nor other users;
 *   - every folder from / down to the file's own folder is owned by root or
 *     the user and writable by neither its group nor other users.
 *
 * A sticky folder that others may write, such as /tmp, is accepted on the
 * way down when it belongs to root or the user: the sticky bit keeps other
 * users from renaming or removing the names the user put there, and the
 * entry below it must itself be the user's (or root's) and pass the same
 * rule.  A build tree under /tmp therefore loads its plugins.
 *
 * Checking the real path and then loading that same path (never the
 * symbolic link, never the .la file's idea of where the object is) means
 * the object loaded is the one checked: nobody but root or the user can
 * change anything on that path in between.
 */
#ifndef TP_TRUST_H
#define TP_TRUST_H

#include <stdbool.h>

/* Resolves `path` and opens it for reading (close-on-exec).  When `check`
 * is set, refuses a file or folder on its real path that anyone but root or
 * the current user can change.  Returns the descriptor, with the resolved
 * path in *real (malloc'd); or -1 with a malloc'd reason in *why (naming
 * the file or folder at fault and what to do), *real then NULL. */
int tp__trust_open(const char *path, bool check, char **real, char **why);

#endif
