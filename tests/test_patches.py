"""One test per patch of a library's internals (src/coursekit_mkdocs/patches.py for the MkDocs engine, and
src/coursekit/render/patches.py for the toolkit's Markdown layer): each fails when the library no longer has what the patch relies on
(the name, or the parameters it is called with), so that an upgrade of MkDocs, nbconvert or pymdown-extensions
says which patch to look at. Where it is cheap, the test also runs the patch and checks that it does its job;
every patch is undone after its test (monkeypatch)."""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markdown
import pytest

from coursekit.render import patches as toolkit_patches
from coursekit_mkdocs import patches


def _calls_in(function: Callable[..., object], name: str) -> list[ast.Call]:
    """The calls of ``name`` (a plain name, as a module-level lookup) in ``function``'s source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def test_poll_sooner_relies_on_serve_looking_up_its_live_reload_server_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs import livereload
    from mkdocs.commands import serve as mkdocs_serve

    assert "polling_interval" in inspect.signature(livereload.LiveReloadServer.__init__).parameters
    assert _calls_in(mkdocs_serve.serve, "LiveReloadServer"), "mkdocs serve no longer makes its server through the module's name"
    monkeypatch.setattr(mkdocs_serve, "LiveReloadServer", livereload.LiveReloadServer)  # undone after the test
    patches.poll_sooner(0.2)
    server = vars(mkdocs_serve)["LiveReloadServer"]
    assert isinstance(server, functools.partial)
    assert server.func is livereload.LiveReloadServer and server.keywords == {"polling_interval": 0.2}


def test_on_config_load_relies_on_serve_loading_the_configuration_by_name_with_keywords(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.config import load_config

    calls = _calls_in(mkdocs_serve.serve, "load_config")
    assert calls, "mkdocs serve no longer loads the configuration through the module's name"
    assert all(not call.args for call in calls), "mkdocs serve now passes load_config a positional argument"
    assert mkdocs_serve.load_config is load_config  # type: ignore[attr-defined]
    monkeypatch.setattr(mkdocs_serve, "load_config", load_config)  # undone after the test
    seen: list[Any] = []
    patches.on_config_load(seen.append)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Patched\n", encoding="utf-8")
    config = mkdocs_serve.load_config(config_file=str(tmp_path / "mkdocs.yml"))  # type: ignore[attr-defined]
    assert seen == [config]


def test_theme_listing_relies_on_the_theme_environment_and_its_template_list(tmp_path: Path) -> None:
    from mkdocs.theme import Theme

    assert "filter_func" in inspect.signature(jinja2.Environment.list_templates).parameters
    assert "extensions" in inspect.signature(jinja2.Environment.list_templates).parameters
    theme = Theme(name="material")
    assert isinstance(theme.dirs, list) and isinstance(theme.static_templates, set)
    assert isinstance(theme.get_env(), jinja2.Environment)
    listing = patches.ThemeListing()
    listing.install(theme, editable=tmp_path, compiled=tmp_path / "compiled")
    first, second = theme.get_env(), theme.get_env()
    assert isinstance(first.bytecode_cache, jinja2.FileSystemBytecodeCache)
    names = first.list_templates(filter_func=lambda name: name.endswith(".html"))
    assert names and second.list_templates(filter_func=lambda name: name.endswith(".html")) == names
    assert len(listing.names) == 1  # listed once for both environments


def test_keep_nbconvert_templates_relies_on_the_exporters_private_environment_factory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = TemplateExporter._create_environment
    assert list(inspect.signature(create).parameters) == ["self"]
    assert isinstance(HTMLExporter()._create_environment(), jinja2.Environment)  # type: ignore[no-untyped-call]
    monkeypatch.setattr(TemplateExporter, "_create_environment", create)  # undone after the test
    monkeypatch.setattr(patches, "_NBCONVERT_CACHE", [])
    patches.keep_nbconvert_templates(tmp_path)
    env = HTMLExporter()._create_environment()  # type: ignore[no-untyped-call]
    assert isinstance(env.bytecode_cache, jinja2.FileSystemBytecodeCache) and env.bytecode_cache.directory == str(tmp_path)


def test_rendered_state_relies_on_the_page_attributes_rendering_sets(tmp_path: Path) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# From the heading\n\n## Part {#part}\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(docs), "markdown_extensions": ["attr_list"]})
    assert config.validate() == ([], [])
    file = File("index.md", str(docs), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    toc, title, anchors = patches.rendered_state(page)
    assert title == "From the heading" and anchors is not None and "part" in anchors
    reused = Page(None, file, config)  # a page a serve rebuild reuses: read, its HTML set, never rendered
    reused.read_source(config)
    reused.content = page.content
    patches.restore_rendered_state(reused, (toc, title, anchors))
    assert reused.title == "From the heading" and reused.toc is toc and reused.present_anchor_ids == anchors


def test_wrap_notebook_render_relies_on_mkdocs_jupyter_setting_render_on_the_page(tmp_path: Path) -> None:
    import types

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from mkdocs_jupyter.plugin import Plugin as JupyterPlugin  # type: ignore[import-untyped]

    # mkdocs-jupyter puts its converter on the page instance, and MkDocs builds a page through page.render(config, files).
    sets = ast.parse(textwrap.dedent(inspect.getsource(JupyterPlugin.on_pre_page)))
    assert any(
        isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "render" for t in n.targets) for n in ast.walk(sets)
    ), "mkdocs-jupyter no longer sets page.render in on_pre_page"
    builds = ast.parse(textwrap.dedent(inspect.getsource(mkdocs_build._populate_page)))
    assert any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "render" and len(n.args) == 2
        for n in ast.walk(builds)
    ), "MkDocs no longer renders a page with page.render(config, files)"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Page\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(docs)})
    assert config.validate() == ([], [])
    file = File("index.md", str(docs), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    assert patches.notebook_converter(page) is None
    assert patches.wrap_notebook_render(page, lambda convert: convert) is False  # a Markdown page keeps MkDocs' own render
    calls: list[str] = []

    def convert(self: Page, config: MkDocsConfig, files: Files) -> None:  # as mkdocs-jupyter's new_render
        self.content = "<p>converted</p>"
        calls.append("convert")

    page.render = types.MethodType(convert, page)  # type: ignore[method-assign]

    def cached(inner: patches.Render) -> patches.Render:
        def render(config: Any, files: Any) -> None:
            calls.append("cache")
            inner(config, files)

        return render

    assert patches.wrap_notebook_render(page, cached) is True
    page.render(config, Files([file]))
    assert calls == ["cache", "convert"] and page.content == "<p>converted</p>"


def _blocks_markdown() -> tuple[markdown.Markdown, Any]:
    from pymdownx.blocks import BlocksProcessor

    md = markdown.Markdown(extensions=["pymdownx.blocks.admonition", "pymdownx.blocks.details"])
    processor = md.parser.blockprocessors["blocks"]
    assert isinstance(processor, BlocksProcessor)
    return md, processor


PAGE = "/// note | Title\nInside the note.\n\n/// details | More\nDeeper.\n///\n///\n\n/// details | Misspelt\n    opne: true\n///\n"


def test_before_block_run_relies_on_the_processors_run_and_cached_block() -> None:
    from pymdownx.blocks import BlocksProcessor

    assert list(inspect.signature(BlocksProcessor.run).parameters) == ["self", "parent", "blocks"]
    md, processor = _blocks_markdown()
    assert processor.cached_block is None  # the attribute is there before the first page
    opened: list[str] = []
    toolkit_patches.before_block_run(processor, lambda p: opened.append(p.cached_block[0].NAME))
    md.convert(PAGE)
    assert opened == ["note", "details"]  # the refused header (a misspelt option) opens nothing


def test_before_parse_chunk_relies_on_the_block_parser_and_the_working_block() -> None:
    from markdown.blockparser import BlockParser

    assert list(inspect.signature(BlockParser.parseChunk).parameters) == ["self", "parent", "text"]
    md, processor = _blocks_markdown()
    assert processor.working is None
    inside: list[tuple[str, str]] = []

    def seen(text: str) -> None:
        if processor.working is not None:
            inside.append((processor.working.block.NAME, text))

    toolkit_patches.before_parse_chunk(md, seen)
    md.convert(PAGE)
    assert ("note", "Inside the note.") in inside and ("details", "Deeper.") in inside
    assert processor.working is None  # reset once the page is done


def test_after_block_test_relies_on_the_processors_test_and_what_the_refusal_reads() -> None:
    from pymdownx.blocks import BlocksProcessor
    from pymdownx.blocks.block import Block

    from coursekit.render.headers import explain

    assert list(inspect.signature(BlocksProcessor.test).parameters) == ["self", "parent", "block"]
    assert list(inspect.signature(BlocksProcessor.split_header).parameters) == ["self", "block", "length"]
    assert list(inspect.signature(Block.__init__).parameters)[:5] == ["self", "length", "tracker", "block_mgr", "config"]
    md, processor = _blocks_markdown()
    match = processor.start.search("/// note | Title\n")
    assert match is not None and (len(match.group(1)), match.group(2), match.group(3)) == (3, "note", "Title")
    refused: list[str] = []

    def tested(parent: object, block: str, taken: bool) -> None:
        refusal = None if taken else explain(processor, block)
        if refusal is not None:
            refused.append(refusal.problem)

    toolkit_patches.after_block_test(processor, tested)
    md.convert(PAGE)
    assert refused == ["unknown option 'opne' in the '/// details' block; did you mean 'open'?"]
