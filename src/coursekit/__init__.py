"""coursekit: the course model, validation and rendering, free of any site engine.

The engine glue (``coursekit_mkdocs``, ``coursekit_zensical``) imports coursekit, never the reverse;
`course build --engine NAME` finds an engine through :mod:`coursekit.outputs.engine`.
"""

from coursekit.model.project import Project

__all__ = ["Project"]
