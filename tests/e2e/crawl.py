"""Walk every internal link a signed-in person is shown and check each page in the browser.

For each page reached: the answer is not a 4xx/5xx, nothing overflows the phone screen sideways,
axe-core (the copy shipped inside the axe-playwright-python package: nothing is fetched at run
time) reports no serious or critical violation, and ``<html lang>`` is the interface language.
Repeated URL patterns are sampled (``per_pattern`` URLs each) so the walk stays short.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

#: Axe impacts that fail the crawl (WCAG 2.2 AA is the target; minor/moderate are reported only).
FAILING_IMPACTS = ("serious", "critical")
#: Paths never followed: they sign the person out, or are not pages for people (API, LRS, admin).
SKIPPED_PREFIXES = ("/accounts/logout", "/api/", "/xapi/", "/django-admin/", "/i18n/", "/static/")

#: The title base.html gives a page that names none (WCAG 2.4.2).
UNTITLED = "Cadre · Cadre"

_LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.closest('[hidden]') && a.getAttribute('href') !== '#')
  .map(a => a.href)"""
#: Rows per table body and items per list that axe-core checks (after the width check, which
#: sees the whole page).
AXE_ROWS = 40

_TRIM_ROWS_JS = """(n) => {
  document.querySelectorAll('tbody').forEach(body => { while (body.rows.length > n) body.deleteRow(n); });
  document.querySelectorAll('main ul, main ol').forEach(list => {
    while (list.children.length > n) list.lastElementChild.remove();
  });
}"""
_OPEN_MENU_JS = """() => {
  const toggle = document.querySelector('.nav-toggle[aria-expanded="false"]');
  if (!toggle || toggle.offsetParent === null) return;
  toggle.click();
  // and every disclosure inside it (menu groups stack on a phone, so all can be open at once)
  const menu = document.getElementById(toggle.getAttribute('aria-controls'));
  if (menu) menu.querySelectorAll('[aria-expanded="false"]').forEach(b => b.setAttribute('aria-expanded', 'true'));
}"""
_LAYOUT_JS = """(maxWidth) => {
  const root = document.documentElement;
  let widest = null;
  if (root.scrollWidth > maxWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > maxWidth + 1 && !el.closest('.table-wrap, .scroll-x, .assess-grid-wrap, .chart')) {
        widest = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
          ' right=' + Math.round(r.right);
        break;
      }
    }
  }
  return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, lang: root.lang, widest,
          title: document.title, h1: document.querySelectorAll('h1').length};
}"""


@dataclass(frozen=True)
class Problem:
    persona: str
    url: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.persona}] {self.url}: {self.kind}: {self.detail}"


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def slowest(self, n: int = 3) -> str:
        return ", ".join(f"{p} {s:.1f} s" for p, s in sorted(self.seconds.items(), key=lambda i: -i[1])[:n])


def pattern_of(path: str) -> str:
    """The URL pattern a path belongs to (its route), so repeated detail pages are sampled."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.url_name else match.route


def axe_violations(page, axe, skip_rules: tuple[str, ...] = ()) -> list[str]:
    """Serious and critical axe-core violations on the current page, one line each."""
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in skip_rules}}
    results = axe.run(page, options=options).response
    out = []
    for violation in results["violations"]:
        if violation.get("impact") in FAILING_IMPACTS:
            targets = ", ".join(str(n["target"][0]) for n in violation["nodes"][:3])
            out.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×: {targets})")
    return out


def crawl(
    page,
    *,
    persona: str,
    base_url: str,
    axe,
    language: str,
    max_width: int,
    per_pattern: int = 2,
    axed: set[str] | None = None,
    skip_rules: tuple[str, ...] = (),
    max_pages: int | None = None,
    start: str = "/",
) -> CrawlResult:
    """Follow every same-origin link from ``start``, checking each page reached.

    axe-core is the slow check (up to seconds on a long page): it runs once per URL pattern, and
    ``axed`` carries the patterns already checked from one persona's crawl to the next.
    """
    axed = set() if axed is None else axed
    result = CrawlResult()
    origin = urlsplit(base_url)
    seen: set[str] = set()
    sampled: Counter[str] = Counter()
    queue: deque[str] = deque([start])
    while queue and (max_pages is None or len(result.visited) < max_pages):
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        key = pattern_of(urlsplit(path).path)
        if sampled[key] >= per_pattern:
            continue
        sampled[key] += 1
        started = time.monotonic()
        problems, links = _check(
            page,
            persona=persona,
            base_url=base_url,
            path=path,
            axe=axe if key not in axed else None,
            language=language,
            max_width=max_width,
            skip_rules=skip_rules,
        )
        axed.add(key)
        result.seconds[path] = time.monotonic() - started
        result.visited.append(path)
        result.problems += problems
        for href in links:
            target = urlsplit(urldefrag(href).url)
            if (target.scheme, target.netloc) != (origin.scheme, origin.netloc):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if link not in seen and not link.startswith(SKIPPED_PREFIXES):
                queue.append(link)
    return result


def _check(
    page,
    *,
    persona: str,
    base_url: str,
    path: str,
    axe,
    language: str,
    max_width: int,
    skip_rules: tuple[str, ...],
) -> tuple[list[Problem], list[str]]:
    """Open one page and check it; return its problems and the links it shows."""

    def problem(kind: str, detail: str) -> Problem:
        return Problem(persona, path, kind, detail)

    url = base_url + path
    try:
        response = page.goto(url, wait_until="load")
    except Exception:
        answer = page.context.request.get(url, max_redirects=5)
        if answer.status >= 400:
            return [problem("status", f"answered {answer.status}")], []
        return [], []
    if response is None or response.status >= 400:
        return [problem("status", f"answered {response.status if response else 'nothing'}")], []
    if "html" not in (response.headers.get("content-type") or "") or not page.url.startswith(base_url):
        return [], []
    if page.locator("[hx-trigger*=load], [hx-trigger*=revealed]").count():
        page.wait_for_load_state("networkidle")
    out = []
    layout = page.evaluate(_LAYOUT_JS, max_width)
    if layout["scrollWidth"] > max_width:
        out.append(
            problem(
                "overflow", f"page is {layout['scrollWidth']} px wide at {max_width} px ({layout['widest']})"
            )
        )
    if not (layout["lang"] or "").startswith(language):
        out.append(problem("lang", f"<html lang={layout['lang']!r}>, expected {language}"))
    if layout["title"].strip() in ("", UNTITLED):
        out.append(problem("title", f"the page has no title of its own ({layout['title']!r})"))
    if layout["h1"] != 1:
        out.append(problem("heading", f"{layout['h1']} level-one headings, expected one"))
    links = page.evaluate(_LINKS_JS)
    if axe is not None:
        # A collapsed phone menu is hidden, and axe skips what is hidden: open it and its groups.
        page.evaluate(_OPEN_MENU_JS)
        # Rows of a table or a list repeat one template: axe checks the first ones (a long list took
        # it 20-90 s).
        page.evaluate(_TRIM_ROWS_JS, AXE_ROWS)
        out += [problem("axe", line) for line in axe_violations(page, axe, skip_rules)]
    return out, links
