/* view/out.c - the page handed on in pieces (see out.h). */
#include "autoconfig.h"

#include "view/out.h"

void tp__view_out_flush(tp__view_out *o)
{
    if (!o->failed && o->b.len && o->fn(o->arg, o->b.data, o->b.len) != 0)
        o->failed = true;
    o->b.len = 0;
}
