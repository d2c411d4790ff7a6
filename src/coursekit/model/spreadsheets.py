"""The course's spreadsheets with formulas: which ``/// template | ID`` block gets a spreadsheet
(.xlsx) with its own layout and formulas, and the numbers those formulas use. Course data, declared
in each module's ``spreadsheets.yml`` (next to its worksheets.yml), not toolkit code::

    self-check:               # the id of a template block of this module's page
      layout: readiness       # one of LAYOUTS (made by coursekit.outputs.templates_xlsx)
      blocker_max: 3          # the settings that layout needs

Any other template with ``xlsx`` in its formats gets its tables as plain sheets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.model.course import MODULES_DIR
from coursekit.model.reading import read_bytes
from coursekit.model.yamlsafe import read_file, suggest

SPREADSHEETS_FILE = "spreadsheets.yml"

LAYOUTS: dict[str, dict[str, type]] = {
    "survey": {"member_minimum": int, "answer_types": dict},
    "readiness": {
        "dimensions": dict,
        "blocking": list,
        "careful": list,
        "blocker_max": int,
        "build_max": int,
        "pilot_max": int,
        "member_minimum": int,
    },
    "screening": {"worksheet": str},
    "tracker": {"worksheet": str},
}
"""Each layout the toolkit can make, with the settings (and their types) a declaration gives it:

* ``survey``: the page's survey table as a responses sheet and a summary (counts, shares, the
  motivation scale, the members who will give time and pay against ``member_minimum``);
  ``answer_types`` gives the words an answer type of the table starts with, for each kind that gets
  a drop-down or counts (``choose``: one option, ``select``: several, ``scale``: 1 to 5);
* ``readiness``: the page's statements (``Code | Statement``; a code's first letter names its
  dimension in ``dimensions``) scored 0 to 3; subtotals, total, the decision rule (a total up to
  ``build_max``: build the base; up to ``pilot_max``: pilot; above: go to choice), a blocker when a
  ``blocking`` dimension scores ``blocker_max`` or less, a careful start when a ``careful`` one
  does, and the member-interest minimum;
* ``screening``: a market screening worksheet's method (``worksheet``: its name in worksheets.yml):
  knock-out, need score, weighted scores and ranks under two weightings, robust markets;
* ``tracker``: a results tracker worksheet's indicators and funder report."""

WORKSHEET_CONSTANTS: dict[str, tuple[str, ...]] = {
    "screening": ("MIN_MEMBERS", "SHORTLIST", "CRITERIA", "weights_a", "weights_b"),
    "tracker": ("MISSION_BUDGET_EUR", "TARGETS"),
}
"""The constants a layout reads from its worksheet's notebook (the worksheet's ``constants`` in worksheets.yml)."""

ANSWER_KINDS = ("choose", "select", "scale")

PROBLEM = tuple[Path, int, str]


@dataclass(frozen=True)
class Spreadsheet:
    id: str  # the template block's id
    layout: str
    settings: dict[str, object]
    path: Path  # the spreadsheets.yml that declares it
    line: int


def _entry(name: str, entry: object) -> Spreadsheet | str:
    """The declaration, or what is wrong with it and how to fix it."""
    if not isinstance(entry, dict):
        return f"'{name}' needs settings: a layout ({', '.join(LAYOUTS)}) and the settings of that layout"
    layout = entry.get("layout")
    if layout not in LAYOUTS:
        return f"'{name}': unknown layout '{layout}'{suggest(str(layout), tuple(LAYOUTS))}; use one of: {', '.join(LAYOUTS)}"
    wanted = LAYOUTS[str(layout)]
    unknown = sorted(set(entry) - set(wanted) - {"layout"})
    if unknown:
        hint = suggest(unknown[0], tuple(wanted))
        return f"'{name}': unknown setting(s) {', '.join(unknown)}{hint} for layout {layout}; it takes: {', '.join(wanted)}"
    for key, kind in wanted.items():
        value = entry.get(key)
        if value is None:
            return f"'{name}': layout {layout} needs '{key}' ({kind.__name__})"
        if type(value) is not kind:
            return f"'{name}': '{key}' must be {'a whole number' if kind is int else 'a ' + kind.__name__}, not {value!r}"
    kinds = entry.get("answer_types")
    if isinstance(kinds, dict):
        wrong = [
            str(k) for k, v in kinds.items() if k not in ANSWER_KINDS or not isinstance(v, list) or not all(isinstance(w, str) for w in v)
        ]
        if wrong:
            return (
                f"'{name}': 'answer_types' maps {', '.join(ANSWER_KINDS)} to the words an answer type starts with, "
                f'e.g. choose: ["One:"]; check {", ".join(wrong)}{suggest(wrong[0], ANSWER_KINDS)}'
            )
    dimensions = entry.get("dimensions")
    if isinstance(dimensions, dict):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in dimensions.items()):
            return f"'{name}': 'dimensions' maps each code letter to its name, e.g. C: Capabilities"
        for key in ("blocking", "careful"):
            unknown = [str(c) for c in entry[key] if c not in dimensions]
            if unknown:
                return f"'{name}': '{key}' names {', '.join(unknown)}, not a code of 'dimensions'; use: {', '.join(dimensions)}"
    return Spreadsheet(name, str(layout), {k: entry[k] for k in wanted}, Path(), 0)


def declared(root: Path) -> tuple[dict[str, Spreadsheet], list[PROBLEM]]:
    """The spreadsheets every module declares in its spreadsheets.yml, and the problems found as
    (file, line, message). Read through coursekit.model.reading (so an output made from them is
    made again when the file changes)."""
    sheets: dict[str, Spreadsheet] = {}
    problems: list[PROBLEM] = []
    for path in sorted((root / MODULES_DIR).glob(f"*/{SPREADSHEETS_FILE}")):
        node, found, _ = read_file(path, SPREADSHEETS_FILE, lambda p, limit: read_bytes(p))
        problems += [(path, p.line, p.message) for p in found]
        if node is None or not node.is_map:
            if node is not None:
                problems.append((path, node.line, f"{SPREADSHEETS_FILE} must map template ids to a layout and its settings"))
            continue
        for name, value in node.value.items():
            line = node.key_lines.get(name, value.line)
            made = _entry(str(name), value.plain())
            if isinstance(made, str):
                problems.append((path, line, made))
            elif made.id in sheets:
                problems.append((path, line, f"spreadsheet '{name}' is declared twice; declare each template id once"))
            else:
                sheets[made.id] = Spreadsheet(made.id, made.layout, made.settings, path, line)
    return sheets, problems
