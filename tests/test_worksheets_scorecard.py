"""The scorecard worksheets of module 02 (SME export-readiness scan, cluster self-benchmark):
their definitions load and are checked, the page shows how the score is made and works on paper
without JavaScript, and the browser's scoring (worksheet-scorecard.js, run in Node) follows the
written rules: shares rounded down, bands from their thresholds, the weakest area first."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from coursekit.render.worksheets import catalogue, load_definition, method, starting_data, worksheet_html

ASSETS = ROOT / "docs" / "assets"
SCAN = catalogue(ROOT)["export-readiness"]
BENCHMARK = catalogue(ROOT)["cluster-benchmark"]

# The indicator areas ESCA publishes for its benchmarking (cluster-analysis.org, cited in module 02).
ESCA_AREAS = [
    "Structure of the cluster",
    "Cluster management and governance",
    "Financing of the cluster management",
    "Services",
    "Contacts and interaction",
    "Achievements and recognition",
]


def test_the_scan_and_the_benchmark_are_defined_in_the_course() -> None:
    scan = starting_data(SCAN, ROOT)["definition"]
    items = [i for a in scan["areas"] for i in a["items"]]
    assert len(items) == 15 and [s["points"] for s in scan["scale"]] == [0, 1, 2]  # 15 questions, about 15 minutes
    bench = starting_data(BENCHMARK, ROOT)["definition"]
    assert [a["title"] for a in bench["areas"]] == ESCA_AREAS
    assert all(len(a["items"]) == 2 for a in bench["areas"]) and bench["note"]
    # Every band has a next action; the thresholds are labelled illustrative where the learner reads them.
    for definition, thresholds in ((scan, "40%, 70%"), (bench, "40%, 75%")):
        assert all(b["action"] for b in definition["bands"])
        assert thresholds in method(definition) and "illustrative" in method(definition)
        assert "illustrative" in definition["labels"]["bands_caption"]


def test_the_page_says_how_the_score_is_made_and_works_on_paper_without_javascript() -> None:
    data = starting_data(SCAN, ROOT)
    page = worksheet_html(SCAN, data)
    assert 'id="worksheet-export-readiness"' in page
    assert "highest possible (30)" in page  # the method, with its numbers from the definition
    fallback = page.split("data-cq-worksheet-fallback>", 1)[1].split("</div>", 1)[0]
    assert fallback.count("<li>") == 15 + 5 + 3  # every question, in its area, and the three bands
    assert "Prepare first" in fallback and "Ready to go" in fallback
    payload = json.loads(page.split("data-cq-worksheet-data>", 1)[1].split("</script>", 1)[0])
    assert payload["definition"]["areas"][0]["items"][0]["id"] == "goal" and payload["rows"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "areas:\n  - id: a\n    title: A\n    action: Do.\n    items: [{id: x, text: X}, {id: x, text: Y}]\n",
            "item ids must be unique; used twice: x",
        ),
        ("bands:\n  - {min: 10, name: Low, action: Do.}\n", "bands: list them from min 0 upwards"),
        ("scale: [{points: 0, label: No}]\n", "scale: give at least two answers"),
        ("labels: {}\n", "labels: missing storage, fallback"),
        ("scale: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_broken_definition_is_refused_with_its_file_and_a_fix(tmp_path: Path, change: str, message: str) -> None:
    import yaml

    good = yaml.safe_load((ROOT / SCAN.definition).read_text(encoding="utf-8"))
    path = tmp_path / "sheet.yml"
    if "unclosed" in change:
        path.write_text(change, encoding="utf-8")
    else:
        broken = {**good, **yaml.safe_load(change)}
        path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_definition(path)
    assert str(info.value).startswith(f"{path.as_posix()}: ") and message in str(info.value)


# ---------- the browser's scoring, against the rules written out in Python ----------


def reference(definition: dict[str, Any], answers: dict[str, int]) -> dict[str, Any]:
    """The rules as the module and the definition files state them."""
    top = max(s["points"] for s in definition["scale"])
    areas = []
    for area in definition["areas"]:
        points = sum(answers.get(i["id"], 0) for i in area["items"])
        most = top * len(area["items"])
        areas.append((area["title"], points, most, math.floor(points * 100 / most)))
    items = [i["id"] for a in definition["areas"] for i in a["items"]]
    total = sum(answers.get(i, 0) for i in items)
    percent = math.floor(total * 100 / (top * len(items)))
    out: dict[str, Any] = {"points": total, "percent": percent, "complete": all(i in answers for i in items)}
    out["areas"] = [[t, p, m, s] for t, p, m, s in areas]
    if out["complete"]:
        out["band"] = [b["name"] for b in definition["bands"] if percent >= b["min"]][-1]
        out["weakest"] = min(areas, key=lambda a: a[3])[0]  # min keeps the first on a tie
    return out


RUNNER = r"""
import { readFileSync } from "node:fs";
import { score, summary } from "./worksheet-scorecard.js";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(cases.map(({ definition, answers }) => {
  const r = score(definition, answers);
  const out = { points: r.points, percent: r.percent, complete: r.complete, areas: r.areas.map((a) => [a.title, a.points, a.max, a.percent]) };
  if (r.complete) { out.band = r.band.name; out.weakest = r.weakest.title; }
  out.summary = summary(definition, r);
  return out;
})));
"""


def _node(tmp_path: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    js = tmp_path / "js"
    js.mkdir()
    for path in ASSETS.glob("*.js"):
        shutil.copy(path, js / path.name)
    (js / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (js / "run.js").write_text(RUNNER, encoding="utf-8")
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    node = shutil.which("node")
    assert node, "the scorecard tests need Node.js"
    result = subprocess.run(
        [node, str(js / "run.js"), str(tmp_path / "cases.json")], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def test_the_browser_scores_as_the_rules_say(tmp_path: Path) -> None:
    cases: list[dict[str, Any]] = []
    rng = random.Random(21)
    for sheet in (SCAN, BENCHMARK):
        definition = starting_data(sheet, ROOT)["definition"]
        items = [i["id"] for a in definition["areas"] for i in a["items"]]
        points = [s["points"] for s in definition["scale"]]
        fixed = [
            dict.fromkeys(items, 0),
            dict.fromkeys(items, max(points)),
            {i: max(points) for i in items[:5]},  # unanswered questions: no score, no band
        ]
        randoms = [{i: rng.choice(points) for i in items} for _ in range(40)]
        cases += [{"definition": definition, "answers": a} for a in fixed + randoms]
    # The band edges of the scan (30 points): 11 points is 36%, 12 is exactly 40%, 20 is 66%, 21 is 70%.
    scan = starting_data(SCAN, ROOT)["definition"]
    ids = [i["id"] for a in scan["areas"] for i in a["items"]]
    for total in (11, 12, 20, 21):
        answers = dict.fromkeys(ids, 0)
        for n in range(total):
            answers[ids[n % 15]] += 1
        cases.append({"definition": scan, "answers": answers})
    got = _node(tmp_path, cases)
    for case, js in zip(cases, got, strict=True):
        expected = reference(case["definition"], case["answers"])
        assert {k: js[k] for k in expected} == expected
    edges = [(js["percent"], js["band"]) for js in got[-4:]]
    assert edges == [(36, "Prepare first"), (40, "Ready with support"), (66, "Ready with support"), (70, "Ready to go")]
    # All answers at the top: the highest band; the summary names the score, band, next action and area first.
    best = got[1]
    assert best["percent"] == 100 and best["band"] == "Ready to go"
    assert [line["label"] for line in best["summary"][:4]] == ["Score", "Band", "Next action", "Area to work on first"]
    assert best["summary"][0]["value"] == "30 of 30 points (100%)"
    partial = got[2]
    assert not partial["complete"] and partial["summary"] == [{"label": "Questions answered", "value": "5 of 15"}]
    bench_all_zero = got[43]
    assert bench_all_zero["band"] == "Build the base" and bench_all_zero["weakest"] == "Structure of the cluster"
    assert {"label": "Indicators with documented evidence (3)", "value": "0 of 12"} in bench_all_zero["summary"]
