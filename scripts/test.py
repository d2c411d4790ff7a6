#!/usr/bin/env python3
"""Set up (first time only) and run the whole test suite: unit, build, notebook and browser tests.

Extra arguments go to pytest, e.g. `python3 scripts/test.py -k quiz`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import _bootstrap

CHROMIUM_HELP = """\
test: the browser tests need Chromium, and none was found.
      On Debian or Ubuntu:  sudo apt-get install chromium
      Elsewhere: install Chromium or Chrome and set CHROMIUM=/path/to/chromium
      (To run everything except the browser tests: COURSE_NO_BROWSER=1 python3 scripts/test.py)"""


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def main() -> int:
    _bootstrap.ensure("test", extras="test")
    if not os.environ.get("COURSE_NO_BROWSER"):
        chromium = find_chromium()
        if chromium is None:
            print(CHROMIUM_HELP, file=sys.stderr)
            return 1
        os.environ["CHROMIUM"] = chromium
    start = time.perf_counter()
    print("test: running the test suite …", file=sys.stderr, flush=True)
    code = subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=_bootstrap.ROOT).returncode
    print(f"test: finished in {time.perf_counter() - start:.0f}s (exit {code})", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
