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


def slugify(title: str, max_words: int = 4) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    stop = {"a", "an", "the", "and", "of", "for", "to", "in", "on", "with"}
    kept = [w for w in words if w not in stop] or words
    return "-".join(kept[:max_words])


def new_module(root: Path, title: str) -> Path:
    """Create the module and add it to the end of the course order. Returns the module folder."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('the module needs a title, e.g. course new-module "Working with investors"')
    if '"' in title or "\\" in title:
        raise ScaffoldError("the title may not contain double quotes or backslashes")
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
    base = slugify(title)
    if not base:
        raise ScaffoldError("the title needs at least one letter or digit")
    slug = f"{number:02d}-{base}"  # 00 to 99, then 100 to 999
    prefix = "".join(w[0] for w in base.split("-"))[:4] + f"{number:02d}"
    folder = root / "modules" / slug
    bank = root / "quizzes" / f"{slug}.yml"
    if folder.exists() or bank.exists():
        raise ScaffoldError(f"modules/{slug}/ or quizzes/{slug}.yml already exists; choose another title")
    # Insert the new slug after the last entry of the list, keeping comments and layout.
    lines = text.splitlines(keepends=True)
    if entries:
        last = entries[-1]
        indent = " " * (last.column - 3) if last.column >= 3 else "  "
        insert_at = last.line
    else:
        indent = "  "
        insert_at = node.value["modules"].line
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(insert_at, f"{indent}- {slug}\n")
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(INDEX_TEMPLATE.format(title=title, slug=slug, prefix=prefix), encoding="utf-8")
    (folder / "session.yml").write_text(SESSION_TEMPLATE.format(prefix=prefix), encoding="utf-8")
    bank.parent.mkdir(exist_ok=True)
    bank.write_text(BANK_TEMPLATE.format(slug=slug, prefix=prefix), encoding="utf-8")
    manifest.write_text("".join(lines), encoding="utf-8")
    return folder


__all__ = ["ScaffoldError", "new_module", "slugify"]
