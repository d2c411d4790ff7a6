"""``/// offline``: the place of the "Make this course available offline" box (docs/assets/offline-control.js
fills it in). The block's Markdown is what readers without JavaScript see there.

A site without an offline copy leaves the box out entirely (no dead control, no promise): the
course extension's ``offline`` option, which the MkDocs plugin sets from ``extra: offline`` in
mkdocs.yml (false in SCORM packages, see coursekit.export.scorm), and which is false for engines
that write no service worker.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from pymdownx.blocks.block import Block  # type: ignore[import-untyped,unused-ignore]

DEFAULT_NOTE = "An offline copy of the course needs JavaScript in your browser. Every page works online without it."


class OfflineBlock(Block):  # type: ignore[misc,unused-ignore]
    NAME = "offline"
    ARGUMENT = None

    def on_create(self, parent: etree.Element) -> etree.Element:
        self.parent = parent
        return etree.SubElement(parent, "div", {"class": "cq-offline", "data-cq-offline": ""})

    def on_end(self, block: etree.Element) -> None:
        if not self.config.get("offline", True):
            self.parent.remove(block)
            return
        if not len(block) and not (block.text or "").strip():
            etree.SubElement(block, "p").text = DEFAULT_NOTE


def register(block_mgr: Any, offline: bool) -> None:
    """Add the offline block to the course's Markdown extension."""
    block_mgr.register(OfflineBlock, {"offline": offline})
