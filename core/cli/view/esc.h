/*
 * view/esc.h - text from the data made safe for the page.
 *
 * Everything the viewer takes from the records (text, ids, layer names,
 * labels, feature values, messages) goes through tp__view_esc() before it
 * reaches the page, so nothing in the data can open or close markup.  The
 * rules, for any bytes at all:
 *   - & < > become &amp; &lt; &gt; (so "</script>" is text, never a tag);
 *   - in an attribute value (always written double-quoted) " and ' become
 *     &quot; and &#39;, a newline &#10; (a line break of the tooltip), a
 *     tab a space; in text they stay as they are;
 *   - CR LF becomes LF and a lone CR LF too, as the browser would draw it;
 *   - other C0 controls and DEL become their control pictures (U+2400 +
 *     the code, U+2421 for DEL), visible and inert - a NUL included;
 *   - each byte that does not begin a valid UTF-8 sequence becomes U+FFFD
 *     (tp_utf8_decode()'s rule), so the page is always valid UTF-8;
 *   - every other character is copied as it is, format characters such as
 *     the bidi controls (U+202A-U+202E, U+2066-U+2069) included: they are
 *     part of the text, and cannot form markup.
 * Escaping is never undone or applied twice by the viewer: callers escape
 * data once, at the point it is written, and write their own markup as is.
 */
#ifndef TP_VIEW_ESC_H
#define TP_VIEW_ESC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Where escaped text goes: element content, or a double-quoted attribute
 * value. */
typedef enum tp__view_ctx { TP__VIEW_TEXT, TP__VIEW_ATTR } tp__view_ctx;

/* Appends s[0..n) to b, escaped for `ctx` (the rules above).  s may hold
 * any bytes, NUL included. */
void tp__view_esc(tp__buf *b, const char *s, size_t n, tp__view_ctx ctx);

/* The same for a NUL-terminated string. */
void tp__view_esc_str(tp__buf *b, const char *s, tp__view_ctx ctx);

/* The length of s[0..n) cut to at most `max` bytes without splitting a
 * character (tp_utf8_start(): a byte of bad UTF-8 is a character of its
 * own, so a run of stray continuation bytes is cut like any other text);
 * *cut says whether anything was left out. */
size_t tp__view_clip(const char *s, size_t n, size_t max, bool *cut);

/* Appends at most `max` bytes of the NUL-terminated s (tp__view_clip()),
 * escaped, and "…" when it was cut: for names and values that come from the
 * data and could be of any length. */
void tp__view_esc_clipped(tp__buf *b, const char *s, size_t max, tp__view_ctx ctx);

#endif
