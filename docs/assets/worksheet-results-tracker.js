/* Worksheet: mission results tracker (module 08). The calculation of results-tracker.ipynb:
 * the loader's checks, the indicators, the funnel, results by export experience, the what-if and
 * the funder report. The functions above `mount` are pure, so the tests run them in Node against
 * the notebook's own functions. */

import {
  button, downloadText, h, initialState, liveRegion, place, resultTable, roundHalfEven,
  rowActions, rowEditor, save, scroller, toCsv,
} from "./worksheet-kit.js";
import { formatNumber, t } from "./i18n.js";

export const NAME = "results-tracker";

export const COUNT_COLUMNS = ["meetings", "qualified_leads", "followups_3m", "followups_6m", "followups_12m", "deals_12m"];
const EXPERIENCE = ["novice", "experienced"];

export function safeRatio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

/* Python's f"{x:.0%}" (None as "n/a"), in the page's language. */
export function fmtPct(x) {
  if (x === null || x === undefined) return t("worksheet.tracker.na");
  if (Number.isNaN(x)) return "nan%";
  if (!Number.isFinite(x)) return (x < 0 ? "-" : "") + "inf%";
  return t("worksheet.percent", { value: formatNumber(roundHalfEven(x * 100), { useGrouping: false }) });
}

/* Python's f"EUR {x:,.0f}" (None as "n/a"), in the page's language. */
export function fmtEur(x) {
  return x === null || x === undefined ? t("worksheet.tracker.na") : t("worksheet.tracker.eur", { amount: formatNumber(roundHalfEven(x)) });
}

/* Python's f"{x:,}" for the budget in the report's notes, in the page's language. */
function grouped(x) {
  return formatNumber(x, { maximumFractionDigits: 20 });
}

function cell(row, key) {
  const v = row[key];
  return v === undefined || v === null ? "" : String(v).trim();
}

/* The loader's checks (load_mission_results). Returns {smes, problems, notes, hasExperience, hasValue}. */
export function check(rows) {
  const problems = [];
  const notes = [];
  if (!rows.length) return { smes: [], problems: [t("worksheet.tracker.no_rows")], notes, hasExperience: false, hasValue: false };
  const ids = rows.map((r) => cell(r, "sme_id"));
  if (ids.some((id) => id === "")) problems.push(t("worksheet.tracker.empty_id"));
  const seen = new Set();
  const repeated = new Set();
  ids.forEach((id) => { if (id && seen.has(id)) repeated.add(id); seen.add(id); });
  if (repeated.size) problems.push(t("worksheet.tracker.repeated", { ids: Array.from(repeated).sort().join(", ") }));
  const hasValue = rows.some((r) => cell(r, "deal_value_eur") !== "");
  const hasExperience = rows.some((r) => cell(r, "export_experience") !== "");
  const numeric = COUNT_COLUMNS.concat(hasValue ? ["deal_value_eur"] : []);
  const smes = rows.map((r, i) => ({ sme_id: ids[i] }));
  numeric.forEach((col) => {
    const values = rows.map((r) => { const text = cell(r, col); return text === "" ? NaN : Number(text); });
    const bad = ids.filter((_, i) => Number.isNaN(values[i]));
    if (bad.length) problems.push(t("worksheet.tracker.non_numeric", { column: col, ids: bad.join(", ") }));
    const negative = ids.filter((_, i) => values[i] < 0);
    if (negative.length) problems.push(t("worksheet.tracker.negative", { column: col, ids: negative.join(", ") }));
    const notWhole = ids.filter((_, i) => Number.isFinite(values[i]) && values[i] % 1 !== 0);
    if (COUNT_COLUMNS.indexOf(col) >= 0 && notWhole.length) problems.push(t("worksheet.tracker.not_whole", { column: col, ids: notWhole.join(", ") }));
    values.forEach((v, i) => { smes[i][col] = v; });
  });
  if (hasExperience) {
    const bad = [];
    rows.forEach((r, i) => {
      const v = cell(r, "export_experience").toLowerCase();
      if (EXPERIENCE.indexOf(v) < 0) bad.push(ids[i]);
      smes[i].export_experience = v;
    });
    if (bad.length) problems.push(t("worksheet.tracker.bad_experience", { ids: bad.join(", ") }));
  }
  if (!problems.length) {
    ["followups_3m", "followups_6m", "followups_12m", "deals_12m"].forEach((col) => {
      const over = smes.filter((s) => s[col] > s.qualified_leads).map((s) => s.sme_id);
      if (over.length) notes.push(t("worksheet.tracker.larger_than_leads", { column: col, ids: over.join(", ") }));
    });
    const over = smes.filter((s) => s.qualified_leads > s.meetings).map((s) => s.sme_id);
    if (over.length) notes.push(t("worksheet.tracker.leads_larger", { ids: over.join(", ") }));
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
    ["smes_on_mission", ind.smes],
    ["b2b_meetings", ind.meetings],
    ["leads_week1", ind.qualified_leads],
    ["active_3m_leads", ind.active_3m],
    ["active_6m_leads", ind.active_6m],
    ["active_12m_leads", ind.active_12m],
    ["deals_within_12m", ind.deals_12m],
    ["smes_with_deal", ind.smes_with_deal],
    ["lead_rate_long", fmtPct(ind.lead_rate)],
    ["retention", fmtPct(ind.retention_12m)],
    ["deal_rate_long", fmtPct(ind.deal_rate)],
    ["cost_per_meeting", fmtEur(ind.cost_per_meeting)],
    ["cost_per_lead", fmtEur(ind.cost_per_lead)],
    ["cost_per_deal", fmtEur(ind.cost_per_deal)],
  ].map(([key, value]) => [t("worksheet.tracker." + key), value]);
}

/* The funnel's stages: the message key of each stage's name, and its column. */
export const STAGES = [
  ["meetings", "meetings"], ["qualified_leads", "qualified_leads"], ["active_3m", "followups_3m"],
  ["active_6m", "followups_6m"], ["active_12m", "followups_12m"], ["deals_12m", "deals_12m"],
];

/* The funnel's bars (step 6): label, count and the text beside the bar. */
export function funnel(smes) {
  const values = STAGES.map(([, col]) => total(smes, col));
  const top = values[0] ? values[0] : 1;
  return STAGES.map(([key], i) => ({ label: t("worksheet.tracker." + key), value: values[i], share: values[i] / top, text: t("worksheet.tracker.funnel_text", { value: formatNumber(values[i]), share: fmtPct(values[i] / top) }) }));
}

/* The notebook's leads_over_time (step 7): share of qualified leads still active, by group. */
export function leadsOverTime(smes, hasExperience) {
  const groups = [[t("worksheet.tracker.all_smes"), smes]];
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
  const lines = [t("worksheet.tracker.whatif_cost", { budget: grouped(budget), count: leads, cost: fmtEur(cost) })];
  if (cost !== null && cost <= maxCost) lines.push(t("worksheet.tracker.target_met", { max: grouped(maxCost) }));
  else {
    lines.push(t("worksheet.tracker.target_not_met", { max: grouped(maxCost) }));
    lines.push("  " + t("worksheet.tracker.option_leads", { count: Math.ceil(budget / maxCost) }));
    lines.push("  " + t("worksheet.tracker.option_budget", { count: leads, max: grouped(maxCost * leads) }));
  }
  return lines;
}

function status(value, target, higherIsBetter) {
  if (value === null || value === undefined || target === null || target === undefined) return "";
  const ok = higherIsBetter === false ? value <= target : value >= target;
  return ok ? t("worksheet.tracker.met") : t("worksheet.tracker.not_met");
}

/* The notebook's build_funder_report (step 9): rows of Level, Indicator, Value, Target, Status, When measured, Note. */
export function funderReport(smes, budget, targets, hasValue) {
  const i = computeIndicators(smes, budget, hasValue);
  const target = (k) => (k in targets && targets[k] !== null ? targets[k] : null);
  const [output, outcome, impact, efficiency, nonSales] = ["output", "outcome", "impact_signal", "efficiency", "non_sales"].map((k) => t("worksheet.tracker." + k));
  const [mission, week1, month1, month12] = ["mission", "week_1", "month_1", "month_12"].map((k) => t("worksheet.tracker." + k));
  const survey = t("worksheet.tracker.note_survey");
  const budgetNote = t("worksheet.tracker.note_budget", { budget: grouped(budget) });
  const rows = [
    [output, t("worksheet.tracker.smes_on_mission"), i.smes, null, "", mission, t("worksheet.tracker.note_count")],
    [output, t("worksheet.tracker.meetings_held"), i.meetings, target("meetings"), status(i.meetings, target("meetings")), mission, t("worksheet.tracker.note_log")],
    [outcome, t("worksheet.tracker.qualified_leads"), i.qualified_leads, target("qualified_leads"), status(i.qualified_leads, target("qualified_leads")), week1, t("worksheet.tracker.note_self")],
    [outcome, t("worksheet.tracker.still_active_12m"), i.active_12m, null, "", month12, survey],
    [outcome, t("worksheet.tracker.smes_with_deal"), i.smes_with_deal, null, "", month12, survey],
    [impact, t("worksheet.tracker.deals_signed"), i.deals_12m, target("deals_12m"), status(i.deals_12m, target("deals_12m")), month12, survey],
  ];
  if ("deal_value_eur" in i) rows.push([impact, t("worksheet.tracker.deal_value_reported"), fmtEur(i.deal_value_eur), null, "", month12, t("worksheet.tracker.note_value")]);
  rows.push(
    [efficiency, t("worksheet.tracker.cost_per_lead"), fmtEur(i.cost_per_lead), fmtEur(target("max_cost_per_lead_eur")), status(i.cost_per_lead, target("max_cost_per_lead_eur"), false), week1, budgetNote],
    [efficiency, t("worksheet.tracker.cost_per_deal"), fmtEur(i.cost_per_deal), null, "", month12, budgetNote],
    [nonSales, t("worksheet.tracker.image"), t("worksheet.tracker.see_survey"), null, "", month1, t("worksheet.tracker.note_words")],
  );
  return rows.map((r) => r.map((v) => (v === null ? "" : String(v))));
}

/* ---------- the worksheet in the page ---------- */

const EDIT_COLUMNS = [
  { key: "sme_id", label: t("worksheet.tracker.sme"), type: "text", width: 8 },
  { key: "export_experience", label: t("worksheet.tracker.export_experience"), type: "select", options: ["", "novice", "experienced"] },
  ...STAGES.map(([message, key]) => ({ key, label: t("worksheet.tracker." + message), type: "number", width: 4 })),
  { key: "deal_value_eur", label: t("worksheet.tracker.deal_value"), type: "number", width: 8 },
];
const DATA_HEADER = ["sme_id", "export_experience", ...COUNT_COLUMNS, "deal_value_eur"];
const INPUTS = [
  ["MISSION_BUDGET_EUR", null, "budget"],
  ["TARGETS", "meetings", "target_meetings"],
  ["TARGETS", "qualified_leads", "target_leads"],
  ["TARGETS", "deals_12m", "target_deals"],
  ["TARGETS", "max_cost_per_lead_eur", "target_cost"],
  ["WHAT_IF_BUDGET_EUR", null, "whatif_budget"],
  ["WHAT_IF_MAX_COST_PER_LEAD_EUR", null, "whatif_max_cost"],
];
const REPORT_HEADER = ["level", "indicator", "value", "target", "status", "when", "note"];

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
    return h("p", { class: "cq-ws__setting" }, [h("label", { for: id, text: t("worksheet.tracker." + label) }), input]);
  });

  const editor = rowEditor({
    caption: t("worksheet.tracker.caption"),
    columns: EDIT_COLUMNS,
    rows,
    rowName: (r) => cell(r, "sme_id"),
    onChange: (what, name) => { update(); if (what === "removed") live.sayNow(t("worksheet.tracker.removed", { name })); },
  });
  let restart = () => {};
  const [add, load, reset] = rowActions({
    name: NAME, addLabel: t("worksheet.tracker.add"), rows, editor, update: () => update(), live, required: ["sme_id", ...COUNT_COLUMNS], comments: true,
    blank: { sme_id: "", export_experience: "", meetings: "", qualified_leads: "", followups_3m: "", followups_6m: "", followups_12m: "", deals_12m: "", deal_value_eur: "" },
    remount: () => restart(),
  });
  const exportData = button(t("worksheet.tracker.download_data"));
  exportData.addEventListener("click", () => {
    const lines = rows.map((r) => DATA_HEADER.map((c) => cell(r, c)));
    downloadText("mission-results.csv", "# " + t("worksheet.tracker.data_comment") + "\r\n" + toCsv([DATA_HEADER, ...lines]));
  });
  const exportReport = button(t("worksheet.tracker.download_report"));
  exportReport.addEventListener("click", () => downloadText("funder-report.csv", toCsv([REPORT_HEADER.map((k) => t("worksheet.tracker." + k)), ...lastReport])));
  function update(opening) { /* opening: the first calculation, when the page opens (see save) */
    const c = check(rows);
    results.textContent = "";
    lastReport = [];
    if (c.problems.length) {
      results.append(h("p", { text: t("worksheet.tracker.fix_table", { count: c.problems.length }) }),
        h("ul", { class: "cq-ws__problems" }, c.problems.map((problem) => h("li", { text: problem }))));
      live.say(t("worksheet.tracker.not_calculated", { count: c.problems.length, first: c.problems[0] }));
      save(NAME, settings, rows, [], opening);
      return;
    }
    if (c.notes.length) results.append(h("ul", { class: "cq-ws__notes" }, c.notes.map((note) => h("li", { text: t("worksheet.tracker.check_note", { note }) }))));
    const budget = settings.MISSION_BUDGET_EUR;
    const ind = computeIndicators(c.smes, budget, c.hasValue);
    results.append(scroller(resultTable(t("worksheet.tracker.indicators"), [t("worksheet.tracker.indicator"), t("worksheet.tracker.value")], summaryRows(ind)), t("worksheet.tracker.indicators")));

    const bars = funnel(c.smes);
    const fig = h("figure", { class: "cq-ws__funnel" }, [h("figcaption", { text: t("worksheet.tracker.funnel_caption") })]);
    const list = h("ul", {});
    bars.forEach((b) => {
      const bar = h("span", { class: "cq-ws__bar", "aria-hidden": "true" });
      bar.style.width = Math.min(100, Math.max(0, b.share * 100)) + "%";
      list.append(h("li", {}, [h("span", { class: "cq-ws__bar-label", text: t("worksheet.tracker.bar", { label: b.label, text: b.text }) }), h("span", { class: "cq-ws__bar-track", "aria-hidden": "true" }, [bar])]));
    });
    fig.append(list);
    results.append(fig);

    const over = leadsOverTime(c.smes, c.hasExperience);
    results.append(scroller(resultTable(t("worksheet.tracker.over_caption"), ["group", "week_1_column", "months_3", "months_6", "months_12"].map((k) => t("worksheet.tracker." + k)), over.map((g) => [g.name, ...g.shares.map(fmtPct)])), t("worksheet.tracker.over_table")));
    if (c.hasExperience) {
      const groups = byGroup(c.smes);
      results.append(scroller(resultTable(t("worksheet.tracker.by_experience"), ["export_experience", "meetings", "qualified_leads", "active_3m", "active_6m", "active_12m", "deals", "deal_rate"].map((k) => t("worksheet.tracker." + k)),
        groups.map((g) => [g.group, ...COUNT_COLUMNS.map((k) => g[k]), g.deal_rate])), t("worksheet.tracker.by_experience")));
    }
    if ("WHAT_IF_BUDGET_EUR" in settings && "WHAT_IF_MAX_COST_PER_LEAD_EUR" in settings) {
      results.append(h("h5", { text: t("worksheet.tracker.what_if") }), h("pre", { class: "cq-ws__whatif", text: whatIf(ind.qualified_leads, settings.WHAT_IF_BUDGET_EUR, settings.WHAT_IF_MAX_COST_PER_LEAD_EUR).join("\n") }));
    }
    lastReport = funderReport(c.smes, budget, settings.TARGETS, c.hasValue);
    results.append(scroller(resultTable(t("worksheet.tracker.report_caption"), REPORT_HEADER.map((k) => t("worksheet.tracker." + k)), lastReport, 1), t("worksheet.tracker.report_table")));
    const summary = [
      ["smes", formatNumber(ind.smes)], ["qualified_leads", formatNumber(ind.qualified_leads)], ["deals_within_12m", formatNumber(ind.deals_12m)],
      ["lead_rate", fmtPct(ind.lead_rate)], ["deal_rate", fmtPct(ind.deal_rate)], ["cost_per_lead", fmtEur(ind.cost_per_lead)],
    ].map(([key, value]) => [t("worksheet.tracker." + key), value]);
    save(NAME, settings, rows, summary.map(([label, value]) => ({ label, value })).concat(
      lastReport.filter((r) => r[4]).map((r) => ({ label: t("worksheet.tracker.target_summary", { indicator: r[1] }), value: t("worksheet.tracker.target_value", { status: r[4], value: r[2], target: r[3] }) }))), opening);
    live.say(t("worksheet.tracker.updated", { summary: summary.map(([label, value]) => t("worksheet.tracker.summary_item", { label, value })).join(", ") }));
  }

  restart = place(root, [
    h("div", { class: "cq-ws__settings" }, inputs),
    scroller(editor.table, t("worksheet.tracker.sme_rows")),
    h("div", { class: "cq-ws__actions" }, [add, load, exportData, exportReport, reset]),
    live,
    h("h4", { text: t("worksheet.tracker.result") }),
    results,
  ], mount);
  update(true);
  live.sayNow("");
}
