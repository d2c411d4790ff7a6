"""`course new-module`: a new draft module folder, page, quiz bank and run sheet, wired into course.yml."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from coursekit.model.course import MANIFEST, SLUG_RE
from coursekit.model.yamlsafe import read_file

INDEX_TEMPLATE = """---
title: "{title}"
summary: "[FILL IN: one or two sentences on what the learner will be able to do]"
status: draft
minutes:
  teaching: 30
  exercises: 20
questions:
  - "[FILL IN: a question this module answers]"
objectives:
  - id: {prefix}-first-objective
    text: "[FILL IN: start with an action verb, e.g. Identify ...]"
prerequisites: []
keypoints:
  - "[FILL IN: one key point]"
---

## [FILL IN: first section heading]

[FILL IN: teaching text. Write short sentences in plain international English.]

/// trainer
[FILL IN: a facilitation tip, an expected answer or a timing warning for the trainer.]
///

//// admonition | Exercise: [FILL IN: exercise title]
    type: example

[FILL IN: the task, with a template, checklist or worked decision, and its minutes.]

/// details | Model answer
    type: success

[FILL IN: the model answer.]
///

////

## Check your understanding

/// quiz | {slug}
///

## Sources

- [FILL IN: the sources behind this module's facts, as https links]
"""

BANK_TEMPLATE = """module: {slug}
items:
  - id: {prefix}-item-1
    type: single
    objective: {prefix}-first-objective
    skill: recall
    stem: |
      [FILL IN: the question]
    options:
      - text: "[FILL IN: the right answer]"
        correct: true
        feedback: "[FILL IN: Yes: why this is right]"
      - text: "[FILL IN: a plausible wrong answer]"
        feedback: "[FILL IN: No: why this is wrong]"
      - text: "[FILL IN: another plausible wrong answer]"
        feedback: "[FILL IN: No: why this is wrong]"
  - id: {prefix}-item-2
    type: true-false
    objective: {prefix}-first-objective
    skill: application
    stem: |
      [FILL IN: a statement that is true or false]
    options:
      - text: "True"
        correct: true
        feedback: "[FILL IN: Yes: why]"
      - text: "False"
        feedback: "[FILL IN: No: why]"
"""

SESSION_TEMPLATE = """length: 60
segments:
  - minutes: 10
    title: "[FILL IN: opening]"
    trainer: "[FILL IN: what the trainer does]"
    participants: "[FILL IN: what participants do]"
    materials: ["index.md", "quiz:{prefix}-item-1"]
  - minutes: 35
    title: "[FILL IN: main segment]"
    trainer: "[FILL IN]"
    participants: "[FILL IN]"
    materials: ["index.md"]
  - minutes: 15
    title: "[FILL IN: wrap-up]"
    trainer: "[FILL IN]"
    participants: "[FILL IN]"
    materials: ["index.md"]
"""


class ScaffoldError(Exception):
    """A clear reason why the module was not created."""


MAX_TITLE = 120
"""Characters in a module title: it shows in the navigation, the course map and the certificate."""
GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"],
        strict=True,
    )
)
FALLBACK_SLUG = "module"
"""The folder name's words when a title has no letter that transliterates to Latin (e.g. Chinese)."""


def slugify(title: str, max_words: int = 4) -> str:
    """Lowercase Latin words of the title, joined by hyphens: accents dropped, Greek transliterated;
    '' when no word is left (the caller falls back to FALLBACK_SLUG)."""
    lowered = "".join(GREEK.get(c, c) for c in unicodedata.normalize("NFKD", title.lower()) if not unicodedata.combining(c))
    ascii_title = lowered.encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title)
    stop = {"a", "an", "the", "and", "of", "for", "to", "in", "on", "with"}
    kept = [w for w in words if w not in stop] or words
    return "-".join(kept[:max_words])


def _check_title(title: str) -> str:
    """The title with its spaces tidied, or a ScaffoldError saying what to change."""
    for char in title:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and char not in "\t\n\r":
            raise ScaffoldError(
                f"the title contains an invisible or control character (U+{ord(char):04X}); type the title again without it"
            )
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('the module needs a title, e.g. course new-module "Working with investors"')
    if len(title) > MAX_TITLE:
        raise ScaffoldError(
            f"the title is {len(title)} characters long; keep it to {MAX_TITLE} (it shows in the navigation, the course map "
            "and the certificate) and put the rest in the module's summary"
        )
    if '"' in title or "\\" in title:
        raise ScaffoldError("the title may not contain double quotes or backslashes")
    return title


def _existing_title(root: Path, title: str, base: str) -> str | None:
    """The folder of a module that already has this title (or this folder name), else None."""
    from coursekit.model import frontmatter

    wanted = title.casefold()
    for folder in sorted((root / "modules").glob("*")):
        match = SLUG_RE.match(folder.name)
        if not folder.is_dir() or match is None:
            continue
        if folder.name.split("-", 1)[-1] == base:
            return folder.name
        try:
            page = frontmatter.parse((folder / "index.md").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        meta = page.meta.value if page.meta is not None and page.meta.is_map else {}
        existing = meta.get("title")
        if existing is not None and " ".join(str(existing.value).split()).casefold() == wanted:
            return folder.name
    return None


def with_module(text: str, slug: str) -> str:
    """course.yml's text with ``slug`` added at the end of its module list, by the smallest edit
    (a new '- slug' line, or ', slug' before the ']' of a one-line list), keeping comments and
    layout. The result is parsed back and must equal the old course with that one module more;
    anything else raises ScaffoldError and nothing is written."""
    import yaml

    before = yaml.safe_load(text)
    modules = before.get("modules") if isinstance(before, dict) else None
    if not isinstance(modules, list):
        raise ScaffoldError(f"{MANIFEST} has no 'modules:' list; run `course validate` and fix it first")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key = next((n for n, line in enumerate(lines) if re.match(r"modules\s*:", line)), None)
    if key is None:
        raise ScaffoldError(f"{MANIFEST}: the 'modules:' key is not at the start of a line; add '- {slug}' to the list yourself")
    value = lines[key].split(":", 1)[1].split("#", 1)[0].strip()
    if value.startswith("["):
        if not value.endswith("]"):
            raise ScaffoldError(
                f"{MANIFEST}: the module list spans several lines in [...] form; write it one module per line "
                f"('- 01-slug'), or add '{slug}' to it yourself"
            )
        closing = lines[key].rindex("]", 0, len(lines[key].split("#", 1)[0]) if "#" in lines[key] else None)
        separator = ", " if value[1:-1].strip() else ""
        lines[key] = lines[key][:closing].rstrip() + separator + slug + lines[key][closing:]
    else:
        entries = [n for n in range(key + 1, len(lines)) if re.match(r"\s+-\s", lines[n])]
        # The block list: the '- ' lines right after the key (comments and blank lines may sit between).
        last, indent = key, "  "
        for n in range(key + 1, len(lines)):
            stripped = lines[n].strip()
            if n in entries:
                last, indent = n, lines[n][: len(lines[n]) - len(lines[n].lstrip())]
            elif stripped and not stripped.startswith("#"):
                break
        lines.insert(last + 1, f"{indent}- {slug}\n")
    result = "".join(lines)
    try:
        after = yaml.safe_load(result)
    except yaml.YAMLError:
        after = None
    if after != {**before, "modules": [*modules, slug]}:
        raise ScaffoldError(
            f"{MANIFEST} could not be updated safely (its layout is unusual), so nothing was changed; add '- {slug}' at "
            "the end of the 'modules:' list yourself, then run the command again"
        )
    return result


def new_module(root: Path, title: str) -> Path:
    """Create the module and add it to the end of the course order. Returns the module folder."""
    title = _check_title(title)
    manifest = root / MANIFEST
    node, problems, text = read_file(manifest, MANIFEST)
    if node is None or text is None or not node.is_map or "modules" not in node.value or not node.value["modules"].is_list:
        detail = "; ".join(p.message for p in problems) or "it has no 'modules:' list"
        raise ScaffoldError(f"{MANIFEST} cannot be updated: {detail}. Run `course validate` and fix it first")
    entries = node.value["modules"].value
    numbers = [int(m.group(1)) for e in entries if (m := SLUG_RE.match(str(e.value)))]
    numbers += [int(m.group(1)) for p in (root / "modules").glob("*") if p.is_dir() and (m := SLUG_RE.match(p.name))]
    number = max(numbers, default=-1) + 1
    if number > 999:
        raise ScaffoldError("module numbers go up to 999; renumber the course before adding more")
    base = slugify(title) or FALLBACK_SLUG
    same = _existing_title(root, title, base) if base != FALLBACK_SLUG else _existing_title(root, title, "\0")
    if same is not None:
        raise ScaffoldError(
            f"module {same} already has this title (or folder name); open modules/{same}/index.md to work on it, or choose another title"
        )
    slug = f"{number:02d}-{base}"  # 00 to 99, then 100 to 999
    prefix = "".join(w[0] for w in base.split("-"))[:4] + f"{number:02d}"
    folder = root / "modules" / slug
    bank = root / "quizzes" / f"{slug}.yml"
    if folder.exists() or bank.exists():
        raise ScaffoldError(f"modules/{slug}/ or quizzes/{slug}.yml already exists; choose another title")
    updated = with_module(text, slug)  # checked before anything is written
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(INDEX_TEMPLATE.format(title=title, slug=slug, prefix=prefix), encoding="utf-8")
    (folder / "session.yml").write_text(SESSION_TEMPLATE.format(prefix=prefix), encoding="utf-8")
    bank.parent.mkdir(exist_ok=True)
    bank.write_text(BANK_TEMPLATE.format(slug=slug, prefix=prefix), encoding="utf-8")
    manifest.write_text(updated, encoding="utf-8")
    return folder


__all__ = ["ScaffoldError", "new_module", "slugify"]
