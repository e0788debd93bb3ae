/*
 * testcrash - test plugin for the batch runner: misbehaves on markers.
 *
 *   SEGV_ME   the process gets SIGSEGV
 *   ABORT_ME  abort()
 *   HANG_ME   never returns
 *   EXIT_ME   exit(7), which a plugin must never do
 *
 * Option delay_ms slows every document down, so tests can interrupt a run.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <textpipe/plugin.h>

typedef struct crash {
    int64_t delay_ms;
    tp_type seen;
} crash;

static const tp_option_spec options[] = {
    {.name = "delay_ms", .type = TP_OPT_INT, .default_value = "0", .help = "sleep this long per document",
     .min = 0, .max = 60000},
    {NULL},
};

static int crash_init(tp_init *ini, void **state)
{
    crash *c = malloc(sizeof *c);
    if (!c)
        return tp_init_fail(ini, "out of memory");
    c->delay_ms = tp_opt_int(ini, "delay_ms");
    c->seen = tp_init_type(ini, "seen");
    *state = c;
    return TP_OK;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static int crash_process(void *state, tp_doc *doc, tp_ctx *ctx)
{
    (void)ctx;
    const crash *c = state;
    const char *t = tp_doc_text(doc, NULL);
    if (c->delay_ms)
        sleep_ms(c->delay_ms);
    if (strstr(t, "SEGV_ME"))
        raise(SIGSEGV);
    if (strstr(t, "ABORT_ME"))
        abort();
    if (strstr(t, "EXIT_ME"))
        exit(7);
    if (strstr(t, "HANG_ME"))
        for (;;)
            sleep_ms(1000);
    tp_doc_add_span(doc, c->seen, 0, 0);
    return TP_OK;
}

static void crash_fini(void *state)
{
    free(state);
}

static const char *const produces[] = {"seen", NULL};

static const tp_plugin testcrash = {
    TP_PLUGIN_DESCRIPTOR_HEAD,
    .name = "testcrash",
    .version = "1.0",
    .summary = "test plugin: crashes, aborts, exits or hangs on markers",
    .options = options,
    .produces = produces,
    .init = crash_init,
    .process = crash_process,
    .fini = crash_fini,
};

TP_PLUGIN_DEFINE(testcrash)
