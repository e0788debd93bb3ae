#!/bin/sh
# The currency stage in a pipeline: per-newsroom dollar, conversion with the
# sample ECB rates (the last rate on or before the article's date, cross
# rates through EUR) and with the shipped ECB history (also read from the
# ECB's ZIP download), a dollar read from its conversion, options checked
# at init.
. "$TESTS_SRCDIR/e2e/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 computes the expected rates"; exit 77; }
rates="$TOP_SRCDIR/plugins/currency/data/SAMPLE-eurofxref-hist.csv"
c=$(cfg money.cfg 'stages = ( { plugin = "currency"; } );')

printf '%s\n' '{"id":"a","text":"They paid $100, then \u20ac50 and \u00a51000.","date":"2024-12-03"}' >"$WORK/in.jsonl"

# Without conversion: bare $ and yen come from the options.
tp run -c "$c" --quiet "$WORK/in.jsonl"
expect_eq "amounts and currencies" '[[100,"USD",true],[50,"EUR",false],[1000,"JPY",true]]' \
    "$(jqo '[.annotations.money[] | [.amount, .currency, .currency_default]]')"
tp run -c "$c" --quiet --set currency.dollar=AUD --set currency.yen=CNY "$WORK/in.jsonl"
expect_eq "dollar=AUD, yen=CNY" '["AUD","EUR","CNY"]' "$(jqo '[.annotations.money[].currency]')"
tp run -c "$TOP_SRCDIR/conf/newsrooms/sydney.cfg" --quiet "$WORK/in.jsonl"
expect_eq "the Sydney newsroom file" '"AUD"' "$(jqo '.annotations.money[0].currency')"

# Conversion to GBP on 2024-12-03, and on a date with no row (the row
# before it is used).
expected() { # DATE: the rates the test expects, computed from the CSV
    python3 - "$rates" "$1" <<'PY'
import csv, sys
rows = [r for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith('#'))]
head, body = rows[0], rows[1:]
date = sys.argv[2]
row = max((r for r in body if r[0] <= date), key=lambda r: r[0])
rate = {c: float(v) for c, v in zip(head[1:], row[1:]) if c and v not in ('', 'N/A')}
rate['EUR'] = 1.0
out = []
for amount, cur in ((100, 'USD'), (50, 'EUR'), (1000, 'JPY')):
    r = rate['GBP'] / rate[cur]
    out.append('[%.6f,%.6f,"%s"]' % (amount * r, r, row[0]))
print('[' + ','.join(out) + ']')
PY
}
for date in 2024-12-03 2024-12-08; do
    sed "s/2024-12-03/$date/" "$WORK/in.jsonl" >"$WORK/dated.jsonl"
    tp run -c "$c" --quiet --set "currency.rates=$rates" --set currency.convert_to=GBP "$WORK/dated.jsonl"
    expect_rc "conversion on $date" 0
    expect_eq "converted amounts, rates and rate dates on $date" "$(expected $date)" \
        "$(jqo -c '[.annotations.money[].converted | [(.amount*1e6|round/1e6), (.rate*1e6|round/1e6), .rate_date]]' |
            python3 -c 'import json,sys; print("[" + ",".join("[%.6f,%.6f,\"%s\"]" % tuple(x) for x in json.load(sys.stdin)) + "]")')"
    expect_eq "converted currency" '["GBP","GBP","GBP"]' "$(jqo '[.annotations.money[].converted.currency]')"
done

# The rates file named relative to the config file, and option errors at init.
mkdir -p "$WORK/desk"
cp "$rates" "$WORK/desk/rates.csv"
printf '%s\n' 'stages = ( { plugin = "currency"; options = { rates = "rates.csv"; convert_to = "EUR"; }; } );' >"$WORK/desk/conv.cfg"
(cd / && "$TEXTPIPE" run -c "$WORK/desk/conv.cfg" --quiet "$WORK/in.jsonl" >"$WORK/out" 2>"$WORK/err")
expect_eq "rates path relative to the config" '"EUR"' "$(jqo '.annotations.money[0].converted.currency')"
tp run -c "$c" --quiet --set currency.rates= --set currency.convert_to=EUR "$WORK/in.jsonl"
expect_rc "convert_to with the rates turned off" 2
expect_err "convert_to without rates message" "convert_to needs rates"
tp run -c "$c" --quiet --set currency.dollar=XYZ "$WORK/in.jsonl"
expect_rc "unknown currency code" 2
expect_err "unknown currency code message" "XYZ"
tp run -c "$c" --quiet --set currency.rates=/nonexistent.csv --set currency.convert_to=EUR "$WORK/in.jsonl"
expect_rc "missing rates file" 2
expect_err "missing rates file names it" "/nonexistent.csv"

# The shipped ECB history is the default: conversion on a date needs only
# convert_to.  The expected rate is read from the shipped file here.
shipped="$TOP_SRCDIR/plugins/currency/data/eurofxref-hist.csv.gz"
printf '%s\n' '{"id":"d","text":"It paid $100.","date":"2024-12-04"}' >"$WORK/d.jsonl"
tp run -c "$c" --quiet --set currency.convert_to=EUR "$WORK/d.jsonl"
expect_eq "converted with the shipped rates" "$(python3 - "$shipped" <<'PY'
import csv, gzip, io, sys
rows = list(csv.reader(io.TextIOWrapper(gzip.open(sys.argv[1]), encoding='utf-8')))
row = next(r for r in rows[1:] if r[0] == '2024-12-04')
print('%.6f 2024-12-04' % (1 / float(row[rows[0].index('USD')])))
PY
)" "$(jqo -r '.annotations.money[0].converted | "\(.rate*1e6|round/1e6) \(.rate_date)"' | awk '{printf "%.6f %s\n", $1, $2}')"

# The ECB's own download, a ZIP archive, read as it is.
python3 - "$rates" "$WORK/eurofxref-hist.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[1], 'eurofxref-hist.csv')
PY
tp run -c "$c" --quiet --set "currency.rates=$WORK/eurofxref-hist.zip" --set currency.convert_to=GBP "$WORK/in.jsonl"
expect_eq "rates from a ZIP download" "$(expected 2024-12-03)" \
    "$(jqo -c '[.annotations.money[].converted | [(.amount*1e6|round/1e6), (.rate*1e6|round/1e6), .rate_date]]' |
        python3 -c 'import json,sys; print("[" + ",".join("[%.6f,%.6f,\"%s\"]" % tuple(x) for x in json.load(sys.stdin)) + "]")')"

# A dollar read from the amount it converts: EUR 40bn = 65.4bn of a dollar
# in 2024 is the Australian one.  Marked, and only with infer_dollar on.
printf '%s\n' '{"id":"e","text":"A pledge of \u20ac40 billion ($65.4 billion) in 2024."}' >"$WORK/e.jsonl"
tp run -c "$c" --quiet "$WORK/e.jsonl"
expect_eq "inferred from the conversion" '{"currency":"AUD","currency_default":false,"currency_inferred":"conversion"}' \
    "$(jqo -c '.annotations.money[1] | {currency, currency_default, currency_inferred}')"
tp run -c "$c" --quiet --set currency.infer_dollar=false "$WORK/e.jsonl"
expect_eq "infer_dollar = false keeps the option" '{"currency":"USD","currency_default":true,"currency_inferred":null}' \
    "$(jqo -c '.annotations.money[1] | {currency, currency_default, currency_inferred}')"

finish
