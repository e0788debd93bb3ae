/* model.c - the model file: writing (training side) and loading.
 *
 * Layout (little-endian, every count checked against the file size):
 *   header, 64 bytes:
 *     char magic[8] "TPNERMDL"; u32 version; u32 endian mark 0x01020304;
 *     u64 file size; u32 CRC-32 of everything after the header;
 *     u32 labels (17); u32 hash bits; u32 passes (2); u32 flags; u32 reserved[5]
 *   info:    u32 length, bytes, padding to 4
 *   params:  f32 tau, u32 reserved[7]
 *   per pass: f32 transitions[17*17], start[17], end[17]; f32 weight scale;
 *             u32 nonzero rows; bitmap of nonzero rows (2^bits bits);
 *             i16 rows[nonzero][17] (weight = value * scale); padding to 4
 *   lexicon: u32 words, u32 pool bytes; per word u32 length, u32 cluster
 *            bits, u32 cluster length, u32 count in the clustered text,
 *            u32 class in self-labelled text;
 *            pool (words back to back); padding
 *   name lists: u32 lists, u32 names, u32 longest name (bytes), u32
 *            reserved; char names[12][24]; u32 key slots, u32 prefix slots,
 *            u32 word slots (powers of two, or 0), u32 reserved; u64 keys[];
 *            u64 words[]; u32 prefixes[] (see gazfeat.c). Version 3 has 12
 *            lists (12 list bits in keys, 24 in words); version 2 had 10.
 * The CRC and sizes are verified before anything is used, so a truncated or
 * corrupted file gives a clear error.
 *
 * Loading expands the weights into dense tables (one row of 17 int16 per
 * feature: a feature's label scores sit together) and precomputes, for every
 * lexicon word, the summed static-feature weights per pass and window
 * offset, so tagging a known word needs one table lookup. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ner_internal.h"

#define HEADER_SIZE 64
#define ENDIAN_MARK 0x01020304u
#define MAX_LEX_WORDS (1u << 24)

/* ---- writing ---------------------------------------------------------------- */

typedef struct {
    unsigned char *p;
    size_t n, cap;
} wbuf;

static void wb_put(wbuf *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        while (b->n + n > b->cap) b->cap = b->cap ? b->cap * 2 : 1 << 20;
        b->p = ner_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

static void wb_u32(wbuf *b, uint32_t v) { wb_put(b, &v, 4); }
static void wb_f32(wbuf *b, float v) { wb_put(b, &v, 4); }
static void wb_pad4(wbuf *b)
{
    static const unsigned char z[4] = {0, 0, 0, 0};
    if (b->n % 4)
        wb_put(b, z, 4 - b->n % 4);
}

int ner_model_write(const ner_model_out *mo, const char *path, char *err, size_t errlen)
{
    wbuf b = {NULL, 0, 0};
    size_t rows = (size_t)1 << mo->hash_bits, r, k;
    int pass;
    uint32_t u;
    FILE *fp;
    unsigned char header[HEADER_SIZE];

    memset(header, 0, sizeof header);
    wb_put(&b, header, HEADER_SIZE); /* filled in at the end */
    u = (uint32_t)strlen(mo->info ? mo->info : "");
    wb_u32(&b, u);
    wb_put(&b, mo->info ? mo->info : "", u);
    wb_pad4(&b);
    wb_f32(&b, mo->tau);
    for (k = 0; k < 7; k++) wb_u32(&b, 0);
    for (pass = 0; pass < NER_NPASS; pass++) {
        const float *w = mo->w[pass];
        float mx = 0, scale;
        uint32_t nnz = 0;
        uint8_t *bitmap = ner_xcalloc(rows / 8 + 1, 1);
        for (k = 0; k < rows * NER_NLABELS; k++)
            if (fabsf(w[k]) > mx)
                mx = fabsf(w[k]);
        scale = mx > 0 ? mx / 32767.0f : 1.0f;
        for (r = 0; r < rows; r++) {
            const float *row = w + r * NER_NLABELS;
            for (k = 0; k < NER_NLABELS; k++)
                if (lrintf(row[k] / scale) != 0)
                    break;
            if (k < NER_NLABELS) {
                bitmap[r / 8] |= (uint8_t)(1u << (r % 8));
                nnz++;
            }
        }
        wb_put(&b, mo->trans[pass], NER_NLABELS * NER_NLABELS * sizeof(float));
        wb_put(&b, mo->start[pass], NER_NLABELS * sizeof(float));
        wb_put(&b, mo->end[pass], NER_NLABELS * sizeof(float));
        wb_f32(&b, scale);
        wb_u32(&b, nnz);
        wb_put(&b, bitmap, rows / 8);
        for (r = 0; r < rows; r++) {
            int16_t q[NER_NLABELS];
            if (!(bitmap[r / 8] >> (r % 8) & 1))
                continue;
            for (k = 0; k < NER_NLABELS; k++) {
                long v = lrintf(w[r * NER_NLABELS + k] / scale);
                q[k] = (int16_t)(v > 32767 ? 32767 : v < -32767 ? -32767 : v);
            }
            wb_put(&b, q, sizeof q);
        }
        wb_pad4(&b);
        free(bitmap);
    }
    {
        const ner_lexicon *lx = mo->lex;
        uint32_t pool = 0;
        for (k = 0; k < lx->n; k++) pool += lx->len[k];
        wb_u32(&b, (uint32_t)lx->n);
        wb_u32(&b, pool);
        for (k = 0; k < lx->n; k++) {
            wb_u32(&b, lx->len[k]);
            wb_u32(&b, lx->cl_bits[k]);
            wb_u32(&b, lx->cl_len[k]);
            wb_u32(&b, lx->count[k]);
            wb_u32(&b, lx->autocls[k]);
        }
        for (k = 0; k < lx->n; k++) wb_put(&b, lx->pool + lx->off[k], lx->len[k]);
        wb_pad4(&b);
    }
    {
        static const ner_gzlists none;
        const ner_gzlists *g = mo->gz && mo->gz->nlists ? mo->gz : &none;
        wb_u32(&b, g->nlists);
        wb_u32(&b, g->nnames);
        wb_u32(&b, g->maxbytes);
        wb_u32(&b, 0);
        wb_put(&b, g->names, sizeof g->names);
        wb_u32(&b, (uint32_t)g->keysize);
        wb_u32(&b, (uint32_t)g->prefsize);
        wb_u32(&b, (uint32_t)g->wordsize);
        wb_u32(&b, 0);
        if (g->keysize)
            wb_put(&b, g->keys, g->keysize * sizeof *g->keys);
        if (g->wordsize)
            wb_put(&b, g->words, g->wordsize * sizeof *g->words);
        if (g->prefsize)
            wb_put(&b, g->pref, g->prefsize * sizeof *g->pref);
    }
    /* header */
    {
        uint32_t crc = ner_crc32(0, b.p + HEADER_SIZE, b.n - HEADER_SIZE);
        uint32_t v32;
        uint64_t v64 = b.n;
        memcpy(b.p, NER_MODEL_MAGIC, 8);
        v32 = NER_MODEL_VERSION;
        memcpy(b.p + 8, &v32, 4);
        v32 = ENDIAN_MARK;
        memcpy(b.p + 12, &v32, 4);
        memcpy(b.p + 16, &v64, 8);
        memcpy(b.p + 24, &crc, 4);
        v32 = NER_NLABELS;
        memcpy(b.p + 28, &v32, 4);
        v32 = mo->hash_bits;
        memcpy(b.p + 32, &v32, 4);
        v32 = NER_NPASS;
        memcpy(b.p + 36, &v32, 4);
    }
    fp = fopen(path, "wb");
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        free(b.p);
        return -1;
    }
    if (fwrite(b.p, 1, b.n, fp) != b.n || fclose(fp) != 0) {
        ner_errf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        free(b.p);
        return -1;
    }
    free(b.p);
    return 0;
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct {
    const unsigned char *p;
    size_t n, pos;
} rcur;

static const void *rd(rcur *c, size_t n)
{
    const void *r;
    if (n > c->n - c->pos)
        return NULL;
    r = c->p + c->pos;
    c->pos += n;
    return r;
}

static int rd_u32(rcur *c, uint32_t *v)
{
    const void *p = rd(c, 4);
    if (!p)
        return -1;
    memcpy(v, p, 4);
    return 0;
}

static int rd_f32(rcur *c, float *v)
{
    const void *p = rd(c, 4);
    if (!p)
        return -1;
    memcpy(v, p, 4);
    return 0;
}

static void rd_pad4(rcur *c)
{
    if (c->pos % 4)
        c->pos += 4 - c->pos % 4;
    if (c->pos > c->n)
        c->pos = c->n;
}

void ner_model_free(ner_model *m)
{
    int p;
    if (!m)
        return;
    if (m->map) { /* every array lies in the mapping */
        munmap(m->map, m->map_len);
        free(m);
        return;
    }
    for (p = 0; p < NER_NPASS; p++) free(m->w[p]);
    ner_lexicon_free(&m->lex);
    ner_gzlists_free(&m->gz);
    free(m->lexdyn);
    free(m->lexrow);
    free(m->lexvec);
    free(m);
}

const char *ner_model_info(const ner_model *m) { return m->info; }

/* Sums the static feature weights of one token for both passes and all
 * offsets into acc[pass][offset][label] (int32, in weight units). All row
 * addresses are computed (and prefetched) before any is read, so the random
 * loads overlap. */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

NER_HOT static void static_sums(const ner_model *m, const ner_tokinfo *ti, int32_t *acc)
{
    uint64_t f[NER_MAX_STATIC];
    uint32_t rows[NER_NOFFS][NER_MAX_STATIC];
    int nrow[NER_NOFFS];
    int o, k, y, p, n;
    for (o = -NER_WINDOW; o <= NER_WINDOW; o++) {
        n = ner_static_feats(ti, o, f);
        nrow[o + NER_WINDOW] = n;
        for (k = 0; k < n; k++) {
            uint32_t r = ner_row(f[k], m->hash_bits);
            rows[o + NER_WINDOW][k] = r;
            for (p = 0; p < NER_NPASS; p++) {
                const char *q = (const char *)(m->w[p] + (size_t)r * NER_NLABELS);
                PREFETCH(q);
                PREFETCH(q + 2 * NER_NLABELS - 1);
            }
        }
    }
    memset(acc, 0, NER_LEXVEC_STRIDE * sizeof *acc);
    for (p = 0; p < NER_NPASS; p++)
        for (o = 0; o < NER_NOFFS; o++) {
            int32_t *a = acc + (p * NER_NOFFS + o) * NER_NLABELS;
            for (k = 0; k < nrow[o]; k++) {
                const int16_t *r = m->w[p] + (size_t)rows[o][k] * NER_NLABELS;
                for (y = 0; y < 16; y++) a[y] += r[y];
                a[16] += r[16];
            }
        }
}

/* Converts summed weights to the lexicon's int16 scale (saturating). */
NER_HOT void ner_model_quantise_sums(const ner_model *m, const int32_t *acc, int16_t *out)
{
    int p, i;
    for (p = 0; p < NER_NPASS; p++) {
        float f = m->wscale[p] / m->lexscale[p];
        const int32_t *a = acc + p * NER_NOFFS * NER_NLABELS;
        int16_t *o = out + p * NER_NOFFS * NER_NLABELS;
        for (i = 0; i < NER_NOFFS * NER_NLABELS; i++) {
            /* round half away from zero, clamp: vectorises, unlike lrintf */
            float v = (float)a[i] * f;
            v += v < 0 ? -0.5f : 0.5f;
            v = v > 32767.0f ? 32767.0f : v < -32767.0f ? -32767.0f : v;
            o[i] = (int16_t)v;
        }
    }
}

/* Token info of a word of the model's lexicon (or any word: cluster looked
 * up in the lexicon). */
void ner_model_tokinfo(const ner_model *m, const char *s, size_t n, ner_tokinfo *ti)
{
    /* words without their own cluster take their lower-case form's,
     * exactly as in training (ner_lexicon_cluster) */
    uint32_t b, l;
    long id = ner_lexicon_find(&m->lex, s, n);
    ner_lexicon_cluster(&m->lex, s, n, &b, &l);
    ner_tokinfo_make(ti, s, n, b, l);
    ti->casecls = ner_lexicon_caseclass(&m->lex, s, n);
    ti->autocls = id >= 0 ? m->lex.autocls[id] & NER_LEX_CLASS : 0;
}

void ner_model_static_sums(const ner_model *m, const ner_tokinfo *ti, int32_t *acc) { static_sums(m, ti, acc); }

/* Precomputed words: those of the labelled data and those seen at least
 * this often in the clustered text (97 % of its tokens); the rest are
 * summed when met, like unknown words. Halves load time and memory. */
#define PRECOMPUTE_MIN_COUNT 10

static int precompute(ner_model *m, char *err, size_t errlen, const char *path)
{
    size_t nl = m->lex.n, i, nv = 0, k;
    int32_t *tmp;
    int32_t mx[NER_NPASS] = {1, 1};
    ner_tokinfo ti;
    int p, j;
    m->lexdyn = malloc((nl + 1) * sizeof *m->lexdyn);
    m->lexrow = malloc((nl + 1) * sizeof *m->lexrow);
    if (!m->lexdyn || !m->lexrow) {
        ner_errf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    for (i = 0; i < nl; i++) {
        int pre = m->lex.count[i] >= PRECOMPUTE_MIN_COUNT || (m->lex.autocls[i] & NER_LEX_LABELLED);
        m->lexrow[i] = pre ? (uint32_t)nv++ : NER_NOROW;
    }
    tmp = malloc((nv + 2) * NER_LEXVEC_STRIDE * sizeof *tmp);
    m->lexvec = malloc((nv + 1) * NER_LEXVEC_STRIDE * sizeof *m->lexvec);
    if (!tmp || !m->lexvec) {
        free(tmp);
        ner_errf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    for (i = 0, k = 0; i < nl + 2; i++) {
        if (i < nl) {
            ner_model_tokinfo(m, m->lex.pool + m->lex.off[i], m->lex.len[i], &ti);
            m->lexdyn[i] = ti.d;
            if (m->lexrow[i] == NER_NOROW)
                continue;
        } else {
            ner_tokinfo_pad(&ti, i == nl ? -1 : 1);
            m->paddyn[i - nl] = ti.d;
        }
        static_sums(m, &ti, tmp + k * NER_LEXVEC_STRIDE);
        for (p = 0; p < NER_NPASS; p++)
            for (j = 0; j < NER_NOFFS * NER_NLABELS; j++) {
                int32_t v = tmp[k * NER_LEXVEC_STRIDE + p * NER_NOFFS * NER_NLABELS + j];
                if (v < 0)
                    v = -v;
                if (v > mx[p])
                    mx[p] = v;
            }
        k++;
    }
    /* headroom for the words summed when met */
    for (p = 0; p < NER_NPASS; p++) m->lexscale[p] = m->wscale[p] * (float)mx[p] / 24000.0f;
    for (i = 0; i < nv; i++)
        ner_model_quantise_sums(m, tmp + i * NER_LEXVEC_STRIDE, m->lexvec + i * NER_LEXVEC_STRIDE);
    for (i = 0; i < 2; i++) ner_model_quantise_sums(m, tmp + (nv + i) * NER_LEXVEC_STRIDE, &m->padvec[i][0][0][0]);
    free(tmp);
    return 0;
}

void ner_model_set_tau(ner_model *m, float tau)
{
    /* confidence temperature: stored, or 1. Potentials are shifted by their
     * maximum before exp (a constant per position cancels out). */
    m->tau = tau;
    {
        int a, b;
        float mt = -1e30f, ms = -1e30f, me = -1e30f;
        for (a = 0; a < NER_NLABELS; a++) {
            for (b = 0; b < NER_NLABELS; b++)
                if (ner_trans_allowed(a, b) && m->trans[1][a * NER_NLABELS + b] > mt)
                    mt = m->trans[1][a * NER_NLABELS + b];
            if (ner_start_allowed(a) && m->start[1][a] > ms)
                ms = m->start[1][a];
            if (ner_end_allowed(a) && m->end[1][a] > me)
                me = m->end[1][a];
        }
        for (a = 0; a < NER_NLABELS; a++) {
            for (b = 0; b < NER_NLABELS; b++)
                m->exptrans[a * NER_NLABELS + b] =
                    ner_trans_allowed(a, b) ? expf(fmaxf((m->trans[1][a * NER_NLABELS + b] - mt) / m->tau, -80.0f))
                                            : 0.0f;
            m->expstart[a] = ner_start_allowed(a) ? expf(fmaxf((m->start[1][a] - ms) / m->tau, -80.0f)) : 0.0f;
            m->expend[a] = ner_end_allowed(a) ? expf(fmaxf((m->end[1][a] - me) / m->tau, -80.0f)) : 0.0f;
        }
    }
}

/* An open-addressing table must be a power of two in size and keep empty
 * slots, or a lookup would never end. */
static int table_ok(size_t size, size_t used)
{
    return size >= 16 && (size & (size - 1)) == 0 && used * 4 <= size * 3;
}

/* The name-list section: sizes checked, tables copied out of the file. */
static int read_gz(rcur *c, ner_gzlists *g)
{
    uint32_t v[4], ks, ps, ws, res;
    const void *names, *keys, *pref, *words;
    size_t k, used;
    for (k = 0; k < 4; k++)
        if (rd_u32(c, &v[k]))
            return -1;
    if (!(names = rd(c, sizeof g->names)) || rd_u32(c, &ks) || rd_u32(c, &ps) || rd_u32(c, &ws) || rd_u32(c, &res))
        return -1;
    if (v[0] > NER_GZ_MAXLISTS)
        return -1;
    if (v[0] == 0)
        return ks || ps || ws ? -1 : 0;
    if (ks > (1u << 28) || ps > (1u << 28) || ws > (1u << 28))
        return -1;
    if (!(keys = rd(c, (size_t)ks * 8)) || !(words = rd(c, (size_t)ws * 8)) || !(pref = rd(c, (size_t)ps * 4)))
        return -1;
    g->keys = malloc((size_t)ks * 8);
    g->pref = malloc((size_t)ps * 4);
    g->words = malloc((size_t)ws * 8);
    if (!g->keys || !g->pref || !g->words)
        return -1;
    memcpy(g->keys, keys, (size_t)ks * 8);
    memcpy(g->pref, pref, (size_t)ps * 4);
    memcpy(g->words, words, (size_t)ws * 8);
    g->keysize = ks;
    g->prefsize = ps;
    g->wordsize = ws;
    for (k = used = 0; k < ks; k++) used += g->keys[k] != 0;
    if (!table_ok(ks, used))
        return -1;
    for (k = used = 0; k < ps; k++) used += g->pref[k] != 0;
    if (!table_ok(ps, used))
        return -1;
    for (k = used = 0; k < ws; k++) used += g->words[k] != 0;
    if (!table_ok(ws, used))
        return -1;
    memcpy(g->names, names, sizeof g->names);
    for (k = 0; k < NER_GZ_MAXLISTS; k++) g->names[k][sizeof g->names[k] - 1] = 0;
    g->nlists = v[0];
    g->nnames = v[1];
    g->maxbytes = v[2];
    return 0;
}

/* The model as an image (see above): the mapped model; or NULL when PATH
 * is not an image and has no matching PATH.img (then the compact file is
 * read); or NULL with *failed set and a message, for an image that cannot
 * be used. */
static ner_model *map_image(const char *path, char *err, size_t errlen, int *failed)
{
    unsigned char h[HEADER_SIZE];
    struct stat st;
    ner_model *m = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL; /* reported by the compact reader */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || read(fd, h, sizeof h) != (ssize_t)sizeof h) {
        close(fd);
        return NULL;
    }
    if (memcmp(h, "TPNERIMG", 8) == 0) {
        m = ner_image_map(path, fd, (size_t)st.st_size, err, errlen);
        *failed = !m;
    } else if (memcmp(h, NER_MODEL_MAGIC, 8) == 0) {
        uint32_t crc;
        char *img = malloc(strlen(path) + 5);
        memcpy(&crc, h + 24, 4);
        if (img) {
            sprintf(img, "%s.img", path);
            if (ner_image_matches(img, crc, (uint64_t)st.st_size)) {
                int ifd = open(img, O_RDONLY | O_CLOEXEC);
                struct stat ist;
                char ierr[8];
                /* a damaged image is passed over: the compact file is the
                 * model, the image only a faster way to it */
                if (ifd >= 0 && fstat(ifd, &ist) == 0)
                    m = ner_image_map(img, ifd, (size_t)ist.st_size, ierr, sizeof ierr);
                if (ifd >= 0)
                    close(ifd);
            }
            free(img);
        }
    }
    close(fd);
    return m;
}

ner_model *ner_model_load(const char *path, char *err, size_t errlen)
{
    FILE *fp;
    struct stat stt;
    unsigned char *buf = NULL;
    size_t size;
    ner_model *m = NULL;
    rcur c;
    uint32_t v32, crc, bits, nwords, pool;
    uint64_t v64;
    int p;
    const char *why = NULL;

    if (!path) {
        ner_errf(err, errlen, "no model path given");
        return NULL;
    }
    {
        /* an image is mapped; so is PATH.img in place of the compact PATH
         * when it was made from exactly that file (image.c) */
        int failed = 0;
        ner_model *im = map_image(path, err, errlen, &failed);
        if (im || failed)
            return im;
    }
    fp = fopen(path, "rb");
    if (!fp) {
        ner_errf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(fp), &stt) != 0 || !S_ISREG(stt.st_mode)) {
        ner_errf(err, errlen, "%s: not a regular file", path);
        fclose(fp);
        return NULL;
    }
    size = (size_t)stt.st_size;
    if (size < HEADER_SIZE) {
        ner_errf(err, errlen, "%s: not a textpipe NER model (file too short: %zu bytes)", path, size);
        fclose(fp);
        return NULL;
    }
    buf = malloc(size);
    if (!buf) {
        ner_errf(err, errlen, "%s: out of memory reading %zu bytes", path, size);
        fclose(fp);
        return NULL;
    }
    if (fread(buf, 1, size, fp) != size) {
        ner_errf(err, errlen, "%s: read error: %s", path, strerror(errno));
        fclose(fp);
        free(buf);
        return NULL;
    }
    fclose(fp);
    if (memcmp(buf, NER_MODEL_MAGIC, 8) != 0) {
        ner_errf(err, errlen, "%s: not a textpipe NER model (bad magic)", path);
        free(buf);
        return NULL;
    }
    memcpy(&v32, buf + 12, 4);
    if (v32 != ENDIAN_MARK) {
        ner_errf(err, errlen, "%s: model was written on a machine of other byte order", path);
        free(buf);
        return NULL;
    }
    memcpy(&v32, buf + 8, 4);
    if (v32 != NER_MODEL_VERSION) {
        ner_errf(err, errlen, "%s: model format version %u, this code reads version %u (retrain)", path, v32,
                 NER_MODEL_VERSION);
        free(buf);
        return NULL;
    }
    memcpy(&v64, buf + 16, 8);
    if (v64 != size) {
        ner_errf(err, errlen, "%s: truncated or damaged model: header says %llu bytes, file has %zu", path,
                 (unsigned long long)v64, size);
        free(buf);
        return NULL;
    }
    memcpy(&crc, buf + 24, 4);
    if (ner_crc32(0, buf + HEADER_SIZE, size - HEADER_SIZE) != crc) {
        ner_errf(err, errlen, "%s: corrupt model (checksum mismatch)", path);
        free(buf);
        return NULL;
    }
    memcpy(&v32, buf + 28, 4);
    memcpy(&bits, buf + 32, 4);
    if (v32 != NER_NLABELS || bits < 12 || bits > 26) {
        ner_errf(err, errlen, "%s: unsupported model parameters (labels %u, bits %u)", path, v32, bits);
        free(buf);
        return NULL;
    }
    memcpy(&v32, buf + 36, 4);
    if (v32 != NER_NPASS) {
        ner_errf(err, errlen, "%s: unsupported number of passes %u", path, v32);
        free(buf);
        return NULL;
    }

    m = calloc(1, sizeof *m);
    if (!m) {
        free(buf);
        ner_errf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    m->hash_bits = bits;
    m->crc = crc;
    m->src_size = size;
    c.p = buf;
    c.n = size;
    c.pos = HEADER_SIZE;
    {
        const char *s;
        if (rd_u32(&c, &v32) || !(s = rd(&c, v32))) {
            why = "info";
            goto bad;
        }
        snprintf(m->info, sizeof m->info, "%.*s", (int)(v32 < 500 ? v32 : 500), s);
        rd_pad4(&c);
    }
    if (rd_f32(&c, &m->tau) || !rd(&c, 28)) {
        why = "params";
        goto bad;
    }
    if (!(m->tau > 0 && m->tau < 1e30f))
        m->tau = 0; /* fixed below */
    for (p = 0; p < NER_NPASS; p++) {
        size_t rows = (size_t)1 << bits, r, k, nset = 0;
        const uint8_t *bitmap;
        const unsigned char *data;
        uint32_t nnz;
        const void *src;
        if (!(src = rd(&c, NER_NLABELS * NER_NLABELS * 4)))
            goto badw;
        memcpy(m->trans[p], src, NER_NLABELS * NER_NLABELS * 4);
        if (!(src = rd(&c, NER_NLABELS * 4)))
            goto badw;
        memcpy(m->start[p], src, NER_NLABELS * 4);
        if (!(src = rd(&c, NER_NLABELS * 4)))
            goto badw;
        memcpy(m->end[p], src, NER_NLABELS * 4);
        if (rd_f32(&c, &m->wscale[p]) || rd_u32(&c, &nnz) || !(m->wscale[p] > 0))
            goto badw;
        if (!(bitmap = rd(&c, rows / 8)))
            goto badw;
        if (nnz > rows || !(data = rd(&c, (size_t)nnz * NER_NLABELS * 2)))
            goto badw;
        rd_pad4(&c);
        m->w[p] = calloc(rows, NER_NLABELS * sizeof(int16_t));
        if (!m->w[p]) {
            why = "out of memory";
            goto bad;
        }
        for (r = 0; r < rows; r++) {
            if (!(bitmap[r / 8] >> (r % 8) & 1))
                continue;
            if (nset == nnz)
                goto badw;
            memcpy(m->w[p] + r * NER_NLABELS, data + nset * NER_NLABELS * 2, NER_NLABELS * 2);
            nset++;
        }
        if (nset != nnz)
            goto badw;
        for (k = 0; k < NER_NLABELS * NER_NLABELS; k++)
            if (!isfinite(m->trans[p][k]))
                goto badw;
        for (k = 0; k < NER_NLABELS; k++)
            if (!isfinite(m->start[p][k]) || !isfinite(m->end[p][k]))
                goto badw;
        continue;
    badw:
        why = "weights";
        goto bad;
    }
    {
        const unsigned char *meta, *poolp;
        size_t k, total = 0;
        if (rd_u32(&c, &nwords) || rd_u32(&c, &pool) || nwords > MAX_LEX_WORDS ||
            !(meta = rd(&c, (size_t)nwords * 20)) || !(poolp = rd(&c, pool))) {
            why = "lexicon";
            goto bad;
        }
        ner_lexicon_init(&m->lex);
        ner_lexicon_reserve(&m->lex, nwords, (size_t)pool + nwords + 1);
        for (k = 0; k < nwords; k++) {
            uint32_t len, cb, cl, cnt, au;
            long id;
            memcpy(&len, meta + k * 20, 4);
            memcpy(&cb, meta + k * 20 + 4, 4);
            memcpy(&cl, meta + k * 20 + 8, 4);
            memcpy(&cnt, meta + k * 20 + 12, 4);
            memcpy(&au, meta + k * 20 + 16, 4);
            if (len > pool - total || cl > 32) {
                why = "lexicon entry";
                goto bad;
            }
            id = ner_lexicon_add(&m->lex, (const char *)poolp + total, len, cb, cl);
            if ((size_t)id != k) {
                why = "lexicon (duplicate word)";
                goto bad;
            }
            m->lex.count[id] = cnt;
            m->lex.autocls[id] = au;
            total += len;
        }
        if (total != pool) {
            why = "lexicon size";
            goto bad;
        }
        rd_pad4(&c);
    }
    if (read_gz(&c, &m->gz) != 0) {
        why = "name lists";
        goto bad;
    }
    if (c.pos != size) {
        why = "trailing data";
        goto bad;
    }
    free(buf);
    buf = NULL;
    if (precompute(m, err, errlen, path) != 0) {
        ner_model_free(m);
        return NULL;
    }
    ner_model_set_tau(m, m->tau > 0 ? m->tau : 1.0f);
    return m;
bad:
    ner_errf(err, errlen, "%s: corrupt model (bad %s section)", path, why ? why : "?");
    free(buf);
    ner_model_free(m);
    return NULL;
}
