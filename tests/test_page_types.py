"""The covering set of pages the whole-site browser checks run on (page_types): every component,
language state and kind of page of the real site is on a chosen page, and a component that only one
page has makes that page chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_types import covering_pages, features, page_urls


@pytest.mark.browser  # it reads the real site, built for the browser tests
def test_the_chosen_pages_show_everything_every_page_shows(real_site: Path) -> None:
    chosen = covering_pages(real_site)
    everything = set().union(*(features(real_site, url) for url in page_urls(real_site)))
    seen = set().union(*(features(real_site, url) for url in chosen))
    assert seen == everything
    assert len(chosen) < len(page_urls(real_site)) / 3  # the point: far fewer pages than the site has
    for lang in ("es", "ca", "fr"):
        assert f"/{lang}/" in chosen and any(u.startswith(f"/{lang}/modules/") for u in chosen), lang


def _page(site: Path, url: str, body: str, lang: str = "en") -> None:
    folder = site / url.strip("/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(f'<html lang="{lang}"><body><article>{body}</article></body></html>', encoding="utf-8")


def test_a_component_on_one_page_only_makes_that_page_chosen(tmp_path: Path) -> None:
    _page(tmp_path, "/", '<p class="a">x</p>')
    _page(tmp_path, "/modules/01-a/", '<p class="a">x</p><div class="b">y</div>')
    _page(tmp_path, "/modules/02-b/", '<p class="a">x</p><div class="b">y</div>')
    _page(tmp_path, "/glossary/", '<p class="a">x</p>')
    assert covering_pages(tmp_path) == ["/", "/glossary/", "/modules/01-a/"]
    _page(tmp_path, "/modules/02-b/", '<p class="a">x</p><div class="b" data-cq-worksheet="w">y</div>')
    assert covering_pages(tmp_path) == ["/", "/glossary/", "/modules/02-b/"]
    _page(tmp_path, "/es/", '<p class="a">x</p>', lang="es")
    assert "/es/" in covering_pages(tmp_path)
