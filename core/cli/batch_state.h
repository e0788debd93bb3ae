/*
 * batch_state.h - the batch runner's state, shared by its two files:
 * batch.c (the loop: workers, slots, records) and batch_outputs.c (the
 * output files and the manifest).  Private to the runner.
 */
#ifndef TEXTPIPE_BATCH_STATE_H
#define TEXTPIPE_BATCH_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "batch.h"
#include "idset.h"
#include "manifest.h"
#include "progress.h"
#include "resume.h"
#include "sink.h"
#include "worker.h"

#define FLUSH_AT (256 * 1024)
#define DEPTH 2                        /* documents a worker holds */
#define HELD_BUDGET ((size_t)64 << 20) /* text and records the window may hold */
#define MEMORY_CHECK_EVERY 0.1         /* seconds */
#define KEEP_BYTES ((size_t)1 << 20)   /* slot buffers above this are freed */

typedef enum wstate { W_NONE = 0, W_STARTING, W_READY, W_DEAD } wstate;

typedef struct wslot {
    tp__worker proc;
    wstate state;
    size_t q[DEPTH]; /* sequence numbers in flight, oldest first */
    int qn;
    double head_deadline; /* when the oldest must be answered */
    bool writing;         /* a request is partly written */
    size_t wseq, woff;
    size_t docs;      /* answered by this process */
    double rss_check; /* next memory check */
    char *init_error; /* why its stages did not start (DEAD): whole diagnostic lines, as printed */
} wslot;

typedef struct slot {
    bool used, ready, is_error;
    uint64_t ordinal;
    char *id; /* malloc'd, for messages */
    size_t text_len;
    tp__buf req; /* the request while in flight (resent if its worker dies before starting it) */
    tp__buf rec;
} slot;

typedef struct runner {
    tp__pipeline *p;
    const tp__batch_opts *o;
    tp__worker_cfg wcfg;
    char hash[TP__PIPELINE_HASH_LEN + 1];
    wslot *w;
    int nworkers;
    volatile int32_t *probes; /* shared with the workers */
    size_t memory_limit;      /* SIZE_MAX: none */
    slot *slots;
    size_t window;
    size_t next_seq;   /* sequence number of the next item */
    size_t next_write; /* first sequence number not yet written */
    size_t held;       /* bytes of text and records held in slots */
    size_t *pending;   /* sequence numbers waiting for a worker (their worker died) */
    size_t npending, cappending;
    tp__sink out, errs;
    bool has_errs;
    bool streaming; /* flush each record: a filter */
    tp__idset *ids;
    tp__done *done;
    cJSON *manifest;
    char *manifest_path;
    tp__progress progress;
    tp__input *in;
    uint64_t ordinal; /* of the last item read */
    size_t emitted, failed, skipped, restarts;
    bool input_done;
    bool no_workers; /* every worker is DEAD */
    int status;      /* a fatal status decided on the way, or 0 */
    bool restart;    /* --resume of a run killed before it wrote a record */
} runner;

/* ---- Outputs (batch_outputs.c); each returns 0 or an exit status ---- */

/* Opens one output for this run.  For --resume: continues FILE.part (or
 * FILE, when its journal says it is the output of the run being resumed),
 * matching ids when `by_id`.  Sets *complete when FILE is finished and
 * there is nothing to continue. */
int tp__batch_open_output(runner *r, tp__sink *s, const char *path, const char *stdout_name, bool by_id,
                          bool *complete);

/* The output must not be one of the inputs, nor -o and --errors one file. */
int tp__batch_check_identity(runner *r);

/* The manifest of this run, and for --resume the check against the last
 * one.  Sets *by_id when resuming anyway over a difference. */
int tp__batch_check_manifest(runner *r, bool *by_id, bool *then_complete);

/* Writes the manifest beside the output (nothing for a scratch output). */
void tp__batch_write_manifest(runner *r, bool complete);

#endif
