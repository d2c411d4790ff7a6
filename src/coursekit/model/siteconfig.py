"""Read mkdocs.yml as plain data, the way MkDocs itself resolves it (without importing MkDocs).

mkdocs.yml may hold MkDocs' ``!ENV`` tag (``site_url: !ENV [SITE_URL, ""]``: the first variable that
is set, else the last value) and Python tags such as ``!!python/name:`` used by some Markdown
extension options. ``!ENV`` is resolved as MkDocs resolves it; other tags become ``None``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from coursekit.model.sources import Sources


class _Loader(yaml.SafeLoader):
    """A safe loader that knows ``!ENV`` and drops other tags to None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        values: list[Any] = list(loader.construct_sequence(node))
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict (an empty one when the file holds something else)."""
    return parse_mkdocs_yml(path.read_text(encoding="utf-8"))


def parse_mkdocs_yml(text: str) -> dict[str, Any]:
    """mkdocs.yml's text as a dict (an empty one when it holds something else)."""
    data = yaml.load(text, Loader=_Loader)
    return data if isinstance(data, dict) else {}


def project_config(sources: Sources, root: Path) -> tuple[dict[str, Any], list[str]]:
    """(settings, lines) of the course's mkdocs.yml, read once through the project's sources (the
    build hands MkDocs the same bytes); empty when it is missing or unreadable (the build says why)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}, []
    text = sources.text_only(path, "mkdocs.yml")
    if text is None:
        return {}, []
    try:
        return parse_mkdocs_yml(text), text.splitlines()
    except yaml.YAMLError:
        return {}, text.splitlines()
