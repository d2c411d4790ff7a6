#!/usr/bin/env python3
"""Check the quiz banks, modules, notebooks and links; list every problem as file:line: message."""

from __future__ import annotations

import sys

import _bootstrap


def main() -> int:
    _bootstrap.ensure("validate")
    from coursekit.cli import main as course

    return course(["--root", str(_bootstrap.ROOT), "validate", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
