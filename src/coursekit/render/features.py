"""The front-end feature registry: each browser feature declares itself once, in its own module.

A feature is an ES module in docs/assets/ that exports ``start()`` and carries one declaration,
a comment holding a JSON object::

    /* @feature {"name": "quiz", "when": ".cq-quiz", "adds": ".cq-summary", "slides": false, "prints": true} */

* ``name``: what the console says when it fails;
* ``when``: the selector a page must contain for the loader (course.js) to fetch the module
  (a list: every selector; null: every page);
* ``adds``: the elements the feature adds to the page (a selector, optional);
* ``slides`` / ``prints``: whether what it adds shows on a slide / in print (default: true);
* ``bundle``: whether the build puts the module in the loader's bundle, fetched with the first page
  (default: true); false for a feature only a few pages need, which stays a file of its own, fetched
  on those pages only (see coursekit.outputs.bundle);
* ``near``: whether the loader waits until the learner comes within a screen of what the feature
  works on (the ``when`` selector), or clicks, touches or tabs into it, before it fetches and starts
  the module (default: false: at once); true for a feature far down most pages (the quiz, the
  workbook), which a first visit then does not pay for. It goes with ``"bundle": false``.

The build collects the declarations into ``assets/registry.js`` (the loader's feature list and
the presentation's slide rules, with those the blocks declare: coursekit.render.blocks) and
``assets/registry.css`` (what never prints). Nothing is kept by hand in course.js,
trainer-slides.js or the print styles. The registry sits next to the block registry, in the render
layer, so that the rule that checks the declarations (coursekit.rules.assets) reads it from below.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.render import blocks

if TYPE_CHECKING:
    from coursekit.model.project import Project

ASSETS = "docs/assets"
REGISTRY_JS = "assets/registry.js"  # written into the site by the build (coursekit.outputs.compile)
REGISTRY_CSS = "assets/registry.css"
DECLARATION_RE = re.compile(r"/\*\s*@feature\s+(\{.*?\})\s*\*/", re.DOTALL)
KEYS = {"name", "when", "adds", "slides", "prints", "bundle", "near"}


@dataclass(frozen=True)
class Feature:
    name: str
    module: str  # "./quiz.js", as the loader imports it
    when: str | list[str] | None
    adds: str = ""
    slides: bool = True
    prints: bool = True
    bundle: bool = True
    near: bool = False


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str


def parse(path: Path, text: str) -> tuple[Feature | None, Problem | None]:
    """The @feature declaration of one module (None if it has none), or the problem with it."""
    match = DECLARATION_RE.search(text)
    if match is None:
        return None, None
    line = text.count("\n", 0, match.start()) + 1
    try:
        data = json.loads(match.group(1))
    except ValueError as exc:
        return None, Problem(path, line, f"the @feature declaration is not valid JSON ({exc.args[0]}); write it as a JSON object")
    if not isinstance(data, dict):
        return None, Problem(path, line, 'the @feature declaration must be a JSON object: {"name": ..., "when": ...}')
    unknown = sorted(set(data) - KEYS)
    if unknown:
        return None, Problem(path, line, f"unknown key(s) {', '.join(unknown)} in the @feature declaration; use: {', '.join(sorted(KEYS))}")
    when = data.get("when")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        return None, Problem(path, line, 'the @feature declaration needs a "name", e.g. "name": "quiz"')
    if not (when is None or isinstance(when, str) or (isinstance(when, list) and all(isinstance(w, str) for w in when))):
        return None, Problem(path, line, 'the @feature "when" must be a selector, a list of selectors or null')
    if data.get("near") and (when is None or data.get("bundle", True)):
        return None, Problem(
            path,
            line,
            'a feature started when the learner comes "near" needs a "when" selector and "bundle": false (it is fetched on its own)',
        )
    feature = Feature(
        name,
        f"./{path.name}",
        when,
        str(data.get("adds") or ""),
        bool(data.get("slides", True)),
        bool(data.get("prints", True)),
        bool(data.get("bundle", True)),
        bool(data.get("near", False)),
    )
    return feature, None


def declared(project: Project) -> tuple[list[Feature], list[Problem]]:
    """Every feature declared in docs/assets/*.js (read through the project's sources), in file order."""
    found: list[Feature] = []
    problems: list[Problem] = []
    for path in sorted((project.root / ASSETS).glob("*.js")):
        try:
            text = project.sources.read(path).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        feature, problem = parse(path, text)
        if feature is not None:
            found.append(feature)
        if problem is not None:
            problems.append(problem)
    return found, problems


def registry_js(project: Project) -> str:
    """``assets/registry.js``: the loader's features and the presentation's slide rules."""
    features, _ = declared(project)
    rules = blocks.slide_rules()
    skip = ", ".join(filter(None, [rules["skip"], *(f.adds for f in features if f.adds and not f.slides)]))
    table = [[f.name, f.module, f.when, *([True] if f.near else [])] for f in features]
    return (
        "/* Generated by the build from the block declarations (coursekit.render.blocks) and the @feature\n"
        " * declarations of docs/assets/*.js (coursekit.render.features); do not edit. */\n"
        f"export const FEATURES = {json.dumps(table)};\n"
        f"export const SLIDE_SKIP = {json.dumps(skip)};\n"
        f"export const SLIDE_NOTES = {json.dumps(rules['notes'])};\n"
    )


def registry_css(project: Project) -> str:
    """``assets/registry.css``: the blocks and the features' additions that never print."""
    features, _ = declared(project)
    hidden = ", ".join(filter(None, [blocks.print_hidden(), *(f.adds for f in features if f.adds and not f.prints)]))
    head = "/* Generated by the build from the block and feature declarations; do not edit. */\n"
    return head + (f"@media print {{ html body :is({hidden}) {{ display: none !important; }} }}\n" if hidden else "")
