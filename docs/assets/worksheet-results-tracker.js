/* Worksheet: mission results tracker (module 08). The calculation of results-tracker.ipynb:
 * the loader's checks, the indicators, the funnel, results by export experience, the what-if and
 * the funder report. The functions above `mount` are pure, so the tests run them in Node against
 * the notebook's own functions. */

import {
  button, downloadText, groupedInt, h, initialState, liveRegion, place, resultTable, roundHalfEven,
  rowActions, rowEditor, save, scroller, toCsv,
} from "./worksheet-kit.js";

export const NAME = "results-tracker";

export const COUNT_COLUMNS = ["meetings", "qualified_leads", "followups_3m", "followups_6m", "followups_12m", "deals_12m"];
const EXPERIENCE = ["novice", "experienced"];

export function safeRatio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

/* Python's f"{x:.0%}" (None as "n/a"). */
export function fmtPct(x) {
  if (x === null || x === undefined) return "n/a";
  if (Number.isNaN(x)) return "nan%";
  if (!Number.isFinite(x)) return (x < 0 ? "-" : "") + "inf%";
  return String(roundHalfEven(x * 100)) + "%";
}

/* Python's f"EUR {x:,.0f}" (None as "n/a"). */
export function fmtEur(x) {
  return x === null || x === undefined ? "n/a" : "EUR " + groupedInt(x);
}

/* Python's f"{x:,}" for the budget in the report's notes. */
function grouped(x) {
  if (Number.isInteger(x)) return groupedInt(x);
  const [whole, frac] = String(x).split(".");
  return groupedInt(Number(whole)) + (frac ? "." + frac : "");
}

function cell(row, key) {
  const v = row[key];
  return v === undefined || v === null ? "" : String(v).trim();
}

/* The loader's checks (load_mission_results). Returns {smes, problems, notes, hasExperience, hasValue}. */
export function check(rows) {
  const problems = [];
  const notes = [];
  if (!rows.length) return { smes: [], problems: ["the table has no SME rows"], notes, hasExperience: false, hasValue: false };
  const ids = rows.map((r) => cell(r, "sme_id"));
  if (ids.some((id) => id === "")) problems.push("some rows have an empty sme_id");
  const seen = new Set();
  const repeated = new Set();
  ids.forEach((id) => { if (id && seen.has(id)) repeated.add(id); seen.add(id); });
  if (repeated.size) problems.push("sme_id must be unique; repeated: " + Array.from(repeated).sort().join(", "));
  const hasValue = rows.some((r) => cell(r, "deal_value_eur") !== "");
  const hasExperience = rows.some((r) => cell(r, "export_experience") !== "");
  const numeric = COUNT_COLUMNS.concat(hasValue ? ["deal_value_eur"] : []);
  const smes = rows.map((r, i) => ({ sme_id: ids[i] }));
  numeric.forEach((col) => {
    const values = rows.map((r) => { const t = cell(r, col); return t === "" ? NaN : Number(t); });
    const bad = ids.filter((_, i) => Number.isNaN(values[i]));
    if (bad.length) problems.push("column '" + col + "' has empty or non-numeric values (SME: " + bad.join(", ") + ")");
    const negative = ids.filter((_, i) => values[i] < 0);
    if (negative.length) problems.push("column '" + col + "' has negative values (SME: " + negative.join(", ") + ")");
    const notWhole = ids.filter((_, i) => Number.isFinite(values[i]) && values[i] % 1 !== 0);
    if (COUNT_COLUMNS.indexOf(col) >= 0 && notWhole.length) problems.push("column '" + col + "' must contain whole numbers (SME: " + notWhole.join(", ") + ")");
    values.forEach((v, i) => { smes[i][col] = v; });
  });
  if (hasExperience) {
    const bad = [];
    rows.forEach((r, i) => {
      const v = cell(r, "export_experience").toLowerCase();
      if (EXPERIENCE.indexOf(v) < 0) bad.push(ids[i]);
      smes[i].export_experience = v;
    });
    if (bad.length) problems.push("export_experience must be 'novice' or 'experienced' (SME: " + bad.join(", ") + ")");
  }
  if (!problems.length) {
    ["followups_3m", "followups_6m", "followups_12m", "deals_12m"].forEach((col) => {
      const over = smes.filter((s) => s[col] > s.qualified_leads).map((s) => s.sme_id);
      if (over.length) notes.push(col + " is larger than qualified_leads for " + over.join(", "));
    });
    const over = smes.filter((s) => s.qualified_leads > s.meetings).map((s) => s.sme_id);
    if (over.length) notes.push("qualified_leads is larger than meetings for " + over.join(", "));
  }
  return { smes, problems, notes, hasExperience, hasValue };
}

function total(smes, col) {
  let s = 0;
  smes.forEach((r) => { s += r[col]; });
  return s;
}

/* The notebook's compute_indicators. */
export function computeIndicators(smes, budget, hasValue) {
  const ind = {
    smes: smes.length,
    meetings: total(smes, "meetings"),
    qualified_leads: total(smes, "qualified_leads"),
    active_3m: total(smes, "followups_3m"),
    active_6m: total(smes, "followups_6m"),
    active_12m: total(smes, "followups_12m"),
    deals_12m: total(smes, "deals_12m"),
    smes_with_deal: smes.filter((r) => r.deals_12m > 0).length,
  };
  ind.lead_rate = safeRatio(ind.qualified_leads, ind.meetings);
  ind.retention_12m = safeRatio(ind.active_12m, ind.qualified_leads);
  ind.deal_rate = safeRatio(ind.deals_12m, ind.qualified_leads);
  ind.cost_per_meeting = safeRatio(budget, ind.meetings);
  ind.cost_per_lead = safeRatio(budget, ind.qualified_leads);
  ind.cost_per_deal = safeRatio(budget, ind.deals_12m);
  if (hasValue) ind.deal_value_eur = total(smes, "deal_value_eur");
  return ind;
}

/* The notebook's summary table (step 5). */
export function summaryRows(ind) {
  return [
    ["SMEs on the mission", ind.smes],
    ["B2B meetings", ind.meetings],
    ["Qualified leads (week 1)", ind.qualified_leads],
    ["Leads active at 3 months", ind.active_3m],
    ["Leads active at 6 months", ind.active_6m],
    ["Leads active at 12 months", ind.active_12m],
    ["Deals within 12 months", ind.deals_12m],
    ["SMEs with at least one deal", ind.smes_with_deal],
    ["Lead rate (leads / meetings)", fmtPct(ind.lead_rate)],
    ["Lead retention at 12 months", fmtPct(ind.retention_12m)],
    ["Deal rate (deals / leads)", fmtPct(ind.deal_rate)],
    ["Cost per meeting", fmtEur(ind.cost_per_meeting)],
    ["Cost per qualified lead", fmtEur(ind.cost_per_lead)],
    ["Cost per deal", fmtEur(ind.cost_per_deal)],
  ];
}

export const STAGES = [
  ["Meetings", "meetings"], ["Qualified leads", "qualified_leads"], ["Active at 3 months", "followups_3m"],
  ["Active at 6 months", "followups_6m"], ["Active at 12 months", "followups_12m"], ["Deals (12 months)", "deals_12m"],
];

/* The funnel's bars (step 6): label, count and the text beside the bar. */
export function funnel(smes) {
  const values = STAGES.map(([, col]) => total(smes, col));
  const top = values[0] ? values[0] : 1;
  return STAGES.map(([label], i) => ({ label, value: values[i], share: values[i] / top, text: values[i] + "  (" + fmtPct(values[i] / top) + " of meetings)" }));
}

/* The notebook's leads_over_time (step 7): share of qualified leads still active, by group. */
export function leadsOverTime(smes, hasExperience) {
  const groups = [["all SMEs", smes]];
  if (hasExperience) Array.from(new Set(smes.map((s) => s.export_experience))).sort().forEach((v) => groups.push([v, smes.filter((s) => s.export_experience === v)]));
  const cols = ["qualified_leads", "followups_3m", "followups_6m", "followups_12m"];
  return groups.map(([name, part]) => ({ name, shares: cols.map((c) => safeRatio(total(part, c), total(part, "qualified_leads"))) }));
}

/* The notebook's by_group table (step 7): sums by export experience and the deal rate. */
export function byGroup(smes) {
  return Array.from(new Set(smes.map((s) => s.export_experience))).sort().map((g) => {
    const part = smes.filter((s) => s.export_experience === g);
    const row = { group: g };
    COUNT_COLUMNS.forEach((c) => { row[c] = total(part, c); });
    row.deal_rate = fmtPct(row.deals_12m / row.qualified_leads);
    return row;
  });
}

/* The notebook's what-if cell (step 8): its printed lines. */
export function whatIf(leads, budget, maxCost) {
  const cost = safeRatio(budget, leads);
  const lines = ["Budget EUR " + grouped(budget) + " and " + leads + " qualified leads -> cost per lead " + fmtEur(cost)];
  if (cost !== null && cost <= maxCost) lines.push("Target met: at most EUR " + grouped(maxCost) + " per lead.");
  else {
    lines.push("Target NOT met (at most EUR " + grouped(maxCost) + " per lead).");
    lines.push("  Option 1: produce at least " + Math.ceil(budget / maxCost) + " qualified leads with this budget.");
    lines.push("  Option 2: keep " + leads + " leads and spend at most EUR " + grouped(maxCost * leads) + ".");
  }
  return lines;
}

function status(value, target, higherIsBetter) {
  if (value === null || value === undefined || target === null || target === undefined) return "";
  const ok = higherIsBetter === false ? value <= target : value >= target;
  return ok ? "met" : "not met";
}

/* The notebook's build_funder_report (step 9): rows of Level, Indicator, Value, Target, Status, When measured, Note. */
export function funderReport(smes, budget, targets, hasValue) {
  const i = computeIndicators(smes, budget, hasValue);
  const t = (k) => (k in targets && targets[k] !== null ? targets[k] : null);
  const rows = [
    ["Output", "SMEs on the mission", i.smes, null, "", "mission", "count of SMEs in the file"],
    ["Output", "B2B meetings held", i.meetings, t("meetings"), status(i.meetings, t("meetings")), "mission", "meeting log"],
    ["Outcome", "Qualified leads", i.qualified_leads, t("qualified_leads"), status(i.qualified_leads, t("qualified_leads")), "week 1", "SME self-assessment"],
    ["Outcome", "Leads still active at 12 months", i.active_12m, null, "", "month 12", "follow-up survey"],
    ["Outcome", "SMEs with at least one deal", i.smes_with_deal, null, "", "month 12", "follow-up survey"],
    ["Impact signal", "Deals signed within 12 months", i.deals_12m, t("deals_12m"), status(i.deals_12m, t("deals_12m")), "month 12", "follow-up survey"],
  ];
  if ("deal_value_eur" in i) rows.push(["Impact signal", "Deal value reported by SMEs", fmtEur(i.deal_value_eur), null, "", "month 12", "self-reported; not all of it is due to the mission"]);
  rows.push(
    ["Efficiency", "Cost per qualified lead", fmtEur(i.cost_per_lead), fmtEur(t("max_cost_per_lead_eur")), status(i.cost_per_lead, t("max_cost_per_lead_eur"), false), "week 1", "budget EUR " + grouped(budget)],
    ["Efficiency", "Cost per deal", fmtEur(i.cost_per_deal), null, "", "month 12", "budget EUR " + grouped(budget)],
    ["Non-sales", "Image, information, relationships", "see survey", null, "", "month 1", "report in words with examples"],
  );
  return rows.map((r) => r.map((v) => (v === null ? "" : String(v))));
}

/* ---------- the worksheet in the page ---------- */

const EDIT_COLUMNS = [
  { key: "sme_id", label: "SME", type: "text", width: 8 },
  { key: "export_experience", label: "Export experience", type: "select", options: ["", "novice", "experienced"] },
  { key: "meetings", label: "Meetings", type: "number", width: 4 },
  { key: "qualified_leads", label: "Qualified leads", type: "number", width: 4 },
  { key: "followups_3m", label: "Active at 3 months", type: "number", width: 4 },
  { key: "followups_6m", label: "Active at 6 months", type: "number", width: 4 },
  { key: "followups_12m", label: "Active at 12 months", type: "number", width: 4 },
  { key: "deals_12m", label: "Deals (12 months)", type: "number", width: 4 },
  { key: "deal_value_eur", label: "Deal value (EUR)", type: "number", width: 8 },
];
const DATA_HEADER = ["sme_id", "export_experience", ...COUNT_COLUMNS, "deal_value_eur"];
const INPUTS = [
  ["MISSION_BUDGET_EUR", null, "Mission budget, full cost (EUR)"],
  ["TARGETS", "meetings", "Target: B2B meetings"],
  ["TARGETS", "qualified_leads", "Target: qualified leads"],
  ["TARGETS", "deals_12m", "Target: deals within 12 months"],
  ["TARGETS", "max_cost_per_lead_eur", "Target: highest cost per qualified lead (EUR)"],
  ["WHAT_IF_BUDGET_EUR", null, "What if: budget (EUR)"],
  ["WHAT_IF_MAX_COST_PER_LEAD_EUR", null, "What if: highest cost per lead (EUR)"],
];

export function mount(root) {
  const { settings, rows } = initialState(root, NAME);
  const live = liveRegion();
  const results = h("div", { class: "cq-ws__results" });
  let lastReport = [];

  const inputs = INPUTS.filter(([key]) => key in settings).map(([key, sub, label]) => {
    const id = "cq-rt-" + (sub || key).toLowerCase().replace(/_/g, "-");
    const value = sub ? settings[key][sub] : settings[key];
    const input = h("input", { id, type: "text", inputmode: "decimal", size: 8, value: String(value), autocomplete: "off" });
    input.addEventListener("input", () => {
      const v = Number(input.value.trim());
      const ok = input.value.trim() !== "" && Number.isFinite(v) && v >= 0;
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      if (!ok) return;
      if (sub) settings[key][sub] = v; else settings[key] = v;
      update();
    });
    return h("p", { class: "cq-ws__setting" }, [h("label", { for: id, text: label }), input]);
  });

  const editor = rowEditor({
    caption: "One row per SME on the mission",
    columns: EDIT_COLUMNS,
    rows,
    rowName: (r) => cell(r, "sme_id"),
    onChange: (what, name) => { update(); if (what === "removed") live.sayNow(name + " removed."); },
  });
  let restart = () => {};
  const [add, load, reset] = rowActions({
    name: NAME, addLabel: "Add an SME", rows, editor, update: () => update(), live, required: ["sme_id", ...COUNT_COLUMNS], comments: true,
    blank: { sme_id: "", export_experience: "", meetings: "", qualified_leads: "", followups_3m: "", followups_6m: "", followups_12m: "", deals_12m: "", deal_value_eur: "" },
    remount: () => restart(),
  });
  const exportData = button("Download data (CSV)");
  exportData.addEventListener("click", () => {
    const lines = rows.map((r) => DATA_HEADER.map((c) => cell(r, c)));
    downloadText("mission-results.csv", "# My mission (describe it here). Same format as the notebook's data file.\r\n" + toCsv([DATA_HEADER, ...lines]));
  });
  const exportReport = button("Download report (CSV)");
  exportReport.addEventListener("click", () => downloadText("funder-report.csv", toCsv([["Level", "Indicator", "Value", "Target", "Status", "When measured", "Note"], ...lastReport])));
  function update(opening) { /* opening: the first calculation, when the page opens (see save) */
    const c = check(rows);
    results.textContent = "";
    lastReport = [];
    if (c.problems.length) {
      results.append(h("p", { text: "Please fix the table: " + c.problems.length + " problem(s) found." }),
        h("ul", { class: "cq-ws__problems" }, c.problems.map((t) => h("li", { text: t }))));
      live.say("Not calculated: " + c.problems.length + " problem(s) in the table. " + c.problems[0] + ".");
      save(NAME, settings, rows, [], opening);
      return;
    }
    if (c.notes.length) results.append(h("ul", { class: "cq-ws__notes" }, c.notes.map((t) => h("li", { text: "Check: " + t }))));
    const budget = settings.MISSION_BUDGET_EUR;
    const ind = computeIndicators(c.smes, budget, c.hasValue);
    results.append(scroller(resultTable("Indicators", ["Indicator", "Value"], summaryRows(ind)), "Indicators"));

    const bars = funnel(c.smes);
    const fig = h("figure", { class: "cq-ws__funnel" }, [h("figcaption", { text: "Mission funnel: from meetings to deals" })]);
    const list = h("ul", {});
    bars.forEach((b) => {
      const bar = h("span", { class: "cq-ws__bar", "aria-hidden": "true" });
      bar.style.width = Math.min(100, Math.max(0, b.share * 100)) + "%";
      list.append(h("li", {}, [h("span", { class: "cq-ws__bar-label", text: b.label + ": " + b.text }), h("span", { class: "cq-ws__bar-track", "aria-hidden": "true" }, [bar])]));
    });
    fig.append(list);
    results.append(fig);

    const over = leadsOverTime(c.smes, c.hasExperience);
    results.append(scroller(resultTable("Share of qualified leads still active", ["Group", "Week 1", "3 months", "6 months", "12 months"], over.map((g) => [g.name, ...g.shares.map(fmtPct)])), "Leads over time"));
    if (c.hasExperience) {
      const groups = byGroup(c.smes);
      results.append(scroller(resultTable("Results by export experience", ["Export experience", "Meetings", "Qualified leads", "Active at 3 months", "Active at 6 months", "Active at 12 months", "Deals", "Deal rate"],
        groups.map((g) => [g.group, ...COUNT_COLUMNS.map((k) => g[k]), g.deal_rate])), "Results by export experience"));
    }
    if ("WHAT_IF_BUDGET_EUR" in settings && "WHAT_IF_MAX_COST_PER_LEAD_EUR" in settings) {
      results.append(h("h5", { text: "What if?" }), h("pre", { class: "cq-ws__whatif", text: whatIf(ind.qualified_leads, settings.WHAT_IF_BUDGET_EUR, settings.WHAT_IF_MAX_COST_PER_LEAD_EUR).join("\n") }));
    }
    lastReport = funderReport(c.smes, budget, settings.TARGETS, c.hasValue);
    results.append(scroller(resultTable("Report for funders and members", ["Level", "Indicator", "Value", "Target", "Status", "When measured", "Note"], lastReport, 1), "Funder report"));
    const summary = [
      ["SMEs", String(ind.smes)], ["Qualified leads", String(ind.qualified_leads)], ["Deals within 12 months", String(ind.deals_12m)],
      ["Lead rate", fmtPct(ind.lead_rate)], ["Deal rate", fmtPct(ind.deal_rate)], ["Cost per qualified lead", fmtEur(ind.cost_per_lead)],
    ];
    save(NAME, settings, rows, summary.map(([label, value]) => ({ label, value })).concat(
      lastReport.filter((r) => r[4]).map((r) => ({ label: "Target: " + r[1], value: r[4] + " (" + r[2] + " against " + r[3] + ")" }))), opening);
    live.say("Updated. " + summary.map(([k, v]) => k + " " + v).join(", ") + ".");
  }

  restart = place(root, [
    h("div", { class: "cq-ws__settings" }, inputs),
    scroller(editor.table, "SME rows"),
    h("div", { class: "cq-ws__actions" }, [add, load, exportData, exportReport, reset]),
    live,
    h("h4", { text: "Result" }),
    results,
  ], mount);
  update(true);
  live.sayNow("");
}
