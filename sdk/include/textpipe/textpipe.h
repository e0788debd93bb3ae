/*
 * textpipe/textpipe.h - everything a plugin includes.
 *
 * plugin.h is the manual: start there.  utf8.h reads text the way the core
 * and the shipped plugins do.
 */
#ifndef TEXTPIPE_TEXTPIPE_H
#define TEXTPIPE_TEXTPIPE_H

#include <textpipe/version.h>
#include <textpipe/doc.h>
#include <textpipe/plugin.h>
#include <textpipe/utf8.h>

#endif
