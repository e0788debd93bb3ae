/*
 * money_dev.c -- development driver for the currency library.
 *
 *   money_dev [options] jsonl IN.jsonl        PRED JSON lines on stdout, one per
 *                                             {"id","text"[,"locale","date"]} line
 *   money_dev [options] text FILE [ID]        one PRED line for a plain text file
 *   money_dev [options] bench FILE [SECONDS]  scan throughput on FILE (JSONL texts
 *                                             or plain text), one core
 *   money_dev [options] num STRING            the number parser alone
 *
 * Options: --data DIR (default: the data/ folder beside dev/), --iso PATH,
 *   --dollar CODE, --pound CODE, --yen CODE, --kr CODE, --units "k=CODE,...",
 *   --decimal-mark . | , , --hash-pound, --rates FILE (default, as in the
 *   plugin: DATA/eurofxref-hist.csv.gz), --no-rates, --convert-to CODE,
 *   --date YYYY-MM-DD, --no-infer (keep the dollar option's currency even
 *   beside a conversion), --no-locale (ignore the cases' locale field).
 *
 * Output offsets are Unicode code points (what the scorer and DESIGN §6 want);
 * the library itself reports bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "../money.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *argv0 = "money_dev";

static void die(const char *msg)
{
    fprintf(stderr, "%s: %s\n", argv0, msg);
    exit(2);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    if (!f) {
        perror(path);
        exit(2);
    }
    do {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 1 << 20;
            buf = realloc(buf, cap);
            if (!buf)
                die("out of memory");
        }
        r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
    } while (r > 0);
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* ---- JSON output -------------------------------------------------------- */

static void put_str(FILE *o, const char *s, size_t n)
{
    size_t i;
    fputc('"', o);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fputc('\\', o);
            fputc(c, o);
        } else if (c == '\n') {
            fputs("\\n", o);
        } else if (c == '\r') {
            fputs("\\r", o);
        } else if (c == '\t') {
            fputs("\\t", o);
        } else if (c < 0x20) {
            fprintf(o, "\\u%04x", c);
        } else {
            fputc(c, o);
        }
    }
    fputc('"', o);
}

static void put_num(FILE *o, const char *key, double v)
{
    char buf[64];
    fprintf(o, ",\"%s\":%s", key, money_format_amount(v, buf, sizeof buf));
}

typedef struct out_state {
    FILE *o;
    const char *text;
    size_t cp_pos, byte_pos; /* incremental byte -> code point offsets */
    int first;
} out_state;

static size_t to_cp(out_state *st, size_t b)
{
    /* spans arrive in text order; count code points from the last position */
    if (b < st->byte_pos) {
        st->byte_pos = 0;
        st->cp_pos = 0;
    }
    while (st->byte_pos < b) {
        if (((unsigned char)st->text[st->byte_pos] & 0xC0) != 0x80)
            st->cp_pos++;
        st->byte_pos++;
    }
    return st->cp_pos;
}

static int emit(const money_span *sp, void *user)
{
    out_state *st = user;
    FILE *o = st->o;
    size_t cb = to_cp(st, sp->begin), ce = to_cp(st, sp->end);
    if (!st->first)
        fputc(',', o);
    st->first = 0;
    fprintf(o, "{\"start\":%zu,\"end\":%zu,\"text\":", cb, ce);
    put_str(o, st->text + sp->begin, sp->end - sp->begin);
    if (isnan(sp->amount))
        fputs(",\"amount\":null", o);
    else
        put_num(o, "amount", sp->amount);
    fprintf(o, ",\"currency\":\"%s\"", sp->currency);
    if (isnan(sp->min))
        fputs(",\"min\":null", o);
    else
        put_num(o, "min", sp->min);
    if (isnan(sp->max))
        fputs(",\"max\":null", o);
    else
        put_num(o, "max", sp->max);
    fprintf(o, ",\"currency_default\":%s,\"approximate\":%s",
            (sp->flags & MONEY_F_CURRENCY_DEFAULT) ? "true" : "false",
            (sp->flags & MONEY_F_APPROXIMATE) ? "true" : "false");
    if (sp->flags & MONEY_F_RANGE_PART)
        fputs(",\"range_part\":true", o);
    if (sp->flags & MONEY_F_CURRENCY_INFERRED)
        fputs(",\"currency_inferred\":\"conversion\"", o);
    if (sp->flags & MONEY_F_CONVERTED) {
        fputs(",\"converted\":{", o);
        if (isnan(sp->conv_amount))
            fputs("\"amount\":null", o);
        else {
            char buf[64];
            fprintf(o, "\"amount\":%s", money_format_amount(sp->conv_amount, buf, sizeof buf));
        }
        if (!isnan(sp->conv_min))
            put_num(o, "min", sp->conv_min);
        if (!isnan(sp->conv_max))
            put_num(o, "max", sp->conv_max);
        fprintf(o, ",\"currency\":\"%s\"", sp->conv_currency);
        put_num(o, "rate", sp->conv_rate);
        fprintf(o, ",\"rate_date\":\"%s\"}", sp->rate_date);
    }
    fputc('}', o);
    return 0;
}

static void write_record(const money_ctx *ctx, const char *id, const char *text, size_t len, const money_doc *doc)
{
    out_state st;
    st.o = stdout;
    st.text = text;
    st.cp_pos = st.byte_pos = 0;
    st.first = 1;
    fputs("{\"id\":", stdout);
    put_str(stdout, id, strlen(id));
    fputs(",\"annotations\":{\"money\":[", stdout);
    money_scan(ctx, text, len, doc, emit, &st);
    fputs("]}}\n", stdout);
}

/* ---- modes -------------------------------------------------------------- */

static int use_locale = 1;

static void run_jsonl(const money_ctx *ctx, const char *path)
{
    size_t len;
    char *buf = slurp(path, &len), *line = buf;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        if (ll > 0) {
            cJSON *j = cJSON_ParseWithLength(line, ll);
            cJSON *id, *text, *loc, *date;
            money_doc doc = {0};
            if (!j)
                die("bad JSON line");
            id = cJSON_GetObjectItemCaseSensitive(j, "id");
            text = cJSON_GetObjectItemCaseSensitive(j, "text");
            loc = cJSON_GetObjectItemCaseSensitive(j, "locale");
            date = cJSON_GetObjectItemCaseSensitive(j, "date");
            if (!cJSON_IsString(text))
                die("line without a text");
            if (use_locale && cJSON_IsString(loc))
                doc.locale = loc->valuestring;
            if (cJSON_IsString(date))
                doc.date = date->valuestring;
            write_record(ctx, cJSON_IsString(id) ? id->valuestring : "", text->valuestring,
                         strlen(text->valuestring), &doc);
            cJSON_Delete(j);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
}

/* CPU time of this process: the machine may be shared, and the target is
 * throughput on one core. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int count_cb(const money_span *sp, void *user)
{
    (void)sp;
    ++*(size_t *)user;
    return 0;
}

/* Loads FILE as one buffer of texts: JSONL "text" fields joined by blank lines,
 * or the file itself when it is not JSONL. */
static char *load_corpus(const char *path, size_t *out_len, size_t *ndocs, size_t **offs)
{
    size_t len, n = 0, cap = 0, nd = 0, capd = 0;
    char *buf = slurp(path, &len), *out = NULL, *line = buf;
    size_t *o = NULL;
    if (len == 0 || buf[0] != '{') {
        o = malloc(2 * sizeof *o);
        o[0] = 0;
        o[1] = len;
        *out_len = len;
        *ndocs = 1;
        *offs = o;
        return buf;
    }
    while (line && *line) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        cJSON *j = ll ? cJSON_ParseWithLength(line, ll) : NULL;
        cJSON *t = j ? cJSON_GetObjectItemCaseSensitive(j, "text") : NULL;
        if (cJSON_IsString(t)) {
            size_t tl = strlen(t->valuestring);
            if (n + tl + 2 > cap) {
                char *nb;
                cap = (n + tl + 2) * 2;
                nb = realloc(out, cap);
                if (!nb)
                    die("out of memory");
                out = nb;
            }
            if (nd + 2 > capd) {
                size_t *no;
                capd = capd ? capd * 2 : 1024;
                no = realloc(o, capd * sizeof *o);
                if (!no)
                    die("out of memory");
                o = no;
            }
            o[nd++] = n;
            memcpy(out + n, t->valuestring, tl);
            n += tl;
            out[n++] = '\n';
            out[n++] = '\n';
        }
        cJSON_Delete(j);
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    if (!o && !(o = malloc(sizeof *o)))
        die("out of memory");
    o[nd] = n;
    *out_len = n;
    *ndocs = nd;
    *offs = o;
    return out;
}

static void run_bench(const money_ctx *ctx, const char *path, double seconds)
{
    size_t len, nd, *offs, reps = 0, spans = 0, k;
    char *text = load_corpus(path, &len, &nd, &offs);
    double t0 = now(), t;
    /* warm up */
    for (k = 0; k < nd; k++) money_scan(ctx, text + offs[k], offs[k + 1] - offs[k], NULL, count_cb, &spans);
    spans = 0;
    t0 = now();
    do {
        for (k = 0; k < nd; k++) money_scan(ctx, text + offs[k], offs[k + 1] - offs[k], NULL, count_cb, &spans);
        reps++;
        t = now() - t0;
    } while (t < seconds);
    printf("{\"tool\":\"money_scan\",\"bytes\":%zu,\"docs\":%zu,\"reps\":%zu,\"cpu_seconds\":%.3f,"
           "\"mb_per_s\":%.1f,\"spans_per_pass\":%zu}\n",
           len, nd, reps, t, (double)len * (double)reps / t / 1e6, spans / reps);
    free(text);
    free(offs);
}

static void run_num(const char *s, char dm)
{
    money_number n;
    char buf[64];
    unsigned o = MONEY_NP_WORDS | MONEY_NP_ARTICLE;
    if (!money_parse_number(s, strlen(s), dm, o, &n)) {
        printf("{\"number\":false}\n");
        return;
    }
    printf("{\"value\":%s", money_format_amount(n.value, buf, sizeof buf));
    printf(",\"base\":%s,\"scale_exp\":%d,\"consumed\":%zu,\"flags\":%u}\n",
           money_format_amount(n.base, buf, sizeof buf), n.scale_exp, n.consumed, n.flags);
}

int main(int argc, char **argv)
{
    money_opts o;
    char err[512], defdata[4096];
    const char *data = NULL, *mode;
    money_ctx *ctx;
    int i, no_rates = 0;
    char defrates[4200];

    argv0 = argv[0];
    money_opts_init(&o);
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *a = argv[i];
#define ARG() (i + 1 < argc ? argv[++i] : (die("missing option value"), ""))
        if (!strcmp(a, "--data"))
            data = ARG();
        else if (!strcmp(a, "--iso"))
            o.iso4217_path = ARG();
        else if (!strcmp(a, "--dollar"))
            o.dollar = ARG();
        else if (!strcmp(a, "--pound"))
            o.pound = ARG();
        else if (!strcmp(a, "--yen"))
            o.yen = ARG();
        else if (!strcmp(a, "--kr"))
            o.kr = ARG();
        else if (!strcmp(a, "--units"))
            o.units = ARG();
        else if (!strcmp(a, "--decimal-mark"))
            o.decimal_mark = ARG()[0];
        else if (!strcmp(a, "--hash-pound"))
            o.hash_is_pound = 1;
        else if (!strcmp(a, "--rates"))
            o.rates_path = ARG();
        else if (!strcmp(a, "--no-rates"))
            no_rates = 1;
        else if (!strcmp(a, "--no-infer"))
            o.infer_dollar = 0;
        else if (!strcmp(a, "--convert-to"))
            o.convert_to = ARG();
        else if (!strcmp(a, "--date"))
            o.date = ARG();
        else if (!strcmp(a, "--no-locale"))
            use_locale = 0;
        else
            die("unknown option (see the comment at the top of money_dev.c)");
    }
    if (i >= argc)
        die("usage: money_dev [options] jsonl|text|bench|num ARGS");
    mode = argv[i++];
    if (!strcmp(mode, "num")) {
        if (i >= argc)
            die("num needs a string");
        run_num(argv[i], o.decimal_mark);
        return 0;
    }
    if (!data) {
        /* dev/money_dev -> data/ beside dev/ */
        const char *slash = strrchr(argv0, '/');
        if (slash)
            snprintf(defdata, sizeof defdata, "%.*s/../data", (int)(slash - argv0), argv0);
        else
            snprintf(defdata, sizeof defdata, "../data");
        data = defdata;
    }
    if (no_rates) {
        o.rates_path = NULL;
    } else if (!o.rates_path && (o.infer_dollar || o.convert_to)) {
        snprintf(defrates, sizeof defrates, "%s/eurofxref-hist.csv.gz", data);
        o.rates_path = defrates;
    }
    ctx = money_ctx_new(&o, data, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "%s: %s\n", argv0, err);
        return 2;
    }
    if (!strcmp(mode, "jsonl") && i < argc) {
        run_jsonl(ctx, argv[i]);
    } else if (!strcmp(mode, "text") && i < argc) {
        size_t len;
        char *text = slurp(argv[i], &len);
        const char *id = i + 1 < argc ? argv[i + 1] : argv[i];
        money_doc doc = {0};
        write_record(ctx, id, text, len, &doc);
        free(text);
    } else if (!strcmp(mode, "bench") && i < argc) {
        run_bench(ctx, argv[i], i + 1 < argc ? atof(argv[i + 1]) : 3.0);
    } else {
        die("usage: money_dev [options] jsonl|text|bench|num ARGS");
    }
    money_ctx_free(ctx);
    return 0;
}
