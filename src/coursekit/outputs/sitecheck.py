"""Check the built site: every internal link, anchor, image, stylesheet, script and download
resolves; external links are collected for a report, and none may use plain http. Embeds (an image,
frame, media, script, stylesheet or object) that load from another website are listed apart from
links and fail the check: the course promises that its pages make no request to any other website.

On a page of a translated site (``<html lang="es">``), the interface is in that language (issue 19):
no message of the English catalogue appears in the page's interface parts (buttons, labels, table
headings, notices, aria-labels, titles, and the data written for its scripts) unless it reads the
same in that language. Fallback content (``data-cq-fallback``, or any element whose ``lang`` is
another language) is English by design, and marked, so it is left out."""

from __future__ import annotations

import html.parser
import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coursekit.i18n.catalogue import SOURCE, VARIABLE_RE, has_words, raw

URL_ATTRS = {
    ("a", "href"),
    ("img", "src"),
    ("link", "href"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("video", "poster"),
    ("object", "data"),
    ("embed", "src"),
    ("track", "src"),
}
LINK_TAGS = {"a", "area"}  # followed only when the learner chooses; every other URL loads with the page
SKIP_SCHEMES = ("mailto:", "tel:", "data:")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INTERFACE_TAGS = {"button", "label", "summary", "legend", "caption", "th", "option"}
"""Elements whose text is interface: a control's name, a form label, a table heading."""
INTERFACE_ATTRS = {"aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "placeholder"}


@dataclass
class _Page:
    urls: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    ids: set[str] = field(default_factory=set)
    lang: str = ""
    interface: list[tuple[str, str]] = field(default_factory=list)  # (where, text) outside fallback content


@dataclass
class _Open:
    tag: str
    foreign: bool  # fallback content, or content marked as another language
    text: list[str] | None  # the text of an interface element, collected until it closes


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self.open: list[_Open] = []

    def _interface(self, tag: str, attrs: dict[str, str]) -> bool:
        """Record the interface strings of an element; True when its text is interface too."""
        foreign = bool(self.open and self.open[-1].foreign)
        lang = attrs.get("lang")
        foreign = foreign or "data-cq-fallback" in attrs or bool(lang and self.page.lang and lang != self.page.lang and tag != "html")
        foreign = foreign or "jp-OutputArea-output" in attrs.get("class", "").split()  # a notebook's stored output: data
        if tag == "html":
            self.page.lang = lang or ""
        interface = (tag in INTERFACE_TAGS or "data-cq-translation" in attrs) and not foreign
        if tag not in VOID:
            self.open.append(
                _Open(tag, foreign, [] if interface or (tag == "script" and attrs.get("type") == "application/json") else None)
            )
        if not foreign:
            for name, value in attrs.items():
                if name in INTERFACE_ATTRS or name.startswith("data-"):
                    self.page.interface.append((f"{tag} {name}", value))
            if tag == "input" and attrs.get("type") in ("button", "submit", "reset") and "value" in attrs:
                self.page.interface.append(("input value", attrs["value"]))
        return interface

    def handle_data(self, data: str) -> None:
        for element in self.open:
            if element.text is not None:
                element.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not any(e.tag == tag for e in self.open):
            return
        while self.open:
            element = self.open.pop()
            if element.text is not None and not element.foreign:
                text = "".join(element.text)
                if element.tag == "script":
                    self.page.interface += [(f"script {where}", value) for where, value in _json_strings(text)]
                else:
                    self.page.interface.append((element.tag, text))
            if element.tag == tag:
                break

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._interface(tag, {k: v for k, v in attrs if v is not None})
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            if (tag, name) in URL_ATTRS:
                self.page.urls.append((tag, value.strip()))
            if tag == "img" and name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.page.urls.append((tag, part.strip().split()[0]))


def _json_strings(text: str) -> list[tuple[str, str]]:
    """(path, string) for every string in a JSON document (the data a page writes for its scripts)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found: list[tuple[str, str]] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, str):
            found.append((path or "/", node))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                walk(value, f"{path}/{number}")

    walk(data, "")
    return found


WORD_RE = re.compile(r"[^\W\d_]{2,}")


class EnglishStrings:
    """The English catalogue's messages that a page in ``lang`` must not show: those whose
    translation reads otherwise (a message the same in both languages, such as 'Total', is left out).
    A message with {variables} counts when its own words are at least two ('{done} of {count}'
    would match any English phrase with 'of' in a definition)."""

    def __init__(self, lang: str) -> None:
        english, mine = raw(SOURCE), raw(lang)
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[str, list[str], re.Pattern[str]]] = []  # (key, literal parts, pattern)
        for key, message in english.items():
            if not has_words(message) or mine.get(key) == message:
                continue
            for text in message.values() if isinstance(message, dict) else [message]:
                parts = VARIABLE_RE.split(" ".join(text.split()))  # literal, name, literal, name, ...
                literals = [part for n, part in enumerate(parts) if n % 2 == 0]
                if len(parts) == 1:
                    self.exact.setdefault(literals[0], key)
                elif len(WORD_RE.findall(" ".join(literals))) >= 2:
                    regex = "".join(re.escape(part) if n % 2 == 0 else ".+?" for n, part in enumerate(parts))
                    self.patterns.append((key, [lit for lit in literals if lit.strip()], re.compile(regex)))

    def key_of(self, text: str) -> str | None:
        """The catalogue key whose English message ``text`` is (whitespace aside), if any."""
        text = " ".join(text.split())
        if not text:
            return None
        if text in self.exact:
            return self.exact[text]
        for key, literals, pattern in self.patterns:
            if all(literal in text for literal in literals) and pattern.fullmatch(text):
                return key
        return None


@dataclass
class LinkReport:
    pages: int = 0
    checked: int = 0
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (page, url, why)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url -> pages
    embeds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url loaded from another site -> pages
    english: list[tuple[str, str, str, str]] = field(default_factory=list)  # (page, where, text, catalogue key) on a translated page

    @property
    def insecure(self) -> list[str]:
        return sorted(u for u in self.external if u.startswith("http://"))

    @property
    def ok(self) -> bool:
        return not self.broken and not self.insecure and not self.embeds and not self.english


def _parse(path: Path) -> _Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.page


def _target(site: Path, page_rel: str, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    base = posixpath.dirname(page_rel)
    rel = unquote(parts.path)
    joined = rel.lstrip("/") if rel.startswith("/") else posixpath.normpath(posixpath.join(base, rel)) if rel else page_rel
    target = site / joined
    if rel.endswith("/") or (target.is_dir()):
        target = target / "index.html"
    return target, parts.fragment


def check_site(site: Path) -> LinkReport:
    report = LinkReport()
    pages = sorted(site.rglob("*.html"))
    parsed: dict[Path, _Page] = {}

    def page_of(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    english: dict[str, EnglishStrings] = {}
    for path in pages:
        report.pages += 1
        rel = path.relative_to(site).as_posix()
        lang = page_of(path).lang.split("-")[0].lower()
        if lang and lang != SOURCE and raw(lang):
            strings = english.setdefault(lang, EnglishStrings(lang))
            for where, text in page_of(path).interface:
                key = strings.key_of(text)
                if key is not None:
                    report.english.append((rel, where, " ".join(text.split()), key))
        for tag, url in page_of(path).urls:
            if not url or url.startswith(SKIP_SCHEMES):
                continue
            report.checked += 1
            lower = url.lower()
            if lower.startswith(("http://", "https://", "//")):
                (report.external if tag in LINK_TAGS else report.embeds)[url].add(rel)
                continue
            if lower.startswith("javascript:"):
                report.broken.append((rel, url, "javascript: URL"))
                continue
            target, fragment = _target(site, rel, url)
            if not target.resolve().is_relative_to(site.resolve()):
                report.broken.append((rel, url, "points outside the site"))
            elif not target.is_file():
                report.broken.append((rel, url, "no such file"))
            elif fragment and target.suffix == ".html" and unquote(fragment) not in page_of(target).ids:
                report.broken.append((rel, url, f"no element with id '{fragment}'"))
    return report


def format_report(report: LinkReport) -> str:
    lines = [f"Checked {report.checked} links and resources on {report.pages} pages."]
    if report.broken:
        lines.append(f"Broken internal links ({len(report.broken)}):")
        lines += [f"  {page}: {url} ({why})" for page, url, why in sorted(report.broken)]
    if report.insecure:
        lines.append(f"External links with plain http ({len(report.insecure)}); use https:")
        lines += [f"  {url} (on {', '.join(sorted(report.external[url]))})" for url in report.insecure]
    if report.embeds:
        lines.append(
            f"Embeds that load from another website ({len(report.embeds)}): the course promises that its pages make no "
            "request to any other website; save the file in the course and point to it, or make it a plain link:"
        )
        lines += [f"  {url} (on {', '.join(sorted(report.embeds[url]))})" for url in sorted(report.embeds)]
    else:
        lines.append("Embeds that load from another website: none.")
    if report.english:
        lines.append(
            f"English interface strings on translated pages ({len(report.english)}): translate the message in "
            "src/coursekit/i18n/messages/<lang>.yml, or make the template read it from the catalogue:"
        )
        lines += [f"  {page}: {where}: '{text}' (message '{key}')" for page, where, text, key in sorted(report.english)]
    hosts: dict[str, list[str]] = defaultdict(list)
    for url in report.external:
        hosts[urlsplit(url).netloc].append(url)
    lines.append(f"External links: {len(report.external)} to {len(hosts)} hosts.")
    for host in sorted(hosts):
        lines.append(f"  {host}")
        lines += [f"    {url}  ({len(report.external[url])} page{'s' * (len(report.external[url]) != 1)})" for url in sorted(hosts[host])]
    return "\n".join(lines)
