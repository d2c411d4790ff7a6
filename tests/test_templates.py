"""Templates as a learner downloads them from the built site: every file opens in the library
that reads its format, holds the headings the page shows, and the spreadsheets' formulas
(evaluated with pycel, as a spreadsheet program would) give the figures of the notebooks and of
the module pages' worked examples."""

from __future__ import annotations

import html as htmllib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from coursekit.model.course import load_course
from coursekit.model.spreadsheets import declared
from coursekit.outputs import templates_docs, templates_xlsx
from coursekit.render.blocks.template import find

EXPECTED = {
    "02-diagnostics": {"member-survey": ["docx", "odt", "xlsx"], "readiness-scoring": ["docx", "odt", "xlsx"]},
    "03-choosing-markets": {"market-scoring": ["xlsx"]},
    "04-instruments": {"mission-checklist": ["docx", "odt"]},
    "06-alliances": {"mou-checklist": ["docx", "odt"]},
    "09-measuring-results": {"results-tracker": ["xlsx"]},
    "10-capstone": {"strategy-template": ["docx", "odt"]},
}

# The numbers of the module 02 spreadsheets, as the course declares them (modules/02-diagnostics/spreadsheets.yml).
SHEETS = declared(ROOT)[0]
READINESS = {k: int(str(v)) for k, v in SHEETS["readiness-scoring"].settings.items() if isinstance(v, int)}
MEMBER_MIN = int(str(SHEETS["member-survey"].settings["member_minimum"]))


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def odt_text(data: bytes) -> str:
    from odf import teletype  # type: ignore[import-untyped]
    from odf.opendocument import load  # type: ignore[import-untyped]
    from odf.text import H, P  # type: ignore[import-untyped]

    doc = load(io.BytesIO(data))
    return "\n".join(teletype.extractText(e) for kind in (H, P) for e in doc.getElementsByType(kind))


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str))


READERS = {"docx": docx_text, "odt": odt_text, "xlsx": xlsx_text}


def page_headings(page_html: str, template_id: str, tables_only: bool = False) -> list[str]:
    """What the page shows as the template's headings: headings, table cells, bold lead-ins of list
    items and the numbered section titles of a text outline (only table cells for a spreadsheet)."""
    links = page_html.find(f"templates/{template_id}.")
    start = page_html.rfind('<div class="cq-template">', 0, links)
    block = page_html[start:links]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", block, re.DOTALL)
    if tables_only:
        found = cells
    else:
        found = re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", block, re.DOTALL) + cells
        found += re.findall(r"<li>\s*(?:<p>)?<strong>(.*?)</strong>", block, re.DOTALL)
    for code in re.findall(r"<code[^>]*>(.*?)</code>", block, re.DOTALL):
        text = re.sub(r"<[^>]+>", "", code)
        found += [line.strip() for line in htmllib.unescape(text).splitlines() if re.match(r"^\s*\d+\.\s+[A-Z ]+$", line)]
    cleaned = [htmllib.unescape(re.sub(r"<[^>]+>", "", f)).replace("¶", "").strip().rstrip(".:") for f in found]
    return [c for c in cleaned if c and c != "#"]


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_every_template_opens_and_holds_the_page_headings(real_site: Path, slug: str) -> None:
    page = (real_site / "modules" / slug / "index.html").read_text(encoding="utf-8")
    for template_id, formats in EXPECTED[slug].items():
        assert "Download the template" in page
        for fmt in formats:
            href = f'href="templates/{template_id}.{fmt}"'
            assert href in page, f"{slug}: no link {href}"
            text = READERS[fmt]((real_site / "modules" / slug / "templates" / f"{template_id}.{fmt}").read_bytes())
            headings = page_headings(page, template_id, tables_only=fmt == "xlsx")
            if template_id not in ("market-scoring", "results-tracker"):  # these two pages show only the links
                assert len(headings) >= 4, f"{template_id}: too few headings found on the page: {headings}"
            for heading in headings:
                assert heading in text, f"{template_id}.{fmt} lacks the page's text {heading!r}"


def test_every_template_block_in_the_course_makes_its_files(real_site: Path) -> None:
    course = load_course(ROOT)
    made = {t.id: t.formats for m in course.modules for t in find(m)}
    assert made == {k: v for d in EXPECTED.values() for k, v in d.items()}
    for module in course.modules:
        for template in find(module):
            for fmt in template.formats:
                assert (real_site / template.uri(fmt)).is_file()


def _compile(data: bytes, tmp_path: Path, name: str, values: dict[str, Any] | None = None) -> Any:
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]
    from pycel import ExcelCompiler  # type: ignore[import-untyped]

    path = tmp_path / name
    book = load_workbook(io.BytesIO(data))
    for ref, value in (values or {}).items():
        sheet, cell = ref.split("!")
        book[sheet][cell] = value
    book.save(path)
    return ExcelCompiler(filename=str(path))


def _cached(data: bytes):  # type: ignore[no-untyped-def]
    """What a viewer that does not recalculate shows: the value stored with each cell, as ``get("Sheet!A1")``."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)

    def get(ref: str) -> Any:
        sheet, cell = ref.split("!")
        return book[sheet][cell].value

    return get


XLSX = [f"modules/{m}/templates/{t}.xlsx" for m, d in EXPECTED.items() for t, formats in d.items() if "xlsx" in formats]


@pytest.mark.parametrize("uri", XLSX)
def test_every_formula_cell_stores_its_value_for_viewers_that_do_not_recalculate(real_site: Path, tmp_path: Path, uri: str) -> None:
    """Each formula cell of the downloaded file carries the value a spreadsheet program computes on
    the template's own data (here: pycel on a copy without the stored values), with its type; no
    result cell is empty unless its formula gives an empty text."""
    from openpyxl import load_workbook

    data = (real_site / uri).read_bytes()
    formulas = load_workbook(io.BytesIO(data))
    stored = load_workbook(io.BytesIO(data), data_only=True)
    bare = tmp_path / "bare.xlsx"
    formulas.save(bare)  # openpyxl writes the formulas without values: a spreadsheet program must compute them
    x = _compile(bare.read_bytes(), tmp_path, "recalculated.xlsx")
    cells = [(s.title, c.coordinate) for s in formulas.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert cells
    wrong = {}
    for title, ref in cells:
        want, have = x.evaluate(f"{title}!{ref}"), stored[title][ref].value
        if want == "" and have in ("", None):
            continue
        if isinstance(want, float) and isinstance(have, (int, float)) and have == pytest.approx(want, rel=1e-12):
            continue
        if have != want or type(have) is not type(want) and not {type(have), type(want)} <= {int, float}:
            wrong[f"{title}!{ref}"] = (have, want)
    assert wrong == {}
    assert sum(stored[t][r].value not in ("", None) for t, r in cells) > len(cells) // 10


def test_readiness_sheet_applies_the_page_decision_rule(real_site: Path, tmp_path: Path) -> None:
    page = (ROOT / "modules" / "02-diagnostics" / "index.md").read_text(encoding="utf-8")
    # The thresholds in the formulas are the ones the page states.
    declared_sheet = SHEETS["readiness-scoring"].settings
    names, codes = declared_sheet["dimensions"], declared_sheet["blocking"]
    assert isinstance(names, dict) and isinstance(codes, list)
    blocking = " or ".join(f"**{names[code]}**" for code in codes)  # the blocking dimensions, as the page names them
    assert f"If {blocking} totals **{READINESS['blocker_max']} or less**" in page
    assert f"**0 to {READINESS['build_max']}: Build the base.**" in page
    assert f"**{READINESS['build_max'] + 1} to {READINESS['pilot_max']}: Pilot.**" in page
    data = (real_site / "modules" / "02-diagnostics" / "templates" / "readiness-scoring.xlsx").read_bytes()
    # The page's worked example, Cluster A: C 2 1 2, R 1 2 3, M 3 2 1, E 1 2 0 -> total 20, Pilot, borrow experience.
    cluster_a = [2, 1, 2, 1, 2, 3, 3, 2, 1, 1, 2, 0]
    cases = [
        (cluster_a, 20, "Pilot", True),
        ([2, 3, 2, 1, 2, 3, 3, 2, 1, 1, 2, 0], 22, "Pilot", True),  # the model answer's variation: C2 = 3
        ([3, 3, 3, 3, 3, 3, 1, 1, 1, 3, 3, 3], 30, "Build the base", False),  # Motivation 3 blocks a total of 30
        ([3] * 12, 36, "Go to choice", False),
        ([1] * 12, 12, "Build the base", True),
    ]
    for n, (scores, total, decision, adjust) in enumerate(cases):
        values: dict[str, Any] = {f"Self-assessment!D{5 + i}": v for i, v in enumerate(scores)}
        values["Self-assessment!D28"] = MEMBER_MIN - 1 + n % 2  # members who give time and pay
        x = _compile(data, tmp_path, f"readiness-{total}.xlsx", values)
        labels = {x.evaluate(f"Self-assessment!A{r}"): f"Self-assessment!D{r}" for r in range(18, 31)}
        assert x.evaluate(labels["Total (0-36)"]) == total
        assert x.evaluate(labels["Decision"]) == decision
        assert (x.evaluate(labels["Adjustment"]) != "None needed") is adjust
        assert x.evaluate(labels[f"Member-interest minimum ({MEMBER_MIN})"]).startswith("met" if n % 2 else "not met")
    # The template as downloaded, in a viewer that does not recalculate: nothing scored yet.
    shown = _cached(data)
    labels = {shown(f"Self-assessment!A{r}"): f"Self-assessment!D{r}" for r in range(18, 31)}
    assert shown(labels["Total (0-36)"]) == 0 and shown(labels["Statements scored"]) == 0
    assert shown(labels["Decision"]) == "Score all 12 statements first"
    assert shown(labels[f"Member-interest minimum ({MEMBER_MIN})"]) == "Enter the member count"
    x = _compile(data, tmp_path, "readiness-empty.xlsx", {"Self-assessment!D5": 2})
    labels = {x.evaluate(f"Self-assessment!A{r}"): f"Self-assessment!D{r}" for r in range(18, 28)}
    assert x.evaluate(labels["Decision"]).startswith("Score all 12 statements")


NOTEBOOK_PROBE = r"""
import json as _json
_res = {}
if "ranking_a" in dir():
    _res["A"] = [[r.market, int(r.Index), float(r.score)] for r in ranking_a.itertuples()]
    _res["B"] = [[r.market, int(r.Index), float(r.score)] for r in ranking_b.itertuples()]
    _res["removed"] = [[m, r] for m, r in zip(removed["market"], removed["reason"])]
    _res["robust"] = sorted(top_a & top_b)
else:
    _res["ind"] = {k: v for k, v in ind.items()}
    _res["report"] = [[str(v) for v in row] for row in funder_report.itertuples(index=False)]
print("@@RESULT@@" + _json.dumps(_res))
"""


def _notebook_figures(notebook: Path, tmp_path: Path) -> dict[str, Any]:
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path / notebook.stem
    shutil.copytree(notebook.parent / "data", work / "data")
    nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    nb.cells.append(nbformat.v4.new_code_cell(NOTEBOOK_PROBE))  # type: ignore[no-untyped-call]
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return dict(json.loads(text.split("@@RESULT@@", 1)[1].splitlines()[0]))


@pytest.mark.notebooks
def test_market_scoring_sheet_gives_the_notebook_ranking(real_site: Path, tmp_path: Path) -> None:
    expected = _notebook_figures(ROOT / "modules" / "03-choosing-markets" / "screening.ipynb", tmp_path)
    data = (real_site / "modules" / "03-choosing-markets" / "templates" / "market-scoring.xlsx").read_bytes()
    # Recalculated by a spreadsheet program, and as stored in the file for viewers that do not recalculate.
    for get in (_compile(data, tmp_path, "market-scoring.xlsx").evaluate, _cached(data)):
        header = [get(f"Markets!{chr(65 + i)}1") for i in range(20)]
        col = {name: chr(65 + i) for i, name in enumerate(header) if name}
        rows = {}
        for r in range(2, 2 + templates_xlsx.ROWS):
            market = get(f"Markets!A{r}")
            if market:
                rows[market] = {k: get(f"Markets!{c}{r}") for k, c in col.items()}
        for which in ("A", "B"):
            for market, rank, score in expected[which]:
                assert rows[market][f"rank_{which}"] == rank, (which, market)
                assert rows[market][f"score_{which}"] == pytest.approx(score, abs=1e-9), (which, market)
        assert {m: r["knocked_out"] for m, r in rows.items() if r["knocked_out"]} == dict(expected["removed"])
        assert sorted(m for m, r in rows.items() if r["robust"] == "robust") == expected["robust"]


@pytest.mark.notebooks
def test_results_tracker_sheet_gives_the_notebook_indicators(real_site: Path, tmp_path: Path) -> None:
    expected = _notebook_figures(ROOT / "modules" / "09-measuring-results" / "results-tracker.ipynb", tmp_path)
    data = (real_site / "modules" / "09-measuring-results" / "templates" / "results-tracker.xlsx").read_bytes()
    ind = expected["ind"]
    names = {
        "SMEs on the mission": "smes",
        "B2B meetings": "meetings",
        "Qualified leads (week 1)": "qualified_leads",
        "Leads active at 3 months": "active_3m",
        "Leads active at 6 months": "active_6m",
        "Leads active at 12 months": "active_12m",
        "Deals within 12 months": "deals_12m",
        "SMEs with at least one deal": "smes_with_deal",
        "Lead rate (leads / meetings)": "lead_rate",
        "Lead retention at 12 months": "retention_12m",
        "Deal rate (deals / leads)": "deal_rate",
        "Cost per meeting": "cost_per_meeting",
        "Cost per qualified lead": "cost_per_lead",
        "Cost per deal": "cost_per_deal",
        "Deal value reported by SMEs": "deal_value_eur",
    }
    # Recalculated by a spreadsheet program, and as stored in the file for viewers that do not recalculate.
    for get in (_compile(data, tmp_path, "results-tracker.xlsx").evaluate, _cached(data)):
        values = {get(f"Indicators!A{r}"): get(f"Indicators!B{r}") for r in range(12, 27)}
        for label, key in names.items():
            assert values[label] == pytest.approx(ind[key], rel=1e-12), label
        statuses = {get(f"Indicators!B{r}"): get(f"Indicators!E{r}") for r in range(29, 39)}
        for row in expected["report"]:
            assert (statuses[row[1]] or "") == row[4], row[1]


def test_validate_names_bad_template_and_worksheet_blocks(course_dir: Path) -> None:
    from conftest import run_course

    page = next((course_dir / "modules").glob("*/index.md"))
    lines = page.read_text(encoding="utf-8").count("\n")
    with page.open("a", encoding="utf-8") as f:
        f.write("\n/// worksheet | market-scorer\n///\n\n/// template | checklist\n    formats: docx pdf\n\n- one\n")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    rel = page.relative_to(course_dir).as_posix()
    assert (
        f"{rel}:{lines + 2}: error: unknown worksheet 'market-scorer'; use one of: none yet (each module declares its worksheets in its worksheets.yml)"
        in result.stdout
    )
    assert f"{rel}:{lines + 5}: error: template 'checklist': unknown format(s) pdf" in result.stdout
    assert f"{rel}:{lines + 5}: error: template 'checklist' is not closed" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_member_survey_sheet_counts_the_answers(real_site: Path, tmp_path: Path) -> None:
    import random

    page = (ROOT / "modules" / "02-diagnostics" / "index.md").read_text(encoding="utf-8")
    assert f"**at least {['zero', 'one', 'two', 'three', 'four', 'five', 'six'][MEMBER_MIN]}** members" in page
    course = load_course(ROOT)
    module = course.module("02-diagnostics")
    assert module is not None
    template = next(t for t in find(module) if t.id == "member-survey")
    table = next(n.rows for n in templates_docs.parse(template.markdown) if n.kind == "table")
    kinds = templates_xlsx.answer_kinds(SHEETS["member-survey"].settings)
    questions = [(row[0], templates_xlsx._options(row[2], kinds), row[3]) for row in table[1:]]
    rng = random.Random(2)
    answers: list[dict[str, Any]] = []
    for _ in range(30):
        member: dict[str, Any] = {}
        for num, (kind, options), _dim in questions:
            if rng.random() < 0.15:
                continue  # a skipped question
            if kind == "choose":
                member[num] = rng.choice(options)
            elif kind == "select":
                member[num] = "; ".join(rng.sample(options, rng.randint(1, min(3, len(options)))))
            elif kind == "scale":
                member[num] = rng.randint(1, 5)
            else:
                member[num] = "some text"
        answers.append(member)
    values = {}
    for r, member in enumerate(answers, 2):
        values[f"Responses!A{r}"] = f"Member {r - 1}"
        for c, (num, _, _) in enumerate(questions, 2):
            if num in member:
                values[f"Responses!{chr(64 + c) if c <= 26 else 'A' + chr(64 + c - 26)}{r}"] = member[num]
    data = (real_site / "modules" / "02-diagnostics" / "templates" / "member-survey.xlsx").read_bytes()
    x = _compile(data, tmp_path, "survey.xlsx", values)
    summary = {}
    current = ""
    for r in range(4, 200):
        label = x.evaluate(f"Summary!A{r}")
        if isinstance(label, str) and re.match(r"^Q\d+\. ", label):
            current = label.split(".")[0][1:]
        elif label:
            summary[(current, label)] = x.evaluate(f"Summary!B{r}")
    for num, (kind, options), _dim in questions:
        given = [m[num] for m in answers if num in m]
        assert summary[(num, "Members who answered")] == len(given), num
        for option in options:
            expected = sum(1 for g in given if (option.lower() in g.lower() if kind == "select" else g == option))
            assert summary[(num, option)] == expected, (num, option)
        if kind == "scale":
            assert summary[(num, "Average (1 to 5)")] == pytest.approx(sum(given) / len(given))
            assert summary[(num, "Rated 4 or 5")] == sum(1 for g in given if g >= 4)
    resources = [(num, opts) for num, (kind, opts), dim in questions if dim == "Resources" and kind == "choose"]
    (q_time, time_opts), (q_pay, pay_opts) = resources[:2]
    willing = sum(1 for m in answers if m.get(q_time) in time_opts[1:] and m.get(q_pay) in pay_opts[1:])
    found = {label: value for (_, label), value in summary.items() if label.startswith("Members who will give time")}
    assert list(found.values()) == [willing]
    minimum = next(v for (_, label), v in summary.items() if label.startswith("Member-interest minimum"))
    assert minimum == ("yes" if willing >= MEMBER_MIN else "no")


READINESS_BLOCK = """
/// template | self-check
    title: Self-check
    formats: xlsx

| Code | Statement |
| --- | --- |
| A1 | We have a plan. |
| B1 | We have a budget. |
///
"""


def test_a_spreadsheet_layout_and_its_numbers_come_from_the_course(course_dir: Path) -> None:
    """The toolkit knows layouts, not this course's templates: a course declares which template gets
    which layout, and with what numbers, in a module's spreadsheets.yml."""
    from coursekit.model.course import load_course

    page = course_dir / "modules" / "01-alpha" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + READINESS_BLOCK, encoding="utf-8")
    module = load_course(course_dir).module("01-alpha")
    assert module is not None
    template = next(t for t in find(module) if t.id == "self-check")
    nodes = templates_docs.parse(template.markdown)
    assert "Decision" not in xlsx_text(templates_xlsx.build(template, nodes, course_dir))  # undeclared: plain tables
    (page.parent / "spreadsheets.yml").write_text(
        "self-check:\n  layout: readiness\n  dimensions: {A: Ambition, B: Budget}\n  blocking: [B]\n  careful: [A]\n"
        "  blocker_max: 1\n  build_max: 2\n  pilot_max: 4\n  member_minimum: 7\n",
        encoding="utf-8",
    )
    text = xlsx_text(templates_xlsx.build(template, nodes, course_dir))
    assert "Blocker: Budget at 1 or less" in text and "Member-interest minimum (7)" in text and "Ambition subtotal (0-9)" in text


def test_validate_names_a_bad_spreadsheet_declaration(course_dir: Path) -> None:
    from conftest import run_course

    page = course_dir / "modules" / "01-alpha" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + READINESS_BLOCK, encoding="utf-8")
    declared_file = page.parent / "spreadsheets.yml"
    declared_file.write_text(
        "# spreadsheets\n"
        "self-check:\n  layout: readines\n"  # line 2: a misspelt layout
        "tracker-sheet:\n  layout: tracker\n  worksheet: no-such-sheet\n"  # line 4: no template, no worksheet
        "survey-sheet:\n  layout: survey\n  member_minimum: five\n",  # line 7: not a number
        encoding="utf-8",
    )
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    rel = "modules/01-alpha/spreadsheets.yml"
    out = result.stdout
    assert f"{rel}:2: error: 'self-check': unknown layout 'readines' (did you mean 'readiness'?); use one of: survey, readiness" in out
    assert f"{rel}:4: error: 'tracker-sheet' is not the id of a `/// template | tracker-sheet` block in a module page" in out
    assert f"{rel}:4: error: 'tracker-sheet': no worksheet 'no-such-sheet'" in out
    assert f"{rel}:7: error: 'survey-sheet': 'member_minimum' must be a whole number, not 'five'" in out
    assert "Traceback" not in out + result.stderr


def test_every_declared_layout_has_its_maker() -> None:
    from coursekit.model.spreadsheets import LAYOUTS, WORKSHEET_CONSTANTS

    assert set(templates_xlsx.MAKERS) == set(LAYOUTS)
    assert set(WORKSHEET_CONSTANTS) <= {name for name, settings in LAYOUTS.items() if "worksheet" in settings}
