"""``/// glossary``: the glossary page, from docs/glossary.yml."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from markdown.util import AtomicString

from coursekit.render.blocks import CourseBlock, declare


@declare(reads=("glossary",), slides="skip")
class GlossaryBlock(CourseBlock):
    NAME = "glossary"

    TAG = "dl"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-glossary"}

    def fill(self, block: etree.Element) -> None:
        for term in self.project().glossary:
            marked = {"lang": term.lang} if term.lang else {}  # an English entry on a translated page (not translated yet)
            dt = etree.SubElement(block, "dt", {"id": term.anchor, **marked})
            dt.text = AtomicString(term.term + (f" ({term.abbr})" if term.abbr else ""))
            dd = etree.SubElement(block, "dd", {**marked})
            dd.text = AtomicString(term.definition + (" " if term.source else ""))
            if term.source:
                link = etree.SubElement(dd, "a", {"href": term.source, **({"lang": self.m.lang} if term.lang else {})})
                link.text = self.m.t("glossary.source")
