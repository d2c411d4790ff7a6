import re
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from .block import Block

class BlocksExtension(Extension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None: ...  # noqa: N802

class BlocksProcessor(BlockProcessor):
    blocks: dict[str, type[Block]]
    cached_block: Any  # internals the toolkit's hooks read (tests/test_patches.py)
    working: Any
    start: re.Pattern[str]
    def split_header(self, block: str, length: int) -> tuple[dict[str, Any] | None, str]: ...
