"""Check the built site: every internal link, anchor, image, stylesheet, script and download
resolves; external links are collected for a report, and none may use plain http. Embeds (an image,
frame, media, script, stylesheet or object) that load from another website are listed apart from
links and fail the check: the course promises that its pages make no request to any other website."""

from __future__ import annotations

import html.parser
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


@dataclass
class _Page:
    urls: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    ids: set[str] = field(default_factory=set)


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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


@dataclass
class LinkReport:
    pages: int = 0
    checked: int = 0
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (page, url, why)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url -> pages
    embeds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url loaded from another site -> pages

    @property
    def insecure(self) -> list[str]:
        return sorted(u for u in self.external if u.startswith("http://"))

    @property
    def ok(self) -> bool:
        return not self.broken and not self.insecure and not self.embeds


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

    for path in pages:
        report.pages += 1
        rel = path.relative_to(site).as_posix()
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
    hosts: dict[str, list[str]] = defaultdict(list)
    for url in report.external:
        hosts[urlsplit(url).netloc].append(url)
    lines.append(f"External links: {len(report.external)} to {len(hosts)} hosts.")
    for host in sorted(hosts):
        lines.append(f"  {host}")
        lines += [f"    {url}  ({len(report.external[url])} page{'s' * (len(report.external[url]) != 1)})" for url in sorted(hosts[host])]
    return "\n".join(lines)
