"""``/// slide``: an explicit slide break for the presentation view (invisible when reading)."""

from __future__ import annotations

from typing import ClassVar

from coursekit.render.blocks import RawBlock, declare


@declare(slides="show", prints=False, selector=".cq-slide-break")
class SlideBlock(RawBlock):
    NAME = "slide"

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-slide-break", "aria-hidden": "true"}
