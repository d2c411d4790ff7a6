"""Every change the toolkit's Markdown layer makes to Python-Markdown and pymdown-extensions from outside.

Both engines (MkDocs, Zensical) render pages through the course extension, so these hooks belong to the
toolkit, not to an engine (the MkDocs engine's own patches are in coursekit_mkdocs.patches). Each wraps a
method of one processor or parser instance (never a class), for one Markdown instance; each says what
it changes, why, and which versions it was checked against, and tests/test_patches.py fails when the
library no longer has what it relies on. pyproject.toml pins the ranges (markdown <3.12,
pymdown-extensions <14) for that reason.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown


def before_block_run(processor: Any, seen: Callable[[Any], None]) -> None:
    """Call ``seen(processor)`` each time pymdownx.blocks' processor runs, before it opens the block it found.

    What: wraps ``run(parent, blocks)`` of one ``pymdownx.blocks.BlocksProcessor`` instance.
    Why: the processor does not say which blocks a page opened; the page parser records them (in
    order, with their name) to check them without rendering the page twice. The callback reads the
    processor's ``cached_block`` (the block ``test`` just matched, and the rest of the chunk).
    Relies on: ``BlocksProcessor.run(parent, blocks)`` and ``BlocksProcessor.cached_block``.
    Checked against pymdown-extensions 13.1.2.
    """
    original = processor.run

    def run(parent: etree.Element, lines: list[str]) -> None:
        seen(processor)
        original(parent, lines)

    processor.run = run


def before_parse_chunk(md: markdown.Markdown, seen: Callable[[str], None]) -> None:
    """Call ``seen(text)`` with each chunk of Markdown the block parser parses, before it parses it.

    What: replaces ``md.parser.parseChunk`` (a method of this Markdown instance's BlockParser) with
    a wrapper.
    Why: a block's content is parsed chunk by chunk; the page parser keeps a trainer note's Markdown
    as written (for the trainer page), which the parsed tree no longer has. The callback reads
    pymdownx.blocks' ``working`` entry (the block being filled: ``.block`` and ``.el``).
    Relies on: ``markdown.blockparser.BlockParser.parseChunk(parent, text)``, called by
    pymdownx.blocks for a block's content, and ``BlocksProcessor.working``. Checked against
    Python-Markdown 3.11.3 and pymdown-extensions 13.1.2.
    """
    parse_chunk = md.parser.parseChunk

    def chunk(parent: etree.Element, text: str) -> None:
        seen(text)
        parse_chunk(parent, text)

    md.parser.parseChunk = chunk  # type: ignore[method-assign]


def after_block_test(processor: Any, tested: Callable[[etree.Element, str, bool], None]) -> None:
    """Call ``tested(parent, block, taken)`` after pymdownx.blocks' processor decides whether it takes a chunk.

    What: wraps ``test(parent, block)`` of one ``pymdownx.blocks.BlocksProcessor`` instance.
    Why: the processor drops a block header it cannot take without a word (a misspelt option makes
    a quiz vanish); coursekit.render.headers explains each refusal. That explanation reads the
    processor's ``start`` pattern, ``blocks``, ``config`` and ``split_header`` and makes the block
    (``Block(length, tracker, processor, config)``) to read its ``arg_spec`` and ``option_spec``.
    Relies on: ``BlocksProcessor.test(parent, block)`` and the names above. Checked against
    pymdown-extensions 13.1.2.
    """
    original = processor.test

    def test(parent: etree.Element, block: str) -> bool:
        taken: bool = original(parent, block)
        tested(parent, block, taken)
        return taken

    processor.test = test
