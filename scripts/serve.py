#!/usr/bin/env python3
"""Set up (first time only) and serve the course with live reload at http://127.0.0.1:8000/."""

from __future__ import annotations

import sys

import _bootstrap


def main() -> int:
    _bootstrap.ensure("serve")
    from coursekit.cli import main as course

    return course(["--root", str(_bootstrap.ROOT), "serve", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
