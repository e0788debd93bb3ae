/*
 * page.js - pagination, when there are several pages (see assets.h).
 *
 * Runs in the head: it marks the page <html class="js"> at once, so the
 * style sheet shows only the first page while the rest loads (the browser
 * then lays out one page, not the batch); once the document is parsed it
 * takes over with hidden attributes and page controls, and follows the
 * address's #fragment to the page that holds it.  Without scripts every
 * page is shown, one after the other, and the page links are plain
 * anchors.  The Content-Security-Policy admits this script by its hash and
 * nothing else: no inline handlers, no eval, no network.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var pages = document.querySelectorAll("section.page");
    var nav = document.getElementById("pager");
    if (pages.length < 2 || !nav) return;
    var groups = document.querySelectorAll("#index tbody[data-page]");
    var links = nav.querySelectorAll("a[data-page]");
    var prev = document.createElement("button"), next = document.createElement("button");
    var where = document.createElement("span");
    prev.type = next.type = "button";
    prev.textContent = "\u2190 Previous";
    next.textContent = "Next \u2192";
    where.setAttribute("aria-live", "polite");
    nav.appendChild(prev);
    nav.appendChild(next);
    nav.appendChild(where);
    var cur = 0;
    function show(n) {
      var i;
      cur = Math.max(0, Math.min(pages.length - 1, n));
      for (i = 0; i < pages.length; i++) pages[i].hidden = i !== cur;
      for (i = 0; i < groups.length; i++)
        groups[i].hidden = groups[i].getAttribute("data-page") !== String(cur + 1);
      for (i = 0; i < links.length; i++) {
        if (i === cur) links[i].setAttribute("aria-current", "page");
        else links[i].removeAttribute("aria-current");
      }
      prev.disabled = cur === 0;
      next.disabled = cur === pages.length - 1;
      where.textContent = "Page " + (cur + 1) + " of " + pages.length;
      document.body.setAttribute("data-page-shown", String(cur + 1));
      root.classList.add("paged");
    }
    function go() {
      var id = location.hash.slice(1), el = null, p = null;
      try { id = decodeURIComponent(id); } catch (e) { id = ""; }
      if (id) el = document.getElementById(id);
      if (el) p = el.closest("section.page");
      if (p) {
        show(Number(p.getAttribute("data-page")) - 1);
        el.scrollIntoView();
      } else show(cur);
    }
    prev.addEventListener("click", function () { location.hash = "page-" + cur; });
    next.addEventListener("click", function () { location.hash = "page-" + (cur + 2); });
    window.addEventListener("hashchange", go);
    go();
  });
})();
