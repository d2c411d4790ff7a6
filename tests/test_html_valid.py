"""Every built page is valid HTML according to the Nu Html Checker (vnu-jar, npm)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tools import java, node_package

# Errors that Material for MkDocs 9.x itself emits in its templates, not in markup the course
# generates. Each is filtered by its exact message AND the element it is reported on.
THEME_ERRORS = {
    # Navigation section labels: Material renders tabindex="" on the label of a section that is
    # not an index page (partials/nav-item.html).
    "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.": 'class="md-nav__link"',
    # The drawer/search toggles are checkboxes with autocomplete="off" (Firefox form restore).
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.": 'class="md-toggle"',
    # The search box carries Safari's non-standard autocorrect="off".
    "Attribute “autocorrect” not allowed on element “input” at this point.": 'autocorrect="off"',
}


def vnu_errors(site: Path) -> list[dict[str, object]]:
    jar = node_package("vnu-jar/build/dist/vnu.jar")
    result = subprocess.run(
        [java(), "-jar", str(jar), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr or '{"messages": []}')["messages"]
    return messages


def is_theme_error(message: dict[str, object], site: Path) -> bool:
    marker = THEME_ERRORS.get(str(message.get("message")))
    if marker is None:
        return False
    url = str(message.get("url", "")).removeprefix("file:")
    line = int(str(message.get("lastLine", 0) or 0))
    try:
        lines = Path(url).read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    context = "\n".join(lines[max(0, line - 3) : line])
    return marker in context


def test_every_page_of_the_real_site_is_valid_html(real_site: Path) -> None:
    pages = list(real_site.rglob("*.html"))
    assert len(pages) >= 19
    errors = [m for m in vnu_errors(real_site) if not is_theme_error(m, real_site)]
    readable = [f"{str(m.get('url')).split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in errors]
    assert readable == []


def test_the_filter_is_no_broader_than_the_theme_errors(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<label tabindex="">x</label><input type="checkbox" autocomplete="off"></body></html>'
    )
    errors = vnu_errors(tmp_path)
    assert len(errors) == 2 and not any(is_theme_error(m, tmp_path) for m in errors)
