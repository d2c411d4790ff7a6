"""Document templates (.docx and .odt) made from the page itself, so the page and the file never disagree.

In a module page, a template is the Markdown between ``/// template | <id>`` and its closing ``///``:

    /// template | member-survey
        title: Member survey
        formats: docx odt

    | # | Question | Answer type | Dimension |
    ...
    ///

The page shows that Markdown as usual, followed by "Download the template: …" links. At build
time the same Markdown becomes ``modules/<slug>/templates/<id>.docx`` and ``.odt`` (headings,
paragraphs, lists, tables with empty cells to fill in, and a text block's outline). Spreadsheet
templates (``xlsx`` in ``formats``) are built with formulas by :mod:`coursekit.outputs.templates_xlsx`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.model.course import MODULES_DIR, Course, Module
from coursekit.model.diagnostics import Report
from coursekit.model.sources import Sources
from coursekit.outputs.downloads import read_text

BLOCK_RE = re.compile(r"^/// template \| *([a-z0-9-]+) *$")
OPTION_RE = re.compile(r"^ {4}([a-z]+): *(.*)$")
FORMATS = ("docx", "odt", "xlsx")
TEMPLATES_DIR = "templates"


@dataclass
class Template:
    id: str
    title: str
    formats: list[str]
    markdown: str
    module: Module
    line: int  # where the block starts in the page (1-based)

    def uri(self, fmt: str) -> str:
        return f"{MODULES_DIR}/{self.module.slug}/{TEMPLATES_DIR}/{self.id}.{fmt}"


def find(module: Module) -> list[Template]:
    """The template blocks of a module's first page, in page order."""
    try:
        lines = read_text(module.index).splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out: list[Template] = []
    i = 0
    while i < len(lines):
        match = BLOCK_RE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        options: dict[str, str] = {}
        i += 1
        while i < len(lines) and OPTION_RE.match(lines[i]):
            key, value = OPTION_RE.match(lines[i]).groups()  # type: ignore[union-attr]
            options[key] = value.strip()
            i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "///":
            body.append(lines[i])
            i += 1
        formats = [f for f in options.get("formats", "docx odt").split() if f in FORMATS]
        out.append(Template(match.group(1), options.get("title", match.group(1)), formats, "\n".join(body), module, start + 1))
        i += 1
    return out


# ---------- a small document model from the block's Markdown ----------


@dataclass
class Node:
    kind: str  # heading, para, list, table, field
    text: str = ""
    level: int = 0
    ordered: bool = False
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
AUTOLINK_RE = re.compile(r"<(https?://[^>]+)>")


def plain(text: str) -> str:
    """Markdown inline text as plain text: links to their text, no emphasis or code marks."""
    text = LINK_RE.sub(r"\1", text)
    text = AUTOLINK_RE.sub(r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.replace("`", "").replace("\\|", "|").strip()


def _table_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [plain(c) for c in cells]


def _outline(code: str) -> list[Node]:
    """A plain-text outline (the strategy template): numbered capitals are headings, '-' lines
    are prompts, other lines are fields to fill in."""
    nodes: list[Node] = []
    for raw in code.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if re.match(r"^\d+\.\s+[A-Z0-9 ,()&/-]+$", stripped):
            nodes.append(Node("heading", stripped, level=2))
        elif stripped.startswith("- "):
            if not nodes or nodes[-1].kind != "list":
                nodes.append(Node("list"))
            nodes[-1].items.append(stripped[2:].strip())
        elif raw.startswith(" ") and nodes and nodes[-1].kind == "list":
            nodes[-1].items[-1] += " " + stripped
        elif not nodes:
            nodes.append(Node("heading", stripped, level=1))
        else:
            nodes.append(Node("field", re.sub(r"\s{2,}", "    ", stripped)))
    return nodes


def parse(markdown: str) -> list[Node]:
    lines = markdown.splitlines()
    nodes: list[Node] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith(("<!--", "{:")):
            i += 1
        elif stripped.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            nodes += _outline("\n".join(lines[i + 1 : j]))
            i = j + 1
        elif m := re.match(r"^(#{1,6})\s+(.*)$", stripped):
            nodes.append(Node("heading", plain(m.group(2)), level=len(m.group(1))))
            i += 1
        elif stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                if not re.match(r"^\|?[\s:|-]+\|?$", lines[i].strip()):
                    rows.append(_table_row(lines[i]))
                i += 1
            nodes.append(Node("table", rows=rows))
        elif m := re.match(r"^(\d+\.|[-*+])\s+(.*)$", stripped):
            ordered = m.group(1)[0].isdigit()
            node = Node("list", ordered=ordered)
            while i < len(lines):
                item = re.match(r"^(\d+\.|[-*+])\s+(.*)$", lines[i].strip())
                if item and not lines[i].startswith("    "):
                    node.items.append(plain(item.group(2)))
                elif lines[i].startswith(("    ", "\t")) and lines[i].strip() and node.items:
                    sub = re.sub(r"^(\d+\.|[-*+])\s+", "", lines[i].strip())
                    node.items[-1] += "; " + plain(sub) if item else " " + plain(sub)
                else:
                    break
                i += 1
            nodes.append(node)
        else:
            para = [stripped]
            i += 1
            while i < len(lines) and lines[i].strip() and not re.match(r"^(#|\||```|\d+\.\s|[-*+]\s)", lines[i].strip()):
                para.append(lines[i].strip())
                i += 1
            nodes.append(Node("para", plain(" ".join(para))))
    return nodes


NOTE = "Template from the course Strategic Internationalisation for Clusters (CC BY 4.0). Fill it in, change it, share it."


# ---------- .docx ----------


def to_docx(title: str, nodes: list[Node]) -> bytes:
    from docx import Document  # type: ignore[import-untyped,unused-ignore]
    from docx.shared import Pt  # type: ignore[import-untyped,unused-ignore]

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "Strategic Internationalisation for Clusters"
    doc.add_heading(title, level=0)
    doc.add_paragraph(NOTE).runs[0].font.size = Pt(9)
    for node in nodes:
        if node.kind == "heading":
            doc.add_heading(node.text, level=min(max(node.level - 1, 1), 4))
        elif node.kind == "para" or node.kind == "field":
            doc.add_paragraph(node.text)
        elif node.kind == "list":
            style = "List Number" if node.ordered else "List Bullet"
            for item in node.items:
                doc.add_paragraph(item, style=style)
            if not node.ordered:
                doc.add_paragraph("")
        elif node.kind == "table" and node.rows:
            width = max(len(r) for r in node.rows)
            table = doc.add_table(rows=len(node.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(node.rows):
                for c in range(width):
                    cell = table.cell(r, c)
                    cell.text = row[c] if c < len(row) else ""
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            doc.add_paragraph("")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------- .odt ----------


def to_odt(title: str, nodes: list[Node]) -> bytes:
    from odf.opendocument import OpenDocumentText  # type: ignore[import-untyped,unused-ignore]
    from odf.style import (  # type: ignore[import-untyped,unused-ignore]
        ParagraphProperties,
        Style,
        TableColumnProperties,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableRow  # type: ignore[import-untyped,unused-ignore]
    from odf.text import H, List, ListItem, P  # type: ignore[import-untyped,unused-ignore]

    doc = OpenDocumentText()
    heading_styles = {}
    for level, size in ((1, "20pt"), (2, "15pt"), (3, "13pt"), (4, "12pt")):
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        doc.styles.addElement(style)
        heading_styles[level] = style
    small = Style(name="Note", family="paragraph")
    small.addElement(TextProperties(fontsize="9pt"))
    doc.styles.addElement(small)
    bold = Style(name="HeaderCell", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    column = Style(name="Column", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="4cm"))
    doc.automaticstyles.addElement(column)

    doc.text.addElement(H(outlinelevel=1, stylename=heading_styles[1], text=title))
    doc.text.addElement(P(stylename=small, text=NOTE))
    tables = 0
    for node in nodes:
        if node.kind == "heading":
            level = min(max(node.level - 1, 2), 4)
            doc.text.addElement(H(outlinelevel=level, stylename=heading_styles[level], text=node.text))
        elif node.kind in ("para", "field"):
            doc.text.addElement(P(text=node.text))
        elif node.kind == "list":
            lst = List()
            for n, item in enumerate(node.items, 1):
                li = ListItem()
                li.addElement(P(text=f"{n}. {item}" if node.ordered else f"• {item}"))
                lst.addElement(li)
            doc.text.addElement(lst)
        elif node.kind == "table" and node.rows:
            tables += 1
            width = max(len(r) for r in node.rows)
            table = Table(name=f"Table{tables}")
            table.addElement(TableColumn(numbercolumnsrepeated=width, stylename=column))
            for r, row in enumerate(node.rows):
                tr = TableRow()
                for c in range(width):
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(stylename=bold if r == 0 else None, text=row[c] if c < len(row) else ""))
                    tr.addElement(cell)
                table.addElement(tr)
            doc.text.addElement(table)
            doc.text.addElement(P(text=""))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def files(module: Module, root: Path) -> dict[str, bytes]:
    """Every template file of a module: ``{uri: bytes}``."""
    from coursekit.outputs import templates_xlsx

    out: dict[str, bytes] = {}
    for template in find(module):
        nodes = parse(template.markdown)
        for fmt in template.formats:
            if fmt == "docx":
                out[template.uri(fmt)] = to_docx(template.title, nodes)
            elif fmt == "odt":
                out[template.uri(fmt)] = to_odt(template.title, nodes)
            elif fmt == "xlsx":
                out[template.uri(fmt)] = templates_xlsx.build(template, nodes, root)
    return out


# ---------- the block in the page ----------


def locate(root: Path, template_id: str) -> str | None:
    """The slug of the module whose first page holds the template block ``template_id``."""
    for page in sorted((root / MODULES_DIR).glob("*/index.md")):
        try:
            text = read_text(page)
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(rf"^/// template \| *{re.escape(template_id)} *$", text, re.MULTILINE):
            return page.parent.name
    return None


# ---------- checks for `course validate` ----------

ANY_BLOCK_RE = re.compile(r"^/// (template|worksheet)\b *\|? *(.*?) *$")


def check(course: Course, report: Report, sources: Sources | None = None) -> None:
    """Template and worksheet blocks in module pages: known names and formats, closed, ids unique."""
    import difflib

    from coursekit.model.course import WORKSHEETS_FILE, page_text
    from coursekit.outputs.downloads import reading
    from coursekit.outputs.templates_xlsx import FORMULA_TEMPLATES
    from coursekit.render.worksheets import read_catalogue

    with reading(sources):
        worksheets, problems = read_catalogue(course.root)
    for path, at, message in problems:
        report.add(path, at, message, rule="worksheet-block")
    seen: dict[str, str] = {}
    for module in course.modules:
        page = module.index
        content = page_text(page, sources)
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
                    "a template block needs an id of lower-case letters, digits and hyphens: `/// template | member-survey`",
                    rule="template-block",
                )
                continue
            close = difflib.get_close_matches(name, FORMULA_TEMPLATES, n=1, cutoff=0.75)
            if close and name not in FORMULA_TEMPLATES:
                report.add(
                    page,
                    number,
                    f"template id '{name}' is not a spreadsheet template with formulas, so its .xlsx would hold plain tables "
                    f"only; did you mean '{close[0]}'? The ids with formulas are: {', '.join(FORMULA_TEMPLATES)}",
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
    _check_elsewhere(course, report, sources, {m.index: [i for i, where in seen.items() if where == _page_uri(m)] for m in course.modules})


def _page_uri(module: Module) -> str:
    return f"{MODULES_DIR}/{module.slug}/index.md"


def _check_elsewhere(course: Course, report: Report, sources: Sources | None, ids_of: dict[Path, list[str]]) -> None:
    """A template block outside a module's first page (a site page, a module's other page, a translation)
    gets no files of its own: the page would link files made from the English first page that holds its
    id, and with none the strict build refuses the block ("no files are made for it")."""
    import difflib

    from coursekit.model.course import page_text
    from coursekit.model.languages import split
    from coursekit.model.pageinfo import fenced_code_lines
    from coursekit.model.sources import is_junk

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
