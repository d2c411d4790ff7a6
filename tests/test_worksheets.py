"""The worksheets compute exactly what the notebooks compute.

Both get the same data: the notebook's own illustrative files and 40 generated data sets per
worksheet (ties, rounding at .5, zeros, empty groups, large budgets). The Python side is the
notebook itself, executed with nbclient, calling its own functions (knock_out, rank,
compute_indicators, build_funder_report...). The JavaScript side is the worksheet's ES module
run in Node. Their results must be identical, text for text.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from coursekit.i18n.catalogue import browser_messages
from coursekit.render.worksheets import catalogue, starting_data

ASSETS = ROOT / "docs" / "assets"
SCREENING = ROOT / "modules" / "03-choosing-markets" / "screening.ipynb"
TRACKER = ROOT / "modules" / "09-measuring-results" / "results-tracker.ipynb"
CRITERIA = ["market_size", "growth", "market_access", "business_climate", "closeness", "network"]

pytestmark = pytest.mark.notebooks

SCREENING_PROBE = r"""
import json as _json
def _screen(path, min_members, shortlist, wa, wb):
    markets = pd.read_csv(path, keep_default_na=False)
    kept, removed = knock_out(markets, min_members)
    kept = kept.copy()
    kept["need"] = kept["safely_managed_pct"].astype(float).apply(need_score)
    ranking_a = rank(kept, wa)
    ranking_b = rank(kept, wb)
    comparison = (
        ranking_a.reset_index().rename(columns={"rank": "rank_A", "score": "score_A"})
        .merge(ranking_b.reset_index().rename(columns={"rank": "rank_B", "score": "score_B"}), on="market")
    )
    comparison["change"] = comparison["rank_A"] - comparison["rank_B"]
    comparison = comparison.sort_values("rank_B").reset_index(drop=True)
    top_a = set(ranking_a["market"].head(shortlist))
    top_b = set(ranking_b["market"].head(shortlist))
    return {
        "removed": [[m, r] for m, r in zip(removed["market"], removed["reason"])],
        "comparison": [[r.market, int(r.rank_A), f"{r.score_A:.2f}", int(r.rank_B), f"{r.score_B:.2f}", int(r.change)] for r in comparison.itertuples()],
        "shortA": list(ranking_a["market"].head(shortlist)), "shortB": list(ranking_b["market"].head(shortlist)),
        "robust": sorted(top_a & top_b), "depends": sorted(top_a ^ top_b),
    }
_cases = _json.loads(open("cases.json").read())
_out = [_screen(c["file"], c["min"], c["short"], c["wa"], c["wb"]) for c in _cases]
_out.append({"notebook": [[r.market, int(r.Index), f"{r.score:.2f}"] for r in ranking_a.itertuples()] + [[r.market, int(r.Index), f"{r.score:.2f}"] for r in ranking_b.itertuples()]})
print("@@RESULT@@" + _json.dumps(_out))
"""

TRACKER_PROBE = r"""
import json as _json, contextlib as _ctx, io as _io
def _summary(i):
    return [
        ("SMEs on the mission", i["smes"]), ("B2B meetings", i["meetings"]), ("Qualified leads (week 1)", i["qualified_leads"]),
        ("Leads active at 3 months", i["active_3m"]), ("Leads active at 6 months", i["active_6m"]),
        ("Leads active at 12 months", i["active_12m"]), ("Deals within 12 months", i["deals_12m"]),
        ("SMEs with at least one deal", i["smes_with_deal"]), ("Lead rate (leads / meetings)", fmt_pct(i["lead_rate"])),
        ("Lead retention at 12 months", fmt_pct(i["retention_12m"])), ("Deal rate (deals / leads)", fmt_pct(i["deal_rate"])),
        ("Cost per meeting", fmt_eur(i["cost_per_meeting"])), ("Cost per qualified lead", fmt_eur(i["cost_per_lead"])),
        ("Cost per deal", fmt_eur(i["cost_per_deal"])),
    ]
def _whatif(leads, budget, max_cost):
    out = _io.StringIO()
    with _ctx.redirect_stdout(out):
        cost_per_lead = safe_ratio(budget, leads)
        print(f"Budget EUR {budget:,} and {leads} qualified leads -> cost per lead {fmt_eur(cost_per_lead)}")
        if cost_per_lead is not None and cost_per_lead <= max_cost:
            print(f"Target met: at most EUR {max_cost:,} per lead.")
        else:
            print(f"Target NOT met (at most EUR {max_cost:,} per lead).")
            print(f"  Option 1: produce at least {math.ceil(budget / max_cost)} qualified leads with this budget.")
            print(f"  Option 2: keep {leads} leads and spend at most EUR {max_cost * leads:,}.")
    return out.getvalue().splitlines()
def _track(path, budget, targets, wbudget, wmax):
    with _ctx.redirect_stdout(_io.StringIO()):
        df = load_mission_results(path)
    i = compute_indicators(df, budget)
    out = {
        "summary": [[k, str(v)] for k, v in _summary(i)],
        "report": [[str(v) for v in row] for row in build_funder_report(df, budget, targets).itertuples(index=False)],
        "over": [[name] + [fmt_pct(x) for x in col] for name, col in leads_over_time(df).items()],
        "whatif": _whatif(i["qualified_leads"], wbudget, wmax),
    }
    if "export_experience" in df.columns:
        g = df.groupby("export_experience")[COUNT_COLUMNS].sum()
        g["deal_rate"] = (g["deals_12m"] / g["qualified_leads"]).map(fmt_pct)
        out["groups"] = [[str(idx)] + [str(int(r[c])) for c in COUNT_COLUMNS] + [r["deal_rate"]] for idx, r in g.iterrows()]
    return out
_cases = _json.loads(open("cases.json").read())
_out = [_track(c["file"], c["budget"], c["targets"], c["wbudget"], c["wmax"]) for c in _cases]
_out.append({"notebook": [[k, str(v)] for k, v in summary.itertuples(index=False)] + [[str(v) for v in row] for row in funder_report.itertuples(index=False)]})
print("@@RESULT@@" + _json.dumps(_out))
"""

NODE_RUNNER = r"""
import { readFileSync } from "node:fs";
const [kind, casesFile, startFile, messagesFile] = process.argv.slice(2);
globalThis.courseMessages = { en: JSON.parse(readFileSync(messagesFile, "utf8")) };  /* what the site loads */
const { csvObjects } = await import("./worksheet-kit.js");
const ms = await import("./worksheet-market-screening.js");
const rt = await import("./worksheet-results-tracker.js");
const cases = JSON.parse(readFileSync(casesFile, "utf8"));
const start = JSON.parse(readFileSync(startFile, "utf8"));
const out = cases.map((c) => {
  const text = readFileSync(c.path, "utf8");
  if (kind === "screening") {
    const rows = csvObjects(text, false).rows;
    const settings = { MIN_MEMBERS: c.min, SHORTLIST: c.short, CRITERIA: start.settings.CRITERIA, weights_a: c.wa, weights_b: c.wb };
    const r = ms.screen(rows, settings);
    return {
      removed: r.removed.map((x) => [x.market, x.reason]),
      comparison: r.comparison.map((x) => [x.market, x.rank_A, x.score_A.toFixed(2), x.rank_B, x.score_B.toFixed(2), x.change]),
      shortA: r.shortA, shortB: r.shortB, robust: r.robust, depends: r.depends,
    };
  }
  const rows = csvObjects(text, true).rows;
  const k = rt.check(rows);
  if (k.problems.length) return { problems: k.problems };
  const ind = rt.computeIndicators(k.smes, c.budget, k.hasValue);
  const res = {
    summary: rt.summaryRows(ind).map(([a, b]) => [a, String(b)]),
    report: rt.funderReport(k.smes, c.budget, c.targets, k.hasValue),
    over: rt.leadsOverTime(k.smes, k.hasExperience).map((g) => [g.name, ...g.shares.map(rt.fmtPct)]),
    whatif: rt.whatIf(ind.qualified_leads, c.wbudget, c.wmax),
  };
  if (k.hasExperience) res.groups = rt.byGroup(k.smes).map((g) => [g.group, ...rt.COUNT_COLUMNS.map((x) => String(g[x])), g.deal_rate]);
  return res;
});
process.stdout.write(JSON.stringify(out));
"""


def _run_notebook(notebook: Path, work: Path, probe: str) -> list[Any]:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    nb.cells.append(nbformat.v4.new_code_cell(probe))  # type: ignore[no-untyped-call]
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    marker = text.index("@@RESULT@@")
    return list(json.loads(text[marker + len("@@RESULT@@") :].splitlines()[0]))


def _run_node(kind: str, work: Path, cases: list[dict[str, Any]], start: dict[str, Any]) -> list[Any]:
    js = work / "js"
    js.mkdir()
    for path in ASSETS.glob("*.js"):  # the worksheets and every module they import
        shutil.copy(path, js / path.name)
    (js / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (js / "run.js").write_text(NODE_RUNNER, encoding="utf-8")
    (work / "node-cases.json").write_text(json.dumps([{**c, "path": str(work / c["file"])} for c in cases]), encoding="utf-8")
    (work / "start.json").write_text(json.dumps(start), encoding="utf-8")
    (work / "messages.json").write_text(json.dumps(browser_messages("en")), encoding="utf-8")
    node = shutil.which("node")
    assert node, "the worksheet tests need Node.js (it runs axe-core and the HTML checker too)"
    result = subprocess.run(
        [node, str(js / "run.js"), kind, str(work / "node-cases.json"), str(work / "start.json"), str(work / "messages.json")],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def _weights(rng: random.Random) -> dict[str, float]:
    """Whole percentages that add up to 100, as a learner types them (value / 100, as the worksheet does)."""
    cuts = sorted(rng.sample(range(1, 100), 6))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return {c: p / 100 for c, p in zip([*CRITERIA, "need"], parts, strict=True)}


def _screening_cases(work: Path, start: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    settings = start["settings"]
    header = ["market", "code", "legal_barrier", "members_interested", *CRITERIA, "safely_managed_pct"]
    example = work / "example.csv"
    example.write_text(
        ",".join(header) + "\n" + "".join(",".join(str(r.get(h, "")) for h in header) + "\n" for r in start["rows"]), encoding="utf-8"
    )
    cases = [
        {
            "file": "example.csv",
            "min": settings["MIN_MEMBERS"],
            "short": settings["SHORTLIST"],
            "wa": settings["weights_a"],
            "wb": settings["weights_b"],
        }
    ]
    for n in range(40):
        size = rng.randint(1, 14)
        lines = [",".join(header)]
        for i in range(size):
            pct = rng.choice([rng.randint(0, 100), round(rng.uniform(0, 100), 1), 90, 80, 65, 50])
            lines.append(
                ",".join(
                    [
                        f"Market {chr(65 + (i * 7) % 26)}{i}",
                        f"X{i:02d}",
                        rng.choice(["no", "no", "no", "yes", "Yes"]),
                        str(rng.randint(0, 12)),
                        *[str(rng.randint(1, 5)) for _ in CRITERIA],
                        str(pct),
                    ]
                )
            )
        (work / f"markets-{n}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # Equal weights (1/7 each do not add up exactly) are avoided; ties come from equal scores.
        cases.append(
            {"file": f"markets-{n}.csv", "min": rng.randint(0, 6), "short": rng.randint(1, 5), "wa": _weights(rng), "wb": _weights(rng)}
        )
    return cases


def _tracker_cases(work: Path, start: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    settings = start["settings"]
    header = [
        "sme_id",
        "export_experience",
        "meetings",
        "qualified_leads",
        "followups_3m",
        "followups_6m",
        "followups_12m",
        "deals_12m",
        "deal_value_eur",
    ]
    example = work / "example.csv"
    example.write_text(
        ",".join(header) + "\n" + "".join(",".join(str(r.get(h, "")) for h in header) + "\n" for r in start["rows"]), encoding="utf-8"
    )
    base = {
        "budget": settings["MISSION_BUDGET_EUR"],
        "targets": settings["TARGETS"],
        "wbudget": settings["WHAT_IF_BUDGET_EUR"],
        "wmax": settings["WHAT_IF_MAX_COST_PER_LEAD_EUR"],
    }
    cases = [{"file": "example.csv", **base}]
    for n in range(40):
        with_experience = n % 3 != 0
        with_value = n % 4 != 1
        cols = [c for c in header if (c != "export_experience" or with_experience) and (c != "deal_value_eur" or with_value)]
        lines = ["# generated test mission", ",".join(cols)]
        for i in range(rng.randint(1, 12)):
            meetings = rng.choice([0, rng.randint(0, 15)])
            leads = rng.randint(0, meetings) if meetings else 0
            f3 = rng.randint(0, leads) if leads else 0
            f6 = rng.randint(0, f3) if f3 else 0
            f12 = rng.randint(0, f6) if f6 else 0
            deals = rng.randint(0, f12 + 1) if n % 5 else 0
            values = {
                "sme_id": f"S{i:02d}",
                "export_experience": rng.choice(["novice", "experienced"]),
                "meetings": meetings,
                "qualified_leads": leads,
                "followups_3m": f3,
                "followups_6m": f6,
                "followups_12m": f12,
                "deals_12m": deals,
                "deal_value_eur": rng.choice([0, 1500, 2500, 1234567]),
            }
            lines.append(",".join(str(values[c]) for c in cols))
        (work / f"mission-{n}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        targets = {
            "meetings": rng.randint(0, 80),
            "qualified_leads": rng.randint(0, 40),
            "deals_12m": rng.randint(0, 8),
            "max_cost_per_lead_eur": rng.choice([500, 1000, 1500, 2500]),
        }
        cases.append(
            {
                "file": f"mission-{n}.csv",
                "budget": rng.choice([0, 1000, 2500, 40000, 1234567]),
                "targets": targets,
                "wbudget": rng.choice([20000, 30000, 35000]),
                "wmax": rng.choice([800, 1000, 875]),
            }
        )
    return cases


@pytest.mark.parametrize("kind", ["screening", "tracker"])
def test_worksheet_computes_what_the_notebook_computes(tmp_path: Path, kind: str) -> None:
    notebook = SCREENING if kind == "screening" else TRACKER
    sheet = catalogue(ROOT)["market-screening" if kind == "screening" else "results-tracker"]
    start = starting_data(sheet, ROOT)
    work = tmp_path / "work"
    shutil.copytree(notebook.parent / "data", work / "data")
    rng = random.Random(12)
    cases = (_screening_cases if kind == "screening" else _tracker_cases)(work, start, rng)
    (work / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    python = _run_notebook(notebook, work, SCREENING_PROBE if kind == "screening" else TRACKER_PROBE)
    javascript = _run_node(kind, work, cases, start)
    notebook_run = python.pop()
    assert len(python) == len(javascript) == len(cases) == 41
    for case, py, js in zip(cases, python, javascript, strict=True):
        assert js == py, f"{case['file']}: worksheet and notebook differ"
    # The worksheet's starting data (the notebook's files) give the figures the notebook itself shows.
    first = javascript[0]
    if kind == "screening":
        shown = {(m, r, s) for m, r, s in notebook_run["notebook"]}
        assert {(row[0], row[1], row[2]) for row in first["comparison"]} <= shown
        assert {(row[0], row[3], row[4]) for row in first["comparison"]} <= shown
        assert first["robust"] == ["Market A"]
    else:
        assert first["summary"] + first["report"] == notebook_run["notebook"]
        assert ["Cost per qualified lead", "EUR 1,143"] in first["summary"]
