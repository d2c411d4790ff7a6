#!/usr/bin/env python3
"""Validate the course, then rebuild the site into site/ (the old site is kept if the build fails)."""

from __future__ import annotations

import sys

import _bootstrap


def main() -> int:
    _bootstrap.ensure("build")
    from coursekit.cli import main as course

    return course(["--root", str(_bootstrap.ROOT), "build", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
