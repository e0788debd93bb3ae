/*
 * textpipe/version.h - release and plugin ABI versions.
 *
 * The plugin ABI is versioned separately from releases.  A plugin records the
 * ABI it was compiled against (TP_ABI_MAJOR/TP_ABI_MINOR, copied into its
 * descriptor by TP_PLUGIN_DESCRIPTOR_HEAD).  The core loads a plugin when the
 * majors are equal and the plugin's minor is not newer than the core's.
 *
 * Rules that keep old plugins working within one major:
 *   - structs a plugin hands to the core by pointer (tp_plugin) only grow at
 *     the end; the core reads a field only when the plugin's struct_size
 *     covers it;
 *   - structs that travel in arrays never change size, because the array's
 *     stride is compiled into both sides: an option table entry
 *     (tp_option_spec) keeps its size, and new members take the place of
 *     its reserved ones, which older plugins leave zero (the core reads them
 *     only from a plugin whose minor has them); sizeof(tp_span) and the
 *     offsets of its public members begin and end are fixed, since
 *     tp_doc_spans() hands plugins an array of spans;
 *   - functions are only added, never changed or removed; enums only gain
 *     values;
 *   - static inline functions and tables in the headers are compiled into
 *     the plugin: what they compute never changes within a major.
 * Anything else is a new major, a new SONAME for libtextpipe, and a rebuild
 * of every plugin.
 *
 * ABI changelog (the only one: plugin.h and the guide point here)
 *   1.0  first release: descriptor, option table, consumes / optional
 *        consumes / produces, init/process/fini, train hook, document model
 *        (spans with int/double/bool/string/reference features).
 *   1.1  <textpipe/utf8.h>: decode, encode, validate, offsets in code
 *        points and UTF-16 units, character classes.  Options bind to
 *        fields: tp_option_spec.field (in place of 1.0's first reserved
 *        pointer) written with TP_OPT_FIELD(), tp_init_bind(), the
 *        tp_opt_list type.  A 1.0 plugin loads unchanged; a 1.1 plugin is
 *        refused by a 1.0 textpipe.
 *   1.2  tp_init_type_wanted(): whether a layer is read after the stage
 *        (a stage may skip building one nobody reads).  A 1.2 plugin is
 *        refused by an older textpipe.
 */
#ifndef TEXTPIPE_VERSION_H
#define TEXTPIPE_VERSION_H

#define TP_ABI_MAJOR 1
#define TP_ABI_MINOR 2

#endif
