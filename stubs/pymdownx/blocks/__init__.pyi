from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

class BlocksExtension(Extension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None: ...  # noqa: N802
