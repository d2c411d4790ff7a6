"""The scoring rules are written once (docs/assets/grading.js) and every place that grades or judges
mastery gives the same verdict: the quiz, the Review page, the progress page, the certificate and
the SCORM runtime. The same table of cases runs through the rule itself and through each place."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import ready as browser_ready
from browser import text_in
from conftest import ROOT, make_course, replace_in, run_course
from playwright.sync_api import Browser

ASSETS = ROOT / "docs" / "assets"

# (right, total, mastery percent, mastered?)
MASTERY_CASES = [
    (6, 9, 67, False),  # 66.67 %: the site used to round it up to 67 and call it mastered
    (2, 3, 67, False),
    (2, 3, 66, True),
    (7, 10, 70, True),  # exactly at the mark, where floating point could miss it
    (4, 5, 80, True),
    (3, 4, 80, False),
    (13, 13, 100, True),
    (12, 13, 100, False),
    (0, 0, 80, False),  # nothing to score
]
# (chosen, right, correct?)
GRADING_CASES = [
    (["a"], ["a"], True),
    (["b", "a"], ["a", "b"], True),
    (["a"], ["a", "b"], False),  # partly right earns nothing
    (["a", "b", "c"], ["a", "b"], False),
    ([], ["a"], False),
]
# (right, total, percent shown)
PERCENT_CASES = [(6, 9, 66), (2, 3, 66), (7, 10, 70), (1, 3, 33), (0, 0, 0), (13, 13, 100)]


def _node(script: str) -> Any:
    node = shutil.which("node")
    assert node, "Node.js runs the rule's own table (it is installed with the test tools)"
    result = subprocess.run(
        [node, "--input-type=module", "-e", script], capture_output=True, text=True, check=False, cwd=ASSETS, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_rule_itself_gives_the_table() -> None:
    script = f"""
    import {{ isCorrect, isMastered, percentOf }} from "./grading.js";
    console.log(JSON.stringify({{
      mastered: {json.dumps([c[:3] for c in MASTERY_CASES])}.map(([r, t, m]) => isMastered(r, t, m)),
      correct: {json.dumps([c[:2] for c in GRADING_CASES])}.map(([c, r]) => isCorrect(c, r)),
      percent: {json.dumps([c[:2] for c in PERCENT_CASES])}.map(([r, t]) => percentOf(r, t)),
    }}));
    """
    got = _node(script)
    assert got["mastered"] == [c[3] for c in MASTERY_CASES]
    assert got["correct"] == [c[2] for c in GRADING_CASES]
    assert got["percent"] == [c[2] for c in PERCENT_CASES]


@pytest.mark.parametrize("module", ["quiz.js", "review.js", "data.js", "scorm.js"])
def test_every_place_takes_the_rule_from_grading_js(module: str) -> None:
    """No place keeps a copy: each imports the rule, and none compares with the pass mark or
    compares chosen options itself."""
    source = (ASSETS / module).read_text(encoding="utf-8")
    assert re.search(r'import \{[^}]*\} from "\./grading\.js"', source), f"{module} must import its rules from grading.js"
    assert not re.search(r">=\s*mastery|mastery\s*-\s*1e", source), f"{module} compares with the pass mark itself"
    assert not re.search(r"every\(\(\w+\) => right\.includes|=== right\.length", source), f"{module} grades an answer itself"
    assert "Math.round((100" not in source, f"{module} rounds a score itself"


@pytest.fixture(scope="module")
def course67(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The fixture course with `mastery: 67`: its site and its SCORM 2004 package."""
    course = make_course(tmp_path_factory.mktemp("mastery") / "course")
    replace_in(course / "course.yml", "title: Fixture course\n", "title: Fixture course\nmastery: 67\n")
    built = run_course(course, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    exported = run_course(course, "export", "--format", "scorm2004")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    package = next((course / "exports").glob("*2004*.zip"))
    lms = course / "lms"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(lms / "scorm2004")
    yield {"course": course, "site": course / "site", "lms": lms}


def _answer_two_of_three(frame: Any) -> None:
    """Right, partly right (so wrong), right: 2 of 3, 66.67 %."""
    for item, texts in (("alp-first", ["Knock-out rules"]), ("alp-many", ["The market is under sanctions."]), ("alp-tf", ["False"])):
        box = frame.locator(f'[data-cq-item="{item}"]')
        for text in texts:
            box.locator(".cq-option", has_text=text).locator("input").check()
        box.locator(".cq-check").click()


@pytest.mark.browser
def test_site_progress_certificate_and_scorm_agree_on_6_of_9_style_scores(browser: Browser, course67: dict[str, Path]) -> None:
    """2 of 3 at mastery 67 (66.67 %, like 6 of 9): not mastered on the module page, the progress
    page and the certificate, and 'failed' in the LMS."""
    from browser import console_errors, serve, watch_errors
    from test_export_scorm import HARNESS, SCORM_AGAIN

    context = browser.new_context()
    page = watch_errors(context.new_page())
    with serve(course67["site"]) as url:
        page.goto(url + "/modules/01-alpha/")
        browser_ready(page)
        _answer_two_of_three(page)
        summary = page.locator(".cq-summary")
        summary.wait_for()
        assert "2 of 3 (66%)" in summary.inner_text() and "Mastery is 67%" in summary.inner_text()
        page.goto(url + "/progress/")
        browser_ready(page)
        row = page.locator('tr[data-cq-module="01-alpha"]')
        row.locator("[data-cq-mastered]").filter(has_text="Not yet").wait_for()
        assert row.locator("[data-cq-score]").text_content() == "2 of 3 (66%)"
        page.goto(url + "/certificate/")
        browser_ready(page)
        page.locator("[data-cq-certificate-note]").filter(has_text="Not yet").wait_for()
    assert console_errors(page) == []
    context.close()

    lms = course67["lms"]
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        shutil.copy(SCORM_AGAIN / name, lms / name)
    (lms / "lms.html").write_text(HARNESS, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    with serve(lms) as url:
        page.goto(f"{url}/lms.html")
        page.evaluate("([v, href]) => launch(v, href)", ["2004", "scorm2004/modules/01-alpha/index.html"])
        page.wait_for_function(
            "() => { const d = document.getElementById('sco').contentDocument; return !!(d && d.documentElement && d.documentElement.hasAttribute('data-cq-scorm')); }"
        )
        _answer_two_of_three(page.frame_locator("#sco"))
        page.wait_for_function("() => get('cmi.completion_status') === 'completed'")
        assert page.evaluate("get('cmi.success_status')") == "failed"
        assert page.evaluate("get('cmi.score.scaled')") == "0.6667"
    context.close()


@pytest.mark.browser
def test_review_gives_no_partial_credit(browser: Browser, course67: dict[str, Path]) -> None:
    """A multiple-answer item answered half right is 'Not correct' on the Review page too."""
    from browser import console_errors, serve, watch_errors
    from test_learner import CLOCK, DAY

    context = browser.new_context()
    context.add_init_script(CLOCK)
    page = watch_errors(context.new_page())
    with serve(course67["site"]) as url:
        page.goto(url + "/modules/01-alpha/")
        browser_ready(page)
        box = page.locator('[data-cq-item="alp-many"]')
        box.locator(".cq-option", has_text="The market is under sanctions.").locator("input").check()
        box.locator(".cq-check").click()
        page.evaluate("d => sessionStorage.setItem('test-clock-offset', String(d))", 1.1 * DAY)
        page.goto(url + "/review/")
        browser_ready(page)
        item = page.locator('[data-cq-review-items] [data-cq-item="alp-many"]')
        item.locator(".cq-option", has_text="The market is under sanctions.").locator("input").check()
        item.locator(".cq-check").click()
        verdict = item.locator(".cq-verdict")
        verdict.wait_for()
        assert text_in(verdict).startswith("Not correct")
        assert "cq-item--wrong" in (item.get_attribute("class") or "")
    assert console_errors(page) == []
    context.close()


@pytest.mark.browser
def test_option_feedback_is_found_by_option_not_by_position(browser: Browser, course67: dict[str, Path]) -> None:
    """The hidden feedback list in another order than the options (as a translation or a theme
    might leave it): the verdict and the feedback still belong to the option chosen."""
    from browser import console_errors, serve, watch_errors

    context = browser.new_context()
    page = watch_errors(context.new_page())
    with serve(course67["site"]) as url:
        page.goto(url + "/modules/01-alpha/")
        browser_ready(page)
        page.evaluate(
            """() => { const list = document.querySelector('[data-cq-item="alp-first"] .cq-feedback');
                       [...list.children].reverse().forEach((li) => list.appendChild(li)); }"""
        )
        box = page.locator('[data-cq-item="alp-first"]')
        box.locator(".cq-option", has_text="Knock-out rules").locator("input").check()
        box.locator(".cq-check").click()
        box.locator(".cq-verdict").wait_for()
        assert box.locator(".cq-verdict").text_content() == "Correct."
        assert "cheap and remove impossible markets" in text_in(box.locator(".cq-option--right .cq-option__feedback"))
    assert console_errors(page) == []
    context.close()
