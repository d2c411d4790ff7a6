"""``/// template | id``: a document template (its Markdown shows as usual), followed by links to
download it as Word, OpenDocument or spreadsheet files (made by coursekit.outputs.templates_docs
from the same Markdown). Options: ``title`` (the name in the links), ``formats`` (docx odt xlsx)."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from typing import Any, ClassVar

from pymdownx.blocks.block import Block, type_string

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.model.course import MODULES_DIR
from coursekit.outputs.downloads import reading
from coursekit.outputs.templates_docs import FORMATS, TEMPLATES_DIR, locate
from coursekit.render.blocks import declare

log = logging.getLogger("mkdocs.coursekit")


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
