"""Writing an export: parsed back first (as the LMS would read it), then written through a
temporary file, so a failure leaves no half-written file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from coursekit.model.diagnostics import Report


def parse_back(fmt: str, data: bytes) -> str | None:
    """Why ``data`` is not a well-formed export of ``fmt`` (parsed back as the LMS would), or None."""
    import io
    import xml.etree.ElementTree as ET
    import zipfile

    from coursekit.rules.rules_chars import HIDDEN_RE, describe

    if fmt == "moodle-xml":
        try:
            ET.fromstring(data)
        except ET.ParseError as exc:
            return f"the Moodle XML is not well-formed ({exc})"
        return None
    if fmt == "gift":
        return _gift_problem(data.decode("utf-8", errors="replace"), HIDDEN_RE, describe)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "imsmanifest.xml" not in names:
                return "the package has no imsmanifest.xml at its root"
            manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    except zipfile.BadZipFile:
        return "the package is not a zip file"
    except ET.ParseError as exc:
        return f"the package's imsmanifest.xml is not well-formed ({exc})"
    for node in manifest.iter():
        href = node.get("href")
        if href and node.tag.rsplit("}", 1)[-1] in ("file", "resource") and "://" not in href and href.split("?")[0] not in names:
            return f"the package's imsmanifest.xml names {href}, which is not in the package"
    return None


def _gift_problem(text: str, hidden: re.Pattern[str], describe: Callable[[str], str]) -> str | None:
    """A structural check of GIFT: no control characters, one answer block per question, closed."""
    depth, opened = 0, 0
    for number, line in enumerate(text.split("\n"), 1):
        found = hidden.search(line)
        if found:
            return f"the GIFT text has an invisible or control character ({describe(found.group())}) on line {number}"
        if line.lstrip().startswith(("//", "$CATEGORY:")):
            continue
        escaped = False
        for char in line:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "{":
                if depth:
                    return f"the GIFT text has unbalanced braces on line {number}"
                depth, opened = 1, number
            elif char == "}":
                if not depth:
                    return f"the GIFT text has unbalanced braces on line {number}"
                depth = 0
    return f"the GIFT answer block opened on line {opened} is not closed" if depth else None


def checked(fmt: str, out: Path, data: bytes, report: Report) -> bool:
    """Parse ``data`` back before it is written; a problem is an error (and nothing is written)."""
    problem = parse_back(fmt, data)
    if problem is not None:
        report.add(
            out,
            0,
            f"{problem}; nothing was written. This is a fault of the exporter: please report it with the course",
            rule="export-check",
        )
    return problem is None
