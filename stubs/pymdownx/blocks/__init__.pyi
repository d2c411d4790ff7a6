from typing import Any

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from .block import Block

class BlocksExtension(Extension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None: ...  # noqa: N802

class BlocksProcessor(BlockProcessor):
    blocks: dict[str, type[Block]]
