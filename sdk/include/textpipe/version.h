/*
 * textpipe/version.h - release and plugin ABI versions.
 *
 * The plugin ABI is versioned separately from releases.  A plugin records the
 * ABI it was compiled against (TP_ABI_MAJOR/TP_ABI_MINOR, copied into its
 * descriptor by TP_PLUGIN_DESCRIPTOR_HEAD).  The core loads a plugin when the
 * majors are equal and the plugin's minor is not newer than the core's.
 *
 * Rules that keep old plugins working within one major:
 *   - structs a plugin hands to the core (tp_plugin) only grow at the end;
 *     the core reads a field only when the plugin's struct_size covers it;
 *   - functions are only added, never changed or removed;
 *   - an option table entry (tp_option_spec) never changes within a major.
 * Anything else is a new major, a new SONAME for libtextpipe, and a rebuild
 * of every plugin.
 *
 * ABI changelog
 *   1.0  first release: descriptor, option table, consumes / optional
 *        consumes / produces, init/process/fini, train hook, document model
 *        (spans with int/double/bool/string/reference features).
 */
#ifndef TEXTPIPE_VERSION_H
#define TEXTPIPE_VERSION_H

#define TP_ABI_MAJOR 1
#define TP_ABI_MINOR 0

#endif
