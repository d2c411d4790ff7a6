"""The Content-Security-Policy every page of the site declares (issue 20, browser hardening).

A page runs only the course's own files: ``script-src 'self'`` plus the SHA-256 hash of each inline
script that page carries (Material's few lines that read the stored palette and the page's base
path). The hashes are computed from the page's final HTML each time a page is written, so a
change to an inline script changes its hash and the policy never goes stale. There is no
``'unsafe-inline'`` and no ``'unsafe-eval'`` for scripts, and no origin other than the site's own.

Styles come from the site's own stylesheets (``style-src 'self'``) and the ``<style>`` blocks the
build writes in a page's head (the printed page's footer in the page's language), each allowed by
its hash like a script. There is no ``'unsafe-inline'`` for styles and no style attribute at all:
Material's instant navigation swaps in the next page's content under the policy of the page the
learner came from, and a style attribute cannot be allowed by a hash without ``'unsafe-hashes'``.
The one style attribute the content had, the column alignment that Markdown tables write as
``style="text-align: right;"``, becomes a class the course's stylesheet aligns
(:func:`table_alignment`). The inline scripts and style blocks are the same on every page of a
language's site (the notebook pages' copy-button scripts are removed with the button), so the page
the learner came from allows them too.

A ``<meta>`` policy cannot carry ``frame-ancestors`` (nor ``report-uri`` or ``sandbox``): a host that
wants them sends them as an HTTP header.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

META_NAME = "Content-Security-Policy"
_META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.IGNORECASE)
_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_TYPE_RE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC_RE = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
_STYLE_ATTR_RE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HEAD_RE = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET_RE = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)

# The types a browser runs as script (the HTML standard's JavaScript MIME types, "module" and
# "importmap"); any other type is a data block (``application/json``), which CSP does not govern.
_RUN_TYPES = {
    "",
    "module",
    "importmap",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script the browser runs in ``page`` (no ``src``, a script type), in order."""
    out = []
    for match in _SCRIPT_RE.finditer(_COMMENT_RE.sub("", page)):
        attrs, body = match.group(1), match.group(2)
        if _SRC_RE.search(attrs):
            continue
        found = _TYPE_RE.search(attrs)
        kind = next((g for g in found.groups() if g is not None), "") if found else ""
        if kind.strip().lower().split(";")[0].strip() in _RUN_TYPES:
            out.append(body)
    return out


def inline_styles(page: str) -> list[str]:
    """The text of every ``<style>`` block in ``page``, in order."""
    return [m.group(1) for m in _STYLE_RE.finditer(_SCRIPT_RE.sub("", _COMMENT_RE.sub("", page)))]


def style_attributes(page: str) -> list[str]:
    """The distinct values of the ``style`` attributes written in ``page`` (as the browser reads them)."""
    page = _SCRIPT_RE.sub("", _COMMENT_RE.sub("", page))
    values = {html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _STYLE_ATTR_RE.finditer(page)}
    return sorted(values)


def policy(page: str, inline_styles_allowed: bool = False) -> str:
    """The Content-Security-Policy for the HTML ``page``: its own origin only, and the hashes of the
    inline scripts and style blocks it carries. ``inline_styles_allowed`` is for an engine whose own
    interface sets style attributes (Zensical's): styles then allow ``'unsafe-inline'`` (without
    hashes, which would make browsers ignore it); scripts never do."""
    scripts = sorted({_sha256(s) for s in inline_scripts(page)})
    styles = ["'unsafe-inline'"] if inline_styles_allowed else sorted({_sha256(s) for s in inline_styles(page)})
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *scripts]),
        ("style-src", ["'self'", *styles]),
        ("img-src", ["'self'", "data:"]),  # Material's icons are data: SVG in its stylesheet
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),  # the search worker and the offline copy's service worker
        ("manifest-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


_ALIGN_RE = re.compile(r'<(th|td) style="text-align: (left|center|right);">')


def table_alignment(page: str) -> str:
    """``page`` with the alignment Markdown tables write on a cell (``style="text-align: right;"``)
    as a class (``cq-align-right``, in docs/assets/course.css), which the policy allows."""
    return _ALIGN_RE.sub(r'<\1 class="cq-align-\2">', page)


def secure(page: str, inline_styles_allowed: bool = False) -> str:
    """A page as the site publishes it: no inline style, and its policy declared."""
    return with_policy(table_alignment(page), inline_styles_allowed)


def meta_tag(page: str, inline_styles_allowed: bool = False) -> str:
    content = html.escape(policy(page, inline_styles_allowed), quote=False).replace('"', "&quot;")  # never a quote, but safe
    return f'<meta http-equiv="{META_NAME}" content="{content}">'


def declared(page: str) -> str | None:
    """The policy ``page`` declares in its ``<meta>``, or None."""
    found = _META_RE.search(page)
    if found is None:
        return None
    return html.unescape(found.group(0).split('content="', 1)[1][:-2])


def with_policy(page: str, inline_styles_allowed: bool = False) -> str:
    """``page`` declaring its policy as early as possible in ``<head>`` (after ``<meta charset>``,
    which must come first); a policy the page already declares is computed again and replaced.
    A document without ``<head>`` (a fragment) is returned as it is."""
    if _META_RE.search(page):
        page = _META_RE.sub("", page, count=1)
    head = _HEAD_RE.search(page)
    if head is None:
        return page
    charset = _CHARSET_RE.search(page, head.end())
    at = charset.end() if charset is not None and page[head.end() : charset.start()].strip() == "" else head.end()
    return page[:at] + meta_tag(page, inline_styles_allowed) + page[at:]


def declare_in_site(site: Path, inline_styles_allowed: bool = False) -> int:
    """Declare its policy in every HTML page of the built ``site`` (for an engine that writes pages
    without the MkDocs plugin's hook); returns how many pages changed."""
    changed = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = secure(text, inline_styles_allowed)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
