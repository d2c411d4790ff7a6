"""``/// worksheet | name``: an interactive worksheet for a notebook's exercise, or a scorecard (a small HTML shell
with its starting data as JSON; docs/assets/worksheet-<name>.js builds the tables). The starting
data comes from the notebook and its data files, as the module's worksheets.yml declares
(coursekit.render.worksheets). Never on a slide."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import TYPE_CHECKING

from pymdownx.blocks.block import Block

from coursekit.i18n.catalogue import SOURCE
from coursekit.model.course import WORKSHEETS_FILE
from coursekit.model.languages import translation
from coursekit.model.reading import reading
from coursekit.render.blocks import declare
from coursekit.render.worksheets import catalogue, starting_data, worksheet_html

if TYPE_CHECKING:
    from coursekit.model.project import Project

log = logging.getLogger("mkdocs.coursekit")


def _files(project: Project, name: str) -> list[Path]:
    """The notebook a worksheet mirrors and its data files (what its starting data is read from)."""
    with reading(project.sources):
        sheet = catalogue(project.root).get(name)
    declarations = sorted(project.root.glob(f"modules/*/{WORKSHEETS_FILE}"))
    if project.language:  # a language's site: the translations of the declarations and the definition too
        declarations += [translation(d, project.language) for d in declarations]
    if sheet is None:
        return declarations
    files = [sheet.notebook, sheet.rows, sheet.indicator.file if sheet.indicator else "", sheet.definition]
    if project.language and sheet.definition:
        files.append(translation(Path(sheet.definition), project.language).as_posix())
    return [*declarations, *(project.root / f for f in files if f)]


@declare(reads=("files",), files=_files, slides="skip", prints=True, argument="worksheet name")
class WorksheetBlock(Block):
    NAME = "worksheet"

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "section", {"class": "cq-worksheet"})

    def on_end(self, block: etree.Element) -> None:
        block.text = None
        if self.config.get("recorder") is not None:
            return
        name = (self.argument or "").strip()
        project = self.config["project"]()
        lang = str(self.config.get("lang") or SOURCE)
        with reading(project.sources):
            sheets = catalogue(project.root, lang)
        sheet = sheets.get(name)
        if sheet is None:
            log.warning("worksheet block: unknown worksheet '%s'; use one of: %s", name, ", ".join(sheets))
            block.text = f"(Worksheet '{name}' is unknown.)"
            return
        try:
            with reading(project.sources):
                data = starting_data(sheet, Path(project.root), lang)
        except (OSError, ValueError, StopIteration, SyntaxError) as exc:
            log.warning("worksheet block '%s': cannot read its starting data from %s (%s)", name, sheet.notebook or sheet.definition, exc)
            block.text = f"(Worksheet '{name}' has no data.)"
            return
        block.set("data-cq-worksheet", name)
        block.set("aria-labelledby", f"worksheet-{name}")
        if lang != SOURCE and sheet != catalogue(project.root).get(name):
            # Its words are translated: say so, also inside English fallback content (lang="en").
            block.set("lang", lang)
        block.text = self.md.htmlStash.store(worksheet_html(sheet, data, lang))
