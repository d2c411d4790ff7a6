"""Document templates (.docx and .odt) made from the page itself, so the page and the file never disagree.

In a module page, a template is the Markdown between ``/// template | <id>`` and its closing ``///``:

    /// template | members-checklist
        title: Members checklist
        formats: docx odt

    | # | Question | Answer type | Dimension |
    ...
    ///

The block's syntax is read by coursekit.render.blocks.template. The page shows that Markdown as usual, followed by "Download the template: …" links. At build
time the same Markdown becomes ``modules/<slug>/templates/<id>.docx`` and ``.odt`` (headings,
paragraphs, lists, tables with empty cells to fill in, and a text block's outline). Spreadsheet
templates (``xlsx`` in ``formats``) are built with formulas by :mod:`coursekit.outputs.templates_xlsx`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

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
