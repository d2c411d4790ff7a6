"""No English interface string is left in the site's JavaScript: every sentence, label and button
name comes from the message catalogue through docs/assets/i18n.js (``t("quiz.check")``)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "docs" / "assets"

# Words that are not interface text: key names, SCORM API names and status values, file names.
NOT_TEXT = {
    "Enter",
    "Escape",
    "Tab",
    "Home",
    "End",
    "Spacebar",
    "ArrowRight",
    "ArrowLeft",
    "ArrowUp",
    "ArrowDown",
    "PageUp",
    "PageDown",
    "Initialize",
    "Commit",
    "Terminate",
    "LMSInitialize",
    "LMSCommit",
    "LMSFinish",
    "course data: HTTP",  # an error the loader logs to the console (data.js)
    "not attempted",
    "unknown",
    "incomplete",
    "completed",
    "passed",
    "failed",
    "browsed",
    "suspend",
    "logout",
    "Title",  # a WordprocessingML style name (docx.js)
    "Calibri",  # a font (docx.js)
}


LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
COMMENT = re.compile(r"/\*.*?\*/|^\s*//.*$", re.DOTALL | re.MULTILINE)
PROSE = re.compile(r"\b[A-Za-z][a-z']+,? (?:[a-z']+ )*[a-z']{2,}\b|^[A-Z][a-z]+[.…!?:]?$")
CODE_LIKE = re.compile(r"^[.#\[:]|\b(?:md|cq|jp)-|__|=|\$\{|\(\)|^[a-z-]+(?: [a-z-]+)*$")

TAGS = {
    "a",
    "button",
    "input",
    "select",
    "textarea",
    "img",
    "svg",
    "table",
    "ul",
    "ol",
    "li",
    "p",
    "dd",
    "dl",
    "tr",
    "td",
    "th",
    "details",
    "pre",
}


def _selector_list(value: str) -> bool:
    """'img, svg, table' or 'tr:last-child input': a CSS selector list of HTML tag names."""
    firsts = [piece.strip().split(" ")[0] for piece in value.split(",") if piece.strip()]
    return all(first.startswith(("[", ">", ")")) or re.sub(r"[:(].*", "", first) in TAGS for first in firsts)


def prose_literals(source: str) -> list[str]:
    """String literals of a module that read as English text for a person."""
    text = COMMENT.sub(lambda m: " " * len(m.group(0)), source)
    found = []
    for line in text.splitlines():
        if "console." in line:
            continue  # developer diagnostics in the browser console stay English
        for match in LITERAL.finditer(line):
            value = next(g for g in match.groups() if g is not None)
            plain = re.sub(r"\$\{[^}]*\}", "", value).strip()
            if (
                not plain
                or plain in NOT_TEXT
                or _selector_list(plain)
                or CODE_LIKE.search(value)
                and not re.search(r"[A-Z][a-z]+ [a-z]+ [a-z]+", plain)
            ):
                continue
            if PROSE.search(plain):
                found.append(plain)
    return found


def test_no_english_interface_string_in_the_javascript_modules() -> None:
    left = {path.name: prose_literals(path.read_text(encoding="utf-8")) for path in sorted(ASSETS.glob("*.js"))}
    left = {name: strings for name, strings in left.items() if strings}
    assert not left, f"move these strings to src/coursekit/i18n/messages/en.yml and read them with t(): {left}"


def test_the_scan_finds_an_english_string() -> None:
    # The guard itself: a hard-coded button name and sentence are caught, a selector and a message key are not.
    source = 'const b = button("Check answer", "md-button cq-check");\nnote.textContent = "Saved in this browser.";\n'
    source += 'all(item, ".cq-options input");\nt("quiz.check");\nbutton("Undo");\n'
    assert prose_literals(source) == ["Check answer", "Saved in this browser.", "Undo"]


def test_every_message_the_javascript_names_is_in_the_catalogue() -> None:
    from coursekit.i18n.catalogue import raw

    named: dict[str, set[str]] = {}
    for path in sorted(ASSETS.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        keys = set(re.findall(r"\bt\(\"([a-z]+(?:\.[a-z0-9_]+)+)\"", text)) | set(
            re.findall(r"Keyword\([^,]+, \"([a-z]+\.[a-z_]+)\"", text)
        )
        named.update({key: named.get(key, set()) | {path.name} for key in keys})
    assert len(named) > 200
    missing = {key: sorted(files) for key, files in named.items() if key not in raw("en")}
    assert not missing, f"add these keys to src/coursekit/i18n/messages/en.yml (and every language): {missing}"


TEMPLATES = ROOT / "src" / "coursekit" / "templates"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
TAG = re.compile(r"<[^>]*>")


def template_text(source: str) -> list[str]:
    """The text a person reads in an HTML template that is not filled in from the catalogue: what is
    left once Jinja expressions and tags are taken out (punctuation and entities aside)."""
    text = TAG.sub(" ", JINJA.sub(" ", source))
    return [piece for piece in re.split(r"\s{2,}|\n", text) if re.search(r"[A-Za-z]{2,}", re.sub(r"&\w+;", "", piece))]


def test_no_english_interface_string_in_the_python_templates() -> None:
    # The service worker's one English literal is an error no page shows: the browser's own offline page answers instead.
    worker = [s for s in prose_literals((TEMPLATES / "sw.js").read_text(encoding="utf-8")) if s != "offline, and not in the offline copy"]
    left = {path.name: template_text(path.read_text(encoding="utf-8")) for path in sorted(TEMPLATES.glob("*.html"))}
    left = {name: strings for name, strings in left.items() if strings}
    assert len(list(TEMPLATES.glob("*.html"))) >= 2
    assert not left and not worker, f"read these from the catalogue, m.t(...) in a template: {left} {worker}"


def test_the_template_scan_finds_an_english_string() -> None:
    source = '<legend>{{ m.t("quiz.question", number=n) }}</legend>\n<summary>Show answer</summary><span>{{ x }}:</span>'
    assert template_text(source) == ["Show answer"]
