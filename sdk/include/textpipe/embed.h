/*
 * textpipe/embed.h - running textpipe pipelines from your own program.
 *
 * The textpipe command is one user of libtextpipe; a service, a language
 * binding or a test harness is another.  This header is what such an
 * embedder needs: build a pipeline from a configuration (the same syntax,
 * plugins and checks as `textpipe run -c`), run it over documents, and get
 * each document's record as JSON - the record `textpipe run` writes.
 * Documents can also be read through doc.h (tp_doc_spans, ...), with the
 * layer and feature names looked up here.
 *
 * Link with `pkg-config --libs textpipe`; include <textpipe/embed.h>.
 *
 * Conventions (as in plugin.h): functions that can fail return 0 (or a
 * pointer) on success; -1 (or NULL) on failure, with the reason where the
 * function says.  Strings the library returns through `char **` are
 * malloc'd and the caller frees them; `const char *` results are borrowed
 * and valid for as long as the object they came from.  A tp_pipeline is not
 * thread-safe: use one per thread (they share nothing).
 */
#ifndef TEXTPIPE_EMBED_H
#define TEXTPIPE_EMBED_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/doc.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tp_pipeline tp_pipeline;

/* Flags of tp_pipeline_spec. */
enum {
    TP_PIPELINE_NO_ENV = 1 << 0,        /* ignore $TEXTPIPE_PLUGIN_PATH */
    TP_PIPELINE_NO_INSTALLED = 1 << 1,  /* do not search the installed plugin folder */
    TP_PIPELINE_ALLOW_INSECURE = 1 << 2 /* load plugins other users could change */
};

/* What to build.  Zero-initialise it, set struct_size to
 * sizeof(tp_pipeline_spec) (fields may be added at the end; the library
 * reads only the ones your struct_size covers), then fill in: */
typedef struct tp_pipeline_spec {
    size_t struct_size;
    const char *config_file; /* a configuration file, or */
    const char *config_text; /* a configuration in memory; both NULL: the default pipeline */
    const char *config_name; /* how messages name config_text ("<memory>" when NULL) */
    const char *config_dir;  /* where config_text's relative paths resolve (NULL: cwd) */
    const char *const *sets; /* "ID.OPTION=VALUE" overrides, applied last */
    size_t nsets;
    const char *const *plugin_dirs; /* searched first, in order */
    size_t nplugin_dirs;
    unsigned flags; /* TP_PIPELINE_* */
} tp_pipeline_spec;

/* Reads the configuration, loads and checks every plugin and option, and
 * starts every stage.  Returns the pipeline, or NULL with every problem in
 * *errors (malloc'd, caller frees; one line each, "FILE:LINE: error:
 * MESSAGE", as textpipe prints them; errors may be NULL). */
tp_pipeline *tp_pipeline_open(const tp_pipeline_spec *spec, char **errors);

/* Finishes every stage and frees the pipeline.  NULL is ignored. */
void tp_pipeline_close(tp_pipeline *p);

/* A document bound to this pipeline: reuse it for document after
 * document (its memory is kept).  Free it with tp_doc_free() before the
 * pipeline is closed. */
tp_doc *tp_pipeline_new_doc(tp_pipeline *p);
void tp_doc_free(tp_doc *doc);

/* Why a document failed.  Borrowed: valid until the next call with the
 * same document. */
typedef struct tp_doc_error {
    const char *stage; /* the stage id, or "input" for a document that could not be read */
    const char *code;  /* "bad_utf8", "nul_byte", "bad_id", a plugin's code, ... */
    const char *message;
} tp_doc_error;

/* Sets the document's id (UTF-8, not empty) and text (UTF-8, no NUL; both
 * copied) and runs every stage over it.  `meta_json` may hold a JSON object
 * (its members come back under "meta" and are what plugins read with
 * tp_doc_meta_str, such as "date" and "locale"), or be NULL.  Returns 0,
 * or -1 with *err filled in. */
int tp_pipeline_process(tp_pipeline *p, tp_doc *doc, const char *id, const char *text, size_t len,
                        const char *meta_json, size_t meta_len, tp_doc_error *err);

/* The two halves of tp_pipeline_process(), for a program that puts layers
 * of its own on a document before the stages run (a test harness giving a
 * stage its input layers): set the document, add spans with doc.h (names
 * from tp_pipeline_add_type/feat), settle them, then run. */
int tp_pipeline_set_doc(tp_pipeline *p, tp_doc *doc, const char *id, const char *text, size_t len,
                        const char *meta_json, size_t meta_len, tp_doc_error *err);
int tp_pipeline_run_doc(tp_pipeline *p, tp_doc *doc, tp_doc_error *err);

/* Sorts and checks the spans added to `doc` since the last stage or
 * settle (as the pipeline does after each stage).  NULL when they are
 * fine, else why not (borrowed, valid until the document is reused). */
const char *tp_doc_settle(tp_doc *doc);

/* Units of span offsets in records (textpipe run --offsets). */
enum { TP_RECORD_CODE_POINTS = 0, TP_RECORD_BYTES = 1, TP_RECORD_UTF16 = 2 };

/* The document's record as it stands (after tp_pipeline_process: as
 * textpipe run writes it), one line of JSON with its newline, in *json
 * (malloc'd, caller frees; *len without the terminating NUL).  Returns 0,
 * or -1 for an unknown unit. */
int tp_pipeline_record(tp_pipeline *p, tp_doc *doc, int offsets, char **json, size_t *len);

/* An error record for document `id`, as textpipe run writes it, in *json
 * (malloc'd).  Returns 0. */
int tp_error_record(const char *id, const tp_doc_error *err, char **json, size_t *len);

/* A layer type or feature name of this pipeline (as plugins declared them
 * at init), for reading documents with doc.h; 0 when no stage uses it. */
tp_type tp_pipeline_type(const tp_pipeline *p, const char *name);
tp_feat tp_pipeline_feat(const tp_pipeline *p, const char *name);

/* The same, adding the name when no stage declared it (for layers a
 * program adds itself). */
tp_type tp_pipeline_add_type(tp_pipeline *p, const char *name);
tp_feat tp_pipeline_add_feat(tp_pipeline *p, const char *name);

/* The name of a type or feature id (borrowed), or NULL. */
const char *tp_pipeline_type_name(const tp_pipeline *p, tp_type type);
const char *tp_pipeline_feat_name(const tp_pipeline *p, tp_feat feat);

/* The stages, in order: their ids, plugin names and versions (borrowed). */
size_t tp_pipeline_stage_count(const tp_pipeline *p);
const char *tp_pipeline_stage_id(const tp_pipeline *p, size_t i);
const char *tp_pipeline_stage_plugin(const tp_pipeline *p, size_t i, const char **version);

#ifdef __cplusplus
}
#endif

#endif
