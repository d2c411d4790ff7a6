/* Worksheet: market screening scorer (module 03). The calculation of screening.ipynb, step by
 * step: knock-out rules, the need score from the water indicator, the weighted score under two
 * weightings, the ranking and the robust short list. The functions above `mount` are pure, so the
 * tests run them in Node against the notebook's own functions. */

import {
  button, downloadText, h, initialState, liveRegion, parseCsv, place, resultTable, round2, rowActions,
  rowEditor, save, scroller, toCsv,
} from "./worksheet-kit.js";
import { formatNumber, t } from "./i18n.js";

export const NAME = "market-screening";

/* A criterion's name in the page's language (market_size -> "Market size"). */
export function label(criterion) {
  return t("worksheet.market." + criterion);
}

const SCORE_COLUMNS = ["market_size", "growth", "market_access", "business_climate", "closeness", "network"];

/* The notebook's need_score: the gap to 100% safely managed water, in five bands. */
export function needScore(pct) {
  const gap = 100 - pct;
  if (gap < 10) return 1;
  if (gap < 20) return 2;
  if (gap < 35) return 3;
  if (gap < 50) return 4;
  return 5;
}

function number(text) {
  const s = String(text === undefined || text === null ? "" : text).trim();
  return s === "" ? NaN : Number(s);
}

/* Rows of text (as typed or read from CSV) into markets with numbers, and the problems found. */
export function prepare(rows) {
  const markets = [];
  const problems = [];
  rows.forEach((row, i) => {
    const name = String(row.market || "").trim();
    const which = name || t("worksheet.row", { number: i + 1 });
    const missing = [];
    const m = { market: name, legal_barrier: String(row.legal_barrier || "").trim() };
    if (!name) missing.push(t("worksheet.market.missing_name"));
    const members = number(row.members_interested);
    if (!Number.isFinite(members)) missing.push(t("worksheet.market.missing_members"));
    m.members_interested = members;
    SCORE_COLUMNS.forEach((c) => {
      const v = number(row[c]);
      if (!Number.isFinite(v) || v < 1 || v > 5) missing.push(t("worksheet.market.missing_score", { criterion: label(c).toLowerCase() }));
      m[c] = v;
    });
    const pct = number(row.safely_managed_pct);
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) missing.push(t("worksheet.market.missing_water"));
    m.safely_managed_pct = pct;
    m.need = Number.isFinite(pct) ? needScore(pct) : NaN;
    if (missing.length) problems.push(t("worksheet.market.fill_in", { row: which, missing: missing.join(", ") }));
    else markets.push(m);
  });
  return { markets, problems };
}

/* The notebook's knock_out: a legal barrier, or fewer than `minMembers` members interested. */
export function knockOut(markets, minMembers) {
  const kept = [];
  const removed = [];
  markets.forEach((m) => {
    const reasons = [];
    if (m.legal_barrier.toLowerCase() === "yes") reasons.push(t("worksheet.market.reason_legal"));
    if (m.members_interested < minMembers) reasons.push(t("worksheet.market.reason_members", { count: String(minMembers) }));
    if (reasons.length) removed.push({ market: m.market, reason: reasons.join("; ") });
    else kept.push(m);
  });
  return { kept, removed };
}

/* The weights' problem in words, or "" (the notebook's checks in weighted_score). */
export function weightsProblem(weights, criteria) {
  const missing = criteria.filter((c) => !(c in weights) || !Number.isFinite(weights[c]));
  if (missing.length) return t("worksheet.market.weights_missing", { criteria: missing.map((c) => label(c)).join(", ") });
  let total = 0;
  Object.values(weights).forEach((w) => { total += w; });
  if (Math.abs(total - 1) > 1e-9) return t("worksheet.market.weights_total", { total: formatNumber(Math.round(total * 10000) / 100, { useGrouping: false }) });
  return "";
}

/* sum over criteria of weight × score, added in the weights' order (as Python's sum does). */
export function weightedScore(m, weights) {
  let s = 0;
  Object.entries(weights).forEach(([c, w]) => { s += m[c] * w; });
  return s;
}

/* The notebook's rank: score rounded to 2 decimals, highest first, ties by market name. */
export function rank(kept, weights) {
  const out = kept.map((m) => ({ market: m.market, score: round2(weightedScore(m, weights)) }));
  out.sort((a, b) => (b.score - a.score) || (a.market < b.market ? -1 : a.market > b.market ? 1 : 0));
  out.forEach((r, i) => { r.rank = i + 1; });
  return out;
}

function sortedNames(set) {
  return Array.from(set).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/* Everything the notebook's steps 2 to 7 compute, from rows of text and the settings. */
export function screen(rows, settings) {
  const { markets, problems } = prepare(rows);
  const { kept, removed } = knockOut(markets, settings.MIN_MEMBERS);
  const result = { problems, markets, kept, removed, weightProblems: {} };
  const a = weightsProblem(settings.weights_a, settings.CRITERIA);
  const b = weightsProblem(settings.weights_b, settings.CRITERIA);
  if (a) result.weightProblems.A = a;
  if (b) result.weightProblems.B = b;
  if (a || b) return result;
  result.rankingA = rank(kept, settings.weights_a);
  result.rankingB = rank(kept, settings.weights_b);
  const byA = new Map(result.rankingA.map((r) => [r.market, r]));
  result.comparison = result.rankingB.map((rb) => {
    const ra = byA.get(rb.market);
    return { market: rb.market, rank_A: ra.rank, score_A: ra.score, rank_B: rb.rank, score_B: rb.score, change: ra.rank - rb.rank };
  });
  const n = settings.SHORTLIST;
  result.shortA = result.rankingA.slice(0, n).map((r) => r.market);
  result.shortB = result.rankingB.slice(0, n).map((r) => r.market);
  const topA = new Set(result.shortA);
  const topB = new Set(result.shortB);
  result.robust = sortedNames(result.shortA.filter((m) => topB.has(m)));
  result.depends = sortedNames(new Set([...result.shortA.filter((m) => !topB.has(m)), ...result.shortB.filter((m) => !topA.has(m))]));
  return result;
}

/* ---------- the worksheet in the page ---------- */

const EDIT_COLUMNS = [
  { key: "market", label: t("worksheet.market.market"), type: "text", width: 12 },
  { key: "legal_barrier", label: t("worksheet.market.legal_barrier"), type: "select", options: ["no", "yes"] },
  { key: "members_interested", label: t("worksheet.market.members_interested"), type: "number" },
  ...SCORE_COLUMNS.map((c) => ({ key: c, label: t("worksheet.market.score_column", { criterion: label(c) }), type: "number", width: 3 })),
  { key: "safely_managed_pct", label: t("worksheet.market.water"), type: "number" },
];
const CSV_REQUIRED = ["market", "legal_barrier", "members_interested", ...SCORE_COLUMNS, "safely_managed_pct"];

/* The notebook's own files: data/markets-illustrative.csv has no water column; the notebook takes
 * safely_managed_pct from a World Bank indicator CSV (data/wdi-example.csv), the value for 2022 or
 * the latest of the two years before (load_wdi_csv(..., year=2022, fallback_years=2)), joined on the
 * market's code. The worksheet reads both files as they are and joins them the same way. */
const WDI_YEAR = 2022;
const WDI_FALLBACK_YEARS = 2;

/* {code: {value, year}} from a World Bank indicator CSV (download format), or null for another file. */
export function wdiValues(text) {
  const table = parseCsv(text, false);
  const at = table.findIndex((row) => (row[0] || "").replace(/^\uFEFF/, "").trim() === "Country Name");
  if (at < 0) return null;
  const header = table[at].map((c) => c.trim());
  const code = header.indexOf("Country Code");
  const out = {};
  table.slice(at + 1).forEach((row) => {
    for (let year = WDI_YEAR; year >= WDI_YEAR - WDI_FALLBACK_YEARS; year--) {
      const cell = (row[header.indexOf(String(year))] || "").trim();
      if (header.indexOf(String(year)) >= 0 && cell !== "" && Number.isFinite(Number(cell))) {
        out[(row[code] || "").trim()] = { value: Number(cell), year };
        break;
      }
    }
  });
  return out;
}

/* " No water value for A, B: ...", after a join that left markets without one. */
const noWater = (missing) => (missing.length ? " " + t("screening.no_water", { markets: missing.join(", ") }) : "");

/* Read a file the learner loads: the markets file (with or without the water column) or the
 * World Bank file, joined on the code as the notebook does. */
function readNotebookFile(known) {
  return (text, fileName, { header, rows: read }, current) => {
    const wdi = wdiValues(text);
    if (wdi) {
      if (!current.some((r) => String(r.code || "").trim())) return { error: t("screening.no_code", { file: fileName }) };
      const missing = [];
      const rows = current.map((r) => {
        const hit = wdi[String(r.code || "").trim()];
        if (!hit) missing.push(String(r.market || r.code || "?"));
        return Object.assign({}, r, { safely_managed_pct: hit ? String(hit.value) : "", wdi_year: hit ? String(hit.year) : "" });
      });
      const message = t("screening.joined", { file: fileName, year: WDI_YEAR, years: WDI_FALLBACK_YEARS, joined: rows.length - missing.length, count: rows.length }) + noWater(missing);
      return { rows, message };
    }
    const base = CSV_REQUIRED.filter((c) => c !== "safely_managed_pct");
    const missingColumns = base.filter((c) => header.indexOf(c) < 0);
    if (missingColumns.length) return { error: t("worksheet.csv_missing", { file: fileName, columns: missingColumns.join(", ") }) };
    if (header.indexOf("safely_managed_pct") >= 0) return { rows: read, message: t("worksheet.csv_loaded", { count: read.length, file: fileName }) };
    const missing = [];
    const rows = read.map((r) => {
      const value = known.get(String(r.code || "").trim());
      if (value === undefined) missing.push(String(r.market || r.code || "?"));
      return Object.assign({}, r, { safely_managed_pct: value === undefined ? "" : value });
    });
    return { rows, message: t("screening.kept", { file: fileName, joined: rows.length - missing.length, count: rows.length }) + noWater(missing) };
  };
}

function percent(w) {
  return String(Math.round(w * 100 * 1000) / 1000);
}

export function mount(root) {
  const { start, settings, rows } = initialState(root, NAME);
  /* The notebook's water values (its wdi-example.csv joined on the code), for a markets file without them. */
  const known = new Map(start.rows.filter((r) => r.code && String(r.safely_managed_pct) !== "").map((r) => [String(r.code).trim(), String(r.safely_managed_pct)]));
  const status = liveRegion();
  const results = h("div", { class: "cq-ws__results" });

  /* Settings: the knock-out minimum and the short-list size. */
  const settingInput = (key, text) => {
    const id = "cq-ms-" + key.toLowerCase();
    const input = h("input", { id, type: "text", inputmode: "numeric", size: 4, value: String(settings[key]), autocomplete: "off" });
    input.addEventListener("input", () => {
      const v = Number(input.value.trim());
      const ok = input.value.trim() !== "" && Number.isFinite(v) && (key !== "SHORTLIST" || (Number.isInteger(v) && v >= 1));
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      if (ok) { settings[key] = v; update(); }
    });
    return h("p", { class: "cq-ws__setting" }, [h("label", { for: id, text }), input]);
  };

  /* Weights, shown as percentages. */
  const weightTable = h("table", { class: "cq-ws__grid cq-ws__weights" });
  weightTable.append(h("caption", { text: t("worksheet.market.weights_caption") }));
  weightTable.append(h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: t("worksheet.market.criterion") }), h("th", { scope: "col", text: t("worksheet.market.weighting_column", { which: "A" }) }), h("th", { scope: "col", text: t("worksheet.market.weighting_column", { which: "B" }) })])]));
  const weightBody = h("tbody");
  const totals = { A: h("td", { class: "cq-ws__num" }), B: h("td", { class: "cq-ws__num" }) };
  settings.CRITERIA.forEach((c) => {
    const cells = ["A", "B"].map((which) => {
      const key = which === "A" ? "weights_a" : "weights_b";
      const input = h("input", { type: "text", inputmode: "decimal", size: 4, value: percent(settings[key][c]), "aria-label": t("worksheet.market.weight_input", { which, criterion: label(c) }), autocomplete: "off" });
      input.addEventListener("input", () => {
        const v = Number(input.value.trim());
        const ok = input.value.trim() !== "" && Number.isFinite(v) && v >= 0;
        input.setAttribute("aria-invalid", ok ? "false" : "true");
        settings[key][c] = ok ? v / 100 : NaN;
        update();
      });
      return h("td", { class: "cq-ws__num" }, [input]);
    });
    weightBody.append(h("tr", {}, [h("th", { scope: "row", text: label(c) }), ...cells]));
  });
  weightTable.append(weightBody);
  weightTable.append(h("tfoot", {}, [h("tr", {}, [h("th", { scope: "row", text: t("worksheet.market.total") }), totals.A, totals.B])]));

  const editor = rowEditor({
    caption: t("worksheet.market.caption"),
    columns: EDIT_COLUMNS,
    rows,
    rowName: (r) => String(r.market || "").trim(),
    onChange: (what, name) => { update(); if (what === "removed") status.sayNow(t("worksheet.market.removed", { name })); },
  });

  const exportButton = button(t("worksheet.market.download"));
  exportButton.addEventListener("click", () => downloadText("market-screening.csv", toCsv(exportRows())));
  let restart = () => {};
  const [add, load, reset] = rowActions({
    name: NAME, addLabel: t("worksheet.market.add"), rows, editor, update: () => update(), live: status, required: CSV_REQUIRED, comments: false, readFile: readNotebookFile(known),
    blank: { market: "", legal_barrier: "no", members_interested: "", market_size: "", growth: "", market_access: "", business_climate: "", closeness: "", network: "", safely_managed_pct: "" },
    remount: () => restart(),
  });

  let last = null;

  function exportRows() {
    const r = last || screen(rows, settings);
    const byA = new Map((r.rankingA || []).map((x) => [x.market, x]));
    const byB = new Map((r.rankingB || []).map((x) => [x.market, x]));
    const out = new Map(r.removed.map((x) => [x.market, x.reason]));
    const robust = new Set(r.robust || []);
    const header = ["market", "code", "data_status", "legal_barrier", "members_interested", ...SCORE_COLUMNS, "safely_managed_pct", "need", "knocked_out", "score_A", "rank_A", "score_B", "rank_B", "robust"];
    const lines = [header];
    const { markets } = prepare(rows);
    const need = new Map(markets.map((m) => [m.market, m.need]));
    rows.forEach((row) => {
      const name = String(row.market || "").trim();
      const a = byA.get(name);
      const b = byB.get(name);
      lines.push([name, row.code || "", row.data_status || "", row.legal_barrier, row.members_interested, ...SCORE_COLUMNS.map((c) => row[c]), row.safely_managed_pct,
        need.has(name) ? need.get(name) : "", out.get(name) || "", a ? a.score.toFixed(2) : "", a ? a.rank : "", b ? b.score.toFixed(2) : "", b ? b.rank : "", robust.has(name) ? "yes" : ""]);
    });
    return lines;
  }

  function update(opening) { /* opening: the first calculation, when the page opens (see save) */
    const r = screen(rows, settings);
    last = r;
    ["A", "B"].forEach((which) => {
      const w = settings[which === "A" ? "weights_a" : "weights_b"];
      let total = 0;
      Object.values(w).forEach((v) => { total += v; });
      totals[which].textContent = Number.isFinite(total) ? t("worksheet.percent", { value: formatNumber(Math.round(total * 10000) / 100, { useGrouping: false }) }) : "–";
    });
    results.textContent = "";
    const notes = [];
    if (r.problems.length) notes.push(...r.problems.map((problem) => t("worksheet.market.not_scored", { problem })));
    Object.entries(r.weightProblems).forEach(([k, v]) => notes.push(t("worksheet.market.weighting_problem", { which: k, problem: v })));
    if (notes.length) results.append(h("ul", { class: "cq-ws__problems" }, notes.map((note) => h("li", { text: note }))));
    results.append(h("p", { text: t("worksheet.market.long_list", { count: r.markets.length }) + " " + t("worksheet.market.after_knockout", { count: r.kept.length }) }));
    if (r.removed.length) results.append(scroller(resultTable(t("worksheet.market.knocked_caption"), [t("worksheet.market.market"), t("worksheet.market.reason")], r.removed.map((x) => [x.market, x.reason])), t("worksheet.market.knocked_table")));
    let message;
    if (r.comparison) {
      const score = (x) => formatNumber(x, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const rowsOut = r.comparison.map((c) => [c.market, c.rank_A, score(c.score_A), c.rank_B, score(c.score_B), (c.change > 0 ? "+" : "") + c.change]);
      results.append(scroller(resultTable(t("worksheet.market.ranking_caption"), ["market", "rank_a", "score_a", "rank_b", "score_b", "change"].map((k) => t("worksheet.market." + k)), rowsOut), t("worksheet.market.ranking")));
      const n = settings.SHORTLIST;
      const names = (list) => list.join(", ") || t("worksheet.market.none");
      const lines = [
        [t("worksheet.market.short_a"), names(r.shortA)],
        [t("worksheet.market.short_b"), names(r.shortB)],
        [t("worksheet.market.robust", { count: n }), names(r.robust)],
        [t("worksheet.market.depends"), names(r.depends)],
      ];
      results.append(h("dl", { class: "cq-ws__summary" }, lines.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])));
      message = t("worksheet.market.updated", { robust: lines[2][1], a: lines[0][1], b: lines[1][1] });
      save(NAME, settings, rows, lines.map(([label, value]) => ({ label, value })).concat(r.removed.length ? [{ label: t("worksheet.market.knocked_out"), value: r.removed.map((x) => t("worksheet.market.knocked_item", { market: x.market, reason: x.reason })).join("; ") }] : []), opening);
    } else {
      message = t("worksheet.market.not_ranked", { problems: Object.values(r.weightProblems).join("; ") });
      save(NAME, settings, rows, [], opening);
    }
    if (r.problems.length) message += " " + t("worksheet.market.rows_not_scored", { count: r.problems.length });
    status.say(message);
  }

  restart = place(root, [
    h("div", { class: "cq-ws__settings" }, [
      settingInput("MIN_MEMBERS", t("worksheet.market.min_members")),
      settingInput("SHORTLIST", t("worksheet.market.shortlist_size")),
    ]),
    scroller(weightTable, t("worksheet.market.weights")),
    scroller(editor.table, t("worksheet.market.markets")),
    h("div", { class: "cq-ws__actions" }, [add, load, exportButton, reset]),
    status,
    h("h4", { text: t("worksheet.market.result") }),
    results,
  ], mount);
  update(true);
  status.sayNow("");
}
