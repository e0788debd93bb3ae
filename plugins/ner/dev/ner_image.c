/* ner_image - makes and checks memory-mapped NER model images (image.c).
 *
 *   ner_image MODEL IMAGE    load MODEL (a compact model file), write IMAGE,
 *                            map it again and check every section's CRC and
 *                            that it holds the same model
 *   ner_image verify IMAGE   check an image whole (what loading skips)
 *
 * The build runs the first on the shipped model: the image is three times
 * the compact file, so the repository keeps only the compact one. */
#include <stdio.h>
#include <string.h>

#include "ner_internal.h"

/* 0 when a and b hold the same model (the image is the loaded model as
 * it lies in memory, so equality is bytewise) */
static int same_model(const ner_model *a, const ner_model *b)
{
    size_t rows = (size_t)1 << a->hash_bits, nv = 0, i;
    for (i = 0; i < a->lex.n; i++) nv += a->lexrow[i] != NER_NOROW;
    if (a->hash_bits != b->hash_bits || a->lex.n != b->lex.n || a->lex.tabsize != b->lex.tabsize ||
        a->gz.keysize != b->gz.keysize || a->gz.prefsize != b->gz.prefsize || a->gz.wordsize != b->gz.wordsize ||
        a->crc != b->crc)
        return -1;
#define SAME(f, n) (memcmp(a->f, b->f, (n)) == 0)
    if (!SAME(w[0], rows * NER_NLABELS * 2) || !SAME(w[1], rows * NER_NLABELS * 2) ||
        !SAME(lexvec, nv * NER_LEXVEC_STRIDE * 2) || !SAME(lexdyn, a->lex.n * sizeof *a->lexdyn) ||
        !SAME(lexrow, a->lex.n * 4) || !SAME(lex.tab, a->lex.tabsize * 4) || !SAME(lex.pool, a->lex.pool_len) ||
        !SAME(lex.off, a->lex.n * 4) || !SAME(lex.len, a->lex.n * 4) || !SAME(lex.cl_bits, a->lex.n * 4) ||
        !SAME(lex.cl_len, a->lex.n * 4) || !SAME(lex.count, a->lex.n * 4) || !SAME(lex.autocls, a->lex.n * 4) ||
        (a->gz.keysize && !SAME(gz.keys, a->gz.keysize * 8)) ||
        (a->gz.prefsize && !SAME(gz.pref, a->gz.prefsize * 4)) ||
        (a->gz.wordsize && !SAME(gz.words, a->gz.wordsize * 8)))
        return -1;
#undef SAME
#define SAMEF(f) (memcmp(&a->f, &b->f, sizeof a->f) == 0)
    if (!SAMEF(wscale) || !SAMEF(trans) || !SAMEF(start) || !SAMEF(end) || !SAMEF(exptrans) || !SAMEF(expstart) ||
        !SAMEF(expend) || !SAMEF(tau) || !SAMEF(lexscale) || !SAMEF(paddyn) || !SAMEF(padvec) || !SAMEF(info) ||
        !SAMEF(gz.names) || a->gz.nlists != b->gz.nlists)
        return -1;
#undef SAMEF
    return 0;
}

int main(int argc, char **argv)
{
    char err[512];
    ner_model *m, *im;
    int rc = 0;
    if (argc == 3 && strcmp(argv[1], "verify") == 0) {
        im = ner_model_load(argv[2], err, sizeof err);
        if (!im || ner_image_verify(im, err, sizeof err) != 0) {
            fprintf(stderr, "ner_image: %s\n", err);
            ner_model_free(im);
            return 1;
        }
        printf("%s: %s\n", argv[2], im->map ? "a whole, valid model image" : "a compact model file, valid");
        ner_model_free(im);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: ner_image MODEL IMAGE | ner_image verify IMAGE\n");
        return 2;
    }
    m = ner_model_load(argv[1], err, sizeof err);
    if (!m) {
        fprintf(stderr, "ner_image: %s\n", err);
        return 1;
    }
    if (ner_image_write(m, argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "ner_image: %s\n", err);
        ner_model_free(m);
        return 1;
    }
    im = ner_model_load(argv[2], err, sizeof err);
    if (!im || !im->map || ner_image_verify(im, err, sizeof err) != 0) {
        fprintf(stderr, "ner_image: %s: %s\n", argv[2], im ? err : err);
        rc = 1;
    } else if (same_model(m, im) != 0) {
        fprintf(stderr, "ner_image: %s does not hold the same model as %s\n", argv[2], argv[1]);
        rc = 1;
    }
    if (rc)
        remove(argv[2]);
    ner_model_free(im);
    ner_model_free(m);
    return rc;
}
