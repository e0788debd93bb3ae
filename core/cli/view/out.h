/*
 * view/out.h - the page on its way out: a buffer handed to the caller's
 * write function in pieces of about TP__VIEW_FLUSH_AT bytes, so a page of
 * any size is written with bounded memory.
 */
#ifndef TP_VIEW_OUT_H
#define TP_VIEW_OUT_H

#include <stdbool.h>

#include "buf.h"
#include "html.h"

#define TP__VIEW_FLUSH_AT (256 * 1024)

typedef struct tp__view_out {
    tp__buf b;            /* bytes not yet handed on; owned, tp__buf_free() it */
    tp__html_write_fn fn; /* the caller's (html.h) */
    void *arg;
    bool failed; /* fn refused once: nothing more is handed on */
} tp__view_out;

/* Hands b to fn (unless a write failed before) and empties it. */
void tp__view_out_flush(tp__view_out *o);

/* Flushes when b holds TP__VIEW_FLUSH_AT bytes or more: called between
 * pieces of the page, never inside a character or an element's tag. */
static inline void tp__view_out_maybe_flush(tp__view_out *o)
{
    if (o->b.len >= TP__VIEW_FLUSH_AT)
        tp__view_out_flush(o);
}

#endif
