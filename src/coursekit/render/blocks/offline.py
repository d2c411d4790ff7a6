"""``/// offline``: the place of the "Make this course available offline" box (docs/assets/offline-control.js
fills it in). The block's Markdown is what readers without JavaScript see there.

A site without an offline copy leaves the box out entirely (no dead control, no promise): the
course extension's ``offline`` option, which the MkDocs plugin sets from ``extra: offline`` in
mkdocs.yml (false in SCORM packages, see coursekit.export.scorm), and which is false for engines
that write no service worker.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from pymdownx.blocks.block import Block

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.render.blocks import declare


@declare(slides="skip", prints=False)
class OfflineBlock(Block):
    NAME = "offline"

    def on_create(self, parent: etree.Element) -> etree.Element:
        self.parent = parent
        return etree.SubElement(parent, "div", {"class": "cq-offline", "data-cq-offline": ""})

    def on_end(self, block: etree.Element) -> None:
        if not self.config.get("offline", True):
            self.parent.remove(block)
            return
        if not len(block) and not (block.text or "").strip():
            etree.SubElement(block, "p").text = messages(str(self.config.get("lang") or SOURCE)).t("offline.note")
