"""``/// trainer``: a trainer-only note (Markdown), hidden in the learner view, shown in the
presenter's notes (never on a slide), never printed in a handout."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from pymdownx.blocks.block import Block

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.render.blocks import declare


@declare(slides="notes", prints=False)
class TrainerBlock(Block):
    NAME = "trainer"

    def on_create(self, parent: etree.Element) -> etree.Element:
        if self.config.get("recorder") is not None:
            return etree.SubElement(parent, "aside", {"class": "cq-trainer"})
        label = messages(str(self.config.get("lang") or SOURCE)).t("trainer.note")
        aside = etree.SubElement(parent, "aside", {"class": "cq-trainer", "aria-label": label})
        title = etree.SubElement(aside, "p", {"class": "cq-trainer__title"})
        title.text = label
        return aside
