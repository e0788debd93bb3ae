/* progress.c - the progress line (see progress.h). */
#include "autoconfig.h"

#include "progress.h"

#include <math.h>
#include <time.h>

double tp__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tp__progress_start(tp__progress *p, bool on, size_t total_items, size_t total_bytes)
{
    p->on = on;
    p->t0 = tp__now();
    p->last = 0;
    p->total_items = total_items;
    p->total_bytes = total_bytes;
    p->to = stderr;
}

void tp__format_duration(char *buf, size_t n, double s)
{
    if (!isfinite(s) || s < 0)
        snprintf(buf, n, "?");
    else if (s >= 3600)
        snprintf(buf, n, "%d:%02d:%02d", (int)(s / 3600), (int)fmod(s / 60, 60), (int)fmod(s, 60));
    else
        snprintf(buf, n, "%d:%02d", (int)(s / 60), (int)fmod(s, 60));
}

void tp__progress_show(tp__progress *p, size_t done, size_t failed, size_t bytes_read, bool final)
{
    if (!p->on)
        return;
    double t = tp__now();
    if (!final && t - p->last < 0.5)
        return;
    p->last = t;
    double el = t - p->t0;
    double mb = (double)bytes_read / 1048576.0;
    double rate = el > 0 ? (double)done / el : 0;
    char eta[32] = "?";
    if (p->total_items && rate > 0)
        tp__format_duration(eta, sizeof eta,
                            (double)(p->total_items - (done < p->total_items ? done : p->total_items)) / rate);
    else if (p->total_bytes && mb > 0)
        tp__format_duration(eta, sizeof eta, el * ((double)p->total_bytes / 1048576.0 - mb) / mb);
    if (p->total_items)
        fprintf(p->to, "\r%zu/%zu docs  %.0f docs/s  %.1f MB/s  %zu failed  ETA %s   ", done, p->total_items, rate,
                el > 0 ? mb / el : 0, failed, eta);
    else if (p->total_bytes)
        fprintf(p->to, "\r%zu docs  %.0f docs/s  %.1f MB/s  %zu failed  ETA %s   ", done, rate,
                el > 0 ? mb / el : 0, failed, eta);
    else
        fprintf(p->to, "\r%zu docs  %.0f docs/s  %.1f MB/s  %zu failed   ", done, rate, el > 0 ? mb / el : 0, failed);
    if (final)
        fputc('\n', p->to);
    fflush(p->to);
}
