/*
 * batch_outputs.c - the batch runner's output files and manifest (see
 * batch_state.h): which file a run writes or continues, that it is none of
 * the inputs, and that a --resume continues the same job.
 */
#include "autoconfig.h"

#include "batch_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "manifest.h"
#include "report.h"
#include "xalloc.h"

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Opens one output for this run.  For --resume: continues FILE.part (or
 * FILE, when its journal says it is the output of the run being resumed),
 * matching ids when `by_id`.  Sets *complete when FILE is finished and
 * there is nothing to continue.  Returns 0 or an exit status. */
int tp__batch_open_output(runner *r, tp__sink *s, const char *path, const char *stdout_name, bool by_id, bool *complete)
{
    char err[1024];
    *complete = false;
    tp__outfile_mode mode = TP__OUT_FRESH;
    if (r->o->resume && !r->restart) {
        char *target = tp__outfile_target(path);
        if (!target) {
            tp__cli_error("--resume: %s is a device, FIFO or descriptor, written directly: it cannot be resumed",
                          path);
            return 2;
        }
        char *part = tp__xasprintf("%s.part", target);
        char *journal = tp__xasprintf("%s.part.journal", target);
        if (exists(part)) {
            mode = TP__OUT_CONTINUE;
        } else if (exists(target) && (exists(journal) || by_id)) {
            /* Committed, but the run did not get to remove the journals (or
             * it is continued by id): it becomes FILE.part again. */
            if (rename(target, part) != 0) {
                tp__cli_error("cannot resume %s: %s", target, strerror(errno));
                free(target), free(part), free(journal);
                return 3;
            }
            mode = TP__OUT_CONTINUE;
        } else if (exists(target)) {
            *complete = true;
        }
        free(target), free(part), free(journal);
        if (*complete)
            return 0;
    }
    tp__done *done = mode == TP__OUT_CONTINUE ? r->done : NULL;
    tp__outfile_status st = tp__sink_open(s, path, stdout_name, mode, true, done, by_id, err, sizeof err);
    if (st != TP__OUT_OK) {
        tp__cli_error("%s", err);
        return st == TP__OUT_IO ? 3 : 2;
    }
    return 0;
}

/* The output must not be one of the inputs (it would be read while being
 * replaced), nor both -o and --errors the same file. */
int tp__batch_check_identity(runner *r)
{
    const tp__batch_opts *o = r->o;
    struct stat st;
    for (size_t i = 0; i < o->npaths; i++) {
        const char *path = o->paths[i];
        bool is_stdin = strcmp(path, "-") == 0;
        if (is_stdin ? fstat(0, &st) != 0 : stat(path, &st) != 0)
            continue;
        if (!S_ISREG(st.st_mode))
            continue;
        if (tp__outfile_is(&r->out.out, &st) || (r->has_errs && tp__outfile_is(&r->errs.out, &st))) {
            tp__cli_error("the output %s is also an input",
                          tp__outfile_is(&r->out.out, &st) ? r->out.out.shown : r->errs.out.shown);
            return 2;
        }
    }
    if (o->npaths == 0 && fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
        (tp__outfile_is(&r->out.out, &st) || (r->has_errs && tp__outfile_is(&r->errs.out, &st)))) {
        tp__cli_error("the output is also the input (standard input)");
        return 2;
    }
    if (r->has_errs && !r->out.out.direct && !r->errs.out.direct && tp__outfile_is(&r->out.out, &r->errs.out.st)) {
        tp__cli_error("-o and --errors name the same file");
        return 2;
    }
    return 0;
}

/* Whether PATH.part exists and holds nothing (or, `or_missing`, is not
 * there at all). */
static bool empty_part(const char *path, bool or_missing)
{
    char *t = tp__outfile_target(path);
    if (!t)
        return false;
    char *part = tp__xasprintf("%s.part", t);
    struct stat st;
    bool there = lstat(part, &st) == 0;
    bool empty = there ? S_ISREG(st.st_mode) && st.st_size == 0 : or_missing && lstat(t, &st) != 0;
    free(t);
    free(part);
    return empty;
}

/* The manifest of this run, and for --resume the check against the last
 * one.  Sets *by_id when resuming anyway over a difference.  Returns 0 or
 * an exit status. */
int tp__batch_check_manifest(runner *r, bool *by_id, bool *then_complete)
{
    const tp__batch_opts *o = r->o;
    *by_id = false;
    *then_complete = false;
    char *target = tp__outfile_target(o->out_path);
    char *errors_target = o->err_path ? tp__outfile_target(o->err_path) : NULL;
    tp__manifest_opts mo = {o->offsets,
                            o->pretty,
                            o->input.max_doc_bytes,
                            o->input.format == TP__FMT_JSONL  ? "jsonl"
                            : o->input.format == TP__FMT_TEXT ? "text"
                                                              : "auto",
                            errors_target ? errors_target : o->err_path,
                            o->input.fields.id,
                            o->input.fields.text,
                            o->input.fields.title,
                            o->input.recursive};
    if (!target || o->out_is_scratch) {
        tp__manifest_pipeline_hash(r->p, &mo, r->hash);
        free(target);
        free(errors_target);
        return 0;
    }
    r->manifest = tp__manifest_build(r->p, &mo, o->paths, o->npaths, r->hash);
    r->manifest_path = tp__xasprintf("%s.manifest.json", target);
    free(target);
    free(errors_target);
    if (!o->resume)
        return 0;
    /* A run killed before its workers started wrote no record (nor, maybe,
     * its manifest): resuming it is starting it. */
    r->restart = empty_part(o->out_path, false) && (!o->err_path || empty_part(o->err_path, true));
    if (r->restart)
        return 0;
    char err[512];
    cJSON *then = tp__manifest_read(r->manifest_path, err, sizeof err);
    if (!then) {
        if (o->resume_anyway) {
            tp__cli_warning("%s; resuming without checking the pipeline and inputs", err);
            return 0;
        }
        /* Nothing to resume is fine: the run starts afresh. */
        char *t = tp__outfile_target(o->out_path);
        char *part = tp__xasprintf("%s.part", t);
        bool anything = exists(t) || exists(part);
        free(t);
        free(part);
        if (!anything)
            return 0;
        tp__cli_error("cannot resume: %s, so textpipe cannot check that the output was made by this pipeline from "
                      "these inputs; --resume-anyway resumes all the same",
                      err);
        return 2;
    }
    tp__buf why = {0};
    size_t n = tp__manifest_compare(then, r->manifest, &why);
    tp__buf_putc(&why, '\0'); /* printed with %s */
    *then_complete = cJSON_IsTrue(cJSON_GetObjectItem(then, "complete"));
    if (n && !o->resume_anyway) {
        /* The differences follow, one indented line each. */
        tp__cli_error("cannot resume: the output was made by another pipeline or from other inputs (%s):",
                      r->manifest_path);
        fprintf(stderr, "%stextpipe: --resume-anyway resumes all the same%s\n", why.data,
                tp__manifest_only_inputs_differ(then, r->manifest) ? " (matching records to inputs by id)" : "");
        tp__buf_free(&why);
        cJSON_Delete(then);
        return 2;
    }
    if (n) {
        tp__cli_warning("resuming although the manifest differs (--resume-anyway):");
        fputs(why.data, stderr);
        /* Other inputs: their item numbers mean nothing; match ids. */
        *by_id = tp__manifest_inputs_differ(then, r->manifest);
    }
    /* The first run's start time stays; this run's is added. */
    const cJSON *started = cJSON_GetObjectItem(then, "started");
    if (cJSON_IsString(started))
        cJSON_AddStringToObject(r->manifest, "started", started->valuestring);
    tp__buf_free(&why);
    cJSON_Delete(then);
    return 0;
}

void tp__batch_write_manifest(runner *r, bool complete)
{
    if (!r->manifest)
        return;
    cJSON_DeleteItemFromObject(r->manifest, "complete");
    cJSON_AddBoolToObject(r->manifest, "complete", complete);
    cJSON_DeleteItemFromObject(r->manifest, "counts");
    cJSON *c = cJSON_AddObjectToObject(r->manifest, "counts");
    cJSON_AddNumberToObject(c, "records", (double)(tp__done_count(r->done) + r->out.written + r->errs.written));
    cJSON_AddNumberToObject(c, "written_by_last_run", (double)(r->out.written + r->errs.written));
    cJSON_AddNumberToObject(c, "failed_in_last_run", (double)r->failed);
    cJSON_AddNumberToObject(c, "kept_from_earlier_runs", (double)r->skipped);
    if (complete || !cJSON_GetObjectItem(r->manifest, "ended"))
        tp__manifest_stamp(r->manifest, complete ? "ended" : "last_stopped");
    if (tp__manifest_write(r->manifest_path, r->manifest) != 0)
        tp__cli_warning("cannot write %s: %s", r->manifest_path, strerror(errno));
}
