"""`course pdf`: learner handouts, trainer packs and the course book as PDF files.

The PDFs are printed from the built site by headless Chromium (the browser the test suite already
needs), with the site's print stylesheet: a learner handout is a module page as printed (no model
answers, no trainer notes, blank quizzes, room to write), a trainer pack is the module's trainer
notes page (run sheet, polls, notes, model answers, quiz answer key), and the book is the
whole-course print page with its cover, contents and page numbers.
Each learner handout is also copied into the built site next to its module page, which gets a
"Download handout (PDF)" link.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.model.course import Course

HANDOUT_DIR = "handouts"
PACK_DIR = "trainer-packs"
BOOK = "course-book.pdf"
LINK_CLASS = "cq-handout"


class PdfError(Exception):
    """A PDF could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Job:
    url_path: str  # path in the site, e.g. /modules/03-x/
    out: Path


def handout_name(slug: str) -> str:
    return f"handout-{slug}.pdf"


def find_chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise PdfError(
        "`course pdf` prints with Chromium and found none: install it (Debian/Ubuntu: sudo apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium"
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port (for Chromium and the browser tests); yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _print(chromium: str, url: str, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-pdf-") as profile:
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--virtual-time-budget=5000",
            f"--print-to-pdf={out}",
            url,
        ]
        result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        raise PdfError(f"Chromium could not print {url} to {out}: {result.stderr.strip()[-400:] or 'no output'}")


def page_footer_css(lang: str) -> str:
    """The printed page's footer ("Page 1 of 12") in ``lang``, as a print style for the page's head
    (assets/print.css holds the English one for a site built without the course plugin)."""

    def css(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    words = messages(lang).t("print.page_of", page="\x00", pages="\x01")
    parts = re.split("([\x00\x01])", words)
    content = " ".join(("counter(page)" if p == "\x00" else "counter(pages)" if p == "\x01" else css(p)) for p in parts if p)
    return f'<style media="print">@page {{ @bottom-center {{ content: {content}; }} }}</style>'


def jobs(course: Course, out_dir: Path, include_drafts: bool = False, lang_dir: str = "") -> list[Job]:
    """What `course pdf` prints: a handout and a trainer pack per module, then the book (from the
    site of the language in ``lang_dir``, 'es/', or the source language's at the site root)."""
    out: list[Job] = []
    for module in course.visible_modules(include_drafts):
        out.append(Job(f"/{lang_dir}modules/{module.slug}/", out_dir / HANDOUT_DIR / handout_name(module.slug)))
        out.append(Job(f"/{lang_dir}modules/{module.slug}/trainer-notes/", out_dir / PACK_DIR / f"trainer-pack-{module.slug}.pdf"))
    out.append(Job(f"/{lang_dir}modules/print/", out_dir / BOOK))
    return out


def link_handouts(course: Course, site_dir: Path, out_dir: Path, include_drafts: bool = False, lang_dir: str = "") -> int:
    """Copy each handout next to its module page in the built site and link it under the title."""
    linked = 0
    for module in course.visible_modules(include_drafts):
        pdf = out_dir / HANDOUT_DIR / handout_name(module.slug)
        page = site_dir / lang_dir / "modules" / module.slug / "index.html"
        if not pdf.is_file() or not page.is_file():
            continue
        shutil.copyfile(pdf, page.parent / pdf.name)
        text = page.read_text(encoding="utf-8")
        if f'class="{LINK_CLASS}"' in text:
            linked += 1
            continue
        end = text.find("</h1>")
        if end < 0:
            continue
        name = html.escape(pdf.name)
        lang = HTML_LANG_RE.search(text)
        m = messages(lang.group(1) if lang else SOURCE)  # the page's own language
        link = (
            f'\n<p class="{LINK_CLASS}"><a class="md-button" href="{name}" download>{html.escape(m.t("pdf.handout"))}</a>'
            f"{html.escape(m.t('pdf.handout_after'))}</p>"
        )
        page.write_text(text[: end + 5] + link + text[end + 5 :], encoding="utf-8")
        linked += 1
    return linked


HTML_LANG_RE = re.compile(r'<html[^>]*\slang="([^"]+)"')
TOC_LINK_RE = re.compile(r'(<li><a href="#([^"]+)">)([^<]*)(</a>)')


def _page_texts(pdf: Path) -> list[str] | None:
    """The text of each page (pdftotext from poppler-utils), or None when it is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run([tool, "-layout", str(pdf), "-"], check=False, capture_output=True, text=True)
    return result.stdout.split("\f") if result.returncode == 0 else None


def _module_pages(course: Course, pages: list[str], include_drafts: bool) -> dict[str, int]:
    """The page on which each module starts: each module begins a page with its title, so this is
    the first page, after the contents and the previous module, whose first line is the title."""
    from markdown.extensions.toc import slugify

    found: dict[str, int] = {}
    start = 2
    for module in course.visible_modules(include_drafts):
        head = " ".join(module.title.split())[:40]
        for number in range(start, len(pages)):
            lines = [" ".join(line.split()) for line in pages[number].splitlines() if line.strip()]
            if lines and lines[0].startswith(head):
                found[slugify(module.title, "-")] = number + 1
                start = number + 1
                break
    return found


def number_contents(
    course: Course, site_dir: Path, book: Path, chromium: str, base: str, include_drafts: bool = False, lang_dir: str = ""
) -> bool:
    """Print the book again with page numbers in its contents (a second pass: Chromium has no
    target-counter). Returns False, leaving the book as it is, when pdftotext is not installed."""
    pages = _page_texts(book)
    if not pages:
        return False
    starts = _module_pages(course, pages, include_drafts)
    page = site_dir / lang_dir / "modules" / "print" / "index.html"
    numbered = page.with_name("book.html")
    text = page.read_text(encoding="utf-8")
    lang = HTML_LANG_RE.search(text)
    m = messages(lang.group(1) if lang else SOURCE)  # the book's own language
    text = TOC_LINK_RE.sub(
        lambda found: (
            f'{found.group(1)}{found.group(3)}{found.group(4)} <span class="cq-toc__page">'
            f"{html.escape(m.t('print.toc_page', page=starts[found.group(2)]))}</span>"
            if found.group(2) in starts
            else found.group(0)
        ),
        text,
    )
    numbered.write_text(text, encoding="utf-8")
    try:
        _print(chromium, f"{base}/{lang_dir}modules/print/book.html", book)
    finally:
        numbered.unlink()
    return True


def write_all(
    course: Course, site_dir: Path, out_dir: Path, chromium: str | None = None, include_drafts: bool = False, lang_dir: str = ""
) -> list[Path]:
    """Print every PDF from the built site in ``site_dir`` into ``out_dir``; returns the files.
    ``lang_dir`` ('es/') prints that language's site (``course``: the course in that language)."""
    if not (site_dir / lang_dir / "index.html").is_file():
        raise PdfError(f"no built site in {site_dir / lang_dir}: run `course build` first, or leave out --no-build")
    browser = chromium or find_chromium()
    todo = jobs(course, out_dir, include_drafts, lang_dir)
    with serve_folder(site_dir) as base:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda job: _print(browser, base + job.url_path, job.out), todo))
        number_contents(course, site_dir, out_dir / BOOK, browser, base, include_drafts, lang_dir)
    link_handouts(course, site_dir, out_dir, include_drafts, lang_dir)
    return [job.out for job in todo]
