#!/usr/bin/env python3
"""Benchmark the course: build overhead, scale, notebooks, live edit, validation and page weight.

Prints a table of figures next to their targets (a benchmark, not a test: nothing fails).

    python3 scripts/bench.py              # full run, median of 3 runs per figure
    python3 scripts/bench.py --quick      # smaller courses, fewer runs (under 3 minutes)
    python3 scripts/bench.py --build      # only the build figures: cached rebuild, all languages against English
    python3 scripts/bench.py --json out.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import _bootstrap

ROOT = _bootstrap.ROOT
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _git_dir() -> dict[str, str]:
    """The course's git history for the copies the bench builds (copied without .git): the translation
    status reads it, and without it every translation would count as current."""
    found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=False)
    return {"GIT_DIR": found.stdout.strip()} if found.returncode == 0 and found.stdout.strip() else {}


ENV.update(_git_dir())
COPY_IGNORE = shutil.ignore_patterns(".venv*", "site", ".git", "node_modules", ".cache", ".pytest_cache", ".hypothesis")
TARGETS = {
    "build_overhead_ratio": ("<=", 1.15),
    "build_rebuild_ratio": ("<=", 0.5),
    "build_languages_ratio": ("<=", 2.0),
    "build_rebuild_cpu_ratio": ("<=", 0.5),
    "build_languages_cpu_ratio": ("<=", 2.0),
    "scale_time_per_page_ratio": ("<=", 1.3),
    "scale_bytes_per_page_ratio": ("<=", 1.2),
    "notebook_page_cost_ratio": ("<=", 3.0),
    "serve_reload_seconds": ("<=", 1.0),
    "serve_reload_seconds_50": ("<=", 2.0),
    "serve_bank_reload_seconds": ("<=", 1.0),
    "serve_glossary_reload_seconds": ("<=", 1.0),
    "serve_runsheet_reload_seconds": ("<=", 1.0),
    "serve_course_reload_seconds": ("<=", 1.0),
    "serve_notebook_reload_seconds": ("<=", 1.0),
    "reads_max_per_source_file": ("<=", 1.0),
    "validate_vs_parse_ratio": ("<=", 2.0),
    "notebook_page_weight_ratio": ("<=", 1.5),
    "first_visit_browser_kb_gz": ("<=", 240.0),
    "page_weight_browser_ratio": ("<=", 1.1),
    "own_assets_browser_kb": ("<=", 15.0),
    "first_visit_requests": ("<=", 20.0),
    "lighthouse_home": (">=", 95.0),
    "lighthouse_module": (">=", 95.0),
}


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def median_time(run: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mkdocs_build(project: Path, site: Path, config: str = "mkdocs.yml") -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / config), "-d", str(site)],
        cwd=project,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def course_build(project: Path, site: Path, *options: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "--root", str(project), "build", "-q", "--site-dir", str(site), *options],
        cwd=project,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------- generated courses

NOTEBOOK_CACHE: dict[str, str] = {}


def notebook_json(title: str) -> str:
    """A small notebook with text, a table-like output and stored outputs (never executed here)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cells = [new_markdown_cell(f"# {title}\n\nA generated notebook page for the benchmark.")]  # type: ignore[no-untyped-call]
    for n in range(6):
        cells.append(new_markdown_cell(f"## Step {n + 1}\n\nExplain the step in two short sentences. Change the inputs and run it again."))  # type: ignore[no-untyped-call]
        cells.append(
            new_code_cell(  # type: ignore[no-untyped-call]
                f"weights = {{'size': {n + 1}, 'growth': 2, 'access': 3}}\ntotal = sum(weights.values())\nprint('total', total)",
                execution_count=n + 1,
                outputs=[new_output("stream", name="stdout", text=f"total {n + 6}\n")],  # type: ignore[no-untyped-call]
            )
        )
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})  # type: ignore[no-untyped-call]
    return str(nbformat.writes(nb))  # type: ignore[no-untyped-call]


def generate_course(dest: Path, modules: int, pages: int = 5, items: int = 10, notebooks: bool = True) -> Path:
    """A course of ``modules`` modules with ``pages`` pages each (one of them a notebook) and a bank."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "docs").mkdir(parents=True)
    (dest / "quizzes").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    for name in ("index.md", "progress.md", "glossary.md", "glossary.yml", "schedule.md", "how-to-study.md"):
        shutil.copy(ROOT / "docs" / name, dest / "docs" / name)
    (dest / "docs" / "schedule.md").write_text("# Schedule\n\n/// schedule\n///\n")
    (dest / "docs" / "how-to-study.md").write_text("# How to study\n\nRead, try, check.\n")
    (dest / "docs" / "index.md").write_text("# Generated course\n\n/// course-map\n///\n")
    slugs = [f"{n:02d}-generated-module-{n}" if modules <= 100 else f"{n:03d}-generated-module-{n}" for n in range(modules)]
    lines = ["title: Generated course", "modules:"] + [f"  - {s}" for s in slugs]
    lines += [
        "nav:",
        "  - Start: [index.md, how-to-study.md, progress.md]",
        "  - Modules: modules",
        "  - Resources: [glossary.md, print]",
        "  - Trainers: [schedule.md, trainer-notes]",
    ]
    (dest / "course.yml").write_text("\n".join(lines) + "\n")
    paragraph = (
        "A cluster organisation helps its SME members go abroad. It checks readiness, chooses a few markets "
        "and plans fairs, missions and alliances. Each step has a tool you can use on Monday. "
    ) * 4
    for number, slug in enumerate(slugs):
        folder = dest / "modules" / slug
        folder.mkdir(parents=True)
        body = [
            "---",
            f"title: Generated module {number}",
            "summary: Practise one step of the method.",
            "minutes:",
            "  teaching: 30",
            "  exercises: 20",
            "questions:",
            "  - What is the step?",
            "objectives:",
            "  - id: do-step",
            "    text: Apply the step to your cluster.",
            "keypoints:",
            "  - Do one step at a time.",
            "---",
            "",
        ]
        for section in range(6):
            body += [f"## Section {section + 1}", "", paragraph, "", "- a point to remember", "- another point", ""]
        body += [
            "## Check your understanding",
            "",
            f"/// quiz | {slug}",
            "///",
            "",
            "## Sources",
            "",
            "- <https://clustercollaboration.eu/>",
            "",
        ]
        (folder / "index.md").write_text("\n".join(body))
        for page in range(pages - 1 - (1 if notebooks else 0)):
            (folder / f"page-{page + 1}.md").write_text(f"# Page {page + 1}\n\n" + "\n\n".join([paragraph] * 6) + "\n")
        if notebooks:
            (folder / "worksheet.ipynb").write_text(NOTEBOOK_CACHE.setdefault("nb", notebook_json("Worksheet")))
        (folder / "session.yml").write_text(
            'length: 60\nsegments:\n  - minutes: 60\n    title: Session\n    trainer: Teach.\n    participants: Learn.\n    materials: ["index.md"]\n'
        )
        bank = [f"module: {slug}", "items:"]
        for item in range(items):
            bank += [
                f"  - id: {slug}-q{item}",
                "    type: single",
                "    objective: do-step",
                "    stem: Which comes first?",
                "    options:",
                "      - text: Diagnostics",
                "        correct: true",
                '        feedback: "Yes: you check readiness first."',
                "      - text: Action",
                '        feedback: "No: action comes after choice."',
                "      - text: Funding",
                '        feedback: "No: funding follows the plan."',
            ]
        (dest / "quizzes" / f"{slug}.yml").write_text("\n".join(bank) + "\n")
    return dest


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


# ---------------------------------------------------------------- plain Material baseline

QUIZ_BLOCK = re.compile(r"^/{3} quiz \| (\S+)\n(?:    items:.*\n)?/{3}\n", re.MULTILINE)
TRAINER_BLOCK = re.compile(r"^/{3} trainer\n(.*?)^/{3}\s*$", re.MULTILINE | re.DOTALL)
COURSE_BLOCK = re.compile(r"^(/{3,}) (progress|course-map|glossary|schedule|slide)\b.*?^\1\s*$\n?", re.MULTILINE | re.DOTALL)


def plain_text_quiz(bank_path: Path) -> str:
    """The same quiz text as plain Markdown: what a plain Material page would show."""
    from coursekit.model.diagnostics import Report
    from coursekit.model.quiz import load_bank

    bank = load_bank(bank_path, Report(bank_path.parent))
    out = []
    for number, item in enumerate(bank.items if bank else [], 1):
        out += [f"**Question {number}.** {item.stem}", ""]
        out += [f"- {o.text}" for o in item.options] + [""]
        out += (
            ["Answer and feedback:", ""]
            + [f"- {'Correct' if o.correct else 'Not correct'}: {o.text}. {o.feedback}" for o in item.options]
            + [""]
        )
    return "\n".join(out) + "\n"


def plain_project(course_root: Path, dest: Path) -> Path:
    """The same pages as the course site (modules, generated pages included), as a plain Material project:
    no course plugin, no course Markdown extension, no course CSS or JavaScript. "The same text" keeps
    every word: quizzes become plain lists (question, options, answers with feedback) and trainer
    notes become plain notes."""
    import yaml

    from coursekit.app import open_project
    from coursekit.model.frontmatter import split
    from coursekit.render import module_page, trainer

    shutil.rmtree(dest, ignore_errors=True)
    docs = dest / "docs"
    project = open_project(course_root)
    course = project.course
    # The English pages only: the course's English site (`--lang en`) is what it is compared with.
    translations = [f"*.{lang}.*" for lang in course.languages if lang != course.source_language]
    shutil.copytree(course_root / "docs", docs, ignore=shutil.ignore_patterns("assets", "*.yml", *translations))
    for module in course.modules:
        target = docs / "modules" / module.slug
        shutil.copytree(module.dir, target, ignore=shutil.ignore_patterns("session.yml", *translations))
        for page in target.glob("*.md"):
            text = page.read_text(encoding="utf-8")
            if page.name == "index.md":
                text = module_page.decorate(split(text)[1], module, course)
            page.write_text(text, encoding="utf-8")
        (target / "trainer-notes.md").write_text(trainer.trainer_page(module, course, project), encoding="utf-8")
    (docs / "modules" / "print").mkdir(parents=True, exist_ok=True)
    (docs / "modules" / "print" / "index.md").write_text(trainer.print_page(course, project=project), encoding="utf-8")
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = QUIZ_BLOCK.sub(lambda m: plain_text_quiz(course.bank_path(m.group(1))), text)
        text = TRAINER_BLOCK.sub(lambda m: "/// admonition | Trainer note\n    type: note\n\n" + m.group(1) + "///", text)
        text = COURSE_BLOCK.sub("", text)
        page.write_text(text, encoding="utf-8")
    from coursekit.model.siteconfig import read_mkdocs_yml

    config = read_mkdocs_yml(course_root / "mkdocs.yml")  # as MkDocs reads it (!ENV included)
    config["plugins"] = [p for p in config["plugins"] if p != "course"]
    config["markdown_extensions"] = [e for e in config["markdown_extensions"] if e != "coursekit"]
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config["docs_dir"] = "docs"
    config["nav"] = module_page.nav(course, include_drafts=False, project=project)
    config["validation"] = {"omitted_files": "info", "unrecognized_links": "info", "anchors": "info", "absolute_links": "relative_to_docs"}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


# ---------------------------------------------------------------- page weight


def transfer_bytes(site: Path, page: Path) -> int:
    """Compressed bytes a browser transfers for a page: its HTML and the CSS, JavaScript, fonts and
    images it loads from the site (each gzip-compressed as a server would; images as they are)."""
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 6))
    refs = re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="([^"#?]+)', html)
    seen = set()
    for ref in refs:
        if ref.startswith(("http:", "https:", "data:", "//")):
            continue
        path = (page.parent / ref).resolve()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        data = path.read_bytes()
        total += len(data) if path.suffix in (".png", ".jpg", ".gif", ".webp") else len(gzip.compress(data, 6))
    return total


def first_visit(site: Path, page: Path) -> tuple[int, int]:
    """Bytes a browser transfers on a first visit to ``page`` (compressed, uncompressed): the page,
    its CSS, JavaScript (with the modules they import) and images, and what loads without a click:
    Material's search worker and the search index, the web manifest, the service worker."""
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'<(?:link[^>]+rel="(?:stylesheet|manifest)"[^>]+href|script[^>]+src|img[^>]+src)="([^"#?]+)', html)
    paths = [(page.parent / ref).resolve() for ref in refs if not ref.startswith(("http:", "https:", "data:", "//"))]
    worker = re.search(r'"search":\s*"([^"]+)"', html)
    if worker:
        paths.append((page.parent / worker.group(1)).resolve())
        paths.append(site / "search" / "search_index.json")
    if 'rel="manifest"' in html:  # the loader registers the offline worker wherever the manifest is linked
        paths.append(site / "sw.js")
    compressed = len(gzip.compress(html.encode(), 6))
    uncompressed = len(html.encode())
    seen: set[Path] = set()
    while paths:
        path = paths.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        data = path.read_bytes()
        uncompressed += len(data)
        compressed += len(data) if path.suffix in (".png", ".jpg", ".gif", ".webp") else len(gzip.compress(data, 6))
        if path.suffix == ".js":  # static imports of an ES module
            paths += [
                (path.parent / m).resolve()
                for m in re.findall(r"""(?:^|[;\s])import[^"';]*?from\s*["'](\./[^"']+)["']""", data.decode("utf-8", "replace"))
            ]
    return compressed, uncompressed


def lighthouse(url: str) -> dict[str, Any] | None:
    """One Lighthouse run on ``url`` with its default mobile settings (slow 4G, 4x CPU slow-down):
    {"score": 0-100, "requests": [(url, bytes transferred)]}, or None."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not binary.exists():
        say("lighthouse is not installed (npm ci): no Lighthouse scores")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        result = subprocess.run(
            [
                str(binary),
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions",
            ],
            env={**ENV, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not report.exists():
            say(f"lighthouse failed on {url}: {result.stderr.strip()[-300:]}")
            return None
        data = json.loads(report.read_text(encoding="utf-8"))
    score = data["categories"]["performance"]["score"]
    if score is None:
        return None
    items = data["audits"]["network-requests"]["details"]["items"]
    requests = [(str(i["url"]), int(i.get("transferSize") or 0)) for i in items if str(i["url"]).startswith("http")]
    return {"score": round(100 * float(score), 1), "requests": requests}


def browser_bytes(requests: list[tuple[str, int]]) -> dict[str, float]:
    """What a browser transferred on a first visit (KB, compressed as served, headers included):
    everything; the page itself (without search, offline worker, manifest and icons); the course's
    own CSS, JavaScript and data (files directly in assets/, every module the loader imported, the
    interface strings and the course data); and how many requests it made, everything counted."""
    search = re.compile(r"/search/search_index\.json$|/workers/search\.[0-9a-f]+\.min\.js$")
    offline = re.compile(r"/sw\.js$|\.webmanifest$|/assets/icons?/|icon-\d+\.png$")
    own = re.compile(r"/assets/(?:[^/]+\.(?:js|css)|course-data\.json|messages/[^/]+\.json)$")
    paths = [(urllib.parse.urlsplit(u).path, n) for u, n in requests]
    return {
        "all": sum(n for _, n in paths) / 1024,
        "page": sum(n for p, n in paths if not search.search(p) and not offline.search(p)) / 1024,
        "own": sum(n for p, n in paths if own.search(p)) / 1024,
        "requests": float(len(paths)),
    }


def lighthouse_scores(site: Path, pages: dict[str, str], runs: int = 1) -> dict[str, float]:
    """Serve ``site`` on a local port (gzip, as GitHub Pages) and score each page, the median of
    ``runs`` runs; {figure name: score, figure name + "_bytes_" + kind: KB from :func:`browser_bytes`}."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        """A static server that compresses text with gzip, as GitHub Pages does."""

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            kind = self.guess_type(str(path))
            squeeze = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix not in (
                ".png",
                ".jpg",
                ".gif",
                ".webp",
                ".gz",
                ".zip",
            )
            if squeeze:
                data = gzip.compress(data, 6)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            if squeeze:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = {}
    try:
        for name, path in pages.items():
            results = [r for r in (lighthouse(f"http://127.0.0.1:{server.server_address[1]}/{path}") for _ in range(runs)) if r]
            if not results:
                continue
            out[name] = statistics.median(r["score"] for r in results)
            sizes = [browser_bytes(r["requests"]) for r in results]
            for kind in sizes[0]:
                out[f"{name}_bytes_{kind}"] = statistics.median(size[kind] for size in sizes)
    finally:
        server.shutdown()
        server.server_close()
    return out


def browser_figures(scores: dict[str, float], side: str, figures: dict[str, float]) -> None:
    """The scores and what Chromium really transferred for module 3 (loader imports included), in
    English and, where the site has it, in Spanish (``es_``), as figures with the ``side`` prefix."""
    for lang in ("", "es_"):
        for name in ("lighthouse_home", "lighthouse_module"):
            if lang + name in scores:
                figures[side + lang + name] = scores[lang + name]
        module = lang + "lighthouse_module"
        if module in scores:
            figures[f"{side}{lang}first_visit_browser_kb_gz"] = scores[module + "_bytes_all"]
            figures[f"{side}{lang}page_weight_browser_kb"] = scores[module + "_bytes_page"]
            figures[f"{side}{lang}own_assets_browser_kb"] = scores[module + "_bytes_own"]
            figures[f"{side}{lang}first_visit_requests"] = scores[module + "_bytes_requests"]


def own_assets_kb(site: Path) -> float:
    own = [site / "assets" / n for n in ("course.js", "progress.js", "trainer.js", "course.css", "trainer.css", "notebook.css")]
    own += [
        site / "assets" / n for n in ("reading.css", "offline.js", "scrollcue.js", "diagrams.js", "glossary.js", "header.js", "start.js")
    ]
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in own if p.is_file()) / 1024


# ---------------------------------------------------------------- live edit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_reload(project: Path, page_src: Path, page_url: str, runs: int) -> float:
    """Seconds from saving a page to the served page showing the edit (median of ``runs``)."""
    return serve_edits(project, {"page": (page_src, None, page_url)}, runs)["page"]


Edit = tuple[Path, str | None, str]  # (file, the line ending to extend (None: append to the file), page URL)


def serve_edits(project: Path, edits: dict[str, Edit], runs: int) -> dict[str, float]:
    """While `course serve` runs, save each file with a new token and time until the page that
    uses it shows the token (a page, or a quiz bank, glossary or run sheet used by another page)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursekit.cli", "--root", str(project), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def fetch(page_url: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page_url}", timeout=10) as response:
            return str(response.read().decode())

    out: dict[str, float] = {}
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                fetch("")
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.5)  # let the first build and file watching settle
        for name, (source, ending, page_url) in edits.items():
            original = source.read_text(encoding="utf-8")
            times = []
            for run in range(runs):
                token = f"benchtoken{run}x{int(time.time() * 1000)}"
                if ending is None:
                    edited = original + f"\n\nEdited: {token}\n"
                else:
                    assert ending in original, f"{ending!r} not in {source}"
                    edited = original.replace(ending, f"{ending} {token}", 1)
                source.write_text(edited, encoding="utf-8")
                start = time.perf_counter()
                while token not in fetch(page_url):
                    if time.perf_counter() - start > 120:
                        raise RuntimeError(f"the {name} edit never appeared on {page_url}")
                    time.sleep(0.05)
                times.append(time.perf_counter() - start)
                time.sleep(1.0)
            source.write_text(original, encoding="utf-8")
            time.sleep(1.0)
            out[name] = statistics.median(times)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def live_edit_figures(real: Path, runs: int, figures: dict[str, float], notes: dict[str, str]) -> None:
    """Save to served page while `course serve` runs on a copy of the real course, for each kind of edit."""
    say("live edit while serving (real course): page, quiz bank, glossary, run sheet, course.yml, notebook …")
    live = serve_edits(
        real,
        {
            "page": (real / "modules/03-choosing-markets/index.md", None, "modules/03-choosing-markets/"),
            "bank": (
                real / "quizzes/03-choosing-markets.yml",
                "remove clearly unsuitable markets.",
                "modules/03-choosing-markets/",
            ),
            "glossary": (real / "docs/glossary.yml", "research centres) in February 2025.", "modules/01-why-international/"),
            "runsheet": (
                real / "modules/03-choosing-markets/session.yml",
                "in the module 02 survey.",
                "modules/03-choosing-markets/trainer-notes/",
            ),
            "course": (real / "course.yml", "title: Strategic Internationalisation for Clusters", "assets/course-data.json"),
            "notebook": (
                real / "modules/03-choosing-markets/screening.ipynb",
                "set the folder where the data files are.",
                "modules/03-choosing-markets/screening/",
            ),
        },
        runs,
    )
    figures["serve_reload_seconds"] = live["page"]
    figures["serve_bank_reload_seconds"] = live["bank"]
    figures["serve_glossary_reload_seconds"] = live["glossary"]
    figures["serve_runsheet_reload_seconds"] = live["runsheet"]
    figures["serve_course_reload_seconds"] = live["course"]
    figures["serve_notebook_reload_seconds"] = live["notebook"]
    notes["serve_glossary_reload_seconds"] = "a definition shown as the hover title of 'CWP' on module 01"
    notes["serve_course_reload_seconds"] = "the course title in course.yml, as the learner pages (certificate) read it"


READS = """
import json, os, sys
from collections import Counter
root = os.path.realpath(sys.argv[1])
reads = Counter()
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and (len(args) < 2 or not args[1] or "r" in str(args[1])):
        path = os.path.realpath(args[0])
        if path.startswith(root + os.sep) and os.sep + ".cache" + os.sep not in path and os.path.isfile(path):
            reads[os.path.relpath(path, root)] += 1
sys.addaudithook(hook)
from coursekit.cli import main
code = main(["--root", root, "build", "--site-dir", sys.argv[2], "--quiet"])
print(json.dumps({"code": code, "reads": reads}))
"""


def reads_per_file(project: Path, site: Path) -> dict[str, int]:
    """How often one `course build` opens each source file (an audit hook counts the 'open' events)."""
    result = subprocess.run([sys.executable, "-c", READS, str(project), str(site)], capture_output=True, text=True, env=ENV, check=False)
    lines = result.stdout.strip().splitlines()
    try:
        data: object = json.loads(lines[-1]) if lines else None
    except ValueError:  # the build printed something else last (a traceback, a message)
        data = None
    if result.returncode != 0 or not isinstance(data, dict) or data.get("code") != 0 or not isinstance(data.get("reads"), dict):
        raise RuntimeError(f"the build failed (exit {result.returncode}): {(result.stdout + result.stderr)[-3000:]}")
    return {str(path): int(count) for path, count in data["reads"].items()}


def engine_pages(project: Path, site: Path, engine: str) -> int:
    subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "--root", str(project), "build", "--quiet", "--engine", engine, "--site-dir", str(site)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    return len(html_pages(site))


# ---------------------------------------------------------------- main


def main() -> int:
    _bootstrap.ensure("bench")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller courses and fewer runs (under 3 minutes)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument(
        "--web", action="store_true", help="only the figures a learner's browser sees: page weight, first visit, Lighthouse"
    )
    parser.add_argument(
        "--serve", action="store_true", help="only the live-edit figures: save to served page on the real course, per kind of edit"
    )
    parser.add_argument(
        "--build", action="store_true", help="only the build figures: overhead, rebuild with nothing changed, all languages against English"
    )
    args = parser.parse_args()
    if args.serve:
        return serve_only(args)
    if args.build:
        return build_only(args)
    runs = 1 if args.quick else 3
    sizes = (10, 30) if args.quick else (10, 50, 200)
    figures: dict[str, float] = {}
    notes: dict[str, str] = {}
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        # Build overhead: the real course against a plain Material build of the same pages.
        say("build overhead (real course vs plain Material) …")
        real = work / "real"
        shutil.copytree(ROOT, real, ignore=COPY_IGNORE)
        plain = plain_project(real, work / "plain")
        course_build(real, work / "warm-real")  # warm the notebook cache and the disk
        mkdocs_build(plain, work / "warm-plain")
        # The English site (plain Material builds the English pages), built, not copied: a kept site
        # (coursekit.outputs.sitecache) would compare a copy with a build.
        course_build(real, work / "site-real")  # every language, for the figures below that read the site
        t_course = median_time(lambda: _without_kept_sites(real, work / "site-en", "--lang", "en"), runs)
        t_plain = median_time(lambda: mkdocs_build(plain, work / "site-plain"), runs)
        figures["build_seconds"] = t_course
        figures["plain_build_seconds"] = t_plain
        figures["build_overhead_ratio"] = t_course / t_plain
        build_cache_figures(real, work, runs, figures, notes)

        # Page weight, on the sites just built.
        say("page weight …")
        real_site, plain_site = work / "site-real", work / "site-plain"
        module_page = "modules/03-choosing-markets/index.html"
        figures["page_weight_kb"] = transfer_bytes(real_site, real_site / module_page) / 1024
        figures["plain_page_weight_kb"] = transfer_bytes(plain_site, plain_site / module_page) / 1024
        figures["page_weight_ratio"] = figures["page_weight_kb"] / figures["plain_page_weight_kb"]
        nb_page = "modules/03-choosing-markets/screening/index.html"
        md_twin = notebook_as_markdown(real / "modules/03-choosing-markets/screening.ipynb", plain / "docs/modules/03-choosing-markets")
        mkdocs_build(plain, plain_site)
        figures["notebook_page_weight_kb"] = transfer_bytes(real_site, real_site / nb_page) / 1024
        figures["notebook_twin_weight_kb"] = transfer_bytes(plain_site, plain_site / md_twin) / 1024
        figures["notebook_page_weight_ratio"] = figures["notebook_page_weight_kb"] / figures["notebook_twin_weight_kb"]
        notes["notebook_page_weight_ratio"] = (
            "the notebook page against the same notebook exported to Markdown (nbconvert), built by plain Material"
        )
        figures["own_assets_kb_gz"] = own_assets_kb(real_site)

        # A first visit to a module page on a slow line: everything that loads without a click,
        # search index included; and Lighthouse's mobile performance score (slow 4G emulation).
        say("first visit and Lighthouse …")
        for side, site in (("", real_site), ("plain_", plain_site)):
            compressed, uncompressed = first_visit(site, site / module_page)
            figures[f"{side}first_visit_kb_gz"] = compressed / 1024
            figures[f"{side}first_visit_kb"] = uncompressed / 1024
            index = site / "search" / "search_index.json"
            figures[f"{side}search_index_kb"] = index.stat().st_size / 1024
            figures[f"{side}search_index_kb_gz"] = len(gzip.compress(index.read_bytes(), 6)) / 1024
        notes["first_visit_kb_gz"] = "module 3, search index included"
        for side, site in (("", real_site), ("plain_", plain_site)):
            pages = {"lighthouse_home": "", "lighthouse_module": "modules/03-choosing-markets/"}
            if side == "" and (site / "es" / module_page).is_file():
                pages |= {"es_lighthouse_home": "es/", "es_lighthouse_module": "es/modules/03-choosing-markets/"}
            scores = lighthouse_scores(site, pages, runs)
            browser_figures(scores, side, figures)
        if "page_weight_browser_kb" in figures and "plain_page_weight_browser_kb" in figures:
            figures["page_weight_browser_ratio"] = figures["page_weight_browser_kb"] / figures["plain_page_weight_browser_kb"]
            if "es_page_weight_browser_kb" in figures:
                figures["es_page_weight_browser_ratio"] = figures["es_page_weight_browser_kb"] / figures["plain_page_weight_browser_kb"]
                notes["es_page_weight_browser_ratio"] = "Spanish module 3 against the plain English page (Material has no Spanish twin)"
        notes["first_visit_browser_kb_gz"] = "module 3 in Chromium (Lighthouse's network log): every request until the network is quiet"

        if not args.web:  # --web: only the build, page weight, first visit and Lighthouse
            # Scale.
            per_page: dict[int, tuple[float, float]] = {}
            for size in sizes:
                say(f"scale: {size} modules …")
                project = generate_course(work / f"scale-{size}", size)
                course_build(project, work / f"scale-{size}-warm")
                t = median_time(partial(course_build, project, work / f"scale-{size}-site"), runs)
                site = work / f"scale-{size}-site"
                count = len(html_pages(site))
                per_page[size] = (t / count, site_bytes(site) / count)
                figures[f"scale_{size}_seconds"] = t
                figures[f"scale_{size}_pages"] = count
                figures[f"scale_{size}_ms_per_page"] = 1000 * t / count
                figures[f"scale_{size}_kb_per_page"] = site_bytes(site) / count / 1024
            small, large = sizes[0], sizes[-1]
            figures["scale_time_per_page_ratio"] = per_page[large][0] / per_page[small][0]
            figures["scale_bytes_per_page_ratio"] = per_page[large][1] / per_page[small][1]
            notes["scale_time_per_page_ratio"] = f"{large} modules against {small}"

            # Notebook page cost: 20 notebook pages against 20 Markdown pages of the same content.
            say("notebook page cost …")
            figures["notebook_page_cost_ratio"] = notebook_cost_ratio(work, runs)

            # Live edit.
            say("reads per source file in one build (real course) …")
            reads = reads_per_file(real, work / "site-reads")
            figures["reads_max_per_source_file"] = max(reads.values())
            figures["reads_source_files"] = len(reads)
            for kind, suffix in (("page", ".md"), ("bank", ".yml"), ("notebook", ".ipynb")):
                counts = [n for path, n in reads.items() if path.endswith(suffix) and (kind != "bank" or path.startswith("quizzes/"))]
                if counts:
                    figures[f"reads_per_{kind}_max"] = max(counts)
            say("page counts with each engine (real course) …")
            figures["pages_mkdocs"] = engine_pages(real, work / "site-mkdocs", "mkdocs")
            try:
                figures["pages_zensical"] = engine_pages(real, work / "site-zensical", "zensical")
            except subprocess.CalledProcessError as exc:
                notes["pages_zensical"] = f"zensical build failed: {exc.stderr.decode()[-200:]}"

            live_edit_figures(real, runs, figures, notes)
            say("live edit while serving (50 modules with notebooks) …")
            project = generate_course(work / "serve-50", 50 if not args.quick else 20)
            figures["serve_reload_seconds_50"] = serve_reload(
                project, project / "modules/05-generated-module-5/index.md", "modules/05-generated-module-5/", runs
            )
            if args.quick:
                notes["serve_reload_seconds_50"] = "quick run: 20 modules"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["bench_seconds"] = time.perf_counter() - started
    print_table(figures, notes)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"figures": figures, "targets": {k: v[1] for k, v in TARGETS.items()}, "notes": notes, "quick": args.quick}, indent=2
            )
            + "\n"
        )
        say(f"wrote {args.json}")
    return 0


def clean_build(project: Path, site: Path, *options: str) -> None:
    """A build with nothing generated before: no on-disk caches (.cache/), no earlier site."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    course_build(project, site, *options)


def median_times(run: Callable[[], None], runs: int) -> tuple[float, float]:
    """The median wall-clock seconds of ``run`` and the median CPU seconds of the processes it starts
    (user and system; steadier than wall-clock time on a shared, loaded machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run()
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def build_cache_figures(real: Path, work: Path, runs: int, figures: dict[str, float], notes: dict[str, str]) -> None:
    """A rebuild with nothing changed against a clean build, and all the course's languages against
    English alone (each a new `course build` process, as an editor runs it), in wall-clock and CPU seconds."""
    say("rebuild with nothing changed, and all languages against English …")
    site = work / "site-cache"
    clean = median_times(partial(clean_build, real, site, "--lang", "en"), runs)
    course_build(real, site, "--lang", "en")  # the caches as a build leaves them
    again = median_times(partial(course_build, real, site, "--lang", "en"), runs)
    course_build(real, site)  # every language's caches filled
    every = median_times(partial(course_build, real, site), runs)
    english = median_times(partial(course_build, real, site, "--lang", "en"), runs)
    # The same without the kept sites (.cache/coursekit/sites/): what each language costs when a source
    # changed (every other cache warm), and what remains per extra language.
    every_built = median_times(partial(_without_kept_sites, real, site), runs)
    english_built = median_times(partial(_without_kept_sites, real, site, "--lang", "en"), runs)
    every_clean = median_times(partial(clean_build, real, site), runs)  # a fresh checkout's build (CI, publishing)
    for i, kind in enumerate(("seconds", "cpu_seconds")):
        figures[f"build_clean_{kind}"] = clean[i]
        figures[f"build_rebuild_{kind}"] = again[i]
        figures[f"build_languages_{kind}"] = every[i]
        figures[f"build_en_{kind}"] = english[i]
    figures["build_rebuild_ratio"] = again[0] / clean[0]
    figures["build_rebuild_cpu_ratio"] = again[1] / clean[1]
    figures["build_languages_ratio"] = every[0] / english[0]
    figures["build_languages_cpu_ratio"] = every[1] / english[1]
    figures["build_languages_built_seconds"] = every_built[0]
    figures["build_en_built_seconds"] = english_built[0]
    figures["build_languages_built_ratio"] = every_built[0] / english_built[0]
    figures["build_languages_built_cpu_ratio"] = every_built[1] / english_built[1]
    figures["build_languages_clean_ratio"] = every_clean[0] / clean[0]
    figures["build_languages_clean_cpu_ratio"] = every_clean[1] / clean[1]
    figures["build_per_extra_language_cpu_seconds"] = (every_built[1] - english_built[1]) / max(1, _languages(real) - 1)
    notes["build_rebuild_ratio"] = "English site; a rebuild keeps .cache/, a clean build starts without it"
    notes["build_rebuild_cpu_ratio"] = "the same in CPU seconds of the build processes"
    notes["build_languages_ratio"] = "every language in course.yml against --lang en, both with their caches"
    notes["build_languages_cpu_ratio"] = "the same in CPU seconds of the build processes"
    notes["build_languages_built_ratio"] = "the same with every language built (no kept site): the cost when a source changed"
    notes["build_languages_built_cpu_ratio"] = "the same in CPU seconds of the build processes"
    notes["build_languages_clean_ratio"] = "every language against English, each from a fresh checkout (no .cache/)"
    notes["build_languages_clean_cpu_ratio"] = "the same in CPU seconds of the build processes"
    notes["build_per_extra_language_cpu_seconds"] = "CPU seconds each language adds to English when it is built (no kept site)"


def _without_kept_sites(project: Path, site: Path, *options: str) -> None:
    """A build that copies no kept site (coursekit.outputs.sitecache); every other cache stays."""
    shutil.rmtree(project / ".cache" / "coursekit" / "sites", ignore_errors=True)
    course_build(project, site, *options)


def _languages(course: Path) -> int:
    import yaml

    return len(yaml.safe_load((course / "course.yml").read_text(encoding="utf-8")).get("languages") or ["en"])


def build_only(args: argparse.Namespace) -> int:
    """`--build`: the cached-build figures of the real course alone (median of 3 runs, 1 with --quick)."""
    return _on_real_course(args, build_cache_figures, "build_only")


def serve_only(args: argparse.Namespace) -> int:
    """`--serve`: the live-edit figures of the real course alone (median of 3 runs, 1 with --quick)."""
    return _on_real_course(args, lambda real, work, runs, figures, notes: live_edit_figures(real, runs, figures, notes), "serve_only")


Figures = Callable[[Path, Path, int, dict[str, float], dict[str, str]], None]


def _on_real_course(args: argparse.Namespace, measure: Figures, kind: str) -> int:
    """Measure figures on a copy of the real course; print them (with the load average) and write --json."""
    figures: dict[str, float] = {}
    notes: dict[str, str] = {}
    work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        real = work / "real"
        shutil.copytree(ROOT, real, ignore=COPY_IGNORE)
        measure(real, work, 1 if args.quick else 3, figures, notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["load_average_1min"] = os.getloadavg()[0]
    print_table(figures, notes)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "notes": notes, kind: True}, indent=2) + "\n")
    return 0


def notebook_as_markdown(notebook: Path, folder: Path) -> str:
    """Export a notebook to Markdown (images as files) next to the plain site's pages; returns its page."""
    import nbconvert
    import nbformat

    exporter = nbconvert.MarkdownExporter()  # type: ignore[no-untyped-call]
    body, resources = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))  # type: ignore[no-untyped-call]
    (folder / "notebook-twin.md").write_text(body, encoding="utf-8")
    for name, data in resources.get("outputs", {}).items():
        (folder / name).write_bytes(data)
    return f"modules/{folder.name}/notebook-twin/index.html"


def notebook_cost_ratio(work: Path, runs: int) -> float:
    import nbconvert
    import nbformat

    def project(name: str, kind: str | None) -> Path:
        dest = work / name
        shutil.rmtree(dest, ignore_errors=True)
        (dest / "docs").mkdir(parents=True)
        (dest / "docs" / "index.md").write_text("# Home\n")
        nb_text = NOTEBOOK_CACHE.setdefault("nb", notebook_json("Worksheet"))
        md_text, _ = nbconvert.MarkdownExporter().from_notebook_node(nbformat.reads(nb_text, as_version=4))  # type: ignore[no-untyped-call]
        for n in range(20 if kind else 0):
            if kind == "nb":
                (dest / "docs" / f"page-{n}.ipynb").write_text(nb_text)
            else:
                (dest / "docs" / f"page-{n}.md").write_text(md_text)
        (dest / "mkdocs.yml").write_text(
            "site_name: Cost\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - mkdocs-jupyter:\n      execute: false\n"
            "markdown_extensions:\n  - pymdownx.superfences\n  - pymdownx.highlight\n"
        )
        return dest

    times = {}
    for name, kind in (("cost-empty", None), ("cost-md", "md"), ("cost-nb", "nb")):
        dest = project(name, kind)
        mkdocs_build(dest, dest / "site")  # warm the notebook cache
        times[name] = median_time(partial(mkdocs_build, dest, dest / "site"), runs)
    return (times["cost-nb"] - times["cost-empty"]) / max(1e-6, times["cost-md"] - times["cost-empty"])


def print_table(figures: dict[str, float], notes: dict[str, str]) -> None:
    print(f"{'figure':34} {'value':>12} {'target':>10}  result")
    for key, value in figures.items():
        target = TARGETS.get(key)
        if target:
            ok = value <= target[1] if target[0] == "<=" else value >= target[1]
            print(
                f"{key:34} {value:12.3f} {target[0] + str(target[1]):>10}  {'meets' if ok else 'MISSES'}{'  (' + notes[key] + ')' if key in notes else ''}"
            )
        else:
            print(f"{key:34} {value:12.3f}")


if __name__ == "__main__":
    sys.exit(main())
