/* image.c - the model as a memory-mapped image: loads in a millisecond.
 *
 * Loading the compact model file (model.c) reads 18 MB, checks its CRC,
 * expands the weights to dense tables and sums the static weights of 40,000
 * words: ~0.15 s and ~50 MB of private memory in every worker.  The image is
 * the loaded model written out as it lies in memory, so loading it is an
 * mmap(2), a few checks and pointer set-up; its pages are the page cache's,
 * shared by every worker and every process that maps the same file.
 *
 * It is bigger than the compact file (~47 MB against 18: dense weights and
 * the precomputed sums), so the repository keeps the compact file and the
 * build makes the image from it (ner_image, see local.mk); `textpipe train
 * ner` writes both.  ner_model_load(X) maps X when X is an image, and
 * X.img instead of the compact X when that image was made from exactly
 * that file (same size and CRC) by code of the same feature version;
 * otherwise it reads X as before.
 *
 * Layout (little-endian is checked by a mark; all offsets from the start):
 *   header, 128 bytes: char magic[8] "TPNERIMG"; u32 version; u32 endian
 *     mark; u64 file size; u32 CRC-32 of bytes [32, meta end); u32 section
 *     count; u64 meta end; u32 feature (compact model) version; u32 CRC of
 *     the compact file it was made from; u64 its size; then u32 labels,
 *     passes, hash bits, sizeof(ner_dyninfo), lexicon stride, words,
 *     precomputed words, pool bytes, lexicon slots, name-list key, prefix
 *     and word slots; reserved to 128.
 *   section table: per section u64 offset, u64 length, u32 CRC-32, u32 0.
 *   the meta sections (fixed scalars, lexicon, per-word rows), back to back
 *     up to "meta end";
 *   the bulk sections (weights, precomputed sums, word info, name-list
 *     tables), each page-aligned.
 *
 * Checks.  At load: magic, version, byte order, exact file size (a
 * truncated copy is refused), the CRC of the header, section table and meta
 * sections, every section's place and length against the header's counts,
 * and every value used as an index or a length (lexicon offsets, slots,
 * rows).  The bulk sections, 43 of the 47 MB, have their own CRC in the
 * section table but are not read at load: reading them all costs 15-25 ms
 * on this machine, more than the whole start-up budget, and their contents
 * steer no memory access (the name-list probes are bounded by the table
 * size), so damage there can change scores, never crash.  ner_image_verify()
 * checks them; the build runs it on the image it makes, `ner_image verify`
 * runs it on an installed one. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ner_internal.h"

#define IMG_MAGIC "TPNERIMG"
#define IMG_VERSION 1u
#define IMG_HEADER 128
#define IMG_ENDIAN 0x01020304u
#define IMG_PAGE 4096

enum {
    /* meta: CRC'd and checked at load */
    S_FIXED,
    S_POOL,
    S_OFF,
    S_LEN,
    S_CLBITS,
    S_CLLEN,
    S_COUNT,
    S_AUTOCLS,
    S_TAB,
    S_LEXROW,
    /* bulk */
    S_W0,
    S_W1,
    S_LEXDYN,
    S_LEXVEC,
    S_GZKEYS,
    S_GZPREF,
    S_GZWORDS,
    NSECT
};
#define FIRST_BULK S_W0
#define SECT_ENTRY 24

/* The header's counts, in the order written from byte 56. */
typedef struct {
    uint32_t labels, passes, bits, dynsize, stride, nwords, nv, pool, tabsize, gzkeys, gzpref, gzwords;
} img_counts;

/* ---- the fixed scalars: every non-pointer field of ner_model ---------------- */

typedef struct {
    unsigned char *p;
    size_t n;
} sbuf;

/* put: p NULL only measures */
static void put(sbuf *b, const void *src, size_t n)
{
    if (b->p)
        memcpy(b->p + b->n, src, n);
    b->n += n;
}

/* An X-macro list, which clang-format does not lay out the same way twice. */
/* clang-format off */
#define FIELDS(X) \
    X(wscale) X(trans) X(start) X(end) X(exptrans) X(expstart) X(expend) X(tau) X(crc) \
    X(lexscale) X(paddyn) X(padvec) X(info)
/* clang-format on */

static size_t fixed_write(const ner_model *m, unsigned char *out)
{
    sbuf b = {out, 0};
    uint32_t gz[3];
#define PUT(f) put(&b, &m->f, sizeof m->f);
    FIELDS(PUT)
#undef PUT
    gz[0] = m->gz.nlists;
    gz[1] = m->gz.nnames;
    gz[2] = m->gz.maxbytes;
    put(&b, gz, sizeof gz);
    put(&b, m->gz.names, sizeof m->gz.names);
    return b.n;
}

static void fixed_read(ner_model *m, const unsigned char *in)
{
    size_t o = 0;
    uint32_t gz[3];
#define GET(f)                          \
    memcpy(&m->f, in + o, sizeof m->f); \
    o += sizeof m->f;
    FIELDS(GET)
#undef GET
    memcpy(gz, in + o, sizeof gz);
    o += sizeof gz;
    m->gz.nlists = gz[0];
    m->gz.nnames = gz[1];
    m->gz.maxbytes = gz[2];
    memcpy(m->gz.names, in + o, sizeof m->gz.names);
}

/* ---- writing ------------------------------------------------------------------ */

static size_t nv_of(const ner_model *m)
{
    size_t i, nv = 0;
    for (i = 0; i < m->lex.n; i++) nv += m->lexrow[i] != NER_NOROW;
    return nv;
}

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static uint64_t get64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static size_t align_up(size_t v, size_t a) { return (v + a - 1) / a * a; }

int ner_image_write(const ner_model *m, const char *path, char *err, size_t errlen)
{
    const void *src[NSECT];
    size_t len[NSECT], off[NSECT], pos, size, nv = nv_of(m), nw = m->lex.n, k;
    size_t rows = (size_t)1 << m->hash_bits;
    unsigned char *buf, *fixed;
    char *tmp;
    FILE *fp;
    int rc = -1;

    fixed = malloc(fixed_write(m, NULL));
    if (!fixed) {
        ner_errf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    len[S_FIXED] = fixed_write(m, fixed);
    src[S_FIXED] = fixed;
    src[S_POOL] = m->lex.pool, len[S_POOL] = m->lex.pool_len;
    src[S_OFF] = m->lex.off, len[S_OFF] = nw * 4;
    src[S_LEN] = m->lex.len, len[S_LEN] = nw * 4;
    src[S_CLBITS] = m->lex.cl_bits, len[S_CLBITS] = nw * 4;
    src[S_CLLEN] = m->lex.cl_len, len[S_CLLEN] = nw * 4;
    src[S_COUNT] = m->lex.count, len[S_COUNT] = nw * 4;
    src[S_AUTOCLS] = m->lex.autocls, len[S_AUTOCLS] = nw * 4;
    src[S_TAB] = m->lex.tab, len[S_TAB] = m->lex.tabsize * 4;
    src[S_LEXROW] = m->lexrow, len[S_LEXROW] = nw * 4;
    src[S_W0] = m->w[0], len[S_W0] = rows * NER_NLABELS * 2;
    src[S_W1] = m->w[1], len[S_W1] = rows * NER_NLABELS * 2;
    src[S_LEXDYN] = m->lexdyn, len[S_LEXDYN] = nw * sizeof(ner_dyninfo);
    src[S_LEXVEC] = m->lexvec, len[S_LEXVEC] = nv * NER_LEXVEC_STRIDE * 2;
    src[S_GZKEYS] = m->gz.keys, len[S_GZKEYS] = m->gz.keysize * 8;
    src[S_GZPREF] = m->gz.pref, len[S_GZPREF] = m->gz.prefsize * 4;
    src[S_GZWORDS] = m->gz.words, len[S_GZWORDS] = m->gz.wordsize * 8;
    pos = IMG_HEADER + NSECT * SECT_ENTRY;
    for (k = 0; k < NSECT; k++) {
        /* meta sections 8-aligned and contiguous; bulk ones page-aligned */
        pos = align_up(pos, k < FIRST_BULK ? 8 : IMG_PAGE);
        off[k] = pos;
        pos += len[k];
    }
    size = pos;
    buf = calloc(1, size);
    if (!buf) {
        free(fixed);
        ner_errf(err, errlen, "%s: out of memory (%zu bytes)", path, size);
        return -1;
    }
    memcpy(buf, IMG_MAGIC, 8);
    put32(buf + 8, IMG_VERSION);
    put32(buf + 12, IMG_ENDIAN);
    put64(buf + 16, size);
    put32(buf + 28, NSECT);
    put64(buf + 32, off[FIRST_BULK - 1] + len[FIRST_BULK - 1]);
    put32(buf + 40, NER_MODEL_VERSION);
    put32(buf + 44, m->crc);
    put64(buf + 48, m->src_size);
    {
        const uint32_t c[12] = {NER_NLABELS,
                                NER_NPASS,
                                m->hash_bits,
                                (uint32_t)sizeof(ner_dyninfo),
                                NER_LEXVEC_STRIDE,
                                (uint32_t)nw,
                                (uint32_t)nv,
                                (uint32_t)m->lex.pool_len,
                                (uint32_t)m->lex.tabsize,
                                (uint32_t)m->gz.keysize,
                                (uint32_t)m->gz.prefsize,
                                (uint32_t)m->gz.wordsize};
        for (k = 0; k < 12; k++) put32(buf + 56 + 4 * k, c[k]);
    }
    for (k = 0; k < NSECT; k++) {
        unsigned char *e = buf + IMG_HEADER + k * SECT_ENTRY;
        if (len[k])
            memcpy(buf + off[k], src[k], len[k]);
        put64(e, off[k]);
        put64(e + 8, len[k]);
        put32(e + 16, ner_crc32(0, buf + off[k], len[k]));
    }
    put32(buf + 24, ner_crc32(0, buf + 32, off[FIRST_BULK - 1] + len[FIRST_BULK - 1] - 32));
    free(fixed);

    /* written beside, then renamed: a reader never maps a half-written image */
    tmp = malloc(strlen(path) + 16);
    if (!tmp) {
        free(buf);
        ner_errf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    sprintf(tmp, "%s.tmp%ld", path, (long)getpid());
    fp = fopen(tmp, "wb");
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", tmp, strerror(errno));
    } else if (fwrite(buf, 1, size, fp) != size || fclose(fp) != 0) {
        ner_errf(err, errlen, "%s: write failed: %s", tmp, strerror(errno));
        remove(tmp);
    } else if (rename(tmp, path) != 0) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        remove(tmp);
    } else {
        rc = 0;
    }
    free(tmp);
    free(buf);
    return rc;
}

/* ---- loading -------------------------------------------------------------------- */

/* An open-addressing table: a power of two with at least one empty slot. */
static int pow2(size_t v) { return v >= 16 && (v & (v - 1)) == 0; }

static ner_model *img_fail(char *err, size_t errlen, const char *path, void *map, size_t size, ner_model *m,
                           const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static ner_model *img_fail(char *err, size_t errlen, const char *path, void *map, size_t size, ner_model *m,
                           const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ner_errf(err, errlen, "%s: %s", path, msg);
    if (map)
        munmap(map, size);
    free(m);
    return NULL;
}

ner_model *ner_image_map(const char *path, int fd, size_t size, char *err, size_t errlen)
{
    unsigned char *p;
    ner_model *m = NULL;
    img_counts c;
    uint32_t v[12];
    size_t off[NSECT], len[NSECT], want[NSECT], k, rows, meta_end, i;
    const uint32_t *tab, *loff, *llen, *cll, *lrow;

    if (size < IMG_HEADER + NSECT * SECT_ENTRY)
        return img_fail(err, errlen, path, NULL, 0, NULL, "truncated NER model image (%s)", "no room for the header");
    p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        ner_errf(err, errlen, "%s: cannot map the model image: %s", path, strerror(errno));
        return NULL;
    }
#define FAIL(...) return img_fail(err, errlen, path, p, size, m, __VA_ARGS__)
    if (memcmp(p, IMG_MAGIC, 8) != 0)
        FAIL("not a textpipe NER model image (%s)", "bad magic");
    if (get32(p + 12) != IMG_ENDIAN)
        FAIL("model image was written on a machine of other byte order");
    if (get32(p + 8) != IMG_VERSION) {
        char why[120];
        snprintf(why, sizeof why,
                 "model image format version %u, this code reads version %u (make it again with ner_image)",
                 get32(p + 8), IMG_VERSION);
        FAIL("%s", why);
    }
    if (get64(p + 16) != size) {
        char why[160];
        snprintf(why, sizeof why, "truncated or damaged model image: header says %llu bytes, file has %zu",
                 (unsigned long long)get64(p + 16), size);
        FAIL("%s", why);
    }
    meta_end = get64(p + 32);
    if (get32(p + 28) != NSECT || meta_end > size || meta_end < IMG_HEADER + NSECT * SECT_ENTRY)
        FAIL("corrupt model image (bad %s)", "section table");
    if (ner_crc32(0, p + 32, meta_end - 32) != get32(p + 24))
        FAIL("corrupt model image (%s)", "checksum mismatch");
    if (get32(p + 40) != NER_MODEL_VERSION) {
        char why[160];
        snprintf(why, sizeof why, "model image of feature version %u, this code uses version %u (retrain)",
                 get32(p + 40), NER_MODEL_VERSION);
        FAIL("%s", why);
    }
    for (k = 0; k < 12; k++) v[k] = get32(p + 56 + 4 * k);
    c.labels = v[0], c.passes = v[1], c.bits = v[2], c.dynsize = v[3], c.stride = v[4], c.nwords = v[5];
    c.nv = v[6], c.pool = v[7], c.tabsize = v[8], c.gzkeys = v[9], c.gzpref = v[10], c.gzwords = v[11];
    if (c.labels != NER_NLABELS || c.passes != NER_NPASS || c.bits < 12 || c.bits > 26 ||
        c.dynsize != sizeof(ner_dyninfo) || c.stride != NER_LEXVEC_STRIDE || c.nv > c.nwords || !pow2(c.tabsize) ||
        c.tabsize < c.nwords + 1 || c.gzkeys > (1u << 28) || c.gzpref > (1u << 28) || c.gzwords > (1u << 28) ||
        (c.gzkeys && !pow2(c.gzkeys)) || (c.gzpref && !pow2(c.gzpref)) || (c.gzwords && !pow2(c.gzwords)))
        FAIL("unsupported or corrupt model image (%s)", "counts");
    rows = (size_t)1 << c.bits;
    m = calloc(1, sizeof *m);
    if (!m)
        FAIL("out of memory");
    want[S_FIXED] = fixed_write(m, NULL);
    want[S_POOL] = c.pool;
    want[S_OFF] = want[S_LEN] = want[S_CLBITS] = want[S_CLLEN] = want[S_COUNT] = want[S_AUTOCLS] = want[S_LEXROW] =
        (size_t)c.nwords * 4;
    want[S_TAB] = (size_t)c.tabsize * 4;
    want[S_W0] = want[S_W1] = rows * NER_NLABELS * 2;
    want[S_LEXDYN] = (size_t)c.nwords * sizeof(ner_dyninfo);
    want[S_LEXVEC] = (size_t)c.nv * NER_LEXVEC_STRIDE * 2;
    want[S_GZKEYS] = (size_t)c.gzkeys * 8;
    want[S_GZPREF] = (size_t)c.gzpref * 4;
    want[S_GZWORDS] = (size_t)c.gzwords * 8;
    for (k = 0; k < NSECT; k++) {
        const unsigned char *e = p + IMG_HEADER + k * SECT_ENTRY;
        uint64_t o = get64(e), l = get64(e + 8);
        size_t end = k < FIRST_BULK ? meta_end : size;
        if (l != want[k] || o % 8 || o < IMG_HEADER + NSECT * SECT_ENTRY || o > end || l > end - o)
            FAIL("corrupt model image (bad %s)", "section");
        off[k] = (size_t)o;
        len[k] = (size_t)l;
    }
    (void)len;
    fixed_read(m, p + off[S_FIXED]);
    if (m->gz.nlists > NER_GZ_MAXLISTS || (!m->gz.nlists && (c.gzkeys || c.gzpref || c.gzwords)) ||
        (m->gz.nlists && (!c.gzkeys || !c.gzpref)) || !(m->tau > 0 && m->tau < 1e30f))
        FAIL("corrupt model image (bad %s)", "name lists or parameters");
    for (k = 0; k < NER_NPASS; k++)
        if (!(m->wscale[k] > 0) || !(m->lexscale[k] > 0))
            FAIL("corrupt model image (bad %s)", "scales");
    for (k = 0; k < NER_NLABELS * NER_NLABELS; k++)
        if (!isfinite(m->trans[0][k]) || !isfinite(m->trans[1][k]) || !isfinite(m->exptrans[k]))
            FAIL("corrupt model image (bad %s)", "transitions");
    for (k = 0; k < NER_NLABELS; k++)
        if (!isfinite(m->start[0][k]) || !isfinite(m->start[1][k]) || !isfinite(m->end[0][k]) ||
            !isfinite(m->end[1][k]) || !isfinite(m->expstart[k]) || !isfinite(m->expend[k]))
            FAIL("corrupt model image (bad %s)", "transitions");
    m->info[sizeof m->info - 1] = 0;
    for (k = 0; k < NER_GZ_MAXLISTS; k++) m->gz.names[k][sizeof m->gz.names[k] - 1] = 0;

    /* every value used as an index or a length (all in the CRC'd meta part) */
    tab = (const uint32_t *)(p + off[S_TAB]);
    loff = (const uint32_t *)(p + off[S_OFF]);
    llen = (const uint32_t *)(p + off[S_LEN]);
    cll = (const uint32_t *)(p + off[S_CLLEN]);
    lrow = (const uint32_t *)(p + off[S_LEXROW]);
    {
        size_t empty = 0;
        for (i = 0; i < c.tabsize; i++) {
            if (!tab[i])
                empty++;
            else if (tab[i] > c.nwords)
                FAIL("corrupt model image (bad %s)", "lexicon slots");
        }
        if (!empty)
            FAIL("corrupt model image (bad %s)", "lexicon slots");
    }
    for (i = 0; i < c.nwords; i++)
        if (loff[i] > c.pool || llen[i] > c.pool - loff[i] || cll[i] > 32 || (lrow[i] != NER_NOROW && lrow[i] >= c.nv))
            FAIL("corrupt model image (bad %s)", "lexicon entry");

    m->hash_bits = c.bits;
    m->w[0] = (int16_t *)(p + off[S_W0]);
    m->w[1] = (int16_t *)(p + off[S_W1]);
    m->lex.pool = (char *)(p + off[S_POOL]);
    m->lex.pool_len = m->lex.pool_cap = c.pool;
    m->lex.off = (uint32_t *)loff;
    m->lex.len = (uint32_t *)llen;
    m->lex.cl_bits = (uint32_t *)(p + off[S_CLBITS]);
    m->lex.cl_len = (uint32_t *)cll;
    m->lex.count = (uint32_t *)(p + off[S_COUNT]);
    m->lex.autocls = (uint32_t *)(p + off[S_AUTOCLS]);
    m->lex.n = m->lex.cap = c.nwords;
    m->lex.tab = (uint32_t *)tab;
    m->lex.tabsize = c.tabsize;
    m->lexrow = (uint32_t *)lrow;
    m->lexdyn = (ner_dyninfo *)(p + off[S_LEXDYN]);
    m->lexvec = (int16_t *)(p + off[S_LEXVEC]);
    m->gz.keys = c.gzkeys ? (uint64_t *)(p + off[S_GZKEYS]) : NULL;
    m->gz.pref = c.gzpref ? (uint32_t *)(p + off[S_GZPREF]) : NULL;
    m->gz.words = c.gzwords ? (uint64_t *)(p + off[S_GZWORDS]) : NULL;
    m->gz.keysize = c.gzkeys;
    m->gz.prefsize = c.gzpref;
    m->gz.wordsize = c.gzwords;
    m->src_size = get64(p + 48);
    m->map = p;
    m->map_len = size;
#undef FAIL
    return m;
}

int ner_image_verify(const ner_model *m, char *err, size_t errlen)
{
    const unsigned char *p = m ? m->map : NULL;
    size_t k;
    if (!p)
        return 0; /* a model read from the compact file was checked whole */
    for (k = 0; k < NSECT; k++) {
        const unsigned char *e = p + IMG_HEADER + k * SECT_ENTRY;
        if (ner_crc32(0, p + get64(e), get64(e + 8)) != get32(e + 16)) {
            ner_errf(err, errlen, "corrupt model image (checksum mismatch in section %zu)", k);
            return -1;
        }
    }
    return 0;
}

int ner_image_matches(const char *img_path, uint32_t src_crc, uint64_t src_size)
{
    unsigned char h[IMG_HEADER];
    FILE *fp = fopen(img_path, "rb");
    int ok;
    if (!fp)
        return 0;
    ok = fread(h, 1, sizeof h, fp) == sizeof h && memcmp(h, IMG_MAGIC, 8) == 0 && get32(h + 8) == IMG_VERSION &&
         get32(h + 40) == NER_MODEL_VERSION && get32(h + 44) == src_crc && get64(h + 48) == src_size;
    fclose(fp);
    return ok;
}
