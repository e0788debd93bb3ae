/*
 * textpipe/textpipe.h - everything a plugin includes.
 *
 * plugin.h is the manual: start there.
 */
#ifndef TEXTPIPE_TEXTPIPE_H
#define TEXTPIPE_TEXTPIPE_H

#include <textpipe/version.h>
#include <textpipe/doc.h>
#include <textpipe/plugin.h>

#endif
