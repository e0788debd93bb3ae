/*
 * testcrash - test plugin for the batch runner: misbehaves on markers.
 *
 *   SEGV_ME        the process gets SIGSEGV
 *   ABORT_ME       abort()
 *   HANG_ME        never returns (sleeping)
 *   SPIN_ME        never returns (busy, 100% CPU)
 *   EXIT_ME        exit(7), which a plugin must never do
 *   SLOW_ME        takes 3 seconds
 *   PRINT_ME       printf()s junk to standard output, which a plugin must
 *                  never do
 *   PRINT_EXIT_ME  printf()s junk without a newline, then exit(7): the
 *                  buffered junk is flushed at exit
 *   LEAK_ME        allocates and touches 64 MiB it never frees
 *   PARTIAL_ME     writes the start of an answer frame on the worker's
 *                  answer pipe (as if the worker had begun a large answer),
 *                  then sleeps for ever
 *   PARTIAL_STOP_ME  the same, then stops itself with SIGSTOP
 *   FLAGFAIL_ME   creates the file named by option init_fail_flag, then
 *                  SIGSEGV: the replacement worker's init then fails
 *
 * Option delay_ms slows every document down, so tests can interrupt a run.
 * Options rendezvous (a directory) and peers make init wait until `peers`
 * workers have entered init at once (20 s at most, then init fails): the
 * runner must start its workers' stages together, not one after another.
 */
/* nanosleep() is POSIX, not C11: ask for it (gcc 14 refuses an undeclared
 * function). */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <textpipe/plugin.h>

typedef struct crash {
    int64_t delay_ms;
    tp_type seen;
    char flag[1024];
} crash;

static const tp_option_spec options[] = {
    {.name = "delay_ms", .type = TP_OPT_INT, .default_value = "0", .help = "sleep this long per document", .min = 0, .max = 60000},
    {.name = "rendezvous", .type = TP_OPT_STRING, .default_value = "", .help = "directory where init waits for its peers"},
    {.name = "peers",
     .type = TP_OPT_INT,
     .default_value = "0",
     .help = "workers that must be in init at once",
     .min = 0,
     .max = 64},
    {.name = "init_fail_flag",
     .type = TP_OPT_STRING,
     .default_value = "",
     .help = "init fails while this file exists; FLAGFAIL_ME creates it"},
    {NULL},
};

static void sleep_ms(int64_t ms);

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* Signs in to `dir` and waits for `peers` signatures. */
static int rendezvous(tp_init *ini, const char *dir, int64_t peers)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%ld", dir, (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return tp_init_fail(ini, "rendezvous: cannot create %s", path);
    fclose(f);
    int n = 0;
    for (int waited = 0; waited < 2000; waited++) {
        n = count_entries(dir);
        if (n >= peers)
            return TP_OK;
        sleep_ms(10);
    }
    return tp_init_fail(ini, "rendezvous: only %d of %d workers were starting their stages together", n, (int)peers);
}

static int crash_init(tp_init *ini, void **state)
{
    const char *dir = tp_opt_str(ini, "rendezvous");
    int64_t peers = tp_opt_int(ini, "peers");
    if (dir && *dir && peers > 0 && rendezvous(ini, dir, peers) != TP_OK)
        return TP_ERR;
    const char *flag = tp_opt_str(ini, "init_fail_flag");
    if (flag && *flag && access(flag, F_OK) == 0)
        return tp_init_fail(ini, "init_fail_flag %s exists", flag);
    crash *c = malloc(sizeof *c);
    if (!c)
        return tp_init_fail(ini, "out of memory");
    snprintf(c->flag, sizeof c->flag, "%s", flag ? flag : "");
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

/* The worker's answer pipe: its only write-only descriptor above 2. */
static int answer_fd(void)
{
    for (int fd = 3; fd < 1024; fd++) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0 && (fl & O_ACCMODE) == O_WRONLY)
            return fd;
    }
    return -1;
}

/* The start of an answer frame (wire.h: magic "TPRS", kind, 64-bit length)
 * announcing a megabyte, and a few bytes of it. */
static void partial_answer(void)
{
    unsigned char frame[16 + 10] = {0};
    uint32_t magic = 0x54505253u, kind = 0;
    uint64_t len = 1 << 20;
    memcpy(frame, &magic, 4);
    memcpy(frame + 4, &kind, 4);
    memcpy(frame + 8, &len, 8);
    memset(frame + 16, '{', 10);
    int fd = answer_fd();
    if (fd >= 0 && write(fd, frame, sizeof frame) < 0)
        return;
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
    if (strstr(t, "PRINT_EXIT_ME")) {
        printf("junk from a plugin that exits");
        exit(7);
    }
    if (strstr(t, "EXIT_ME"))
        exit(7);
    if (strstr(t, "HANG_ME"))
        for (;;) sleep_ms(1000);
    if (strstr(t, "SPIN_ME"))
        for (volatile unsigned long n = 0;; n++)
            ;
    if (strstr(t, "SLOW_ME"))
        sleep_ms(3000);
    if (strstr(t, "PRINT_ME")) {
        printf("junk from a plugin\n");
        fflush(stdout);
    }
    if (strstr(t, "LEAK_ME")) {
        size_t n = (size_t)64 << 20;
        char *p = malloc(n);
        if (p)
            memset(p, 1, n); /* resident, never freed */
    }
    if (strstr(t, "PARTIAL_STOP_ME")) {
        partial_answer();
        raise(SIGSTOP);
    } else if (strstr(t, "PARTIAL_ME")) {
        partial_answer();
        for (;;) sleep_ms(1000);
    }
    if (strstr(t, "FLAGFAIL_ME") && c->flag[0]) {
        FILE *f = fopen(c->flag, "w");
        if (f)
            fclose(f);
        raise(SIGSEGV);
    }
    tp_doc_add_span(doc, c->seen, 0, 0);
    return TP_OK;
}

static void crash_fini(void *state) { free(state); }

static const char *const produces[] = {"seen", NULL};

static const tp_plugin testcrash = {
    TP_PLUGIN_DESCRIPTOR_HEAD, .name = "testcrash",
    .version = "1.0",          .summary = "test plugin: crashes, aborts, exits or hangs on markers",
    .options = options,        .produces = produces,
    .init = crash_init,        .process = crash_process,
    .fini = crash_fini,
};

TP_PLUGIN_DEFINE(testcrash)
