/*
 * view/values.h - values read from a record and written for the page.
 *
 * The readers take a member of a JSON object and tolerate anything: a
 * missing member or one of another type reads as absent.  The writers
 * append plain text, NOT escaped: the caller escapes it for where it goes
 * (view/esc.h) - numbers need no escaping, strings from the data do.
 */
#ifndef TP_VIEW_VALUES_H
#define TP_VIEW_VALUES_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "buf.h"

/* Bytes of a string or JSON value shown in a hover text or a meta field. */
#define TP__VIEW_VALUE_SHOWN_MAX 400

/* o[key] when it is a string (borrowed from o), else NULL. */
const char *tp__view_str(const cJSON *o, const char *key);

/* o[key] when it is a number, with *has true; else NAN, *has false. */
double tp__view_num(const cJSON *o, const char *key, bool *has);

/* v as the shortest decimal that reads back as the same double ("0.1",
 * "0.30000000000000004", "1e+21"), for data attributes; "NaN" when it is
 * not finite. */
void tp__view_put_num(tp__buf *b, double v);

/* v as an amount for people: digits grouped by three with commas, two
 * decimals unless whole ("40,000,000,000", "3,915,094.34", "-12.50");
 * below 0.01 (but not 0) or from 1e15 on, six significant digits ("0.0045",
 * "1e+15"); "?" when it is not finite. */
void tp__view_put_amount(tp__buf *b, double v);

/* A feature or meta value: a string as it is, a number by
 * tp__view_put_num(), true/false/null, an array or object as compact JSON;
 * strings and JSON cut after TP__VIEW_VALUE_SHOWN_MAX bytes (on a
 * character boundary) with "…". */
void tp__view_value_text(tp__buf *b, const cJSON *v);

#endif
