"""The quiz renderer: golden files (update with `pytest --update-golden`) and safe Markdown."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from markupsafe import escape

from coursekit.model.diagnostics import Report
from coursekit.model.quiz import load_bank
from coursekit.render import safemd
from coursekit.render.quizhtml import quiz_parts

GOLDEN = Path(__file__).parent / "golden"


def render_file(name: str, items: list[str] | None = None) -> str:
    bank = load_bank(GOLDEN / name, Report(GOLDEN))
    assert bank is not None
    parts = quiz_parts(bank, items, label="Quiz: golden")  # what the `/// quiz` block places, as one string

    def attrs(values: dict[str, str]) -> str:
        return " ".join(f'{k}="{escape(v)}"' for k, v in values.items())

    listed = "\n".join(f"<li {attrs(a)}>\n{html}\n</li>" for a, html in parts.items)
    return f'<section {attrs(parts.attrs)}>\n{parts.intro_html}\n<ol class="cq-items">\n{listed}\n</ol>\n</section>\n'


@pytest.mark.parametrize("name", ["mixed", "hostile"])
def test_golden(name: str, request: pytest.FixtureRequest) -> None:
    import golden_files

    golden_files.check(GOLDEN / f"{name}.html", render_file(f"{name}.yml"), request)


def test_chosen_items_in_the_chosen_order() -> None:
    out = render_file("mixed.yml", ["gold-tf", "gold-single"])
    assert out.index('data-cq-item="gold-tf"') < out.index('data-cq-item="gold-single"')
    assert "gold-multiple" not in out


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_and_script_in_a_bank_are_never_markup() -> None:
    parser = _Collector()
    parser.feed(render_file("hostile.yml"))
    assert "script" not in parser.tags and "iframe" not in parser.tags and "style" not in parser.tags and "svg" not in parser.tags
    assert not [name for name, _ in parser.attrs if name.startswith("on")]
    assert not [value for _, value in parser.attrs if value and "javascript:" in value.lower()]


def test_raw_html_is_shown_as_text() -> None:
    out = safemd.render("<b>bold</b> and <script>x()</script>")
    assert out == "<p>&lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;x()&lt;/script&gt;</p>"


def test_markdown_still_works() -> None:
    assert safemd.render_inline("**bold**, `code` and [ECCP](https://clustercollaboration.eu/)") == (
        '<strong>bold</strong>, <code>code</code> and <a href="https://clustercollaboration.eu/" rel="noopener noreferrer">ECCP</a>'
    )
