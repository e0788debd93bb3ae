/* fuzz_resume.c - recovering an arbitrary FILE.part and journal (resume.h).
 *
 * The input is split into a part file and a journal.  Whatever they hold,
 * recovery must not crash, must keep only whole records that the journal
 * names in order (each starting at the previous one's end and ending in a
 * newline), and recovering what it kept must keep all of it.  The same
 * bytes are also recovered by id (no journal). */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "resume.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t split = ((size_t)data[0] << 8 | data[1]) % (size - 1);
    const char *part = (const char *)data + 2, *journal = part + split;
    size_t part_len = split, journal_len = size - 2 - split;
    char err[256];
    size_t pk, jk;
    tp__done *d = tp__done_new();
    if (tp__resume_recover_mem(d, part, part_len, journal, journal_len, &pk, &jk, "f", err, sizeof err) == 0) {
        if (pk > part_len || jk > journal_len)
            abort();
        if (pk && part[pk - 1] != '\n')
            abort();
        if (jk && journal[jk - 1] != '\n')
            abort();
        /* Each kept journal line is one kept record. */
        size_t lines = 0;
        for (size_t i = 0; i < jk; i++) lines += journal[i] == '\n';
        if (lines != tp__done_count(d))
            abort();
        tp__done *again = tp__done_new();
        size_t pk2, jk2;
        if (tp__resume_recover_mem(again, part, pk, journal, jk, &pk2, &jk2, "f", err, sizeof err) != 0 ||
            pk2 != pk || jk2 != jk || tp__done_count(again) != tp__done_count(d))
            abort();
        tp__done_free(again);
    }
    tp__done_free(d);

    d = tp__done_new();
    size_t keep;
    tp__resume_recover_ids_mem(d, (const char *)data, size, &keep);
    if (keep > size || (keep && data[keep - 1] != '\n'))
        abort();
    size_t n = tp__done_count(d);
    tp__done_free(d);
    d = tp__done_new();
    size_t keep2;
    tp__resume_recover_ids_mem(d, (const char *)data, keep, &keep2);
    if (keep2 != keep || tp__done_count(d) != n)
        abort();
    tp__done_free(d);
    return 0;
}
