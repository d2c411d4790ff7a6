"""The pages of a built site, and a smallest set of them that shows every kind of content.

The whole-site browser checks (axe in both palettes and both views, script errors, the requests and
storage of test_privacy, sideways panning on a laptop) ran on every page;
with four languages that is four times the pages for the same markup. What those checks judge is
markup, colour and behaviour, which come from the components on a page, not from its words. So they
run on a covering set: pages chosen greedily until every component (every class and element name in
the page's article, the header and the page's notices), every language with each state of its
translation (translated, missing, outdated) and every kind of page (home, module, notebook, print, trainer notes, each other page) is
on at least one chosen page, with a home and a module page in every language. A component added anywhere is then checked at once, in every view.

What depends on the words stays on every page of every language: valid HTML (test_html_valid), no
sideways panning on a phone (test_reading), the links and embeds (test_build, test_sitecheck) and the
content security policy (test_csp).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

LANG_RE = re.compile(r'<html[^>]*\blang="([^"]+)"')
# Attributes whose value selects behaviour (a worksheet's own script, a question type), not an id.
VALUED = ("role", "type", "data-cq-worksheet", "data-cq-type", "data-cq-translation", "data-cq-shuffle")
STATE_RE = re.compile(r'data-cq-translation="([a-z]+)"')


def page_urls(site: Path) -> list[str]:
    """Every page of the site (its folder URL), in a stable order."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        out.append("/" if rel == "." else f"/{rel}/")
    return out


class _Components(HTMLParser):
    """The class and element names inside <article> and <header>, and the data-cq-* attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("article", "header"):
            self.depth += 1
        if not self.depth:
            return
        self.found.add(f"<{tag}>")
        for name, value in attrs:
            if name == "class" and value:
                self.found.update(f".{c}" for c in value.split() if not any(ch.isdigit() for ch in c))
            elif name in VALUED:
                self.found.add(f"[{name}={value}]")
            elif name.startswith(("data-cq", "aria-")):
                self.found.add(f"[{name}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("article", "header") and self.depth:
            self.depth -= 1


def features(site: Path, url: str) -> set[str]:
    """What a page shows that a check of markup, colour or behaviour must see at least once."""
    html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    parser = _Components()
    parser.feed(html)
    found = LANG_RE.search(html)
    lang = found.group(1) if found else "?"
    state = STATE_RE.search(html)
    segments = [s for s in url.strip("/").split("/") if s]
    if segments and len(segments[0]) == 2:
        segments = segments[1:]  # /es/modules/... is a Spanish module page
    if not segments:
        kind = "home"
    elif ".jp-Notebook" in parser.found:
        kind = "notebook"
    elif segments[0] == "modules" and len(segments) > 1:
        kind = "module" if len(segments) == 2 and segments[1] != "print" else "-".join(segments[2:]) or segments[1]
    else:
        kind = segments[0]
    out = parser.found | {f"kind:{kind}", f"lang:{lang}:{state.group(1) if state else 'translated'}"}
    if kind in ("home", "module"):
        out.add(f"lang:{lang}:{kind}")  # the pages a learner reads most, in every language
    return out


def covering_pages(site: Path) -> list[str]:
    """A small set of pages that together show every feature of every page (greedy set cover, stable)."""
    wanted = {url: features(site, url) for url in page_urls(site)}
    left = set().union(*wanted.values())
    chosen: list[str] = []
    while left:
        best = max(wanted, key=lambda url: (len(wanted[url] & left), -len(chosen)))
        chosen.append(best)
        left -= wanted.pop(best)
    return sorted(chosen)
