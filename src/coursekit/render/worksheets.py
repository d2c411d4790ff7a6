"""Worksheets: a notebook's exercise done in the page, in plain JavaScript (no Python needed).

``/// worksheet | NAME`` in a module page places the worksheet NAME, which the module declares in
its ``worksheets.yml`` (course data: title, intro, the notebook it mirrors, the constants and data
files it starts from; the toolkit knows no worksheet by name). The block writes a small HTML shell with the worksheet's starting data as JSON; the browser module
``docs/assets/worksheet-<name>.js`` (started by ``docs/assets/worksheets.js``) builds the tables.

A worksheet mirrors a notebook (its data and constants), or is a scorecard: scored questions in
areas, with bands and a next action, all defined in a YAML file in the module (``definition``;
read by :func:`load_definition`, run by ``docs/assets/worksheet-scorecard.js``). A scorecard's
definition holds every word it shows, so it is course content and translated with the page.

The starting data and settings come from the notebook the worksheet mirrors: its data files and
the constants its code sets (``weights_a``, ``MIN_MEMBERS``, ``MISSION_BUDGET_EUR``...), read with
``ast.literal_eval``, so the page and the notebook start from the same numbers.
"""

from __future__ import annotations

import ast
import copy
import csv
import functools
import html
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.i18n.formats import percent
from coursekit.model.course import WORKSHEETS_FILE
from coursekit.model.languages import translation
from coursekit.model.reading import code_of, read_bytes, read_text, reading
from coursekit.model.yamlsafe import read_file, suggest

if TYPE_CHECKING:
    from coursekit.model.course import Module
    from coursekit.model.project import Project

log = logging.getLogger("mkdocs.coursekit")


KEYS = ("title", "intro", "notebook", "constants", "rows", "indicator", "definition")
INDICATOR_KEYS = ("file", "year", "fallback_years", "key", "column")


@dataclass(frozen=True)
class Indicator:
    """A World Bank indicator file joined to the rows (the notebook's ``load_wdi_csv`` rule): the
    value for ``year`` or the latest of the ``fallback_years`` before it, by country code."""

    file: str  # path from the course root
    year: int
    fallback_years: int
    key: str  # the rows' column holding the country code
    column: str  # the column the value goes into


@dataclass(frozen=True)
class Worksheet:
    name: str
    title: str
    intro: str
    notebook: str  # path from the course root ("" for a scorecard)
    constants: tuple[str, ...]  # names the notebook's code assigns, passed as settings
    rows: str = ""  # the starting rows: a CSV file, path from the course root
    indicator: Indicator | None = None
    definition: str = ""  # a scorecard's YAML definition, path from the course root


def _worksheet(name: str, data: Any, folder: str) -> Worksheet:
    """One entry of a worksheets.yml; raises ValueError (or TypeError) with what is wrong."""
    if not isinstance(data, dict):
        raise TypeError(f"worksheet '{name}' must be a mapping of {', '.join(KEYS)}")
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' in worksheet '{name}'{suggest(str(unknown[0]), KEYS)}; use: {', '.join(KEYS)}")
    missing = [k for k in ("title", "definition" if data.get("definition") else "notebook") if not data.get(k)]
    if missing:
        raise ValueError(f"worksheet '{name}' needs '{missing[0]}' (or a scorecard 'definition')")
    if data.get("definition"):
        if data.get("notebook"):
            raise ValueError(f"worksheet '{name}' has both a notebook and a scorecard definition; keep one")
        return Worksheet(name, str(data["title"]), str(data.get("intro") or ""), "", (), definition=f"{folder}/{data['definition']}")
    indicator = data.get("indicator")
    found = None
    if indicator is not None:
        if not isinstance(indicator, dict) or sorted(indicator) != sorted(INDICATOR_KEYS):
            raise ValueError(f"the indicator of worksheet '{name}' needs exactly: {', '.join(INDICATOR_KEYS)}")
        found = Indicator(
            f"{folder}/{indicator['file']}",
            int(indicator["year"]),
            int(indicator["fallback_years"]),
            str(indicator["key"]),
            str(indicator["column"]),
        )
    return Worksheet(
        name,
        str(data["title"]),
        str(data.get("intro") or ""),
        f"{folder}/{data['notebook']}",
        tuple(str(c) for c in data.get("constants") or ()),
        f"{folder}/{data['rows']}" if data.get("rows") else "",
        found,
    )


def read_catalogue(root: Path) -> tuple[dict[str, Worksheet], list[tuple[Path, int, str]]]:
    """The worksheets every module declares in its worksheets.yml (course data, not toolkit code),
    and the problems found as (file, line, message)."""
    sheets: dict[str, Worksheet] = {}
    problems: list[tuple[Path, int, str]] = []
    for path in sorted((root / "modules").glob(f"*/{WORKSHEETS_FILE}")):
        try:
            node, found, _ = read_file(path, WORKSHEETS_FILE, lambda p, limit: read_bytes(p))
        except OSError:
            continue
        problems += [(path, p.line, p.message) for p in found]
        if node is None or not node.is_map:
            if node is not None:
                problems.append((path, node.line, f"{WORKSHEETS_FILE} must map worksheet names to their settings"))
            continue
        folder = path.parent.relative_to(root).as_posix()
        for name, entry in node.value.items():
            try:
                sheet = _worksheet(str(name), entry.plain(), folder)
                if sheet.definition:  # a scorecard: its definition must load
                    load_definition(root / sheet.definition, root)
            except (ValueError, TypeError) as exc:
                problems.append((path, node.key_lines.get(name, entry.line), str(exc)))
                continue
            if sheet.name in sheets:
                problems.append((path, node.key_lines.get(name, entry.line), f"worksheet '{name}' is declared twice; give it another name"))
                continue
            sheets[sheet.name] = sheet
    return sheets, problems


# The labels every scorecard definition gives (the worksheet shows no word of its own).
_TEXT_KEYS = (
    "storage",
    "fallback",
    "method",
    "answers",
    "progress",
    "incomplete",
    "result",
    "points_caption",
    "area",
    "points",
    "highest",
    "share",
    "total",
    "bands_caption",
    "band_range",
    "band",
    "next",
    "range",
    "score",
    "score_value",
    "weakest",
    "weakest_value",
    "answered",
    "answered_value",
    "updated",
    "clear",
    "confirm",
    "cleared",
)


def load_definition(path: Path, root: Path | None = None) -> dict[str, Any]:
    """A scorecard's definition, checked: a scale of points, areas of items with unique ids, bands
    from 0 upwards, and every label. Raises ValueError naming the file (from ``root``) and what to fix."""
    where = path.relative_to(root).as_posix() if root is not None and path.is_relative_to(root) else path.as_posix()
    try:
        text = read_text(path, "utf-8")
    except OSError:
        raise ValueError(
            f"{where}: the scorecard's definition file is missing; create it, or correct 'definition' in the module's worksheets.yml"
        ) from None
    return copy.deepcopy(_definition(where, text))  # (the caller may add to it)


@functools.lru_cache(maxsize=16)
def _definition(where: str, text: str) -> dict[str, Any]:
    """A definition's text parsed and checked once per version, not on every page that places a
    worksheet in every language (a build reads the catalogue for each such page)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}: not valid YAML ({exc})") from None

    def need(ok: object, what: str) -> None:
        if not ok:
            raise ValueError(f"{where}: {what}")

    need(isinstance(data, dict), "the file must be a mapping with scale, areas, bands and labels")
    scale, areas, bands, labels = (data.get(k) for k in ("scale", "areas", "bands", "labels"))
    need(
        isinstance(scale, list)
        and len(scale) >= 2
        and all(isinstance(s, dict) and type(s.get("points")) is int and isinstance(s.get("label"), str) for s in scale),
        "scale: give at least two answers, each with whole-number points and a label",
    )
    need(isinstance(areas, list) and areas, "areas: give at least one area")
    ids: list[str] = []
    for area in areas:
        need(
            isinstance(area, dict) and all(isinstance(area.get(k), str) and area.get(k) for k in ("id", "title", "action")),
            "every area needs an id, a title and an action",
        )
        items = area.get("items")
        need(isinstance(items, list) and items, f"area '{area['id']}': give at least one item")
        for item in items:
            need(
                isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("text"), str),
                f"area '{area['id']}': every item needs an id and a text",
            )
            ids.append(item["id"])
    twice = sorted({i for i in ids if ids.count(i) > 1})
    need(not twice, f"item ids must be unique; used twice: {', '.join(twice)}")
    need(
        isinstance(bands, list)
        and bands
        and all(
            isinstance(b, dict) and type(b.get("min")) is int and isinstance(b.get("name"), str) and isinstance(b.get("action"), str)
            for b in bands
        ),
        "bands: give at least one band, each with min (a whole percent), a name and an action",
    )
    mins = [b["min"] for b in bands]
    need(
        mins[0] == 0 and mins == sorted(set(mins)) and mins[-1] <= 100,
        f"bands: list them from min 0 upwards, each min higher than the last (found {mins})",
    )
    missing = [k for k in _TEXT_KEYS if not isinstance((labels or {}).get(k), str)]
    need(isinstance(labels, dict) and not missing, f"labels: missing {', '.join(missing)}")
    return {k: data[k] for k in ("scale", "areas", "bands", "labels", "note") if k in data}


TRANSLATED_KEYS = ("title", "intro")
"""What a translation of worksheets.yml (``worksheets.es.yml``) gives per worksheet; the rest stays worksheets.yml's."""


def read_translation(
    path: Path, english: dict[str, Worksheet], held: bool = True
) -> tuple[dict[str, dict[str, str]], list[tuple[Path, int, str]]]:
    """A translation of a module's worksheets.yml: ``{name: {"title": ..., "intro": ...}}`` for the
    worksheets of ``english``, and the problems found as (file, line, message); a name that is not
    English is a problem only when the translation is ``held`` to its English file (not outdated)."""
    problems: list[tuple[Path, int, str]] = []
    try:
        node, found, _ = read_file(path, path.name, lambda p, limit: read_bytes(p))
    except OSError:
        return {}, problems
    problems += [(path, p.line, p.message) for p in found]
    if node is None or not node.is_map:
        if node is not None:
            problems.append((path, node.line, f"{path.name} must map worksheet names to their title and intro"))
        return {}, problems
    out: dict[str, dict[str, str]] = {}
    for name, entry in node.value.items():
        line = node.key_lines.get(name, entry.line)
        if name == "source_commit":
            continue
        if name not in english:
            if not held:
                continue
            problems.append(
                (path, line, f"'{name}' is not a worksheet of {WORKSHEETS_FILE}; use its English name ({', '.join(english) or 'none'})")
            )
            continue
        data = entry.plain()
        if not isinstance(data, dict) or not all(k in TRANSLATED_KEYS and isinstance(v, str) for k, v in data.items()):
            problems.append(
                (
                    path,
                    line,
                    f"worksheet '{name}': a translation gives only its {' and '.join(TRANSLATED_KEYS)} as text; the rest stays in {WORKSHEETS_FILE}",
                )
            )
            continue
        out[str(name)] = {k: str(v) for k, v in data.items()}
    return out, problems


def catalogue(root: Path, lang: str = SOURCE) -> dict[str, Worksheet]:
    """The course's worksheets by name (see :func:`read_catalogue`), with their title and intro in
    ``lang`` where the module's ``worksheets.<lang>.yml`` gives them."""
    sheets = read_catalogue(root)[0]
    if lang == SOURCE:
        return sheets
    out = dict(sheets)
    for path in sorted((root / "modules").glob(f"*/{translation(Path(WORKSHEETS_FILE), lang).name}")):
        folder = path.parent.relative_to(root).as_posix()
        mine = {n: s for n, s in sheets.items() if s.definition.startswith(folder + "/") or s.notebook.startswith(folder + "/")}
        texts, _ = read_translation(path, mine)  # its problems are validation's (check_translations)
        for name, words in texts.items():
            out[name] = replace(out[name], title=words.get("title", out[name].title), intro=words.get("intro", out[name].intro))
    return out


def _shape(definition: dict[str, Any]) -> tuple[object, ...]:
    """What a translation of a scorecard keeps from the English one: points, ids, band thresholds, label keys."""
    return (
        [s["points"] for s in definition["scale"]],
        [(a["id"], [i["id"] for i in a["items"]]) for a in definition["areas"]],
        [b["min"] for b in definition["bands"]],
        sorted(definition["labels"]),
        "note" in definition,
    )


def translated_definition(path: Path, root: Path, lang: str) -> dict[str, Any] | None:
    """The ``lang`` translation of the scorecard definition at ``path`` (``data/x.es.yml``), when it
    exists, loads and keeps the English structure; else None (the worksheet shows the English)."""
    target = translation(path, lang)
    if lang == SOURCE or not target.is_file():
        return None
    try:
        found = load_definition(target, root)
        return found if _shape(found) == _shape(load_definition(path, root)) else None
    except ValueError:
        return None


def check_translations(
    root: Path, languages: tuple[str, ...], held: Callable[[Path], bool] = lambda path: True
) -> list[tuple[Path, int, str]]:
    """The problems of the worksheets' translations: names and keys of ``worksheets.<lang>.yml``,
    and scorecard definitions that must keep the English points, ids, thresholds and label keys.
    A translation that ``held`` says is not held to its English file (an outdated one: the English
    changed since) is checked as a file of its own only; its page shows the English meanwhile."""
    sheets, _ = read_catalogue(root)
    problems: list[tuple[Path, int, str]] = []
    for lang in languages[1:]:
        for path in sorted((root / "modules").glob(f"*/{translation(Path(WORKSHEETS_FILE), lang).name}")):
            folder = path.parent.relative_to(root).as_posix()
            mine = {n: s for n, s in sheets.items() if s.definition.startswith(folder + "/") or s.notebook.startswith(folder + "/")}
            problems += read_translation(path, mine, held(path))[1]
        for sheet in sheets.values():
            english = root / sheet.definition
            target = translation(english, lang)
            if not sheet.definition or not target.is_file():
                continue
            try:
                found = load_definition(target, root)
                english_shape = _shape(load_definition(english, root))
            except ValueError as exc:
                problems.append((target, 1, str(exc).removeprefix(f"{target.relative_to(root).as_posix()}: ")))
                continue
            if _shape(found) != english_shape and held(target):
                problems.append(
                    (
                        target,
                        1,
                        (
                            f"the translation must keep the English scale points, area and item ids (in the English order), band "
                            f"thresholds and label keys of {sheet.definition}; translate only the texts (until then the worksheet shows the English)"
                        ),
                    )
                )
    return problems


def placed(module: Module, project: Project) -> list[tuple[Worksheet, str]]:
    """The worksheets a module's pages place (``/// worksheet | name``), in page order, each with
    its address from the site root (``modules/<slug>/#worksheet-<name>``), as the parser records them."""
    found: list[tuple[Worksheet, str]] = []
    with reading(project.sources):
        sheets = catalogue(project.root)
    for path in module.pages:
        page = project.page(path) if path.suffix == ".md" else None
        folder = f"modules/{module.slug}/" + ("" if path.name == "index.md" else f"{path.stem}/")
        for block in page.info.blocks if page else []:
            sheet = sheets.get(block.argument) if block.name == "worksheet" else None
            if sheet is not None and all(s.name != sheet.name for s, _ in found):
                found.append((sheet, f"{folder}#worksheet-{sheet.name}"))
    return found


def notebook_constants(code: str, names: tuple[str, ...]) -> dict[str, Any]:
    """The literal values the code assigns to ``names`` (the first assignment of each)."""
    return copy.deepcopy(_constants(code, names))


@functools.lru_cache(maxsize=8)
def _constants(code: str, names: tuple[str, ...]) -> dict[str, Any]:
    """(Parsed once per version of the code: `course serve` renders the worksheet on every save of its page.)"""
    out: dict[str, Any] = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in names and name not in out:
                try:
                    out[name] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file as rows of strings; lines starting with '#' are comments (as in the notebooks)."""
    text = read_text(path, "utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), restval="")  # a short row's missing cells are empty
    return [{k: v for k, v in row.items() if k is not None} for row in reader]  # (validate names such rows: rule data-csv)


def wdi_values(path: Path, year: int, fallback_years: int) -> dict[str, float]:
    """``{country code: value}`` from a World Bank indicator CSV: the value for ``year`` or the
    latest of the ``fallback_years`` before it (the rule of the notebook's ``load_wdi_csv``)."""
    rows = list(csv.reader(io.StringIO(read_text(path, "utf-8-sig"))))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Country Name")
    header = rows[start]
    out: dict[str, float] = {}
    for row in rows[start + 1 :]:
        if len(row) < len(header) - 1:
            continue
        record = dict(zip(header, row, strict=False))
        for y in range(year, year - fallback_years - 1, -1):
            value = (record.get(str(y)) or "").strip()
            if value:
                out[record["Country Code"]] = float(value)
                break
    return out


def starting_data(sheet: Worksheet, root: Path, lang: str = SOURCE) -> dict[str, Any]:
    if sheet.definition:
        definition = translated_definition(root / sheet.definition, root, lang) or load_definition(root / sheet.definition, root)
        bands = definition["bands"]
        for i, band in enumerate(bands):  # each band's range in words, for the page and the worksheet
            top = bands[i + 1]["min"] - 1 if i + 1 < len(bands) else 100
            band["range"] = definition["labels"]["range"].replace("{min}", str(band["min"])).replace("{max}", str(top))
        return {"name": sheet.name, "definition": definition, "settings": {}, "rows": []}
    notebook = root / sheet.notebook
    code = code_of(notebook)
    settings = notebook_constants(code, sheet.constants)
    rows = read_rows(root / sheet.rows) if sheet.rows else []
    if sheet.indicator is not None:
        found = sheet.indicator
        values = wdi_values(root / found.file, found.year, found.fallback_years)
        for row in rows:
            value = values.get(row.get(found.key, ""))
            row[found.column] = "" if value is None else f"{value:g}"
    return {"name": sheet.name, "notebook": notebook.name, "settings": settings, "rows": rows}


def _payload(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def method(definition: dict[str, Any], lang: str = SOURCE) -> str:
    """The scorecard's "how the score is made" text, with its numbers from the definition:
    {max} (the highest possible points) and {thresholds} (where each band above the first starts,
    written as ``lang`` writes a percentage)."""
    top = max(s["points"] for s in definition["scale"])
    items = sum(len(a["items"]) for a in definition["areas"])
    thresholds = ", ".join(percent(b["min"], lang) for b in definition["bands"][1:])
    return str(definition["labels"]["method"]).replace("{max}", str(top * items)).replace("{thresholds}", thresholds)


def scorecard_html(sheet: Worksheet, definition: dict[str, Any], payload: str, lang: str = SOURCE) -> str:
    """A scorecard: its method (how the score is made) always; without JavaScript, its questions and bands to use on paper."""
    e = html.escape
    labels = definition["labels"]
    areas = "".join(
        f"<li>{e(area['title'])}<ol>" + "".join(f"<li>{e(item['text'])}</li>" for item in area["items"]) + "</ol></li>"
        for area in definition["areas"]
    )
    band_list = "".join(f"<li>{e(b['range'])}: <strong>{e(b['name'])}</strong>. {e(b['action'])}</li>" for b in definition["bands"])
    return (
        f'<h3 class="cq-worksheet__title" id="worksheet-{sheet.name}">{e(sheet.title)}</h3>'
        f"<p>{e(sheet.intro)} {e(labels['storage'])}</p>"
        f'<p class="cq-sc__method">{e(method(definition, lang))}</p>'
        f'<div class="cq-worksheet__fallback" data-cq-worksheet-fallback><p>{e(labels["fallback"])}</p>'
        f"<ol>{areas}</ol><p>{e(labels['bands_caption'])}</p><ul>{band_list}</ul></div>"
        f'<script type="application/json" data-cq-worksheet-data>{payload}</script>'
    )


def worksheet_html(sheet: Worksheet, data: dict[str, Any], lang: str = SOURCE) -> str:
    m = messages(lang)
    payload = _payload(data)
    if "definition" in data:
        return scorecard_html(sheet, data["definition"], payload, lang)
    notebook = Markup("<code>%s</code>") % data["notebook"]
    return (
        f'<h3 class="cq-worksheet__title" id="worksheet-{sheet.name}">{html.escape(sheet.title)}</h3>'
        f'<p>{html.escape(sheet.intro)} <span class="cq-web-only">{html.escape(m.t("worksheet.storage_note"))}</span></p>'
        f'<p class="cq-worksheet__fallback cq-web-only" data-cq-worksheet-fallback>{m.markup("worksheet.needs_js", notebook=notebook)}</p>'
        f'<script type="application/json" data-cq-worksheet-data>{payload}</script>'
    )
