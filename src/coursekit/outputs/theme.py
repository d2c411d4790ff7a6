"""The theme's own words in the site's language, whichever engine builds it.

The palette switch's names (Material reads ``theme.palette[*].toggle.name`` for the button's
``aria-label`` and ``title``) come from the message catalogue, like every other interface string,
and the footer line comes from course.yml's ``copyright`` (or ``course.<lang>.yml``'s), so a
translated site has no English left in its header or footer. mkdocs.yml declares the palettes
(colours, media queries, icons) and no words.
"""

from __future__ import annotations

from typing import Any

from coursekit.i18n.catalogue import messages


def _target(entry: Any) -> str:
    """What choosing this palette switches to: "system" (a palette that follows the system's
    preference), "dark" (Material's scheme "slate") or "light" (any other scheme)."""
    if not isinstance(entry, dict) or "scheme" not in entry:
        return "system"
    return "dark" if entry.get("scheme") == "slate" else "light"


def palette_with_names(palette: Any, lang: str) -> Any:
    """``theme.palette`` with each toggle named in ``lang`` after the palette it switches to (the
    next one, as Material cycles through them). A palette without a toggle keeps none; anything
    that is not a list of palettes is returned as it is (the engine reports it)."""
    if not isinstance(palette, list):
        return palette
    m = messages(lang)
    out: list[Any] = []
    for i, entry in enumerate(palette):
        if isinstance(entry, dict) and isinstance(entry.get("toggle"), dict):
            name = m.t(f"palette.to_{_target(palette[(i + 1) % len(palette)])}")
            entry = {**entry, "toggle": {**entry["toggle"], "name": name}}
        out.append(entry)
    return out
