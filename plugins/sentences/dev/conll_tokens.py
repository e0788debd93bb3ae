#!/usr/bin/env python3
"""conll_tokens.py - how well the tokens match CoNLL-2003's.

    sbd_dev --tokens pred shared/data/ner/conll2003/testa_docs.jsonl > /tmp/testa_tok.jsonl
    python3 dev/conll_tokens.py shared/data/ner/conll2003/eng.testa \\
        shared/data/ner/conll2003/testa_docs.jsonl /tmp/testa_tok.jsonl

testa_docs.jsonl is eng.testa detokenised (tools/conll2docs.py); the CoNLL
tokens are found again in its text, in order, and compared with the spans in
the PRED file's "token" layer.  Prints token precision and recall, the share
of gold entities whose two edges fall on token boundaries (an entity that
does not cannot be found by a tagger over these tokens), and the commonest
differences.
"""
import collections
import json
import sys


def main(conll, docs_path, pred_path):
    docs, cur = [], None
    for line in open(conll, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            cur = []
            docs.append(cur)
        elif line.strip():
            cur.append(line.split(" ")[0])
    gold = [json.loads(l) for l in open(docs_path, encoding="utf-8")]
    pred = {}
    for l in open(pred_path, encoding="utf-8"):
        r = json.loads(l)
        pred[r["id"]] = r
    tp = fp = fn = ent_ok = ent_n = 0
    miss, extra, bad = collections.Counter(), collections.Counter(), []
    for d, toks in zip(gold, docs):
        text, spans, p = d["text"], set(), 0
        for t in toks:
            if t in ("''", "``"):
                t = '"'
            k = text.find(t, p)
            if k < 0 or k - p > 3:
                continue
            spans.add((k, k + len(t)))
            p = k + len(t)
        ours = {(a["start"], a["end"]) for a in pred[d["id"]]["annotations"]["token"]}
        tp += len(spans & ours)
        fp += len(ours - spans)
        fn += len(spans - ours)
        miss.update(text[a:b] for a, b in spans - ours)
        extra.update(text[a:b] for a, b in ours - spans)
        starts, ends = {a for a, _ in ours}, {b for _, b in ours}
        for e in d["entities"]:
            ent_n += 1
            if e["start"] in starts and e["end"] in ends:
                ent_ok += 1
            else:
                bad.append(e["text"])
    print("tokens: precision %.4f recall %.4f" % (tp / (tp + fp), tp / (tp + fn)))
    print("entities on token boundaries: %d/%d = %.4f %s" % (ent_ok, ent_n, ent_ok / ent_n, bad[:10]))
    print("CoNLL tokens not produced:", miss.most_common(15))
    print("tokens not in CoNLL:", extra.most_common(15))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
