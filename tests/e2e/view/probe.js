/*
 * probe.js - appended by tests/e2e/view_browser.sh to a copy of a textpipe
 * page (without its Content-Security-Policy, which would block it), then
 * the page is loaded in headless Chromium and its DOM dumped.  Measures
 * what the browser draws:
 *   - the contrast of every visible piece of text, and of the generated
 *     content of marked spans (label tags, rank and sentence markers),
 *     against the background it is drawn on (WCAG 2 formula; AA: 4.5:1);
 *   - that the legend's switches hide and show their layer (CSS only);
 *   - that the style sheet has print rules.
 * The result goes, as JSON, into <pre id="probe-result">.
 */
(function () {
  "use strict";
  function parse(c) {
    var m = /rgba?\(([^)]*)\)/.exec(c || "");
    if (!m) return null;
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function over(top, under) {
    var a = top.a;
    return { r: top.r * a + under.r * (1 - a), g: top.g * a + under.g * (1 - a),
             b: top.b * a + under.b * (1 - a), a: 1 };
  }
  function lum(c) {
    function f(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(x, y) {
    var a = lum(x), b = lum(y);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  /* The colour behind an element: its own background over its ancestors'. */
  function background(el) {
    var chain = [], bg = { r: 255, g: 255, b: 255, a: 1 };
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) chain.push(e);
    for (var i = chain.length - 1; i >= 0; i--) {
      var c = parse(getComputedStyle(chain[i]).backgroundColor);
      if (c && c.a > 0) bg = over(c, bg);
    }
    return bg;
  }
  var failures = [], checked = 0, toggles = 0;
  function name(el, pseudo) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.className && typeof el.className === "string") s += "." + el.className.trim().split(/\s+/).join(".");
    return s + (pseudo || "");
  }
  function check(el, pseudo) {
    var cs = getComputedStyle(el, pseudo || null);
    if (pseudo && (cs.content === "none" || cs.content === "normal" || cs.content === "\"\"")) return;
    var bg = background(el);
    var own = pseudo ? parse(cs.backgroundColor) : null;
    if (own && own.a > 0) bg = over(own, bg);
    var fg = parse(cs.color);
    if (!fg) return;
    if (fg.a < 1) fg = over(fg, bg);
    checked++;
    var r = ratio(fg, bg);
    if (r < 4.5)
      failures.push(name(el, pseudo) + ": " + r.toFixed(2) + ":1 (" + cs.color + " on rgb(" +
                    [bg.r, bg.g, bg.b].map(Math.round).join(", ") + "))");
  }
  var all = document.querySelectorAll("body *");
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    if (el.closest("[hidden]") || el.tagName === "SCRIPT" || el.tagName === "STYLE") continue;
    var own = false;
    for (var n = el.firstChild; n; n = n.nextSibling)
      if (n.nodeType === 3 && /\S/.test(n.nodeValue)) own = true;
    if (own) check(el);
    if (el.hasAttribute("data-layer") || el.classList.contains("sw")) {
      check(el, "::before");
      check(el, "::after");
    }
  }

  /* The switches: unchecking one takes its layer's colour away. */
  function flip(id, selector) {
    var box = document.getElementById(id), el = document.querySelector(selector);
    if (!box || !el) return;
    var before = getComputedStyle(el).backgroundColor;
    box.click();
    var after = getComputedStyle(el).backgroundColor;
    box.click();
    var again = getComputedStyle(el).backgroundColor;
    toggles++;
    if (before === after || again !== before)
      failures.push("switch " + id + " does not toggle " + selector + " (" + before + ", " + after + ", " + again + ")");
  }
  flip("t-e0", "[data-layer=entity].ent-PER");
  flip("t-e2", "[data-layer=entity].ent-LOC");
  flip("t-money", "[data-layer=money]");
  flip("t-sum", "[data-layer=summary]");
  flip("t-g0", "[data-layer].g0");
  var sent = document.querySelector("[data-layer=sentence]:not([data-cont])"), box = document.getElementById("t-sent");
  if (sent && box) {
    var shown = function () { return getComputedStyle(sent, "::before").content; };
    var first = shown();
    box.click();
    var second = shown();
    box.click();
    toggles++;
    if ((first === "none") === (second === "none") || (box.checked ? first : second) === "none")
      failures.push("switch t-sent does not show sentence numbers (" + first + ", " + second + ")");
  }

  var print = false;
  for (var s = 0; s < document.styleSheets.length; s++) {
    var rules = document.styleSheets[s].cssRules;
    for (var k = 0; k < rules.length; k++)
      if (rules[k].media && /print/.test(rules[k].media.mediaText) && rules[k].cssRules.length > 3) print = true;
  }
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify({ checked: checked, toggles: toggles, failures: failures, print: print });
  document.body.appendChild(pre);
})();
