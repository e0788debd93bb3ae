/*
 * view/assets.h - the page's fixed style sheet and script, compiled in.
 *
 * They are written as real files beside this header (page.css, print.css,
 * page.js: readable, with comments) and turned into C strings at build time
 * (core/cli/local.mk makes assets.c).  Whole-line comment blocks - a line
 * starting with the comment opener through the line ending with the
 * closer - are left out of the strings, so they cost the pages nothing;
 * everything else is copied byte for byte, each line ending in a newline.  The page carries
 * them inline and its Content-Security-Policy admits exactly their hashes
 * (view/layout.c computes them from these bytes).
 */
#ifndef TP_VIEW_ASSETS_H
#define TP_VIEW_ASSETS_H

/* page.css: the rules of every page (the per-batch colour and switch rules
 * follow it, view/style.c). */
extern const char tp__view_page_css[];
/* print.css: the print rules, last in the style sheet so they win. */
extern const char tp__view_print_css[];
/* page.js: pagination (the page works without it). */
extern const char tp__view_page_js[];

#endif
