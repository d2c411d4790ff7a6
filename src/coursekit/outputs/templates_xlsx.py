"""Spreadsheet templates (.xlsx) with working formulas, made at build time with openpyxl.

Which template gets which layout, and the numbers its formulas use (thresholds, the worksheet whose
data it starts with), is course data: each module's spreadsheets.yml (coursekit.model.spreadsheets,
where the layouts are listed). This module makes each layout:

* ``survey``: the page's survey questions as a responses sheet (one row per member, drop-down
  answers) and a summary: counts and shares per option, the motivation scale, and the members who
  will give time and pay (against the member-interest minimum).
* ``readiness``: the page's statements, scored 0 to 3; subtotals per dimension, total, the
  blockers and the decision rule (the declaration's thresholds).
* ``screening``: a market screening worksheet's method: knock-out reason, need score, weighted
  score and rank under two weightings, short lists and robust markets. It starts with the
  notebook's illustrative data and weights (read from the notebook, as the worksheet does).
* ``tracker``: a results tracker worksheet's indicators and funder report, with the notebook's
  illustrative mission, budget and targets.

Every formula cell also stores the value it gives on the template's own data (computed with pycel
from the formulas themselves), so a viewer that does not recalculate shows the results too.
Any other template with ``xlsx`` in its formats gets its tables as plain sheets. Ranks break ties
by row order; sort rows by name to match the notebook, which breaks ties by market name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from coursekit.model import spreadsheets
from coursekit.outputs.templates_docs import NOTE, Node
from coursekit.render.blocks.template import Template
from coursekit.render.worksheets import catalogue, starting_data

ROWS = 40  # rows ready for markets or SMEs


def _book() -> Any:
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

    book = Workbook()
    book.properties.creator = "Strategic Internationalisation for Clusters"
    return book


FORMULA_STARTS = ("=", "+", "-", "@")


def text_cell(cell: Any, value: object) -> Any:
    """Put a value from the course's content or data in ``cell``: text that starts like a formula
    (=, +, -, @) stays text, never a formula (the template's own formulas are written apart)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def _bold_header(sheet: Any, row: int, values: list[str]) -> None:
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped,unused-ignore]

    for col, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3F7")


def _widths(sheet: Any, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def _save(book: Any) -> bytes:
    """The workbook as .xlsx bytes, every formula cell with its value on the template's own data."""
    out = io.BytesIO()
    book.save(out)
    return with_cached_values(out.getvalue(), computed_values(book))


def computed_values(book: Any) -> dict[str, dict[str, object]]:
    """{sheet title: {cell: value}} for every formula cell, evaluated with pycel as a spreadsheet
    program would, so that a viewer that does not recalculate shows the results too (the formulas
    stay the only place where a rule is written)."""
    from pycel import ExcelCompiler  # type: ignore[import-untyped,unused-ignore]

    cells = [(sheet.title, c.coordinate) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    if not cells:
        return {}
    compiler = ExcelCompiler(excel=book)
    values: dict[str, dict[str, object]] = {}
    for title, ref in cells:
        try:
            value = compiler.evaluate(f"{title}!{ref}")
        except Exception:  # noqa: BLE001  # pycel cannot compute it (e.g. it reads a text cell that starts with "=")
            value = None  # the cell keeps its formula with no stored result; a spreadsheet program computes it
        if value is not None:
            values.setdefault(title, {})[ref] = value
    return values


ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: [a-z]+="[^"]*")*)><f>(.*?)</f>(?:<v\s*/>|<v>[^<]*</v>)?</c>', re.DOTALL)
_TYPE_ATTR = re.compile(r' t="[^"]*"')


def _cached(value: object) -> tuple[str, str]:
    """The cell type attribute and the <v> text for a computed value."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, (int, float)):
        return "", repr(float(value)) if isinstance(value, float) and not value.is_integer() else str(int(value))
    text = "" if value is None else str(value)
    return (' t="e"' if text in ERRORS else ' t="str"'), xml_escape(text)


def with_cached_values(data: bytes, values: dict[str, dict[str, object]]) -> bytes:
    """The .xlsx ``data`` with ``values`` written as the cached results of its formula cells
    (openpyxl writes formulas with empty results)."""
    if not values:
        return data
    import posixpath
    import xml.etree.ElementTree as ET
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    workbook = ET.fromstring(source.read("xl/workbook.xml"))
    rels = ET.fromstring(source.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    paths = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")]
        paths[target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))] = sheet.get("name", "")

    def fill(sheet_values: dict[str, object]) -> Any:
        def one(m: re.Match[str]) -> str:
            ref, attrs, formula = m.groups()
            if ref not in sheet_values:
                return m.group(0)
            kind, text = _cached(sheet_values[ref])
            attrs = _TYPE_ATTR.sub("", attrs)
            return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{text}</v></c>'

        return one

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info in source.infolist():
            content = source.read(info.filename)
            title = paths.get(info.filename)
            if title in values:
                content = _FORMULA_CELL.sub(fill(values[title]), content.decode("utf-8")).encode("utf-8")
            target_zip.writestr(info, content)
    return out.getvalue()


def _input_fill() -> Any:
    from openpyxl.styles import PatternFill  # type: ignore[import-untyped,unused-ignore]

    return PatternFill("solid", fgColor="FFF5CC")


def readiness(template: Template, nodes: list[Node], root: Path, settings: Settings) -> bytes:
    dimensions = {str(k): str(v) for k, v in _mapping(settings["dimensions"]).items()}
    blocker_max, build_max, pilot_max = (_number(settings[k]) for k in ("blocker_max", "build_max", "pilot_max"))
    member_min = _number(settings["member_minimum"])
    blocking = [dimensions[c] for c in _codes(settings["blocking"])]
    careful = [dimensions[c] for c in _codes(settings["careful"])]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped,unused-ignore]

    statements = next((n.rows[1:] for n in nodes if n.kind == "table" and n.rows and n.rows[0][:2] == ["Code", "Statement"]), [])
    if not statements:
        raise ValueError("the readiness template needs a table whose header starts with 'Code | Statement'")
    book = _book()
    sheet = book.active
    sheet.title = "Self-assessment"
    sheet["A1"] = template.title
    sheet["A2"] = "Score each statement 0 (no), 1 (partly), 2 (mostly) or 3 (yes), with one line of evidence. " + NOTE
    _bold_header(sheet, 4, ["Code", "Statement", "Dimension", "Score (0-3)", "Evidence"])
    first = 5
    for i, row in enumerate(statements):
        r = first + i
        code = row[0]
        text_cell(sheet.cell(row=r, column=1), code)
        text_cell(sheet.cell(row=r, column=2), row[1])
        sheet.cell(row=r, column=3, value=dimensions.get(code[:1].upper(), ""))
        sheet.cell(row=r, column=4).fill = _input_fill()
        sheet.cell(row=r, column=5).fill = _input_fill()
    last = first + len(statements) - 1
    scores = f"$D${first}:$D${last}"
    dims = f"$C${first}:$C${last}"
    valid = DataValidation(
        type="whole", operator="between", formula1="0", formula2="3", allow_blank=True, error="Score 0, 1, 2 or 3.", errorTitle="Score"
    )
    sheet.add_data_validation(valid)
    valid.add(f"D{first}:D{last}")
    r = last + 2
    _bold_header(sheet, r, ["Result", "", "", "Value"])
    # The result rows in order: (key, label); a row without a formula below is an input cell.
    results = [
        *((name, f"{name} subtotal (0-9)") for name in dimensions.values()),
        ("total", "Total (0-36)"),
        ("counted", "Statements scored"),
        ("blocker", f"Blocker: {' or '.join(blocking)} at {blocker_max} or less"),
        ("decision", "Decision"),
        ("adjustment", "Adjustment"),
        ("members", "Members who will give time and pay part of the cost (from the member survey sheet)"),
        ("member-minimum", f"Member-interest minimum ({member_min})"),
    ]
    cells = {key: f"D{r + n}" for n, (key, _) in enumerate(results, 1)}
    formulas = {
        **{name: f'=SUMIF({dims},"{name}",{scores})' for name in dimensions.values()},
        "total": f"=SUM({scores})",
        "counted": f"=COUNT({scores})",
        "blocker": f'=IF(OR({",".join(f"{cells[d]}<={blocker_max}" for d in blocking)}),"yes","no")',
        "decision": (
            f'=IF({cells["counted"]}<{len(statements)},"Score all {len(statements)} statements first",'
            f'IF({cells["blocker"]}="yes","Build the base",IF({cells["total"]}<={build_max},"Build the base",'
            f'IF({cells["total"]}<={pilot_max},"Pilot","Go to choice"))))'
        ),
        "adjustment": (
            f"=IF(OR({','.join(f'{cells[d]}<={blocker_max}' for d in careful)}),"
            '"Start carefully: a close market, a low-commitment instrument or a partner cluster","None needed")'
        ),
        "member-minimum": (
            f'=IF({cells["members"]}="","Enter the member count",IF({cells["members"]}>={member_min},"met",'
            '"not met: team up with a partner cluster for the first activity, or build the base"))'
        ),
    }
    for n, (key, label) in enumerate(results, 1):
        sheet.cell(row=r + n, column=1, value=label)
        value = sheet.cell(row=r + n, column=4)
        if key in formulas:
            value.value = formulas[key]
        else:
            value.fill = _input_fill()
    _widths(sheet, {"A": 10, "B": 70, "C": 14, "D": 16, "E": 40})
    return _save(book)


def market_scoring(template: Template, nodes: list[Node], root: Path, declared: Settings) -> bytes:
    data = starting_data(catalogue(root)[str(declared["worksheet"])], root)
    settings = data["settings"]
    criteria: list[str] = settings["CRITERIA"]
    book = _book()
    weights = book.active
    weights.title = "Weights"
    weights["A1"] = template.title + ": settings and weights"
    weights["A2"] = "Weights are a choice, not a fact: each weighting must add up to 100%. " + NOTE
    weights["A4"], weights["B4"] = "Knock-out: minimum members interested", settings["MIN_MEMBERS"]
    weights["A5"], weights["B5"] = "Short-list size (top markets)", settings["SHORTLIST"]
    for ref in ("B4", "B5"):
        weights[ref].fill = _input_fill()
    _bold_header(weights, 7, ["Criterion", "Weighting A", "Weighting B"])
    for i, c in enumerate(criteria):
        r = 8 + i
        weights.cell(row=r, column=1, value=c)
        for number, key in ((2, "weights_a"), (3, "weights_b")):
            cell = weights.cell(row=r, column=number, value=settings[key][c])
            cell.number_format = "0%"
            cell.fill = _input_fill()
    end = 8 + len(criteria) - 1
    weights.cell(row=end + 1, column=1, value="Total (must be 100%)")
    for w in ("B", "C"):
        weights[f"{w}{end + 1}"] = f"=SUM({w}8:{w}{end})"
        weights[f"{w}{end + 1}"].number_format = "0%"
        weights[f"{w}{end + 2}"] = f'=IF(ABS({w}{end + 1}-1)>0.000000001,"must add up to 100%","OK")'
    _widths(weights, {"A": 40, "B": 14, "C": 14})

    sheet = book.create_sheet("Markets")
    inputs = ["market", "code", "legal_barrier", "members_interested", *criteria[:-1], "safely_managed_pct"]
    outputs = ["need", "knocked_out", "score_A", "rank_A", "score_B", "rank_B", "shortlist_A", "shortlist_B", "robust"]
    _bold_header(sheet, 1, inputs + outputs)
    col = {name: i + 1 for i, name in enumerate(inputs + outputs)}
    from openpyxl.utils import get_column_letter as letter  # type: ignore[import-untyped,unused-ignore]

    L = {name: letter(i) for name, i in col.items()}
    first, last = 2, 1 + ROWS
    for i in range(ROWS):
        r = first + i
        row = data["rows"][i] if i < len(data["rows"]) else None
        for name in inputs:
            cell = sheet.cell(row=r, column=col[name])
            cell.fill = _input_fill()
            if row is not None:
                value = row.get(name, "")
                text_cell(cell, float(value) if name not in ("market", "code", "legal_barrier") and value != "" else value)
                if isinstance(cell.value, float) and cell.value.is_integer():
                    cell.value = int(cell.value)
        m = f"$A{r}"
        pct = f"{L['safely_managed_pct']}{r}"
        sheet[f"{L['need']}{r}"] = (
            f'=IF(OR({m}="",{pct}=""),"",IF(100-{pct}<10,1,IF(100-{pct}<20,2,IF(100-{pct}<35,3,IF(100-{pct}<50,4,5)))))'
        )
        legal = f'LOWER({L["legal_barrier"]}{r})="yes"'
        few = f"{L['members_interested']}{r}<Weights!$B$4"
        few_text = '"fewer than "&Weights!$B$4&" members interested"'
        sheet[f"{L['knocked_out']}{r}"] = (
            f'=IF({m}="","",IF(AND({legal},{few}),"legal barrier; "&{few_text},IF({legal},"legal barrier",IF({few},{few_text},""))))'
        )
        for which, wcol in (("A", "B"), ("B", "C")):
            terms = "+".join(f"{L[c] if c != 'need' else L['need']}{r}*Weights!${wcol}${8 + k}" for k, c in enumerate(criteria))
            score = f"{L['score_' + which]}{r}"
            sheet[score] = f'=IF(OR({m}="",{L["knocked_out"]}{r}<>""),"",ROUND({terms},2))'
            sheet[score].number_format = "0.00"
            rng = f"${L['score_' + which]}${first}:${L['score_' + which]}${last}"
            sheet[f"{L['rank_' + which]}{r}"] = (
                f'=IF({score}="","",COUNTIF({rng},">"&{score})+COUNTIF(${L["score_" + which]}${first}:{score},{score}))'
            )
            sheet[f"{L['shortlist_' + which]}{r}"] = (
                f'=IF({L["rank_" + which]}{r}="","",IF({L["rank_" + which]}{r}<=Weights!$B$5,"yes",""))'
            )
        a, b = f"{L['shortlist_A']}{r}", f"{L['shortlist_B']}{r}"
        sheet[f"{L['robust']}{r}"] = f'=IF(AND({a}="yes",{b}="yes"),"robust",IF(OR({a}="yes",{b}="yes"),"depends on the weighting",""))'
    sheet.freeze_panes = "B2"
    _widths(sheet, {L["market"]: 16, L["knocked_out"]: 36, L["robust"]: 24})
    notes = book.create_sheet("Read me")
    for r, text in enumerate(
        [
            template.title,
            "Illustrative data: the markets and scores are fictional (from the course's screening notebook). Replace them with your own.",
            "Yellow cells are yours to fill in. Scores run from 1 to 5, and 5 always means 'better for us'.",
            "safely_managed_pct is the World Bank indicator SH.H2O.SMDW.ZS; the need score is 5 for a gap of 50 points or more.",
            "Ties in the rank: the row higher up ranks first. Sort rows by market name to match the notebook.",
            NOTE,
        ],
        1,
    ):
        notes.cell(row=r, column=1, value=text)
    notes.column_dimensions["A"].width = 110
    book.move_sheet("Markets", offset=-1)
    book.active = 0
    return _save(book)


def results_tracker(template: Template, nodes: list[Node], root: Path, declared: Settings) -> bytes:
    data = starting_data(catalogue(root)[str(declared["worksheet"])], root)
    settings = data["settings"]
    targets = settings["TARGETS"]
    book = _book()
    smes = book.active
    smes.title = "SMEs"
    header = [
        "sme_id",
        "export_experience",
        "meetings",
        "qualified_leads",
        "followups_3m",
        "followups_6m",
        "followups_12m",
        "deals_12m",
        "deal_value_eur",
    ]
    _bold_header(smes, 1, header)
    for i in range(ROWS):
        row = data["rows"][i] if i < len(data["rows"]) else None
        for c, name in enumerate(header, 1):
            cell = smes.cell(row=2 + i, column=c)
            cell.fill = _input_fill()
            if row is not None:
                value = row.get(name, "")
                text_cell(cell, int(value) if name not in ("sme_id", "export_experience") and value != "" else value)
    smes.freeze_panes = "B2"
    _widths(smes, {"A": 12, "B": 18})
    last = 1 + ROWS

    def col(name: str) -> str:
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

        return f"SMEs!${get_column_letter(header.index(name) + 1)}$2:${get_column_letter(header.index(name) + 1)}${last}"

    ind = book.create_sheet("Indicators")
    ind["A1"] = template.title
    ind["A2"] = (
        "Illustrative, fictional mission from the course notebook: replace the rows on the SMEs sheet, the budget and the targets. " + NOTE
    )
    _bold_header(ind, 4, ["Input", "Value"])
    inputs = [
        ("Mission budget, full cost (EUR)", settings["MISSION_BUDGET_EUR"]),
        ("Target: B2B meetings", targets["meetings"]),
        ("Target: qualified leads", targets["qualified_leads"]),
        ("Target: deals within 12 months", targets["deals_12m"]),
        ("Target: highest cost per qualified lead (EUR)", targets["max_cost_per_lead_eur"]),
    ]
    for i, (label, value) in enumerate(inputs):
        ind.cell(row=5 + i, column=1, value=label)
        ind.cell(row=5 + i, column=2, value=value).fill = _input_fill()
    budget, t_meet, t_leads, t_deals, t_cost = "$B$5", "$B$6", "$B$7", "$B$8", "$B$9"
    _bold_header(ind, 11, ["Indicator", "Value"])
    eur, pct = '"EUR "#,##0', "0%"
    rows: list[tuple[str, str, str | None]] = [
        ("SMEs on the mission", f'=COUNTIF({col("sme_id")},"<>")', None),
        ("B2B meetings", f"=SUM({col('meetings')})", None),
        ("Qualified leads (week 1)", f"=SUM({col('qualified_leads')})", None),
        ("Leads active at 3 months", f"=SUM({col('followups_3m')})", None),
        ("Leads active at 6 months", f"=SUM({col('followups_6m')})", None),
        ("Leads active at 12 months", f"=SUM({col('followups_12m')})", None),
        ("Deals within 12 months", f"=SUM({col('deals_12m')})", None),
        ("SMEs with at least one deal", f'=COUNTIF({col("deals_12m")},">0")', None),
        ("Lead rate (leads / meetings)", '=IF(B13=0,"n/a",B14/B13)', pct),
        ("Lead retention at 12 months", '=IF(B14=0,"n/a",B17/B14)', pct),
        ("Deal rate (deals / leads)", '=IF(B14=0,"n/a",B18/B14)', pct),
        ("Cost per meeting", f'=IF(B13=0,"n/a",{budget}/B13)', eur),
        ("Cost per qualified lead", f'=IF(B14=0,"n/a",{budget}/B14)', eur),
        ("Cost per deal", f'=IF(B18=0,"n/a",{budget}/B18)', eur),
        ("Deal value reported by SMEs", f"=SUM({col('deal_value_eur')})", eur),
    ]
    for i, (label, formula, fmt) in enumerate(rows):
        ind.cell(row=12 + i, column=1, value=label)
        cell = ind.cell(row=12 + i, column=2, value=formula)
        if fmt:
            cell.number_format = fmt
    r = 12 + len(rows) + 1
    _bold_header(ind, r, ["Level", "Indicator", "Value", "Target", "Status", "When measured", "Note"])
    report = [
        ("Output", "SMEs on the mission", "=B12", None, None, "mission", "count of SMEs in the file"),
        ("Output", "B2B meetings held", "=B13", f"={t_meet}", '=IF(C{r}>=D{r},"met","not met")', "mission", "meeting log"),
        ("Outcome", "Qualified leads", "=B14", f"={t_leads}", '=IF(C{r}>=D{r},"met","not met")', "week 1", "SME self-assessment"),
        ("Outcome", "Leads still active at 12 months", "=B17", None, None, "month 12", "follow-up survey"),
        ("Outcome", "SMEs with at least one deal", "=B19", None, None, "month 12", "follow-up survey"),
        (
            "Impact signal",
            "Deals signed within 12 months",
            "=B18",
            f"={t_deals}",
            '=IF(C{r}>=D{r},"met","not met")',
            "month 12",
            "follow-up survey",
        ),
        (
            "Impact signal",
            "Deal value reported by SMEs",
            "=B26",
            None,
            None,
            "month 12",
            "self-reported; not all of it is due to the mission",
        ),
        (
            "Efficiency",
            "Cost per qualified lead",
            "=B24",
            f"={t_cost}",
            '=IF(C{r}="n/a","",IF(C{r}<=D{r},"met","not met"))',
            "week 1",
            "full mission cost",
        ),
        ("Efficiency", "Cost per deal", "=B25", None, None, "month 12", "full mission cost"),
        ("Non-sales", "Image, information, relationships", "see survey", None, None, "month 1", "report in words with examples"),
    ]
    for level, label, value, target, status, when, note in report:
        r += 1
        ind.cell(row=r, column=1, value=level)
        ind.cell(row=r, column=2, value=label)
        ind.cell(row=r, column=3, value=value)
        if label.startswith(("Cost", "Deal value")):
            ind.cell(row=r, column=3).number_format = eur
            ind.cell(row=r, column=4).number_format = eur
        if target:
            ind.cell(row=r, column=4, value=target)
        if status:
            ind.cell(row=r, column=5, value=status.format(r=r))
        ind.cell(row=r, column=6, value=when)
        ind.cell(row=r, column=7, value=note)
    r += 2
    _bold_header(ind, r, ["Export experience", "Meetings", "Qualified leads", "Deals within 12 months", "Deal rate"])
    for group in ("experienced", "novice"):
        r += 1
        ind.cell(row=r, column=1, value=group)
        for c, name in ((2, "meetings"), (3, "qualified_leads"), (4, "deals_12m")):
            ind.cell(row=r, column=c, value=f"=SUMIF({col('export_experience')},$A{r},{col(name)})")
        ind.cell(row=r, column=5, value=f'=IF(C{r}=0,"n/a",D{r}/C{r})').number_format = pct
    _widths(ind, {"A": 44, "B": 34, "C": 16, "D": 14, "E": 10, "F": 14, "G": 44})
    book.active = 1
    return _save(book)


RESPONSES = 100  # rows for survey answers


def answer_kinds(settings: Settings) -> dict[str, list[str]]:
    """The survey declaration's ``answer_types``: {kind: the words an answer type starts with}."""
    declared = settings["answer_types"]
    assert isinstance(declared, dict)  # checked when the declaration is read (coursekit.model.spreadsheets)
    return {str(kind): [str(w).lower() for w in words] for kind, words in declared.items()}


def _options(answer_type: str, kinds: dict[str, list[str]]) -> tuple[str, list[str]]:
    """('choose' | 'select' | 'scale' | 'text', options) from the survey table's answer type: its kind is
    the first of ``kinds`` whose words start it (the words are the course's: spreadsheets.yml), its options
    what follows the colon, split at '/'."""
    _, _, rest = answer_type.partition(":")
    low = answer_type.strip().lower()
    options = [o.strip() for o in rest.split("/") if o.strip()]
    for kind in ("choose", "select", "scale"):
        if any(low.startswith(word) for word in kinds.get(kind, [])):
            return kind, (options if kind != "scale" and rest else [])
    return "text", []


def member_survey(template: Template, nodes: list[Node], root: Path, settings: Settings) -> bytes:
    """Responses (one row per member) and a summary with counts, shares and the readiness evidence."""
    member_min = _number(settings["member_minimum"])
    kinds = answer_kinds(settings)
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped,unused-ignore]

    table = next((n.rows for n in nodes if n.kind == "table" and n.rows and "Question" in n.rows[0]), None)
    if not table:
        raise ValueError("the member survey template needs a table with a 'Question' column")
    head = table[0]
    iq, it = head.index("Question"), head.index("Answer type")
    idim = head.index("Dimension") if "Dimension" in head else None
    questions = [(row[0], row[iq], row[it], row[idim] if idim is not None else "") for row in table[1:]]
    book = _book()
    resp = book.active
    resp.title = "Responses"
    _bold_header(resp, 1, ["Member"] + [f"Q{num}. {q}" for num, q, _, _ in questions])
    last = 1 + RESPONSES
    columns: dict[str, str] = {}
    for c, (num, _question, answer_type, _dim) in enumerate(questions, 2):
        letter = get_column_letter(c)
        columns[num] = f"Responses!${letter}$2:${letter}${last}"
        kind, options = _options(answer_type, kinds)
        for r in range(2, last + 1):
            resp.cell(row=r, column=c).number_format = "@" if kind != "scale" else "General"
        if kind == "choose" and len(",".join(options)) < 250:
            dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            resp.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
        elif kind == "scale":
            dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True)
            resp.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
        resp.column_dimensions[letter].width = 22
    resp.freeze_panes = "B2"

    summ = book.create_sheet("Summary")
    summ["A1"] = template.title + ": summary of the answers"
    summ["A2"] = (
        "Counts update as you fill in the Responses sheet (one row per member). For 'select' questions, separate choices with '; '. " + NOTE
    )
    r = 4
    for num, question, answer_type, dim in questions:
        kind, options = _options(answer_type, kinds)
        rng = columns[num]
        _bold_header(summ, r, [f"Q{num}. {question}", "Count", "Share of answers"])
        summ.cell(row=r, column=4, value=dim)
        r += 1
        answered = f"B{r}"
        summ.cell(row=r, column=1, value="Members who answered")
        summ.cell(row=r, column=2, value=f"=COUNT({rng})" if kind == "scale" else f'=COUNTIF({rng},"<>")')
        for option in options:
            r += 1
            summ.cell(row=r, column=1, value=option)
            crit = f'"*{option}*"' if kind == "select" else f'"{option}"'
            summ.cell(row=r, column=2, value=f"=COUNTIF({rng},{crit})")
            summ.cell(row=r, column=3, value=f'=IF({answered}=0,"",B{r}/{answered})').number_format = "0%"
        if kind == "scale":
            r += 1
            summ.cell(row=r, column=1, value="Average (1 to 5)")
            summ.cell(row=r, column=2, value=f'=IF({answered}=0,"",AVERAGE({rng}))').number_format = "0.0"
            r += 1
            summ.cell(row=r, column=1, value="Rated 4 or 5")
            summ.cell(row=r, column=2, value=f'=COUNTIF({rng},">=4")')
            summ.cell(row=r, column=3, value=f'=IF({answered}=0,"",B{r}/{answered})').number_format = "0%"
        r += 2
    # Readiness evidence: the motivation scale, and the members who give time and pay (member-interest minimum).
    _bold_header(summ, r, ["Evidence for the readiness scoring sheet", "Count"])
    scale = next((num for num, _, t, d in questions if _options(t, kinds)[0] == "scale" and d.lower() == "motivation"), None)
    if scale:
        r += 1
        summ.cell(row=r, column=1, value=f"Members who rate foreign markets 4 or 5 (Q{scale}; evidence for M2)")
        summ.cell(row=r, column=2, value=f'=COUNTIF({columns[scale]},">=4")')
    resources = [
        (num, _options(t, kinds)[1]) for num, _, t, d in questions if d.lower() == "resources" and _options(t, kinds)[0] == "choose"
    ]
    if len(resources) >= 2:
        (q_time, time_opts), (q_pay, pay_opts) = resources[:2]
        terms = [f'COUNTIFS({columns[q_time]},"{a}",{columns[q_pay]},"{b}")' for a in time_opts[1:] for b in pay_opts[1:]]
        r += 1
        summ.cell(
            row=r,
            column=1,
            value=f"Members who will give time and pay part of the cost (Q{q_time} not '{time_opts[0]}', Q{q_pay} not '{pay_opts[0]}')",
        )
        summ.cell(row=r, column=2, value="=" + "+".join(terms))
        r += 1
        summ.cell(row=r, column=1, value=f"Member-interest minimum ({member_min}) met?")
        summ.cell(row=r, column=2, value=f'=IF(B{r - 1}>={member_min},"yes","no")')
    _widths(summ, {"A": 70, "B": 12, "C": 16, "D": 14})
    listing = book.create_sheet("Questions")  # the survey as the page shows it, to copy into a survey tool
    _bold_header(listing, 1, head)
    for r, row in enumerate(table[1:], 2):
        for c, value in enumerate(row, 1):
            listing.cell(row=r, column=c, value=value)
    _widths(listing, {"A": 5, "B": 60, "C": 60, "D": 14})
    book.move_sheet("Summary", offset=-1)
    book.active = 0
    return _save(book)


def plain_tables(template: Template, nodes: list[Node]) -> bytes:
    book = _book()
    sheet = book.active
    sheet.title = "Template"
    sheet["A1"] = template.title
    r = 3
    for node in nodes:
        if node.kind == "table" and node.rows:
            _bold_header(sheet, r, node.rows[0])
            for row in node.rows[1:]:
                r += 1
                for c, value in enumerate(row, 1):
                    sheet.cell(row=r, column=c, value=value)
            r += 2
    return _save(book)


Settings = dict[str, object]
Layout = Callable[[Template, list[Node], Path, Settings], bytes]


def _number(value: object) -> int:
    assert isinstance(value, int)  # checked when the declaration is read (coursekit.model.spreadsheets)
    return value


def _mapping(value: object) -> dict[object, object]:
    assert isinstance(value, dict)
    return value


def _codes(value: object) -> list[str]:
    assert isinstance(value, list)
    return [str(v) for v in value]


MAKERS: dict[str, Layout] = {"survey": member_survey, "readiness": readiness, "screening": market_scoring, "tracker": results_tracker}
"""What makes each layout of coursekit.model.spreadsheets.LAYOUTS (tests/test_templates.py: the same names)."""


def build(template: Template, nodes: list[Node], root: Path) -> bytes:
    """The template's spreadsheet: in the layout a module's spreadsheets.yml declares for it, else its tables as plain sheets
    (a declaration that cannot be read is a `course validate` error, coursekit.rules.templates)."""
    sheet = spreadsheets.declared(root)[0].get(template.id)
    if sheet is None or sheet.layout not in MAKERS:
        return plain_tables(template, nodes)
    return MAKERS[sheet.layout](template, nodes, root, sheet.settings)
