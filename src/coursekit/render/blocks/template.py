"""``/// template | id``: a document template (its Markdown shows as usual), followed by links to
download it as Word, OpenDocument or spreadsheet files (made by coursekit.outputs.templates_docs
and coursekit.outputs.templates_xlsx from the same Markdown). Options: ``title`` (the name in the
links), ``formats`` (docx odt xlsx).

The block's syntax is read here, once (:func:`find`, :func:`locate`): by the page, by the outputs
that make the files and by the rule that checks the blocks (coursekit.rules.templates)."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pymdownx.blocks.block import Block, type_string

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.model.course import MODULES_DIR, Module
from coursekit.model.reading import read_text, reading
from coursekit.render.blocks import declare

log = logging.getLogger("mkdocs.coursekit")

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


@declare(reads=("course",), slides="show", prints=True, argument="template id")
class TemplateBlock(Block):
    NAME = "template"
    OPTIONS: ClassVar[dict[str, list[Any]]] = {"title": ["", type_string], "formats": ["docx odt", type_string]}

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "cq-template"})

    def on_end(self, block: etree.Element) -> None:
        if self.config.get("recorder") is not None:
            return
        template_id = (self.argument or "").strip()
        formats = [f for f in self.options["formats"].split() if f in FORMATS]
        project = self.config["project"]()
        with reading(project.sources):
            slug = locate(project.root, template_id)
        if slug is None:
            log.warning("template block '%s' is not in a module's index.md, so no files are made for it", template_id)
            return
        para = etree.SubElement(block, "p", {"class": "cq-template__download"})
        title = self.options["title"] or template_id
        m = messages(str(self.config.get("lang") or SOURCE))
        para.text = m.t("templates.download", title=title) + " "
        for n, fmt in enumerate(formats):
            link = etree.SubElement(para, "a", {"href": f"/{MODULES_DIR}/{slug}/{TEMPLATES_DIR}/{template_id}.{fmt}", "download": ""})
            link.text = m.t(f"templates.{fmt}")
            link.tail = " · " if n < len(formats) - 1 else ""
