"""The ``/// template`` and ``/// worksheet`` blocks of module pages (known names and formats, closed,
ids unique), and the spreadsheets declared for templates (each module's spreadsheets.yml)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from coursekit.model.course import MODULES_DIR, WORKSHEETS_FILE, Course, Module, page_text
from coursekit.model.diagnostics import Report
from coursekit.model.languages import split
from coursekit.model.pageinfo import fenced_code_lines
from coursekit.model.project import Project
from coursekit.model.reading import reading
from coursekit.model.sources import Sources, is_junk
from coursekit.model.spreadsheets import WORKSHEET_CONSTANTS, declared
from coursekit.model.yamlsafe import suggest
from coursekit.render.blocks.template import BLOCK_RE, FORMATS, OPTION_RE
from coursekit.render.worksheets import read_catalogue

ANY_BLOCK_RE = re.compile(r"^/// (template|worksheet)\b *\|? *(.*?) *$")


def _page_uri(module: Module) -> str:
    return f"{MODULES_DIR}/{module.slug}/index.md"


def _check_elsewhere(course: Course, report: Report, sources: Sources | None, ids_of: dict[Path, list[str]]) -> None:
    """A template block outside a module's first page (a site page, a module's other page, a translation)
    gets no files of its own: the page would link files made from the English first page that holds its
    id, and with none the strict build refuses the block ("no files are made for it")."""
    known = {i for ids in ids_of.values() for i in ids}
    folders = [course.docs_dir, course.modules_dir]
    pages = sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.md") if p not in ids_of and not is_junk(p))
    for page in pages:
        content = page_text(page, sources)
        if content is None or "/// template" not in content:
            continue
        lines = content.splitlines()
        code = fenced_code_lines(lines)
        for number, line in enumerate(lines, 1):
            match = ANY_BLOCK_RE.match(line)
            if not match or match.group(1) != "template" or number in code or match.group(2) in known:
                continue
            name = match.group(2)
            source, lang = split(page, course.languages)
            if lang is not None and source in ids_of:
                english = ids_of[source]
                close = difflib.get_close_matches(name, english, n=1, cutoff=0.6)
                keep = f"did you mean '{close[0]}'?" if close else f"the English page's ids are: {', '.join(english) or 'none'}"
                message = (
                    f"template id '{name}' is not a template of the English page {source.relative_to(course.root).as_posix()}, "
                    f"so the page would offer no files (the strict build refuses it); keep the English id: {keep}"
                )
            else:
                message = (
                    "a template block belongs in a module's first page (index.md), where the build makes its files; here the "
                    "page would offer no files (the strict build refuses it): move the block into the module's index.md"
                )
            report.add(page, number, message, rule="template-id")


def check(project: Project) -> None:
    """Template and worksheet blocks in module pages: known names and formats, closed, ids unique;
    and every spreadsheet declaration names a template block of a page, and a worksheet that exists."""
    course, report = project.course, project.report
    with reading(project.sources):
        worksheets, problems = read_catalogue(course.root)
        spreadsheets, sheet_problems = declared(course.root)
    for path, at, message in problems:
        report.add(path, at, message, rule="worksheet-block")
    seen: dict[str, str] = {}
    for module in course.modules:
        page = module.index
        content = page_text(page, project.sources)
        if content is None:
            continue
        lines = content.splitlines()
        for number, line in enumerate(lines, 1):
            match = ANY_BLOCK_RE.match(line)
            if not match:
                continue
            kind, name = match.groups()
            if kind == "worksheet":
                if name not in worksheets:
                    report.add(
                        page,
                        number,
                        f"unknown worksheet '{name}'; use one of: {', '.join(worksheets) or 'none yet'} (each module declares its worksheets in its {WORKSHEETS_FILE})",
                        rule="worksheet-block",
                    )
                continue
            if not re.fullmatch(r"[a-z0-9-]+", name):
                report.add(
                    page,
                    number,
                    "a template block needs an id of lower-case letters, digits and hyphens: `/// template | members-checklist`",
                    rule="template-block",
                )
                continue
            close = difflib.get_close_matches(name, list(spreadsheets), n=1, cutoff=0.75)
            if close and name not in spreadsheets:
                report.add(
                    page,
                    number,
                    f"template id '{name}' is not a spreadsheet template with formulas, so its .xlsx would hold plain tables "
                    f"only; did you mean '{close[0]}'? The ids with formulas (declared in spreadsheets.yml) are: {', '.join(spreadsheets)}",
                    rule="template-id",
                )
            if name in seen:
                report.add(
                    page,
                    number,
                    f"template id '{name}' is already used in {seen[name]}; give each template its own id",
                    rule="template-block",
                )
            seen[name] = f"modules/{module.slug}/index.md"
            rest = lines[number:]
            options = [m for m in (OPTION_RE.match(x) for x in rest[:5]) if m]
            for option in options:
                if option.group(1) == "formats":
                    bad = [f for f in option.group(2).split() if f not in FORMATS]
                    if bad:
                        report.add(
                            page,
                            number,
                            f"template '{name}': unknown format(s) {', '.join(bad)}; use docx, odt and/or xlsx",
                            rule="template-block",
                        )
            closing = next((i for i, x in enumerate(rest) if x.strip() == "///" or BLOCK_RE.match(x) or x.startswith("## ")), None)
            if closing is None or rest[closing].strip() != "///":
                report.add(
                    page,
                    number,
                    f"template '{name}' is not closed: end it with a line `///` before the next section",
                    rule="template-block",
                )
    _check_elsewhere(
        course, report, project.sources, {m.index: [i for i, where in seen.items() if where == _page_uri(m)] for m in course.modules}
    )
    for path, at, message in sheet_problems:
        report.add(path, at, f"{message} (see the editor guide, 'Templates')", rule="spreadsheet")
    for sheet in spreadsheets.values():
        if sheet.id not in seen:
            report.add(
                sheet.path,
                sheet.line,
                f"'{sheet.id}' is not the id of a `/// template | {sheet.id}` block in a module page; correct the id or remove the entry",
                rule="spreadsheet",
            )
        worksheet = sheet.settings.get("worksheet")
        wanted = WORKSHEET_CONSTANTS.get(sheet.layout, ())
        if worksheet in worksheets and not set(wanted) <= set(worksheets[str(worksheet)].constants):
            missing = [c for c in wanted if c not in worksheets[str(worksheet)].constants]
            report.add(
                sheet.path,
                sheet.line,
                f"'{sheet.id}': layout {sheet.layout} starts from its worksheet's notebook constants, and worksheet '{worksheet}' "
                f"does not give {', '.join(missing)}; name a notebook worksheet whose constants include them ({WORKSHEETS_FILE})",
                rule="spreadsheet",
            )
        if worksheet is not None and worksheet not in worksheets:
            report.add(
                sheet.path,
                sheet.line,
                f"'{sheet.id}': no worksheet '{worksheet}'{suggest(str(worksheet), tuple(worksheets))}; use one of: "
                f"{', '.join(worksheets) or 'none yet'} (each module declares its worksheets in its {WORKSHEETS_FILE})",
                rule="spreadsheet",
            )
