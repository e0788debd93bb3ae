/*
 * textpipe/plugin.h - how to write a textpipe plugin.  Read top to bottom.
 *
 * A plugin is a shared object (a libtool module) that exports one function,
 * tp_plugin_entry(), returning a constant descriptor.  The core loads the
 * module, checks the descriptor's ABI version, validates the stage's options
 * against the descriptor's option table and checks that every type the
 * stage consumes is produced by an earlier stage - all before any document
 * is read.  Then, per stage:
 *
 *     init(ini, &state)          once per worker process, before documents
 *     process(state, doc, ctx)   once per document, in input order
 *     fini(state)                once, at the end
 *
 * The smallest plugin:
 *
 *     #include <textpipe/plugin.h>
 *
 *     static tp_type word;
 *
 *     static int hello_init(tp_init *ini, void **state) {
 *         word = tp_init_type(ini, "word");
 *         *state = NULL;
 *         return TP_OK;
 *     }
 *     static int hello_process(void *state, tp_doc *doc, tp_ctx *ctx) {
 *         size_t len;
 *         tp_doc_text(doc, &len);
 *         if (len >= 5) tp_doc_add_span(doc, word, 0, 5);
 *         return TP_OK;
 *     }
 *     static const char *const produces[] = {"word", NULL};
 *     static const tp_plugin hello = {
 *         TP_PLUGIN_DESCRIPTOR_HEAD,
 *         .name = "hello", .version = "1.0", .summary = "marks the first five bytes",
 *         .produces = produces,
 *         .init = hello_init, .process = hello_process,
 *     };
 *     TP_PLUGIN_DEFINE(hello)
 *
 * (A real plugin keeps interned ids in its state rather than in statics when
 * it may run in two pipelines with different options; ids are the same for
 * a given name within one process.)
 *
 * Contract - what the core promises:
 *   - process() is never called concurrently on one state; separate worker
 *     processes each call init() and get their own state.
 *   - Plugins are never unloaded while the process runs, so static data and
 *     function pointers stay valid.
 *   - Every document a plugin sees is valid UTF-8 without NUL bytes.
 *   - Strings passed in (option values, paths, names) are borrowed for the
 *     duration of the call unless a function says otherwise.
 *
 * Threads and processes.  The core calls init(), process() and fini() of a
 * state from one thread; a plugin needs no locks for its own state.  Modules
 * are loaded, and tp_plugin_entry() called, in the parent before `textpipe
 * run` forks its workers (-j N); each worker then calls init() once.  So
 * open files, start threads and allocate in init(), never in
 * tp_plugin_entry() or a library constructor: those would be shared, or
 * lost, across fork().  A plugin may use threads inside one call, joined
 * before it returns.
 *
 * Lifetimes, shortest first:
 *   - a tp_ctx and the document it comes with: one process() call;
 *   - a tp_init handle: one init() call (and strings it hands out, unless a
 *     function says "valid until fini()");
 *   - the state: from init() returning TP_OK to fini();
 *   - interned ids (tp_init_type(), tp_init_feat()), the descriptor and
 *     everything it points to: the whole process.
 *
 * Contract - what a plugin promises:
 *   - No setlocale(), exit(), abort() on bad input, signal handlers, threads
 *     that outlive a call, or writes to stdout (stdout carries the output).
 *     Report problems through tp_fail() / tp_init_fail() / the log functions.
 *   - No pointer into a document is kept after process() returns.
 *   - process() either annotates the document and returns TP_OK, or calls
 *     tp_fail() and returns TP_ERR; the document then becomes an error record
 *     and the batch goes on with the next document.
 *
 * Naming: public functions are tp_<thing>_<verb>; everything that starts with
 * tp__ or ends in an underscore is private to the core.
 *
 * Building: `pkg-config --cflags --libs textpipe` gives the flags, and
 * `pkg-config --variable=plugindir textpipe` the installed plugin folder.
 * Link a libtool module exporting only the entry point (-module
 * -avoid-version -shared -export-symbols-regex '^tp_plugin_entry$').
 * `textpipe new-plugin NAME` writes a project that does all this, with a
 * cmocka test using <textpipe/testkit.h>; textpipe-plugin(7) and the SDK
 * guide (sdk/GUIDE.md) walk through it.
 *
 * ABI.  A plugin records the ABI it was compiled against
 * (TP_PLUGIN_DESCRIPTOR_HEAD copies TP_ABI_MAJOR and TP_ABI_MINOR from
 * <textpipe/version.h>).  The core loads it when the majors are equal and the
 * plugin's minor is not newer than the core's; otherwise it refuses it before
 * calling any of its functions, with a message naming both versions and what
 * to do.  (Opening a shared object does run its constructors and those of the
 * libraries it needs, before the descriptor can be read: keep them empty -
 * see "Threads and processes" - and note that what keeps a stranger's code
 * out is the loader's check of who may write the module, textpipe(1), not
 * the ABI check.)  Within a major, tp_plugin only grows at the end (the core
 * reads a field only when the plugin's struct_size covers it), functions are
 * only added, and the structs that travel in arrays - tp_option_spec and
 * tp_span - never change size: a plugin built for 1.0 keeps loading into
 * every 1.x.  The rules in full, and the ABI changelog, are in
 * <textpipe/version.h>.
 */
#ifndef TEXTPIPE_PLUGIN_H
#define TEXTPIPE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/doc.h>
#include <textpipe/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status returned by init() and process(). */
#define TP_OK 0
#define TP_ERR (-1)

/* ---- Options -------------------------------------------------------------
 *
 * A plugin declares its options in a table; the core validates the config
 * against it (unknown key with a did-you-mean, wrong type, missing required,
 * out of range, not one of the choices) and reports every problem as
 * file:line before anything runs.  The same table drives `textpipe plugins`
 * and the documentation.  In the config file:
 *
 *     { plugin = "summary"; options = { sentences = 3; }; }
 *
 * Each entry may also name the field of the plugin's state that receives the
 * value, so an option is written down once - in the table - and init() reads
 * it from the struct:
 *
 *     typedef struct hello { int64_t min_words; const char *label; } hello;
 *     static const tp_option_spec options[] = {
 *         {.name = "min_words", .type = TP_OPT_INT, .default_value = "4",
 *          .field = TP_OPT_FIELD(hello, min_words)},
 *         {.name = "label", .type = TP_OPT_STRING, .default_value = "quote",
 *          .field = TP_OPT_FIELD(hello, label)},
 *         {NULL},
 *     };
 *     ... in init(): hello *h = calloc(1, sizeof *h); ... tp_init_bind(ini, h);
 */
typedef enum tp_option_type {
    TP_OPT_STRING = 1, /* "text" */
    TP_OPT_INT = 2,    /* 64-bit integer: 42 */
    TP_OPT_DOUBLE = 3, /* number: 0.5 (an integer is accepted too) */
    TP_OPT_BOOL = 4,   /* true / false */
    TP_OPT_LIST = 5    /* list of strings: ["a.txt", "b.txt"] (a single string is accepted too) */
} tp_option_type;

/* A list option's value as a bound field receives it: n strings, owned by
 * the core and valid until fini() (the array too). */
typedef struct tp_opt_list {
    const char *const *items;
    size_t n;
} tp_opt_list;

/* One entry of the option table; the table ends with an entry whose name is
 * NULL.  Its size is frozen for ABI major 1 (it travels in an array): new
 * members take the place of reserved ones, which older plugins leave zero. */
typedef struct tp_option_spec {
    const char *name; /* lower_snake_case */
    tp_option_type type;
    const char *default_value; /* in config syntax ("3", "true", "USD"); NULL: none */
    const char *help;          /* one line, shown by `textpipe plugins` */
    int required;              /* non-zero: the config must set it (no default) */
    double min, max;           /* INT/DOUBLE range, inclusive; ignored when both are 0 */
    const char *choices;       /* STRING: allowed values separated by '|', or NULL */
    /* ABI 1.1 (1.0's first reserved pointer): the state field tp_init_bind()
     * fills, as TP_OPT_FIELD() writes it; 0 = none. */
    size_t field;
    const void *reserved; /* zero */
} tp_option_spec;

/* The field of state struct `type` that option `member` binds to, for
 * tp_option_spec.field.  The field's C type says what it receives:
 *
 *   option type      field type      receives
 *   TP_OPT_STRING    const char *    the string (NULL when unset without default)
 *   TP_OPT_STRING    int             with choices: the value's index in them
 *                                    ("hard|soft": 0 or 1; -1 when unset)
 *   TP_OPT_INT       int64_t         the number
 *   TP_OPT_INT       int, size_t     the number, when min..max fits the type
 *                                    (for size_t: min >= 0)
 *   TP_OPT_DOUBLE    double          the number
 *   TP_OPT_BOOL      int             1 or 0
 *   TP_OPT_LIST      tp_opt_list     the strings
 *
 * The compiler refuses a field of any other type; the loader refuses a
 * pairing not in the table (an int64_t field for a string option, say) when
 * it checks the plugin, with the option's name.  Compiled as C++ or without
 * C11's _Generic, the type is not recorded and the field must have the
 * first type listed for its option type. */
#define TP_OPT_FIELD(type, member) \
    ((((size_t)offsetof(type, member) + 1) << 4) | (size_t)TP__OPT_CTYPE(((type *)0)->member))

/* Private: the C type of a bound field, as the low bits of .field. */
enum {
    TP__FIELD_ANY = 0,
    TP__FIELD_STR,
    TP__FIELD_I64,
    TP__FIELD_DOUBLE,
    TP__FIELD_INT,
    TP__FIELD_SIZE,
    TP__FIELD_LIST
};
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__cplusplus)
#define TP__OPT_CTYPE(lvalue) \
    _Generic((lvalue), const char *: TP__FIELD_STR, int64_t: TP__FIELD_I64,                        \
             double: TP__FIELD_DOUBLE, int: TP__FIELD_INT, size_t: TP__FIELD_SIZE,                 \
             tp_opt_list: TP__FIELD_LIST)
#else
#define TP__OPT_CTYPE(lvalue) TP__FIELD_ANY
#endif

/* ---- init ----------------------------------------------------------------
 *
 * init() receives a tp_init handle, valid only during the call.  Through it
 * the plugin reads its options, interns the annotation types and feature
 * names it uses, resolves data files and reports errors. */
typedef struct tp_init tp_init;

/* The stage's id (its `id` in the config, else the plugin name).  Owned by
 * the core, valid until fini(). */
const char *tp_init_stage_id(const tp_init *ini);

/* Option values: the config's value, else the table's default.  Asking for
 * a name the table does not declare, or with the wrong getter, is a plugin
 * bug: it returns the zero value and logs an error.
 * tp_opt_str() returns NULL for an unset option without a default; strings
 * (from tp_opt_str() and tp_opt_list_item()) are owned by the core and
 * valid until fini(), so the state may keep the pointers.
 * tp_opt_list_item() returns NULL for i >= tp_opt_list_len(). */
const char *tp_opt_str(const tp_init *ini, const char *name);
int64_t tp_opt_int(const tp_init *ini, const char *name);
double tp_opt_double(const tp_init *ini, const char *name);
int tp_opt_bool(const tp_init *ini, const char *name);
size_t tp_opt_list_len(const tp_init *ini, const char *name);
const char *tp_opt_list_item(const tp_init *ini, const char *name, size_t i);

/* Non-zero when the config (or --set) gave the option, zero when the value
 * is the default. */
int tp_opt_is_set(const tp_init *ini, const char *name);

/* Fills the fields of the struct at `state` that the option table binds
 * (TP_OPT_FIELD) with the options' values - the config's, else the table's
 * default; for an unset option without a default NULL, 0, 0.0, an empty
 * list or, for a choice, -1.  Other fields are left alone.  Strings and
 * lists are the core's, as from tp_opt_str(): valid until fini(), so the
 * state keeps the pointers and never frees them (copy a string only to
 * change it), and tp_init_path() resolves a bound path as it does a
 * tp_opt_str() one.  Call it from init(), once the struct exists; the struct
 * need not be the state (a local one whose values init() hands on is fine).
 * A NULL state is a plugin bug: the stage's start then fails, as for a bad
 * name, even if init() returns TP_OK. */
void tp_init_bind(tp_init *ini, void *state);

/* Intern an annotation type or feature name: the same string always yields
 * the same id within a process, never 0; `name` is copied.  Types a stage did not declare in produces
 * or consumes may still be interned (for example for private scratch
 * layers); layers whose names start with '_' are never written out. */
/* Names become JSON keys: a type name must be non-empty UTF-8, and a
 * feature name follow the rules in doc.h (no "a" beside "a.x", at most 16
 * dotted parts).  A name that breaks them makes the stage's start fail even
 * if init() returns TP_OK (its fini() is then called). */
tp_type tp_init_type(tp_init *ini, const char *name);
tp_feat tp_init_feat(tp_init *ini, const char *name);

/* Non-zero when spans of type `name` may be read after this stage: a
 * later stage consumes it (or optionally consumes it), the output writes
 * it, or the core cannot tell (an embedding program, the test kit).  0
 * only when none of that holds, as for the token layer in `textpipe run`
 * with stages that read no tokens: a stage may then skip building a layer
 * it makes only for others.  Since ABI 1.2. */
int tp_init_type_wanted(tp_init *ini, const char *name);

/* The directory of files shipped with the plugin: $(pkgdatadir)/NAME once
 * installed, or $TEXTPIPE_DATA_DIR/NAME/data (then $TEXTPIPE_DATA_DIR/NAME)
 * when that variable is set - which is how the test suite runs uninstalled
 * plugins.  No trailing slash.  Owned by the core, valid during init(). */
const char *tp_init_data_dir(const tp_init *ini);

/* Resolves a path an option gave: absolute paths stay, relative ones are
 * taken relative to the folder of the config file that set the option (or
 * the current directory for --set).  A value starting with "@data/" names a
 * file in tp_init_data_dir().  The result is owned by the core and valid
 * during init(). */
const char *tp_init_path(tp_init *ini, const char *path);

/* Records why init failed and returns TP_ERR, so `return tp_init_fail(…);`
 * reads naturally.  The core prefixes the stage and plugin, and reports it
 * with the config's file and line; the message is formatted at once.
 * Release what init() allocated before returning: fini() is not called. */
int tp_init_fail(tp_init *ini, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- process -------------------------------------------------------------
 *
 * process() receives a tp_ctx handle, valid only during the call. */
typedef struct tp_ctx tp_ctx;

/* Fails the current document: it becomes an error record
 *   {"id":…,"error":{"stage":STAGE,"code":CODE,"message":MESSAGE}}
 * `code` is a short machine-readable word ("too_long", "bad_markup"; at most
 * 47 bytes); the message is formatted at once (at most 511 bytes kept), so
 * its arguments are only borrowed.  The first call in a process() counts.
 * Returns TP_ERR. */
int tp_fail(tp_ctx *ctx, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- Logging -------------------------------------------------------------
 *
 * Messages go to stderr prefixed with the stage id (and the document id in
 * process), filtered by the stage's `log_level` ("error", "warn", "info",
 * "debug"; default "warn").  Formatted at once: arguments are borrowed. */
typedef enum tp_log_level { TP_LOG_ERROR = 0, TP_LOG_WARN = 1, TP_LOG_INFO = 2, TP_LOG_DEBUG = 3 } tp_log_level;

void tp_init_log(tp_init *ini, tp_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void tp_log(tp_ctx *ctx, tp_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- The descriptor ------------------------------------------------------ */

/* The descriptor.  The core keeps the pointer tp_plugin_entry() returns and
 * everything it points to (strings, the option table, the lists) for the
 * whole process, and never writes to it: make them static const. */
typedef struct tp_plugin {
    /* Filled by TP_PLUGIN_DESCRIPTOR_HEAD; checked before anything else. */
    uint32_t abi_major;   /* must equal the core's TP_ABI_MAJOR */
    uint32_t abi_minor;   /* must be <= the core's TP_ABI_MINOR */
    uint32_t struct_size; /* sizeof(tp_plugin) as the plugin saw it */

    const char *name;    /* = the module file name without extension */
    const char *version; /* the plugin's own version, free form */
    const char *summary; /* one line */

    /* Option table ending with {NULL}; NULL for none. */
    const tp_option_spec *options;

    /* NULL-terminated lists of annotation type names, or NULL.
     * consumes: each must be produced by an earlier stage, or the config is
     *   refused.  consumes_optional: used when an earlier stage produced it,
     *   otherwise the layer is simply empty.  produces: what this stage adds. */
    const char *const *consumes;
    const char *const *consumes_optional;
    const char *const *produces;

    /* Required.  init() stores its state (may be NULL) in *state and returns
     * TP_OK, or calls tp_init_fail() and returns TP_ERR (fini is then not
     * called).  process() as described above.  fini() releases the state;
     * NULL when there is nothing to release.  The state belongs to the
     * plugin; the core only hands it back.  fini() is called at most once,
     * only after init() succeeded, when the process is done with the stage
     * (not in a worker that is killed, say after --doc-timeout). */
    int (*init)(tp_init *ini, void **state);
    int (*process)(void *state, tp_doc *doc, tp_ctx *ctx);
    void (*fini)(void *state);

    /* Optional offline tool, run as `textpipe train NAME ARGS…`: argv[0] is
     * NAME; argv is borrowed.  Unlike process(), it may use stdout and
     * stderr; init() is not called first.  Returns the exit status.  NULL
     * when the plugin has nothing to train. */
    int (*train)(int argc, char **argv);

    /* ABI 1.0 ends here; later minors append fields (the core reads them only
     * when struct_size covers them). */
} tp_plugin;

/* First fields of every descriptor initialiser. */
#define TP_PLUGIN_DESCRIPTOR_HEAD \
    .abi_major = TP_ABI_MAJOR, .abi_minor = TP_ABI_MINOR, .struct_size = sizeof(tp_plugin)

/* Name of the one symbol a plugin module exports. */
#define TP_PLUGIN_ENTRY_SYMBOL "tp_plugin_entry"

#if defined(__GNUC__)
#define TP__EXPORT __attribute__((visibility("default")))
#else
#define TP__EXPORT
#endif

/* Defines the entry point returning `descriptor` (a static const tp_plugin).
 * The core may call it more than once (loading, `textpipe plugins`); it must
 * only return the descriptor. */
#define TP_PLUGIN_DEFINE(descriptor)                   \
    TP__EXPORT const tp_plugin *tp_plugin_entry(void); \
    const tp_plugin *tp_plugin_entry(void) { return &(descriptor); }

#ifdef __cplusplus
}
#endif
#endif
