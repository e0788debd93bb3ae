/* util.c - small shared pieces: allocation policy, hashing, CRC-32, label
 * names, error formatting. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

static const char *const TYPE_NAMES[NER_NTYPES] = {"PER", "ORG", "LOC", "MISC"};

const char *ner_label_name(int label) { return label >= 0 && label < NER_NTYPES ? TYPE_NAMES[label] : "?"; }

int ner_label_parse(const char *name, size_t len)
{
    int k;
    if (len == 1 && name[0] == 'O')
        return -1;
    for (k = 0; k < NER_NTYPES; k++)
        if (strlen(TYPE_NAMES[k]) == len && memcmp(TYPE_NAMES[k], name, len) == 0)
            return k;
    return -2;
}

const char *ner_bilou_name(int label)
{
    static const char *const N[NER_NLABELS] = {"O",     "B-PER",  "I-PER",  "L-PER",  "U-PER", "B-ORG",
                                               "I-ORG", "L-ORG",  "U-ORG",  "B-LOC",  "I-LOC", "L-LOC",
                                               "U-LOC", "B-MISC", "I-MISC", "L-MISC", "U-MISC"};
    return label >= 0 && label < NER_NLABELS ? N[label] : "?";
}

/* Out of memory in training tools: nothing sensible to do but stop. */
static void oom(size_t n)
{
    fprintf(stderr, "ner: out of memory (%zu bytes)\n", n);
    abort();
}

void *ner_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *ner_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *ner_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *ner_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ner_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

void *ner_try_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }

void ner_errf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* 8 bytes at a time, multiply-rotate, then a final avalanche. Not a
 * cryptographic hash; collisions only cost a little accuracy. */
uint64_t ner_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(n + 1));
    while (n >= 8) {
        uint64_t k;
        memcpy(&k, s, 8);
        h ^= k * 0x87c37b91114253d5ULL;
        h = (h << 31) | (h >> 33);
        h *= 0x4cf5ad432745937fULL;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t k = 0;
        memcpy(&k, s, n);
        h ^= k * 0x87c37b91114253d5ULL;
        h = (h << 31) | (h >> 33);
        h *= 0x4cf5ad432745937fULL;
    }
    return ner_fmix64(h);
}

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table driven. */
static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    uint32_t i, j, c;
    for (i = 0; i < 256; i++) {
        c = i;
        for (j = 0; j < 8; j++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[0][i] = c;
    }
    for (i = 0; i < 256; i++)
        for (j = 1; j < 8; j++)
            crc_table[j][i] = (crc_table[j - 1][i] >> 8) ^ crc_table[0][crc_table[j - 1][i] & 0xff];
}

uint32_t ner_crc32(uint32_t crc, const void *p, size_t n)
{
    const unsigned char *s = p;
    pthread_once(&crc_once, crc_init);
    crc = ~crc;
    /* slicing by 8 */
    while (n >= 8) {
        uint32_t a = crc ^ ((uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24);
        crc = crc_table[7][a & 0xff] ^ crc_table[6][(a >> 8) & 0xff] ^ crc_table[5][(a >> 16) & 0xff] ^
              crc_table[4][a >> 24] ^ crc_table[3][s[4]] ^ crc_table[2][s[5]] ^ crc_table[1][s[6]] ^
              crc_table[0][s[7]];
        s += 8;
        n -= 8;
    }
    while (n--) crc = crc_table[0][(crc ^ *s++) & 0xff] ^ (crc >> 8);
    return ~crc;
}
