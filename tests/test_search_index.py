"""The site search, as a learner uses it: a lean index (issue 12) that finds the course's ideas,
ranks module pages first, and never returns trainer notes, notebook code or reference lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser


def index(site: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs


def pages(site: Path) -> set[str]:
    return {doc["location"].split("#", 1)[0] for doc in index(site)}


def test_pages_a_learner_does_not_search_are_left_out(real_site: Path) -> None:
    found = pages(real_site)
    assert "modules/03-choosing-markets/" in found and "glossary/" in found  # learner pages are in
    for page in ("modules/print/", "review/", "trainer-guide/", "editor-guide/", "modules/03-choosing-markets/trainer-notes/"):
        assert (real_site / page / "index.html").is_file(), page  # the page exists on the site...
        assert page not in found, page  # ...but not in the index


def test_code_cells_trainer_notes_quiz_answers_and_reference_lists_are_not_indexed(real_site: Path) -> None:
    text = "\n".join(doc["text"] for doc in index(real_site))
    module = (real_site / "modules/03-choosing-markets/index.html").read_text(encoding="utf-8")
    assert "cq-trainer" in module and 'id="sources"' in module  # present on the page
    assert "import pandas as pd" not in text and "pd.read_csv(" not in text  # notebook code
    assert "10.1057/" not in text and "Journal of International Business Studies" not in text  # the reference lists under "Sources"
    sources = [doc for doc in index(real_site) if doc["location"].endswith("#sources")]
    assert sources and all(len(doc["text"]) < 200 for doc in sources), sources[:1]  # the heading stays findable
    assert "Facts checked on" in module  # and the page itself still shows everything
    # the markdown text of a module still is: a sentence from module 03's body
    assert any("knock-out" in doc["text"].lower() for doc in index(real_site) if doc["location"].startswith("modules/03"))


def test_module_pages_rank_above_notebook_pages(real_site: Path) -> None:
    boosts = {doc["location"].split("#", 1)[0]: doc.get("boost", 1.0) for doc in index(real_site)}
    assert boosts["modules/03-choosing-markets/"] > boosts["modules/03-choosing-markets/screening/"]


@pytest.mark.parametrize("size", [(360, 740), (1366, 768)])
def test_searching_for_mission_finds_module_text_first(browser: Browser, site_url: str, size: tuple[int, int]) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(f"{site_url}/modules/01-why-international/")
        if size[0] < 700:
            page.locator("label.md-header__button[for='__search']").click()
        # Material's worker has loaded the index when the search box says so (a learner who types
        # before then gets results once it has)
        page.wait_for_function("() => /type to start/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
        page.locator("input.md-search__input").press_sequentially("mission")  # typed, as Material reads key presses
        first = page.locator(".md-search-result__item").first
        first.wait_for()
        href = first.locator("a").first.get_attribute("href") or ""
        assert "/modules/" in href and "trainer" not in href and "screening" not in href and "results-tracker" not in href, href
        shown = first.inner_text()
        assert "import " not in shown and "def " not in shown, shown
    finally:
        page.close()
