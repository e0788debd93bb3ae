#!/usr/bin/env python3
"""Learns the [lowercase] word list of data/lowercase_en.txt from unlabelled news.

A Punkt-style orthographic count: for every word, how often it is written in
lower case inside a sentence, how often capitalised inside a sentence (after
a lower-case word or a comma, never after a full stop, quote or bracket), and
how often capitalised right after a clear sentence end (a lower-case word of
three letters or more, then . ! or ?).  A word that is nearly always lower
case inside sentences, yet has been seen opening one, is listed (in its
capitalised spelling): written capitalised after "U.S.", "D.C." or a street's
"St.", it opens the next sentence ("... in the U.S. Officials said ...").
Words capitalised inside sentences in more than 2.5% of their uses
(Government 7.8%, Steel 3.4%, Open 2.9%, Army 40%) stay out, so "the U.S.
Government" stays one sentence; Officials (0%), Residents (0.2%) and
Firefighters (0%) are in.

usage: learn_lowercase.py TRAIN.jsonl.gz OUT.txt [--min-lower N] [--max-upper-share F]
(defaults: /work/shared/data/summ/cnndm_train.jsonl.gz, 20, 0.025)
"""
import argparse
import collections
import gzip
import json
import re

TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|[.!?]+|[,;:]|\S")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('train', nargs='?', default='/work/shared/data/summ/cnndm_train.jsonl.gz')
    ap.add_argument('out')
    ap.add_argument('--min-lower', type=int, default=20)
    ap.add_argument('--max-upper-share', type=float, default=0.025)
    a = ap.parse_args()
    lower, upper, start = collections.Counter(), collections.Counter(), collections.Counter()
    docs = 0
    with gzip.open(a.train, 'rt', encoding='utf-8') as f:
        for line in f:
            docs += 1
            for para in json.loads(line)['text'].split('\n'):
                prev = prev2 = None
                for w in TOKEN.findall(para):
                    if w[0].isalpha() and "'" not in w:
                        k = w.lower()
                        if w[0].isupper() and w[1:].islower() or (w[0].isupper() and len(w) == 1):
                            if prev and re.fullmatch(r'[.!?]+', prev) and prev2 and prev2.islower() and len(prev2) > 2:
                                start[k] += 1
                            elif prev and (prev.isalpha() and prev.islower() or prev == ','):
                                upper[k] += 1
                        elif w.islower() and prev and (prev.isalpha() or prev == ','):
                            lower[k] += 1
                    prev2, prev = prev, w
    words = sorted(k for k in lower
                   if lower[k] >= a.min_lower and start[k] >= 1 and k.isalpha() and len(k) > 1
                   and upper[k] <= a.max_upper_share * (lower[k] + upper[k]))
    with open(a.out, 'w', encoding='utf-8') as o:
        o.write('# lowercase_en.txt - learned by plugins/sentences/dev/learn_lowercase.py from\n'
                '# %d unlabelled news stories (%s), options --min-lower %d --max-upper-share %.3f:\n'
                '# words written in lower case inside news sentences (capitalised in at most %.1f%% of\n'
                '# their mid-sentence uses, lower case at least %d times) and seen opening a\n'
                '# sentence.  Listed capitalised, as met after "U.S." or "St." when they open the\n'
                '# next sentence.  Regenerate rather than edit; a newsroom file can add or remove\n'
                '# entries ("!Word").\n\n[lowercase]\n'
                % (docs, a.train.split('/')[-1], a.min_lower, a.max_upper_share,
                   100 * a.max_upper_share, a.min_lower))
        line = ''
        for k in words:
            w = k[0].upper() + k[1:]
            if len(line) + len(w) + 1 > 79:
                o.write(line + '\n')
                line = ''
            line = (line + ' ' + w) if line else w
        if line:
            o.write(line + '\n')
    print('%d words from %d documents' % (len(words), docs))


if __name__ == '__main__':
    main()
