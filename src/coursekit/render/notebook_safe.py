"""Notebook outputs made inert before the site shows them (issue 20).

A notebook's stored outputs are whatever its code printed: HTML, SVG, JavaScript. The site never
runs them. HTML and Markdown outputs go through the sanitiser quiz text uses (nh3, the ammonia
library), SVG with active content and every script output are replaced by a plain-text note.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import nh3

ACTIVE_RE = re.compile(
    r"<\s*(script|iframe|object|embed|foreignobject|form|meta|link|base)\b|\bon[a-z]+\s*=|(java|vb)script\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)
SCRIPT_MIME_RE = re.compile(r"javascript|ecmascript|widget-view|application/vnd\..*\+js", re.IGNORECASE)
MARKUP = ("text/html", "text/markdown")
INERT_NOTE = "[Active content from this output is not shown on the site: download the notebook and run it in Jupyter.]"
ATTRIBUTES = {"*": {"class", "title", "lang", "align"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}


def _text(value: object) -> str:
    return "".join(str(v) for v in value) if isinstance(value, list) else str(value)


def clean_html(fragment: str) -> str:
    """An HTML output through the sanitiser (tables, text and images stay; script and handlers go)."""
    return nh3.clean(fragment, generic_attribute_prefixes=set(), attributes={**nh3.ALLOWED_ATTRIBUTES, **ATTRIBUTES})


def active(data: dict[str, Any]) -> list[tuple[int, str]]:
    """(cell number, counting from 1; the kind of output) for each stored output with active content."""
    out = []
    cells = data.get("cells")
    for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            bundle = output.get("data") if isinstance(output, dict) else None
            for mime, value in (bundle or {}).items() if isinstance(bundle, dict) else []:
                if SCRIPT_MIME_RE.search(mime) or ((mime in MARKUP or "svg" in mime) and ACTIVE_RE.search(_text(value))):
                    out.append((number, mime))
    return out


def inert(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook whose stored outputs cannot run anything on the site."""
    safe = copy.deepcopy(data)
    cells = safe.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            bundle = output.get("data") if isinstance(output, dict) else None
            if not isinstance(bundle, dict):
                continue
            for mime in list(bundle):
                value = _text(bundle[mime])
                if SCRIPT_MIME_RE.search(mime) or ("svg" in mime and ACTIVE_RE.search(value)):
                    del bundle[mime]
                    bundle.setdefault("text/plain", INERT_NOTE)
                elif mime in MARKUP:
                    bundle[mime] = clean_html(value)
            output.get("metadata", {}).pop("application/vnd.jupyter.widget-view+json", None) if isinstance(
                output.get("metadata"), dict
            ) else None
    return safe
