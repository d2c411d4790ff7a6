"""SCORM packages: the manifest against SCORM's structure, and the runtime under a real SCORM
runtime (scorm-again's Scorm12API and Scorm2004API as the LMS, in a parent frame)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_course, replace_in, run_course
from playwright.sync_api import Browser
from test_csp import check_page_policy
from test_export_banks import source_checksums

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"

HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.min.js"></script><script src="scorm2004.min.js"></script></head>
<body><iframe id="sco" title="Course" style="width:1200px;height:800px"></iframe>
<script>
  window.commits = 0;
  window.launch = function (version, href, stored) {
    const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
    const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
    api.loadFromJSON(stored || {});
    api.on(version === "1.2" ? "LMSCommit" : "Commit", function () { window.commits += 1; });
    window.API = version === "1.2" ? api : undefined;
    window.API_1484_11 = version === "1.2" ? undefined : api;
    window.lms = api;
    document.getElementById("sco").src = href;
  };
  window.get = function (key) { return window.lms.cmi ? String(window.lms.getCMIValue(key)) : ""; };
</script></body></html>
"""


OFFLINE_BOX = "\n/// offline\nAn offline copy of the course needs JavaScript in your browser.\n///\n"


def publish_beta_without_quiz(course: Path) -> None:
    """The fixture's second module, published and without a quiz (completed once read)."""
    replace_in(course / "modules/02-beta/index.md", "status: draft", "status: published")
    replace_in(course / "modules/02-beta/index.md", "/// quiz | 02-beta\n///\n", "")
    (course / "quizzes/02-beta.yml").unlink()


@pytest.fixture(scope="module")
def fixture_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    course = make_course(tmp_path_factory.mktemp("scorm") / "course")
    publish_beta_without_quiz(course)
    home = course / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + OFFLINE_BOX, encoding="utf-8")  # as the real home page
    before = source_checksums(course)
    out: dict[str, Any] = {"course": course}
    for fmt in ("scorm12", "scorm2004"):
        path = course.parent / f"{fmt}.zip"
        result = run_course(course, "export", "--format", fmt, "-o", str(path), "-q")
        assert result.returncode == 0, result.stdout + result.stderr
        out[fmt] = path
    assert source_checksums(course) == before
    assert not (course / "site").exists()
    return out


def check_manifest(package: Path, version: str, modules: list[str]) -> ET.Element:
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        pages = {n: archive.read(n).decode("utf-8", "replace") for n in names if n.endswith((".html", ".js", ".css"))}
    assert "imsmanifest.xml" in names
    ns = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}" if version == "1.2" else "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    assert manifest.tag == f"{ns}manifest"
    assert manifest.findtext(f"{ns}metadata/{ns}schemaversion") == ("1.2" if version == "1.2" else "2004 4th Edition")
    identifiers = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers)), "identifiers must be unique"
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i or "") for i in identifiers), identifiers
    orgs = manifest.find(f"{ns}organizations")
    assert orgs is not None and orgs.get("default") in identifiers
    resources = {r.get("identifier"): r for r in manifest.iter(f"{ns}resource")}
    items = list(manifest.iter(f"{ns}item"))
    assert [i.get("identifier") for i in items] == [f"ITEM-{m}" for m in modules]
    adlcp = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}" if version == "1.2" else "{http://www.adlnet.org/xsd/adlcp_v1p3}"
    for item in items:
        res = resources[item.get("identifierref")]
        assert res.get(f"{adlcp}{'scormtype' if version == '1.2' else 'scormType'}") == "sco"
        assert res.get("href") in names, "the launch file exists"
    listed = [f.get("href") for f in manifest.iter(f"{ns}file")]
    assert len(listed) == len(set(listed))
    assert set(listed) == names - {"imsmanifest.xml"}, "every file listed, every listed file present"
    for dep in manifest.iter(f"{ns}dependency"):
        assert dep.get("identifierref") in resources
    # Relative links only; nothing loaded from elsewhere; no service worker.
    for name, text in pages.items():
        assert "serviceWorker" not in text, name
        if name.endswith(".html"):
            assert check_page_policy(name, text) == []  # its Content-Security-Policy, current and strict
            for attr, url in re.findall(r'\b(src|href)="([^"]*)"', text):
                assert not url.startswith("/"), (name, url)
                if attr == "src":
                    assert not re.match(r"^(https?:)?//", url), (name, url)
            for url in re.findall(r'<link\b[^>]*\bhref="([^"]*)"', text):
                assert not re.match(r"^(https?:)?//", url) or "canonical" in text, (name, url)
    return manifest


@pytest.mark.parametrize(("fmt", "version"), [("scorm12", "1.2"), ("scorm2004", "2004")])
def test_fixture_package_manifest(fixture_packages: dict[str, Any], fmt: str, version: str) -> None:
    manifest = check_manifest(fixture_packages[fmt], version, ["01-alpha", "02-beta"])
    text = ET.tostring(manifest, encoding="unicode")
    if version == "1.2":
        assert text.count("masteryscore>80<") == 1  # the module with a quiz
    else:
        assert 'satisfiedByMeasure="true"' in text and "minNormalizedMeasure>0.80<" in text


def offline_promises(html: str) -> list[str]:
    """What a home page says or offers about an offline copy: the box, and any sentence about it."""
    box = re.findall(r"<[^>]*data-cq-offline[^>]*>", html)
    text = re.sub(r"<[^>]+>", " ", html.split("<body", 1)[-1])
    return box + re.findall(r"[^.>]*\boffline\b[^.<]*", text, re.IGNORECASE)


def test_a_package_home_page_has_no_offline_box_the_site_has(fixture_packages: dict[str, Any], tmp_path: Path) -> None:
    """No "Make this course available offline" box in a package (its build sets extra.offline: false
    and writes no service worker); the normal site of the same course keeps it."""
    for fmt in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(fixture_packages[fmt]) as archive:
            assert not [n for n in archive.namelist() if n in ("sw.js", "offline.json", "assets/offline.js")]
            assert offline_promises(archive.read("index.html").decode("utf-8")) == []
    site = tmp_path / "site"
    result = run_course(fixture_packages["course"], "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="cq-offline" data-cq-offline="">\s*<p>An offline copy of the course needs JavaScript', home)
    assert (site / "sw.js").is_file()


@pytest.fixture
def lms(browser: Browser, fixture_packages: dict[str, Any], tmp_path: Path) -> Iterator[Any]:
    from browser import serve

    for fmt in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(fixture_packages[fmt]) as archive:
            archive.extractall(tmp_path / fmt)
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        shutil.copy(SCORM_AGAIN / name, tmp_path / name)
    (tmp_path / "lms.html").write_text(HARNESS, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{e}\n{e.stack}"))
    with serve(tmp_path) as url:
        page.goto(f"{url}/lms.html")
        yield page, url, errors
    context.close()


def _frame(page: Any) -> Any:
    page.wait_for_function(
        "() => { const d = document.getElementById('sco').contentDocument; return !!(d && d.documentElement && d.documentElement.hasAttribute('data-cq-scorm')); }"
    )
    return page.frame_locator("#sco")


def _answer(frame: Any, item: str, texts: list[str], check: bool = True) -> None:
    box = frame.locator(f"#q-{item}")
    for text in texts:
        box.locator(".cq-option", has_text=text).locator("input").check()
    if check:
        box.locator(".cq-check").click()


def _wait(page: Any, expression: str) -> None:
    page.wait_for_function(f"() => ({expression})")  # a function, not a string Playwright would eval (a CSP page refuses eval)


@pytest.mark.browser
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_runtime_reports_to_the_lms_and_restores_from_it(lms: Any, version: str) -> None:
    page, _url, errors = lms
    fmt = "scorm12" if version == "1.2" else "scorm2004"
    status, raw = ("cmi.core.lesson_status", "cmi.core.score.raw") if version == "1.2" else ("cmi.success_status", "cmi.score.raw")
    page.evaluate("([v, href]) => launch(v, href)", [version, f"{fmt}/modules/01-alpha/index.html"])
    frame = _frame(page)
    assert page.evaluate(f"get('{status}')") in ("incomplete", "unknown")
    assert "Your learning platform records your first answer" in frame.locator(".cq-quiz__intro").first.inner_text()
    # Partly right: the first and third right, the multiple-answer item half done (wrong).
    _answer(frame, "alp-first", ["Knock-out rules"])
    _wait(page, "window.commits >= 1")
    assert page.evaluate(f"get('{raw}')") == "", "no score before every question has an answer"
    assert page.evaluate(f"get('{status}')") in ("incomplete", "unknown")
    _answer(frame, "alp-many", ["The market is under sanctions."])
    _answer(frame, "alp-tf", ["False"])
    _wait(page, f"get('{status}') === 'failed'")
    commits = page.evaluate("window.commits")
    assert commits >= 3, "a commit after each answer"
    values = {
        k: page.evaluate(f"get('{k}')")
        for k in (
            ["cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max", "cmi.core.lesson_status"]
            if version == "1.2"
            else ["cmi.score.raw", "cmi.score.min", "cmi.score.max", "cmi.score.scaled", "cmi.completion_status", "cmi.success_status"]
        )
    }
    expected = (
        {"cmi.core.score.raw": "2", "cmi.core.score.min": "0", "cmi.core.score.max": "3", "cmi.core.lesson_status": "failed"}
        if version == "1.2"
        else {
            "cmi.score.raw": "2",
            "cmi.score.min": "0",
            "cmi.score.max": "3",
            "cmi.score.scaled": "0.6667",
            "cmi.completion_status": "completed",
            "cmi.success_status": "failed",
        }
    )
    assert values == expected
    # A second try is not a first attempt: the score stays, the answer kept is the new one.
    frame.locator("#q-alp-many .cq-retry").click()
    _answer(frame, "alp-many", ["The market is under sanctions.", "The product cannot be certified there."])
    _wait(page, f"window.commits > {commits}")
    assert page.evaluate(f"get('{raw}')") == "2"
    suspend = page.evaluate("get('cmi.suspend_data')")
    state = json.loads(suspend)
    assert state["f"] == "101" and len(suspend) < 4096
    # Leaving the module terminates the session.
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    _wait(page, "window.lms.isTerminated()")
    stored = page.evaluate("JSON.parse(window.lms.renderCMIToJSONString())")
    # A new launch: this browser's storage is gone; the answers must come from the LMS.
    page.evaluate("localStorage.clear()")
    keep = {"suspend_data": stored["cmi"]["suspend_data"] if "cmi" in stored else stored["suspend_data"]}
    page.evaluate("([v, href, s]) => launch(v, href, s)", [version, f"{fmt}/modules/01-alpha/index.html", keep])
    frame = _frame(page)
    frame.locator(".cq-quiz").first.scroll_into_view_if_needed()  # the quiz starts as the learner comes near it
    for item, outcome in (("alp-first", "correct"), ("alp-many", "correct"), ("alp-tf", "correct")):
        expect_class = f"cq-item--{outcome}"
        _wait(page, f"document.getElementById('sco').contentDocument.querySelector('#q-{item}').classList.contains('{expect_class}')")
    checked = frame.locator("#q-alp-many input:checked")
    assert checked.count() == 2
    assert page.evaluate(f"get('{raw}')") == "2"
    assert errors == []


@pytest.mark.browser
def test_a_module_without_a_quiz_is_completed_once_read(lms: Any) -> None:
    page, _url, errors = lms
    page.evaluate("([v, href]) => launch(v, href)", ["1.2", "scorm12/modules/02-beta/index.html"])
    _frame(page)
    page.evaluate("document.getElementById('sco').contentWindow.scrollTo(0, 1e6)")
    _wait(page, "get('cmi.core.lesson_status') === 'completed'")
    assert errors == []


@pytest.mark.browser
def test_without_an_lms_nothing_changes(lms: Any) -> None:
    page, url, errors = lms
    page.goto(f"{url}/scorm12/modules/01-alpha/index.html")
    page.wait_for_selector(".cq-quiz[data-cq-ready]")
    page.locator("#q-alp-first .cq-option", has_text="Knock-out rules").locator("input").check()
    page.locator("#q-alp-first .cq-check").click()
    page.wait_for_selector("#q-alp-first.cq-item--correct")
    assert page.evaluate("document.documentElement.hasAttribute('data-cq-scorm')") is False
    assert "Your answers stay in this browser only." in page.locator(".cq-quiz__intro").first.inner_text()
    assert errors == []


@pytest.fixture(scope="module")
def real_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real-scorm") / "course-scorm2004.zip"
    before = source_checksums(ROOT)
    result = run_course(ROOT, "export", "--format", "scorm2004", "-o", str(out), "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert source_checksums(ROOT) == before
    return out


def test_real_course_package_home_page_promises_no_offline_copy(real_package: Path, real_site: Path) -> None:
    with zipfile.ZipFile(real_package) as archive:
        assert offline_promises(archive.read("index.html").decode("utf-8")) == []
    assert len(offline_promises((real_site / "index.html").read_text(encoding="utf-8"))) >= 2  # the box and its note


def test_real_course_package_manifest(real_package: Path) -> None:
    from coursekit.app import open_project

    course = open_project(ROOT).course
    check_manifest(real_package, "2004", [m.slug for m in course.visible_modules(include_drafts=False)])


@pytest.mark.browser
def test_real_course_full_module_fits_scorm12_suspend_data(browser: Browser, real_package: Path, tmp_path: Path) -> None:
    """Every answer given in the largest module (every option ticked where allowed): suspend_data stays within 4,096."""
    from browser import serve

    from coursekit.app import open_project

    bank = max(open_project(ROOT).banks, key=lambda b: (len(b.items), sum(len(i.options) for i in b.items)))
    with zipfile.ZipFile(real_package) as archive:
        archive.extractall(tmp_path / "pkg")
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        shutil.copy(SCORM_AGAIN / name, tmp_path / name)
    (tmp_path / "lms.html").write_text(HARNESS, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    with serve(tmp_path) as url:
        page.goto(f"{url}/lms.html")
        page.evaluate("([v, href]) => launch(v, href)", ["2004", f"pkg/modules/{bank.module}/index.html"])
        frame = _frame(page)
        for item in bank.items:
            box = frame.locator(f"#q-{item.id}")
            inputs = box.locator(".cq-options input")
            if item.type == "multiple":
                for n in range(inputs.count()):
                    inputs.nth(n).check()
            else:
                inputs.first.check()
            box.locator(".cq-check").click()
        _wait(page, "get('cmi.completion_status') === 'completed'")
        suspend = page.evaluate("get('cmi.suspend_data')")
        print(f"suspend_data for {bank.module} ({len(bank.items)} items, all answered): {len(suspend)} characters")
        assert 0 < len(suspend) <= 4096
        assert json.loads(suspend)["f"].count("-") == 0
    context.close()


@pytest.mark.browser
def test_the_session_follows_links_inside_the_module_and_ends_when_it_is_left(lms: Any) -> None:
    page, _url, errors = lms
    page.evaluate("([v, href]) => launch(v, href)", ["2004", "scorm2004/modules/01-alpha/index.html"])
    frame = _frame(page)
    frame.locator("article a[href='scoring.html']").first.click()  # the module's notebook page
    _wait(page, "document.getElementById('sco').contentWindow.location.pathname.endsWith('/scoring.html')")
    _frame(page)
    assert page.evaluate("window.lms.isInitialized() && !window.lms.isTerminated()")
    frame.locator("a.md-footer__link--prev[href='index.html']").click()  # back to the module's first page
    _wait(page, "document.getElementById('sco').contentWindow.location.pathname.endsWith('/01-alpha/index.html')")
    frame = _frame(page)
    _answer(frame, "alp-first", ["Knock-out rules"])
    _wait(page, "JSON.parse(get('cmi.suspend_data') || '{}').f === '1--'")
    assert page.evaluate("get('cmi.progress_measure')") == "0.3333"
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    _wait(page, "window.lms.isTerminated()")
    assert errors == []


@pytest.mark.browser
def test_answers_come_back_from_the_lms_when_the_browser_blocks_storage(lms: Any) -> None:
    """Private mode or a policy can block localStorage: the LMS's suspend_data alone restores the answers."""
    from coursekit.app import open_project

    page, _url, errors = lms
    bank = next(b for b in open_project(ROOT / "tests/fixtures/course").banks if b.id == "01-alpha")
    first, many, tf = bank.items
    state = {
        "v": 1,
        "f": "101",
        "a": [
            "1:" + next(o.key for o in first.options if o.correct),
            "0:" + next(o.key for o in many.options if o.correct),
            "1:" + next(o.key for o in tf.options if o.correct),
        ],
    }
    # As in a private window of some browsers: nothing can be written to localStorage.
    page.context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('blocked', 'QuotaExceededError'); };")
    page.evaluate(
        "([v, href, s]) => launch(v, href, s)", ["1.2", "scorm12/modules/01-alpha/index.html", {"suspend_data": json.dumps(state)}]
    )
    _frame(page).locator(".cq-quiz").first.scroll_into_view_if_needed()  # the quiz starts as the learner comes near it
    for item, outcome in (("alp-first", "correct"), ("alp-many", "wrong"), ("alp-tf", "correct")):
        _wait(page, f"document.getElementById('sco').contentDocument.querySelector('#q-{item}').classList.contains('cq-item--{outcome}')")
    assert page.evaluate("get('cmi.core.score.raw')") == "2"
    assert page.evaluate("get('cmi.core.lesson_status')") == "failed"
    assert errors == []
