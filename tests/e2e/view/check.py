#!/usr/bin/env python3
"""Checks of textpipe's HTML page (textpipe view, run --format html), for
tests/e2e/view.sh and view_browser.sh.  Standard library only.

  check.py spans PAGE RECORDS [--offsets UNIT]
      every record of RECORDS is the article of the same rank in PAGE (the
      page as written, or the DOM Chromium dumped): each layer has one marked
      element (no data-cont) per span that fits the text, the fragments of
      each span hold exactly text[start:end], the text shown is the record's
      text, money elements carry the record's amounts, error records are
      error articles; prints "LAYER N" per layer (totals)
  check.py wellformed PAGE       every end tag closes the element open
  check.py safe PAGE             only the page's own markup: known tags, no
                                 event handlers, links only to #anchors, one
                                 script, and a CSP whose hashes match
  check.py palette PAGE          WCAG AA contrast of every colour pair of the
                                 style sheet's layer rules
  check.py png FILE [#RRGGBB...] a PNG that is not blank and shows these colours
  check.py probe DUMP            the result of probe.js in a dumped DOM
  check.py shown DUMP            "PAGE-SHOWN HIDDEN-PAGES HIDDEN-INDEX-GROUPS"
  check.py gold SEED.txt GOLD.json   one record: the seed article with the
                                 gold file's sentences, entities and money
"""
import base64
import hashlib
import html
import html.parser
import json
import re
import struct
import sys
import zlib

VOID = {"meta", "input", "br", "img", "hr", "link", "wbr", "area", "base", "col", "embed", "source", "track"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Node or str

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def has_class(self, c):
        return c in (self.attrs.get("class") or "").split()


class Tree(html.parser.HTMLParser):
    """A DOM-like tree; records end tags that do not close the open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.errors = []
        self.tags = []
        self.scripts = []
        self.styles = []
        self._raw = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n
        if tag in ("script", "style"):
            self._raw = tag

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append("</%s> closes <%s> (line %d)" % (tag, self.cur.tag, self.getpos()[0]))
            # recover: close up to the matching element, if any
            n = self.cur
            while n is not None and n.tag != tag:
                n = n.parent
            if n is None:
                return
            self.cur = n
        self.cur = self.cur.parent or self.root
        self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)
        self.cur.children.append(data)


def parse(path):
    t = Tree()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    t.close()
    return t


def records(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except ValueError:
                r = None
            out.append(r if isinstance(r, dict) else None)
    return out


def shown_chars(s):
    """What the page shows for each character of s: control characters as
    pictures, a CR before LF as nothing, any other CR as a line break."""
    out = []
    for i, c in enumerate(s):
        if c == "\r":
            out.append("" if s[i + 1:i + 2] == "\n" else "\n")
        elif ord(c) < 0x20 and c not in "\n\t":
            out.append(chr(0x2400 + ord(c)))
        elif c == "\x7f":
            out.append("\u2421")
        else:
            out.append(c)
    return out


def shown_text(s):
    return "".join(shown_chars(s))


def shown_attr(s):
    """What an attribute holds for s (tabs as spaces, controls as pictures)."""
    return shown_text(s).replace("\t", " ")


def rank_of(s):
    r = s.get("rank") if isinstance(s, dict) else None
    return r if isinstance(r, (int, float)) and not isinstance(r, bool) and r == r else float("inf")


def units(text, unit):
    """Offsets in `unit` -> code point offsets, for whole characters."""
    m, u = {}, 0
    for i, c in enumerate(text):
        m[u] = i
        u += len(c.encode("utf-8")) if unit == "bytes" else (2 if unit == "utf16" and ord(c) > 0xFFFF else 1)
    m[u] = len(text)
    return m


def fail(msgs):
    for m in msgs[:40]:
        print("FAIL:", m)
    if len(msgs) > 40:
        print("FAIL: ... and %d more" % (len(msgs) - 40))
    sys.exit(1 if msgs else 0)


def cmd_spans(page, recs_path, unit="codepoints"):
    t = parse(page)
    arts = [n for n in t.root.iter() if n.tag == "article"]
    recs = records(recs_path)
    bad, totals = [], {}
    if len(arts) != len(recs):
        fail(["%d articles for %d records" % (len(arts), len(recs))])
    for k, (a, r) in enumerate(zip(arts, recs), 1):
        where = "document %d" % k
        if a.attrs.get("id") != "d%d" % k:
            bad.append("%s: id %r" % (where, a.attrs.get("id")))
        if r is None or "error" in r:
            if not a.has_class("error"):
                bad.append("%s: an error record not shown as an error" % where)
            continue
        if a.has_class("error"):
            bad.append("%s: shown as an error" % where)
        if isinstance(r.get("id"), str) and a.attrs.get("data-id") != shown_attr(r["id"]):
            bad.append("%s: data-id %r, expected %r" % (where, a.attrs.get("data-id"), r["id"]))
        text = r.get("text")
        box = [n for n in a.iter() if n.tag == "div" and n.has_class("text")]
        if not isinstance(text, str):
            if box:
                bad.append("%s: text drawn for a record without text" % where)
            continue
        if len(box) != 1:
            bad.append("%s: %d text boxes" % (where, len(box)))
            continue
        box = box[0]
        if box.text() != shown_text(text):
            bad.append("%s: the text shown differs from the record's text" % where)
        frags = {}
        for n in box.iter():
            if "data-span" in n.attrs:
                frags.setdefault(n.attrs["data-span"], []).append(n)
        umap = units(text, unit)
        shown = shown_chars(text)
        ann = r.get("annotations")
        for layer, spans in (ann if isinstance(ann, dict) else {}).items():
            if not isinstance(spans, list):
                continue
            drawn = 0
            for i, s in enumerate(spans):
                st, en = (s.get("start"), s.get("end")) if isinstance(s, dict) else (None, None)
                ok = isinstance(st, int) and isinstance(en, int) and st in umap and en in umap and st <= en
                key = "%s:%d" % (shown_attr(layer), i)
                fs = frags.get(key, [])
                firsts = [f for f in fs if "data-cont" not in f.attrs]
                if not ok:
                    if fs:
                        bad.append("%s: %s is drawn but does not fit the text" % (where, key))
                    continue
                drawn += 1
                if len(firsts) != 1:
                    bad.append("%s: %s has %d first fragments" % (where, key, len(firsts)))
                    continue
                if any(f.attrs.get("data-layer") != shown_attr(layer) for f in fs):
                    bad.append("%s: %s fragments carry another data-layer" % (where, key))
                if [f for f in fs if "data-more" not in f.attrs] != fs[-1:]:
                    bad.append("%s: %s: only its last fragment lacks data-more" % (where, key))
                want = "".join(shown[umap[st]:umap[en]])
                got = "".join(f.text() for f in fs)
                if got != want:
                    bad.append("%s: %s shows %r, expected %r" % (where, key, got, want))
                f = firsts[0]
                if layer == "money":
                    for feat in ("amount", "min", "max"):
                        if isinstance(s.get(feat), (int, float)) and not isinstance(s[feat], bool) and float(f.attrs.get("data-" + feat, "nan")) != float(s[feat]):
                            bad.append("%s: %s data-%s %r, expected %r" % (where, key, feat,
                                                                        f.attrs.get("data-" + feat), s[feat]))
                    if isinstance(s.get("currency"), str) and f.attrs.get("data-currency") != shown_attr(s["currency"]):
                        bad.append("%s: %s currency" % (where, key))
                    conv = s.get("converted")
                    if isinstance(conv, dict) and isinstance(conv.get("currency"), str) and \
                            shown_attr(conv["currency"]) not in (f.attrs.get("data-norm") or ""):
                        bad.append("%s: %s: the conversion is not in data-norm" % (where, key))
                    if "title" not in f.attrs:
                        bad.append("%s: %s has no hover text" % (where, key))
                label = s.get("label") if isinstance(s.get("label"), str) and s.get("label") else "?"
                if layer == "entity" and f.attrs.get("data-label") != shown_attr(label):
                    bad.append("%s: %s label %r" % (where, key, f.attrs.get("data-label")))
            n_first = sum(1 for key, fs in frags.items() if key.rsplit(":", 1)[0] == shown_attr(layer)
                          for f in fs if "data-cont" not in f.attrs)
            if n_first != drawn:
                bad.append("%s: %d %s elements for %d spans" % (where, n_first, layer, drawn))
            totals[layer] = totals.get(layer, 0) + n_first
        # summary sentences listed at the top, linked to their place in the text
        summ = (r.get("annotations") or {}).get("summary") if isinstance(r.get("annotations"), dict) else None
        if isinstance(summ, list) and summ:
            items = [n for n in a.iter() if n.tag == "li" and n.parent and n.parent.parent and
                     n.parent.parent.has_class("sumbox")]
            if len(items) != len(summ):
                bad.append("%s: %d summary items for %d summary sentences" % (where, len(items), len(summ)))
            ranked = sorted(range(len(summ)), key=lambda i: (rank_of(summ[i]), i))
            for li, i in zip(items, ranked):
                if not frags.get("summary:%d" % i):
                    continue  # not drawn: listed without a link
                s = summ[i]
                if li.text() != "".join(shown[umap[s["start"]]:umap[s["end"]]]):
                    bad.append("%s: summary item for summary:%d" % (where, i))
                links = [n for n in li.iter() if n.tag == "a"]
                if not links or links[0].attrs.get("href") != "#d%d-s%d" % (k, i + 1):
                    bad.append("%s: summary item %d does not link to its sentence" % (where, i))
    for layer in sorted(totals):
        print(layer, totals[layer])
    fail(bad)


def cmd_wellformed(page):
    t = parse(page)
    errs = list(t.errors)
    if t.cur is not t.root:
        errs.append("<%s> is never closed" % t.cur.tag)
    ids = [a.get("id") for _, a in ((tag, dict(at)) for tag, at in t.tags) if a.get("id")]
    dup = {i for i in ids if ids.count(i) > 1} if len(ids) < 20000 else set()
    errs += ["duplicate id %r" % i for i in sorted(dup)]
    fail(errs)


ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "a", "div",
           "span", "label", "input", "nav", "main", "table", "caption", "thead", "tbody", "tfoot", "tr", "th",
           "td", "abbr", "section", "article", "ol", "li", "dl", "dt", "dd", "mark", "code", "strong", "script"}


def cmd_safe(page):
    t = parse(page)
    errs = []
    for tag, attrs in t.tags:
        if tag not in ALLOWED:
            errs.append("element <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                errs.append("event handler %s on <%s>" % (k, tag))
            if k in ("src", "srcdoc", "action", "formaction", "style", "background", "xlink:href"):
                errs.append("attribute %s on <%s>" % (k, tag))
            if k == "href" and not (v or "").startswith("#"):
                errs.append("link to %r" % v)
    if len(t.scripts) != 1:
        errs.append("%d scripts" % len(t.scripts))
    if len(t.styles) != 1:
        errs.append("%d style sheets" % len(t.styles))
    csp = [dict(a).get("content", "") for tag, a in t.tags
           if tag == "meta" and dict(a).get("http-equiv", "").lower() == "content-security-policy"]
    if len(csp) != 1:
        errs.append("%d Content-Security-Policy elements" % len(csp))
    else:
        pol = dict((d.strip().split(None, 1) + [""])[:2] for d in csp[0].split(";") if d.strip())
        if pol.get("default-src") != "'none'":
            errs.append("CSP default-src is %r" % pol.get("default-src"))
        for what, body in (("style-src", t.styles), ("script-src", t.scripts)):
            if body:
                h = base64.b64encode(hashlib.sha256(body[0].encode("utf-8")).digest()).decode()
                if pol.get(what) != "'sha256-%s'" % h:
                    errs.append("CSP %s %r, expected the hash 'sha256-%s'" % (what, pol.get(what), h))
    fail(errs)


def lum(h):
    h = h.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    f = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]


def contrast(a, b):
    x, y = sorted((lum(a), lum(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)


def cmd_palette(page):
    css = parse(page).styles[0]
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"@media print\{", "", css))
    body_fg = "#1a1a1a"
    bgs, fgs = {}, {}
    for sel, decl in rules:
        sel = sel.strip()
        m = re.search(r"background:(#[0-9a-f]{3,6})", decl)
        c = re.search(r"(?:^|;)color:(#[0-9a-f]{3,6})", decl)
        for s in sel.split(","):
            s = re.sub(r"^body:has\([^)]*\)+ ", "", s.strip())
            if m:
                bgs[s] = m.group(1)
            if c:
                fgs[s] = c.group(1)
    errs, n = [], 0
    for s, bg in bgs.items():
        fg = fgs.get(s, body_fg)
        n += 1
        if contrast(fg, bg) < 4.5:
            errs.append("%s: %s on %s is %.2f:1" % (s, fg, bg, contrast(fg, bg)))
        tag = fgs.get(s + "::after")
        if tag:
            n += 1
            if contrast(tag, bg) < 4.5:
                errs.append("%s::after: %s on %s is %.2f:1" % (s, tag, bg, contrast(tag, bg)))
    if n < 10:
        errs.append("only %d colour pairs found in the style sheet" % n)
    print("colour pairs checked:", n)
    fail(errs)


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        ln, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if typ == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat += body
        pos += 12 + ln
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("unexpected PNG format %r" % (hdr,))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    out = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, h, bpp, out


def cmd_png(path, *colours):
    w, h, bpp, rows = png_pixels(path)
    seen = set()
    for row in rows:
        for x in range(0, len(row), bpp):
            seen.add(row[x:x + 3])
    errs = []
    if len(seen) < 8:
        errs.append("only %d colours in %dx%d: a blank screenshot?" % (len(seen), w, h))
    for c in colours:
        rgb = bytes(int(c.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
        if rgb not in seen:
            errs.append("colour %s is not in the screenshot" % c)
    print("%dx%d, %d colours" % (w, h, len(seen)))
    fail(errs)


def cmd_probe(dump):
    t = parse(dump)
    pre = [n for n in t.root.iter() if n.attrs.get("id") == "probe-result"]
    if not pre:
        fail(["probe.js left no result"])
    res = json.loads(pre[0].text())
    print("probe: %d text colours checked, %d toggles checked" % (res["checked"], res["toggles"]))
    errs = res["failures"]
    if res["checked"] < 20:
        errs.append("only %d colours checked" % res["checked"])
    if not res["print"]:
        errs.append("no @media print rules")
    fail(errs)


def cmd_shown(dump):
    t = parse(dump)
    body = [n for n in t.root.iter() if n.tag == "body"][0]
    pages = [n for n in t.root.iter() if n.tag == "section" and n.has_class("page")]
    groups = [n for n in t.root.iter() if n.tag == "tbody" and "data-page" in n.attrs]
    print(body.attrs.get("data-page-shown", "-"),
          ",".join(p.attrs["data-page"] for p in pages if "hidden" in p.attrs) or "-",
          ",".join(g.attrs["data-page"] for g in groups if "hidden" in g.attrs) or "-")


def cmd_gold(seed, gold):
    text = open(seed, encoding="utf-8").read()
    g = json.load(open(gold, encoding="utf-8"))
    ann = {"sentence": g.get("sentences", []), "entity": g.get("entities", []), "money": g.get("money", [])}
    print(json.dumps({"id": g.get("id", "seed"), "text": text, "annotations": ann}, ensure_ascii=False))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "spans" and len(args) == 4 and args[2] == "--offsets":
        cmd_spans(args[0], args[1], args[3])
    else:
        globals()["cmd_" + cmd](*args)
