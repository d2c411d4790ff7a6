"""The offline copy: what the build writes (manifest, icons, service worker with a versioned
precache list), and the learner's journey in Chromium: make the course available offline on the
home page, lose the connection, keep studying; after a new deploy, see "A new version is available"
and never a mix of old and new pages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser import serve
from conftest import ROOT, make_course, replace_in, run_course
from playwright.sync_api import Browser, Page, ViewportSize, expect
from test_accessibility import axe

from coursekit.outputs.offline import precache_list, write_offline

SIZES: tuple[ViewportSize, ...] = ({"width": 360, "height": 740}, {"width": 1366, "height": 768})


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "a").mkdir()
    page = '<html><head><link rel="stylesheet" href="{0}assets/stylesheets/main.1.min.css"></head><body>{1}</body></html>'
    (site / "index.html").write_text(page.format("", "home"))
    (site / "a" / "index.html").write_text(page.format("../", "a"))
    (site / "404.html").write_text(page.format("/repo/", "missing"))
    (site / "assets" / "x.js").write_text("x")
    (site / "assets" / "x.js.map").write_text("map")
    (site / "sitemap.xml").write_text("<urlset/>")
    return site


def test_the_build_lists_every_page_and_asset_with_a_version(tmp_path: Path) -> None:
    site = _site(tmp_path)
    listed = write_offline(site, "Strategic Internationalisation for Clusters", "A course.")
    urls = dict(listed.files)
    assert {"./", "a/", "404.html", "assets/x.js", "manifest.webmanifest", "assets/images/icon-192.png"} <= set(urls)
    assert not {"assets/x.js.map", "sitemap.xml", "sw.js", "offline.json"} & set(urls)
    worker = (site / "sw.js").read_text()
    assert f'var VERSION = "{listed.version}";' in worker and '["a/", ' in worker
    assert json.loads((site / "offline.json").read_text()) == {"version": listed.version, "files": len(listed.files), "bytes": listed.bytes}
    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone" and len(manifest["short_name"]) <= 12
    assert (site / "assets/images/icon-512.png").read_bytes().startswith(b"\x89PNG")
    # Every page links the manifest relative to itself; the 404 page (served at any depth) from the site's base.
    assert 'href="manifest.webmanifest"' in (site / "index.html").read_text()
    assert 'href="../manifest.webmanifest"' in (site / "a" / "index.html").read_text()
    assert 'href="/repo/manifest.webmanifest"' in (site / "404.html").read_text()
    # Any changed file makes a new version; an unchanged site keeps it.
    assert precache_list(site).version == listed.version
    (site / "a" / "index.html").write_text("changed")
    assert precache_list(site).version != listed.version


def _offline_copy(page: Page, url: str) -> None:
    page.goto(url + "/")
    button = page.get_by_role("button", name="Make this course available offline")
    intro = page.locator(".cq-offline__intro")
    expect(intro).to_contain_text(re.compile(r"Download size: [\d.]+ MB \(\d+ files\)"))
    button.click()
    status = page.locator(".cq-offline__status")
    status.filter(has_text="available offline").wait_for(timeout=120_000)
    assert page.locator("progress.cq-offline__progress").get_attribute("value") == "100"
    assert page.get_by_role("button", name="Remove the offline copy").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_study_offline_every_module_a_quiz_and_the_workbook(browser: Browser, real_site: Path, size: ViewportSize) -> None:
    modules = sorted(p.parent.name for p in (real_site / "modules").glob("[0-9]*/index.html"))
    extra = [p for p in ("workbook/", "modules/03-choosing-markets/screening/") if (real_site / p / "index.html").is_file()]
    with serve(real_site) as url:
        context = browser.new_context(viewport=size)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        _offline_copy(page, url)
        assert axe(page, "default") == []  # the offline control, finished, passes axe
        # Only same-origin GET answers with status 200 are kept, one per listed file.
        kept = page.evaluate("""async () => {
            const names = (await caches.keys()).filter(n => n.startsWith('sic-offline-'));
            const cache = await caches.open(names[0]);
            const out = [];
            for (const request of await cache.keys()) {
              const response = await cache.match(request);
              out.push([new URL(request.url).origin, request.method, response.status]);
            }
            return {names, out};
        }""")
        listed = json.loads((real_site / "offline.json").read_text())
        assert len(kept["names"]) == 1 and len(kept["out"]) == listed["files"] + 1  # and the "complete" marker
        assert {(origin, method, status) for origin, method, status in kept["out"]} == {(url, "GET", 200)}

        context.set_offline(True)
        for module in modules:
            page.goto(f"{url}/modules/{module}/")
            assert page.locator("article h1").first.is_visible(), module
        for path in extra:
            page.goto(f"{url}/{path}")
            assert page.locator("article h1").first.is_visible(), path
        # The module 02 scorecards start and score offline (their modules and definitions are in the copy).
        page.goto(f"{url}/modules/02-diagnostics/#worksheet-export-readiness")
        scan = page.locator("[data-cq-worksheet='export-readiness']")
        scan.locator(".cq-ws__results table").first.wait_for()
        scan.locator("input[name='cq-sc-export-readiness-goal'][value='2']").check()
        expect(scan.locator(".cq-sc__progress")).to_have_text("1 of 15 questions answered.")
        # A quiz works offline: answer, check, and the answer is kept.
        page.goto(f"{url}/modules/03-choosing-markets/")
        item = page.locator(".cq-item").first
        item.locator("input").first.check()
        item.get_by_role("button", name="Check answer").click()
        assert item.locator(".cq-verdict").text_content()
        page.goto(f"{url}/progress/")
        expect(page.locator('tr[data-cq-module="03-choosing-markets"] [data-cq-score]')).not_to_have_text(
            "–"
        )  # filled in from this browser's answers
        # Search works offline too (its index is part of the copy).
        page.goto(f"{url}/modules/03-choosing-markets/")
        page.keyboard.press("/")
        page.keyboard.type("knock-out")
        page.locator(".md-search-result__item").first.wait_for()
        assert errors == []
        context.close()


@pytest.mark.browser
def test_a_new_deploy_is_offered_never_mixed(browser: Browser, tmp_path: Path) -> None:
    course = make_course(tmp_path / "course")
    (course / "docs" / "index.md").write_text(
        (course / "docs" / "index.md").read_text() + '\n<div class="cq-offline" data-cq-offline markdown>\nNeeds JavaScript.\n</div>\n'
    )
    assert run_course(course, "build").returncode == 0
    module = next(p for p in sorted((course / "modules").glob("[0-9]*/index.md")))
    with serve(course / "site") as url:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        _offline_copy(page, url)
        page_url = f"{url}/modules/{module.parent.name}/"
        page.goto(page_url)
        revised = page.get_by_text("Revised edition: one more rule.")
        assert revised.count() == 0
        # A new deploy: a changed page and so a new version of the worker.
        module.write_text(module.read_text() + "\nRevised edition: one more rule.\n")
        # ... with a page that only the new deploy has, and a changed stylesheet.
        (course / "docs" / "only-new.md").write_text("# Only in the new deploy\n\nA new page.\n", encoding="utf-8")
        replace_in(course / "course.yml", "[glossary.md]", "[glossary.md, only-new.md]")
        css = course / "docs" / "assets" / "course.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n.cq-new-deploy{color:red}\n", encoding="utf-8")
        old_site = tmp_path / "old-site"
        shutil.move(course / "site", old_site)
        assert run_course(course, "build").returncode == 0
        page.goto(page_url)  # the browser checks sw.js on navigation and finds the new version
        banner = page.get_by_role("region", name="Course update")
        banner.get_by_text("A new version is available").wait_for(timeout=120_000)
        assert axe(page, "default") == []  # the update notice passes axe
        # Until the learner chooses, every page is the old version, including ones not opened before.
        assert revised.count() == 0
        for path in ("glossary/index.html", "progress/index.html", "index.html", "assets/course.css", "assets/reading.css"):
            served = page.evaluate("(u) => fetch(u).then(r => r.text())", f"{url}/{path.removesuffix('index.html')}")
            assert served == (old_site / path).read_text(encoding="utf-8"), path
        # A page only in the new deploy comes with the new deploy's files, never the old copy's.
        page.goto(f"{url}/only-new/")
        css_now = page.evaluate("() => fetch(new URL('../assets/course.css', location).href).then(r => r.text())")
        assert ".cq-new-deploy" in css_now
        page.goto(page_url)
        assert revised.count() == 0
        with page.expect_navigation():
            page.get_by_role("button", name="Update now").click()
        revised.wait_for()
        # The new version was downloaded in full before it took over: offline, it is all there.
        context.set_offline(True)
        page.goto(url + "/")
        page.goto(page_url)
        assert revised.count() == 1
        names = page.evaluate("caches.keys()")
        assert len([n for n in names if n.startswith("sic-offline-")]) == 1
        context.close()


def test_the_offline_copy_carries_every_worksheet_module_a_page_starts(real_site: Path) -> None:
    """Each `/// worksheet` on a built page loads assets/worksheet-<name>.js and what it imports: all in the precache list."""
    listed = {url for url, _ in precache_list(real_site).files}
    names = set()
    for page in real_site.rglob("*.html"):
        names |= set(re.findall(r'data-cq-worksheet="([a-z0-9-]+)"', page.read_text(encoding="utf-8")))
    assert {"market-screening", "results-tracker", "export-readiness", "cluster-benchmark"} <= names
    needed = {"assets/worksheets.js", "assets/worksheet.css", "assets/worksheet-kit.js", "assets/worksheet-scorecard.js"}
    for name in names:
        needed.add(f"assets/worksheet-{name}.js")
        source = (real_site / "assets" / f"worksheet-{name}.js").read_text(encoding="utf-8")
        needed |= {f"assets/{m}" for m in re.findall(r'from\s*"\./([a-z0-9-]+\.js)"', source)}
    assert needed <= listed, sorted(needed - listed)


@pytest.mark.browser
def test_a_download_that_fails_says_why_in_the_pages_language(browser: Browser, tmp_path: Path) -> None:
    """The worker names the file the server refused; the page says it in its own language (issue 19:
    the worker's English error text used to show inside the Spanish sentence)."""
    course = make_course(tmp_path / "course")
    shutil.copytree(ROOT / "tests/fixtures/translations", course, dirs_exist_ok=True)
    replace_in(course / "course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]")
    box = '\n<div class="cq-offline" data-cq-offline markdown>\nNeeds JavaScript.\n</div>\n'
    (course / "docs/index.es.md").write_text((course / "docs/index.es.md").read_text(encoding="utf-8") + box, encoding="utf-8")
    assert run_course(course, "build").returncode == 0
    (course / "site/es/404.html").unlink()  # a file of the offline copy that the server no longer has
    with serve(course / "site") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/es/")
        page.get_by_role("button", name="Disponer de este curso sin conexión").click()
        status = page.locator(".cq-offline__status")
        expect(status).to_contain_text("La descarga se detuvo: no se pudo descargar 404.html (HTTP 404).", timeout=120_000)
        context.close()
