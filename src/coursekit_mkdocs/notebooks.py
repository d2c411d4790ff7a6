"""A notebook page's conversion (mkdocs-jupyter) kept in the course's on-disk cache
(:mod:`coursekit.outputs.cache`): one conversion per version of the notebook, of the toolkit and of the
converter and its settings, shared by every build and every language that shows the same notebook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from coursekit.outputs import cache

from .patches import Render, notebook_converter, wrap_notebook_render

CONVERTER = "mkdocs-jupyter"
LIBRARIES = ("mkdocs-jupyter", "nbconvert", "nbformat", "jupytext", "pygments", "markdown", "mkdocs")


def _tokens(links: Any) -> list[dict[str, Any]]:
    """A table of contents as the tokens `get_toc` reads back."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)} for a in links]


def cached_conversion(page: Page, root: Path, config: MkDocsConfig) -> None:
    """Wrap the page's converter (set by mkdocs-jupyter's on_pre_page) with the on-disk cache
    (through coursekit_mkdocs.patches, which holds every such change)."""
    plugin = config.plugins.get(CONVERTER)
    if plugin is None or notebook_converter(page) is None:
        return  # not a notebook the converter renders
    settings = {
        "libraries": cache.versions(*LIBRARIES),
        "options": {k: v for k, v in dict(plugin.config).items() if k not in ("cache", "cache_dir")},
    }
    source = Path(str(page.file.abs_src_path))

    def cached(convert: Render) -> Render:
        def render(config: MkDocsConfig, files: Any) -> None:
            def make() -> dict[str, bytes]:
                convert(config, files)
                title = page.__dict__.get("title")  # set by the converter from the notebook's first heading
                meta = {"toc": _tokens(page.toc), "title": title}
                return {"content": (page.content or "").encode(), "meta": json.dumps(meta).encode()}

            # Declared by its address and bytes, not by where the compiled tree holds it: a language whose
            # notebook is not translated shows the English notebook, converted once for every language.
            out = cache.of(root).outputs(
                f"notebook:{page.file.src_uri}", settings, [Path(page.file.src_uri)], lambda _: _read(source), make
            )
            page.content = out["content"].decode()
            meta = json.loads(out["meta"])
            page.toc = get_toc(meta["toc"])
            if meta["title"] is not None:
                page.title = meta["title"]

        return render

    wrap_notebook_render(page, cached)


def _read(path: Path) -> bytes:
    return path.read_bytes()
