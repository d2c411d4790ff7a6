"""The course's ES modules are bundled at build time, in Python (coursekit.outputs.bundle): a module
page fetches one script and one stylesheet of the course's own, and the site's language needs no
request for its interface strings. The sources stay separate modules."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import ready as browser_ready
from conftest import run_course

from coursekit.outputs.bundle import bundle_sources
from coursekit.render.esmodules import BundleError

NODE = shutil.which("node")

SOURCES = {
    # The loader: a bundled feature and one left out, both imported by path as course.js does.
    "course.js": 'import { FEATURES } from "./registry.js";\n'
    "export const started = [];\n"
    "for (const [, path] of FEATURES) started.push(import(path).then((m) => m.start()));\n",
    "registry.js": 'export const FEATURES = [["inside", "./inside.js", null], ["outside", "./outside.js", null]];\n',
    "i18n.js": 'const EMBEDDED = { lang: "", messages: {} };\nconst table = {};\n'
    "export function provide(code, messages) { Object.assign(table, messages); }\n"
    "if (EMBEDDED.lang) provide(EMBEDDED.lang, EMBEDDED.messages);\n"
    "export function t(key) { return table[key] ?? key; }\n",
    "counter.js": "let n = 0;\nexport function next() { n += 1; return n; }\n",
    "inside.js": 'import { next } from "./counter.js";\nimport { t } from "./i18n.js";\n'
    'export function start() { return [next(), t("demo.inside")]; }\n'
    '/* @feature {"name": "inside", "when": null} */\n',
    "outside.js": '/* Left out of the bundle. */\nimport { next } from "./counter.js";\nimport { t } from "./i18n.js";\n'
    'export function start() { return [next(), t("demo.outside")]; }\n'
    '/* @feature {"name": "outside", "when": null, "bundle": false} */\n',
}
MESSAGES = {"demo.inside": "Dentro", "demo.outside": "Fuera", "demo.unused": "Nunca"}


def test_the_bundle_holds_the_loader_and_its_features_and_one_copy_of_each_module(tmp_path: Path) -> None:
    if NODE is None:
        pytest.skip("Node.js is not installed (the test command installs it)")
    out = bundle_sources(SOURCES, "es", MESSAGES)
    assert set(out) == {"course.js", "registry.js", "i18n.js", "counter.js", "inside.js", "outside.js"}
    for name, text in {**SOURCES, **out}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # Each bundled module's own file re-exports it from the bundle; the module left out imports from the bundle.
    assert 'from "./course.js"' in out["counter.js"] and "let n" not in out["counter.js"]
    assert 'from "./course.js"' in out["outside.js"] and '"demo.outside":"Fuera"' in out["outside.js"]
    assert '"demo.unused"' not in out["course.js"] + out["outside.js"]  # only the messages a module names
    script = (
        "const loader = await import('./course.js');\n"
        "const results = await Promise.all(loader.started);\n"
        "const counter = await import('./counter.js');\n"  # by its address: the same module, not a second copy
        "console.log(JSON.stringify({results, next: counter.next()}));\n"
    )
    result = subprocess.run([NODE, "--input-type=module", "-e", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(data["results"]) == [[1, "Dentro"], [2, "Fuera"]]  # one counter shared by both, strings with no request
    assert data["next"] == 3


def test_a_bundled_module_in_a_form_the_bundler_does_not_read_is_refused_with_file_and_line() -> None:
    sources = {**SOURCES, "inside.js": SOURCES["inside.js"] + "export default function later() {}\n"}
    with pytest.raises(BundleError, match=r"^assets/inside\.js:5: .*export each name where it is declared"):
        bundle_sources(sources)
    circle = {**SOURCES, "counter.js": 'import { start } from "./inside.js";\n' + SOURCES["counter.js"]}
    with pytest.raises(BundleError, match=r"import each other in a circle \(.*inside\.js -> counter\.js -> inside\.js\)"):
        bundle_sources(circle)


def test_validate_names_the_module_that_cannot_be_bundled(course_dir: Path) -> None:
    (course_dir / "docs/assets/demo.js").write_text(
        'import { t } from "./i18n.js";\nexport default function start() { t("quiz.check"); }\n/* @feature {"name": "demo", "when": null} */\n',
        encoding="utf-8",
    )
    result = run_course(course_dir, "validate")
    assert result.returncode != 0
    assert "docs/assets/demo.js:2: error: the bundler reads only exported declarations" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/modules/03-choosing-markets/", "/es/modules/03-choosing-markets/"])
def test_a_module_page_fetches_one_own_script_and_one_own_stylesheet(browser, site_url, path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url[len(site_url) :]))
    page.goto(site_url + path)
    browser_ready(page, near=False)
    lang = "es/" if path.startswith("/es/") else ""

    def own() -> list[str]:
        return sorted(r for r in requests if r.startswith(f"/{lang}assets/") and "/" not in r[len(f"/{lang}assets/") :])

    # The first load: the bundle and the stylesheet; the quiz, the workbook, their stylesheet and the
    # course data wait until the learner comes near a quiz or an exercise (nothing saved: no course data).
    assert own() == [f"/{lang}assets/course.bundle.css", f"/{lang}assets/course.js"], requests
    browser_ready(page)  # scroll to the exercises and the quiz, as a learner does
    for later in ("quiz.js", "workbook.js", "learner.css", "course-data.json"):
        assert f"/{lang}assets/{later}" in own(), requests
    # The features still work, in the page's language: the quiz's buttons (and, in English, the exercise boxes) are there.
    check = "Comprobar la respuesta" if lang else "Check answer"
    assert page.get_by_role("button", name=check).count() > 0
    if not lang:
        assert page.locator("textarea.cq-work__text").count() > 0
    page.close()
