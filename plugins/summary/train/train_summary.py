#!/usr/bin/env python3
"""Learn the summary plugin's weights (data/summary_model.tsv).

Python 3 standard library only.  train.sh runs the whole thing; by hand:

    textpipe run --offsets bytes -c dev/tokens.cfg TRAIN.jsonl > TP.jsonl
    summary_dev --stopwords data/stopwords_en.txt features TP.jsonl > FEAT.tsv
    train_summary.py --features FEAT.tsv --docs TP.jsonl --gold TRAIN.jsonl[.gz] \
        --rouge ../shared/tools/rouge.py --out data/summary_model.tsv

Labels.  For each article, the greedy oracle: add the sentence that most
raises ROUGE-1 F1 + ROUGE-2 F1 against the reference highlights (tokenised
and stemmed as rouge.py does), up to three sentences, stopping when nothing
raises it (as in SummaRuNNer and BertSumExt).

Model.  A linear score per sentence, trained listwise: a softmax over the
article's sentences, fitted to the oracle sentences (equal shares) by
cross-entropy, with AdaGrad and a little L2.  Features: the dense ones
computed by the C library (summary_dev features prints them with their
names), and lexical ones built here exactly as select.c / analyse.c score
them: w:TOKEN for each distinct lower-cased token of the sentence with value
1/sqrt(number of distinct tokens), first:TOKEN, last:TOKEN and last2:TOKEN.
Lexical features seen in fewer than --min-count sentences are dropped.

--valid-from N keeps articles N.. out of training and reports ROUGE-1/2 on
them (top three by score with trigram blocking on rouge tokens, which is
close to but not exactly the plugin's blocking) beside Lead-3.
"""
import argparse
import gzip
import importlib.util
import json
import math
import random
import sys
import time
from collections import Counter


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def load_rouge(path):
    spec = importlib.util.spec_from_file_location('rouge', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_jsonl(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8') as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_features(path):
    """-> (dense names, {doc: [(sentence, words, wvalue, dense list, tokens)]})"""
    names, docs = None, {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#features\t'):
                names = line.split('\t', 1)[1].split(' ')
                continue
            doc, sent, words, wv, dense, toks = line.split('\t')
            docs.setdefault(int(doc), []).append(
                (int(sent), int(words), float(wv), [float(x) for x in dense.split(' ')],
                 toks.split(' ') if toks else []))
    if names is None:
        sys.exit('train_summary: %s has no #features header' % path)
    return names, docs


def sparse_row(names, wv, dense, toks):
    f = {n: v for n, v in zip(names, dense) if v != 0.0}
    for t in set(toks):
        f['w:' + t] = wv
    if toks:
        f['first:' + toks[0]] = 1.0
        f['last:' + toks[-1]] = 1.0
        if len(toks) > 1:
            f['last2:' + toks[-2]] = 1.0
    return f


class Oracle:
    def __init__(self, rouge):
        self.r = rouge
        self.stem_cache = {}

    def tok(self, s):
        out = []
        for t in self.r._NON_ALNUM.sub(' ', s.lower()).split():
            if len(t) > 3:
                st = self.stem_cache.get(t)
                if st is None:
                    st = self.stem_cache[t] = self.r.porter_stem(t)
                t = st
            out.append(t)
        return out

    def f12(self, ref, pred):
        return self.r.rouge_n(ref, pred, 1)[2] + self.r.rouge_n(ref, pred, 2)[2]

    def greedy(self, ref, sents, k=3):
        sel, cur = [], 0.0
        for _ in range(k):
            best = None
            for i in range(len(sents)):
                if i in sel or not sents[i]:
                    continue
                v = self.f12(ref, [t for j in sorted(sel + [i]) for t in sents[j]])
                if best is None or v > best[0]:
                    best = (v, i)
            if best is None or best[0] <= cur:
                break
            sel.append(best[1])
            cur = best[0]
        return sel


def fit(groups, a, rnd, t0):
    """Listwise softmax regression with AdaGrad; returns the weights."""
    w, g2 = {}, {}
    for ep in range(a.epochs):
        rnd.shuffle(groups)
        loss = 0.0
        for rows, y in groups:
            z = [sum(w.get(k, 0.0) * v for k, v in f.items()) for f in rows]
            m = max(z)
            e = [math.exp(t - m) for t in z]
            Z = sum(e)
            loss -= sum(yi * (zi - m - math.log(Z)) for yi, zi in zip(y, z) if yi)
            grad = {}
            for f, ei, yi in zip(rows, e, y):
                g = ei / Z - yi
                for k, v in f.items():
                    grad[k] = grad.get(k, 0.0) + g * v
            for k, gk in grad.items():
                gk += a.l2 * w.get(k, 0.0)
                g2[k] = g2.get(k, 0.0) + gk * gk
                w[k] = w.get(k, 0.0) - a.lr * gk / math.sqrt(g2[k] + 1e-8)
        log('epoch %d: loss %.4f (%.0f s)' % (ep + 1, loss / max(len(groups), 1), time.time() - t0))
    return w


def trigrams(toks):
    return set(zip(toks, toks[1:], toks[2:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--features', required=True, help='summary_dev features output')
    ap.add_argument('--docs', required=True, help='the textpipe output the features came from')
    ap.add_argument('--gold', required=True, help='the training file with "summary_sentences"')
    ap.add_argument('--rouge', required=True, help="shared/tools/rouge.py (its tokeniser and stemmer)")
    ap.add_argument('--out', required=True)
    ap.add_argument('--min-count', type=int, default=100)
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--lr', type=float, default=0.05)
    ap.add_argument('--l2', type=float, default=1e-6)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--runs', type=int, default=1, help='fits averaged (seeds SEED, SEED+1, ...)')
    ap.add_argument('--valid-from', type=int, default=0,
                    help='hold out articles from this index on and report on them')
    a = ap.parse_args()
    t0 = time.time()
    rouge = load_rouge(a.rouge)
    oracle = Oracle(rouge)

    names, feats = read_features(a.features)
    gold = {g['id']: g for g in read_jsonl(a.gold)}
    docs = []  # (features rows, sentence rouge tokens, reference rouge tokens)
    for i, rec in enumerate(read_jsonl(a.docs)):
        g = gold.get(rec.get('id'))
        rows = feats.get(i, [])
        if g is None or 'annotations' not in rec:
            continue
        text = rec['text'].encode('utf-8')
        sents = rec['annotations'].get('sentence', [])
        if len(sents) != len(rows):
            sys.exit('train_summary: article %d has %d sentences but %d feature rows: '
                     'were both made from the same file?' % (i, len(sents), len(rows)))
        stoks = [oracle.tok(text[s['start']:s['end']].decode('utf-8')) for s in sents]
        ref = [t for s in g['summary_sentences'] for t in oracle.tok(s)]
        docs.append((i, rows, stoks, ref))
    log('read %d articles, %d sentences (%.0f s)' % (len(docs), sum(len(d[1]) for d in docs), time.time() - t0))

    train = [d for d in docs if not a.valid_from or d[0] < a.valid_from]
    valid = [d for d in docs if a.valid_from and d[0] >= a.valid_from]

    # Lexical features kept: seen in at least --min-count training sentences.
    count = Counter()
    for _, rows, _, _ in train:
        for (_, _, wv, dense, toks) in rows:
            f = sparse_row(names, wv, dense, toks)
            count.update(k for k in f if ':' in k)
    keep = {k for k, c in count.items() if c >= a.min_count}
    log('lexical features: %d seen, %d kept (min count %d)' % (len(count), len(keep), a.min_count))

    def rows_of(d):
        return [{k: v for k, v in sparse_row(names, wv, dense, toks).items() if ':' not in k or k in keep}
                for (_, _, wv, dense, toks) in d[1]]

    groups = []
    for d in train:
        sel = oracle.greedy(d[3], d[2])
        if not sel:
            continue
        y = [0.0] * len(d[1])
        for s in sel:
            y[s] = 1.0 / len(sel)
        groups.append((rows_of(d), y))
    log('oracle labels for %d articles (%.0f s)' % (len(groups), time.time() - t0))

    # --runs N: N fits from different shuffles, weights averaged (a linear
    # model either way, with less dependence on the order of the articles).
    w = {}
    for run in range(a.runs):
        wr = fit(groups, a, random.Random(a.seed + run), t0)
        for k, v in wr.items():
            w[k] = w.get(k, 0.0) + v / a.runs

    if valid:
        tot = [0.0, 0.0, 0.0, 0.0]
        for d in valid:
            rows = rows_of(d)
            sc = [sum(w.get(k, 0.0) * v for k, v in f.items()) for f in rows]
            order = sorted(range(len(sc)), key=lambda i: (-sc[i], i))
            sel, seen = [], set()
            for i in order:
                if d[1][i][1] < 5:
                    continue
                tg = trigrams(d[2][i])
                if tg & seen:
                    continue
                sel.append(i)
                seen |= tg
                if len(sel) == 3:
                    break
            pred = [t for i in sorted(sel) for t in d[2][i]]
            lead = [t for s in d[2][:3] for t in s]
            tot[0] += rouge.rouge_n(d[3], pred, 1)[2]
            tot[1] += rouge.rouge_n(d[3], pred, 2)[2]
            tot[2] += rouge.rouge_n(d[3], lead, 1)[2]
            tot[3] += rouge.rouge_n(d[3], lead, 2)[2]
        n = len(valid)
        log('valid (%d articles): R-1 %.2f R-2 %.2f; Lead-3 R-1 %.2f R-2 %.2f' %
            tuple([n] + [100 * x / n for x in tot]))

    with open(a.out, 'w', encoding='utf-8') as o:
        o.write('# textpipe summary model: linear sentence scores (plugins/summary/README.md).\n')
        o.write('# Made by train/train_summary.py from %d articles, %d epochs, lr %g, l2 %g, seed %d,\n'
                % (len(groups), a.epochs, a.lr, a.l2, a.seed))
        o.write('# %d run(s) averaged; ' % a.runs)
        o.write('lexical features seen in >= %d sentences.  NAME<TAB>WEIGHT.\n' % a.min_count)
        for n in names:
            o.write('%s\t%.6g\n' % (n, w.get(n, 0.0)))
        for k in sorted(k for k in w if ':' in k):
            if abs(w[k]) >= 1e-4:
                o.write('%s\t%.6g\n' % (k, w[k]))
    log('wrote %s (%.0f s)' % (a.out, time.time() - t0))


if __name__ == '__main__':
    main()
