#!/usr/bin/env python3
"""Set up (first time only) and run the whole test suite: unit, build, notebook and browser tests.

Extra arguments go to pytest, e.g. `python3 scripts/test.py -k quiz`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import _bootstrap

JAVA_HELP = """\
test: the HTML check needs a Java runtime (for the Nu Html Checker), and none was found.
      On Debian or Ubuntu:  sudo apt-get install default-jre-headless"""

NPM_HELP = """\
test: the accessibility and HTML checks need Node.js and npm (for axe-core and vnu-jar).
      On Debian or Ubuntu:  sudo apt-get install nodejs npm"""

CHROMIUM_HELP = """\
test: the browser tests need Chromium, and none was found.
      On Debian or Ubuntu:  sudo apt-get install chromium
      Elsewhere: install Chromium or Chrome and set CHROMIUM=/path/to/chromium
      (To run everything except the browser tests: COURSE_NO_BROWSER=1 python3 scripts/test.py)"""


PDFTOTEXT_HELP = """\
test: the PDF tests read the printed PDFs back with pdftotext (poppler-utils), and it was not found.
      On Debian or Ubuntu:  sudo apt-get install poppler-utils"""

QUIET_FOR = 15.0
"""Seconds without output after which the test command says it is still working."""


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def ensure_node_tools() -> bool:
    """Install axe-core and vnu-jar from the committed package-lock.json (only when it changed)."""
    root: Path = _bootstrap.ROOT
    npm = shutil.which("npm")
    if npm is None:
        print(NPM_HELP, file=sys.stderr)
        return False
    wanted = hashlib.sha256((root / "package-lock.json").read_bytes()).hexdigest()
    stamp = root / "node_modules" / ".installed-lock"
    if stamp.is_file() and stamp.read_text().strip() == wanted:
        return True
    start = time.perf_counter()
    print("test: installing the checkers (axe-core, vnu-jar) with npm ci …", file=sys.stderr, flush=True)
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], check=False, cwd=root)
    if result.returncode != 0:
        print("test: npm ci failed (see above)", file=sys.stderr)
        return False
    stamp.write_text(wanted + "\n")
    print(f"test: installed the checkers in {time.perf_counter() - start:.0f}s", file=sys.stderr)
    return True


def main() -> int:
    _bootstrap.ensure("test", extras="test")
    if not ensure_node_tools():
        return 1
    if shutil.which("java") is None:
        print(JAVA_HELP, file=sys.stderr)
        return 1
    if not os.environ.get("COURSE_NO_BROWSER"):
        chromium = find_chromium()
        if chromium is None:
            print(CHROMIUM_HELP, file=sys.stderr)
            return 1
        os.environ["CHROMIUM"] = chromium
    if shutil.which("pdftotext") is None:
        print(PDFTOTEXT_HELP, file=sys.stderr)
        return 1
    start = time.perf_counter()
    print(
        "test: running the test suite (the first tests build the whole course once: about a minute and a half) …",
        file=sys.stderr,
        flush=True,
    )
    code = run_with_progress([sys.executable, "-m", "pytest", *sys.argv[1:]], start)
    print(f"test: finished in {time.perf_counter() - start:.0f}s (exit {code})", file=sys.stderr)
    return code


def run_with_progress(command: list[str], start: float) -> int:
    """Run ``command``, passing its output on as it comes; after QUIET_FOR seconds of silence, say
    that it is still working (and for how long), so a long first build never looks like a hang."""
    import selectors

    env = dict(os.environ)
    if sys.stdout.isatty():
        env.setdefault("PY_COLORS", "1")  # pytest keeps its colours through the pipe
    proc = subprocess.Popen(command, cwd=_bootstrap.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert proc.stdout is not None
    out = sys.stdout.buffer
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        at_line_start = True
        while True:
            if not selector.select(timeout=QUIET_FOR):
                print(("" if at_line_start else "\n") + f"test: still working ({time.perf_counter() - start:.0f}s) …", flush=True)
                at_line_start = True
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out.write(chunk)
            out.flush()
            at_line_start = chunk.endswith(b"\n")
    proc.stdout.close()
    return proc.wait()


def entry() -> int:
    """main(), with Ctrl+C ending quietly: pytest (in the same process group) stops too and says so."""
    try:
        return main()
    except KeyboardInterrupt:
        print("\ntest: stopped (Ctrl+C)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(entry())
