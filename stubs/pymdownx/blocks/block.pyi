import xml.etree.ElementTree as etree
from typing import Any, ClassVar

from markdown import Markdown

def type_string(value: Any) -> str: ...

class Block:
    NAME: ClassVar[str]
    ARGUMENT: ClassVar[bool | None]
    OPTIONS: ClassVar[dict[str, list[Any]]]
    md: Markdown
    config: Any
    argument: str | None
    options: dict[str, Any]
    def __init__(self, length: int, tracker: Any, block_mgr: Any, config: Any) -> None: ...
    def on_markdown(self) -> str: ...
    def on_create(self, parent: etree.Element) -> etree.Element: ...
    def on_add(self, block: etree.Element) -> etree.Element: ...
    def on_end(self, block: etree.Element) -> None: ...
