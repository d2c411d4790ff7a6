/* Worksheet kit: what both worksheets share. Plain ES module, no network requests.
 *
 * Storage: each worksheet keeps its rows and settings in localStorage under
 *   "<site path>.__sic.worksheet.<name>"
 * (store.js's prefix, after Material's "/.__palette" convention). The value is
 * JSON: {v: 1, saved: ISO date, settings: {...}, rows: [{column: text}], summary: [{label, value}]}.
 * `summary` is the worksheet's result in words, for the workbook and the progress page to show. */

import { MAX_WORKSHEET_ROWS, WORKSHEET_PREFIX, validWorksheet } from "./data.js";
import { keepCopy, notSaved, readJson, remove, setAside, store, writeJson } from "./store.js";
import { t } from "./i18n.js";

const MAX_CSV_CHARS = 5000000;

export function storageKey(name) {
  return WORKSHEET_PREFIX + name;
}

export function loadSaved(name) {
  return readJson(storageKey(name), validWorksheet);
}

/* Saved as the learner types; false when storage is blocked or full (the worksheet still works on this page).
 * `opening` is the first calculation when the page opens: it saves nothing new (opening the page is
 * not work, and the workbook shows a worksheet as saved only once the learner changed it). It only
 * refreshes the summary of an earlier save, keeping its date. */
export function save(name, settings, rows, summary, opening) {
  if (opening) {
    const saved = loadSaved(name);
    if (!saved || JSON.stringify(saved.summary) === JSON.stringify(summary)) return true;
    return writeJson(storageKey(name), Object.assign(saved, { summary }));
  }
  return write(name, copy({ v: 1, settings, rows, summary }));
}

/* ---------- two open tabs ----------
 * A tab keeps, per worksheet, the save time of the newest saved version it has shown or written
 * (`seen`). A save that finds a newer saved version this tab has not seen (another tab's, saved
 * while this tab missed the `storage` event, frozen in the background) does not replace it
 * silently: this tab's work is the newer, so it is saved, the other version is kept aside
 * (store.js) and the page says so, with a button that brings it back. A tab follows another tab's
 * save by mounting the worksheet again from storage (`follow`); when this tab's own last save
 * failed (storage full), the newer of the two by time is kept, and the other is one button away. */
const tabs = new Map();

function tab(name) {
  if (!tabs.has(name)) tabs.set(name, { name, seen: 0, unsaved: null, other: null, root: null, mount: null });
  return tabs.get(name);
}

function savedAt(value) {
  const at = value && typeof value.saved === "string" ? Date.parse(value.saved) : NaN;
  return Number.isFinite(at) ? at : 0;
}

function stored(key) {
  try { return store().getItem(key) !== null; } catch (e) { return false; }
}

const sameWork = (a, b) => JSON.stringify([a.settings, a.rows]) === JSON.stringify([b.settings, b.rows]);

/* Save `entry` ({v, settings, rows, summary}) as this tab's newest version; false when not saved. */
function write(name, entry) {
  const state = tab(name);
  const now = loadSaved(name);
  entry.saved = new Date(Math.max(Date.now(), savedAt(now) + 1)).toISOString();
  const unseen = now && savedAt(now) > state.seen && !sameWork(now, entry) ? now : null;
  /* A newer version this tab has not seen is replaced only once a copy of it is kept. */
  if ((unseen && keepCopy(storageKey(name), JSON.stringify(unseen)) === null) || !writeJson(storageKey(name), entry)) {
    state.unsaved = entry;
    return saidNear(name, false);
  }
  state.seen = savedAt(entry);
  state.unsaved = null;
  if (unseen) offer(state, unseen, t("worksheet.tabs_kept_here"));
  return saidNear(name, true);
}

/* The line above the worksheet that says what another tab changed (a polite live region), with
 * the button that brings back the other version when there is one. */
function tabNote(state) {
  const root = state.root;
  let box = root.querySelector(":scope > .cq-ws__tabs");
  if (!box) {
    const back = button(t("worksheet.tabs_bring_back"), { class: "md-button cq-ws__back", hidden: true });
    back.addEventListener("click", () => bringBack(state));
    box = h("div", { class: "cq-ws__tabs" }, [h("p", { class: "cq-ws__tabs-note", role: "status", "aria-live": "polite" }), back]);
    root.insertBefore(box, root.querySelector(":scope > .cq-ws"));
  }
  return box;
}

function say(state, text, other) {
  if (!state.root) return;
  state.other = other || null;
  const box = tabNote(state);
  box.querySelector(".cq-ws__tabs-note").textContent = text;
  box.querySelector("button").hidden = !state.other;
}

function offer(state, other, text) {
  say(state, text, copy(other));
}

/* Build the worksheet anew from storage, keeping the learner's place (the same field, by order). */
function remount(state) {
  const fields = () => Array.from(state.root.querySelectorAll(":scope > .cq-ws input, :scope > .cq-ws select, :scope > .cq-ws button"));
  const at = fields().indexOf(document.activeElement);
  state.root.querySelectorAll(":scope > .cq-ws").forEach((ui) => ui.remove());
  state.mount(state.root);
  const field = at >= 0 ? fields()[at] : null;
  if (field) field.focus();
}

/* The button: the other version becomes the saved one, and the one it replaces becomes the other. */
function bringBack(state) {
  const other = state.other;
  if (!other || !state.mount) return;
  const shown = loadSaved(state.name);
  const unsaved = state.unsaved;
  const current = unsaved || shown; /* what the page shows: its unsaved changes, or the saved version */
  if (shown) state.seen = Math.max(state.seen, savedAt(shown)); /* it is on the page: replacing it is no surprise */
  if (!write(state.name, copy(other))) { state.unsaved = unsaved; return; } /* not saved (said next to the worksheet): the page stays as it is */
  remount(state);
  say(state, t("worksheet.tabs_restored"), current);
}

/* Another tab saved (or removed) this worksheet: follow it, unless this tab has it already. */
function follow(state) {
  if (!state.root || !state.root.isConnected || !state.mount) return;
  const now = loadSaved(state.name);
  if (now ? savedAt(now) <= state.seen : !state.seen) return;
  const mine = state.unsaved;
  if (mine && now && savedAt(mine) > savedAt(now)) {
    write(state.name, mine); /* this tab's changes are the newer: saved now, the other's kept aside */
    return;
  }
  state.unsaved = null;
  remount(state);
  if (mine) offer(state, mine, now ? t("worksheet.tabs_kept_there") : t("worksheet.tabs_cleared"));
  else say(state, now ? t("worksheet.tabs_followed") : t("worksheet.tabs_cleared"));
}

let listening = false;

/** After `mount(root)`: the worksheet follows the other tabs' saves (worksheets.js calls it). */
export function followOtherTabs(root, mount) {
  const state = tab(root.getAttribute("data-cq-worksheet"));
  state.root = root;
  state.mount = mount;
  tabNote(state);
  if (listening) return;
  listening = true;
  window.addEventListener("storage", (event) => {
    tabs.forEach((s) => { if (event.key === null || event.key === storageKey(s.name)) follow(s); });
  });
}

/* A failed save is said next to the worksheet (and the rows stay on the page), until a save works. */
function saidNear(name, ok) {
  const root = document.querySelector('[data-cq-worksheet="' + CSS.escape(name) + '"]');
  let note = root ? root.querySelector(".cq-ws__unsaved") : null;
  if (ok) { if (note) note.remove(); return true; }
  if (root && !note) {
    note = h("p", { class: "cq-ws__unsaved", role: "alert" });
    root.prepend(note);
  }
  if (note) note.textContent = notSaved();
  return false;
}

export function forget(name) {
  remove(storageKey(name));
}

/* ---------- numbers formatted as Python formats them ---------- */

/* Round to a whole number, ties to even, on the exact binary value: numpy's rint and the
 * rounding of Python's format(x, ".0f"). (toFixed and Math.round send ties up.) */
export function roundHalfEven(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/* pandas' Series.round(2): numpy multiplies by 100, rounds ties to even, divides by 100. */
export function round2(x) {
  return roundHalfEven(x * 100) / 100;
}

/* Python's f"{x:,.0f}". */
export function groupedInt(x) {
  const n = roundHalfEven(x);
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/* ---------- CSV ---------- */

/* Rows of cells from CSV text (RFC 4180 quotes, CRLF or LF, a leading BOM). Lines that start
 * with '#' are skipped when `comments` is true, as pandas' comment="#" does for whole lines. */
export function parseCsv(text, comments) {
  const src = text.replace(/^\uFEFF/, "");
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  let atLineStart = true;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (atLineStart && comments && c === "#" && !quoted) {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    atLineStart = false;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(cell); cell = "";
      if (row.some((v) => v !== "")) rows.push(row);
      row = [];
      atLineStart = true;
    } else cell += c;
  }
  row.push(cell);
  if (row.some((v) => v !== "")) rows.push(row);
  return rows;
}

/* Objects keyed by the header row (header names trimmed and lower-cased, as the notebooks do). */
export function csvObjects(text, comments) {
  const rows = parseCsv(text, comments);
  if (!rows.length) return { header: [], rows: [] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const out = rows.slice(1).map((cells) => {
    const obj = {};
    header.forEach((h, i) => { obj[h] = readCell((cells[i] === undefined ? "" : cells[i]).trim()); });
    return obj;
  });
  return { header, rows: out };
}

/* A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula:
 * such text is written with a leading apostrophe (numbers such as -5 stay numbers), and read back
 * without it. A cell starting with '#' is quoted, so that reading it back never takes its row for
 * a comment line. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text) && !NUMBER.test(text)) text = "'" + text;
  return /[",\n\r#]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function readCell(text) {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export function toCsv(rows) {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function downloadText(filename, text) {
  const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/* ---------- DOM helpers ---------- */

export function h(tag, attrs, children) {
  const el = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === null || v === undefined || v === false) return;
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  });
  (children || []).forEach((c) => { if (c !== null && c !== undefined) el.append(c); });
  return el;
}

export function button(label, extra) {
  return h("button", Object.assign({ type: "button", class: "md-button cq-ws__button", text: label }, extra || {}));
}

/* A table that scrolls sideways inside its own box, never the page: keyboard-focusable, named,
 * with a visible "scroll" cue that shows only while the table is wider than its box. */
export function scroller(table, label) {
  const box = h("div", { class: "cq-ws__scroll", tabindex: "0", role: "region", "aria-label": t("worksheet.scrolls", { label }) }, [table]);
  const cue = h("p", { class: "cq-ws__cue", "aria-hidden": "true", text: t("worksheet.scroll_cue") });
  const wrap = h("div", { class: "cq-ws__table" }, [cue, box]);
  const update = () => {
    const wide = box.scrollWidth > box.clientWidth + 1;
    wrap.classList.toggle("cq-ws__table--wide", wide);
    wrap.classList.toggle("cq-ws__table--end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  };
  box.addEventListener("scroll", update, { passive: true });
  if (window.ResizeObserver) new ResizeObserver(update).observe(box);
  window.setTimeout(update, 0);
  return wrap;
}

/* A polite live region; messages are spoken once the learner pauses typing. */
export function liveRegion() {
  const el = h("p", { class: "cq-ws__status", role: "status", "aria-live": "polite" });
  let timer = 0;
  el.say = (text) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { el.textContent = text; }, 600);
  };
  el.sayNow = (text) => { window.clearTimeout(timer); el.textContent = text; };
  return el;
}

/* An editable table of rows: one input per cell, labelled "<row name>: <column label>".
 * columns: [{key, label, type: "text"|"number"|"select", options, min, max, step, width}]. */
export function rowEditor({ caption, columns, rows, rowName, onChange, removeLabel }) {
  const table = h("table", { class: "cq-ws__grid" });
  table.append(h("caption", { text: caption }));
  const head = h("tr");
  columns.forEach((c) => head.append(h("th", { scope: "col", text: c.label })));
  head.append(h("th", { scope: "col" }, [h("span", { class: "cq-ws__sr", text: t("worksheet.remove_row") })]));
  table.append(h("thead", {}, [head]));
  const body = h("tbody");
  table.append(body);

  function input(row, index, c) {
    const name = t("worksheet.cell", { row: rowName(row) || t("worksheet.row", { number: index + 1 }), column: c.label });
    let el;
    if (c.type === "select") {
      el = h("select", { "aria-label": name }, c.options.map((o) => h("option", { value: o, text: o || t("worksheet.not_set") })));
      el.value = c.options.indexOf(row[c.key]) >= 0 ? row[c.key] : c.options[0];
    } else {
      el = h("input", {
        type: "text", inputmode: c.type === "number" ? "decimal" : null, "aria-label": name,
        value: row[c.key] === undefined ? "" : row[c.key], size: c.width || (c.type === "number" ? 5 : 12),
        autocomplete: "off", spellcheck: c.type === "number" ? "false" : null,
      });
    }
    el.addEventListener(c.type === "select" ? "change" : "input", () => {
      row[c.key] = el.value;
      if (c.key === columns[0].key) relabel();
      onChange();
    });
    return el;
  }

  function relabel() {
    Array.from(body.rows).forEach((tr, i) => {
      const name = rowName(rows[i]) || t("worksheet.row", { number: i + 1 });
      Array.from(tr.querySelectorAll("input, select")).forEach((el, j) => el.setAttribute("aria-label", name + ": " + columns[j].label));
      const remove = tr.querySelector("button");
      if (remove) remove.setAttribute("aria-label", (removeLabel ? `${removeLabel} ${name}` : t("worksheet.remove_named", { name })));
    });
  }

  function render() {
    body.textContent = "";
    rows.forEach((row, i) => {
      const tr = h("tr");
      columns.forEach((c) => tr.append(h("td", { class: c.type === "number" ? "cq-ws__num" : null }, [input(row, i, c)])));
      const remove = h("button", { type: "button", class: "cq-ws__remove", text: "✕" });
      remove.addEventListener("click", () => {
        rows.splice(i, 1);
        render();
        onChange("removed", rowName(row) || t("worksheet.row", { number: i + 1 }));
        const next = body.querySelectorAll("button.cq-ws__remove")[Math.min(i, rows.length - 1)];
        if (next) next.focus();
      });
      tr.append(h("td", {}, [remove]));
      body.append(tr);
    });
    relabel();
  }
  render();
  return { table, render, focusLast: () => { const inputs = body.querySelectorAll("tr:last-child input, tr:last-child select"); if (inputs[0]) inputs[0].focus(); } };
}

/* A read-only table from header labels and rows of text. */
export function resultTable(caption, header, rows, rowHeaderIndex) {
  const table = h("table", { class: "cq-ws__result" });
  table.append(h("caption", { text: caption }));
  table.append(h("thead", {}, [h("tr", {}, header.map((t) => h("th", { scope: "col", text: t })))]));
  table.append(h("tbody", {}, rows.map((r) => h("tr", {}, r.map((v, i) => h(i === (rowHeaderIndex || 0) ? "th" : "td", i === (rowHeaderIndex || 0) ? { scope: "row", text: String(v) } : { text: String(v) }))))));
  return table;
}

export function fileLoader(label, onText) {
  const id = "cq-ws-file-" + Math.random().toString(36).slice(2, 8);
  const input = h("input", { type: "file", id, accept: ".csv,text/csv", class: "cq-ws__file" });
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    file.text().then((text) => { onText(text, file.name); input.value = ""; });
  });
  return h("span", { class: "cq-ws__load" }, [h("label", { for: id, class: "md-button cq-ws__button", text: label }), input]);
}

/* ---------- what every worksheet's mount does ---------- */

export function copy(value) {
  return JSON.parse(JSON.stringify(value));
}

/* A saved setting replaces the starting one only when it has the same shape (a number for a
 * number, an object of numbers for an object of numbers), so an old or imported value never breaks
 * the worksheet. */
function sameShape(start, value) {
  if (typeof start === "number") return typeof value === "number" && Number.isFinite(value);
  if (Array.isArray(start)) return false; /* lists (the criteria) come from the notebook only */
  if (start && typeof start === "object") {
    return !!value && typeof value === "object" && !Array.isArray(value)
      && Object.keys(start).every((k) => typeof value[k] === "number");
  }
  return false;
}

/* The starting data from the page, and the learner's saved settings and rows when there are some. */
export function initialState(root, name) {
  const start = JSON.parse(root.querySelector("[data-cq-worksheet-data]").textContent);
  const saved = loadSaved(name);
  const state = tab(name);
  state.seen = savedAt(saved);
  if (!saved && setAside(storageKey(name)) && stored(storageKey(name))) { /* (not after "start again") */
    state.root = root;
    say(state, t("worksheet.set_aside"));
  }
  const settings = copy(start.settings);
  if (saved) {
    Object.keys(settings).forEach((k) => { if (sameShape(settings[k], saved.settings[k])) settings[k] = copy(saved.settings[k]); });
  }
  const rows = saved ? saved.rows.filter((r) => r && typeof r === "object" && !Array.isArray(r)) : copy(start.rows);
  return { start, settings, rows };
}

/* The row buttons: add an empty row, load rows from a CSV file (checked for `required` columns, or
 * read by the worksheet's own `readFile(text, fileName, {header, rows}, currentRows)`),
 * and start again from the example (after a confirmation; `remount` builds the worksheet anew). */
export function rowActions({ name, addLabel, blank, rows, editor, update, live, required, comments, remount, readFile }) {
  const add = button(addLabel);
  add.addEventListener("click", () => {
    if (rows.length >= MAX_WORKSHEET_ROWS) { live.sayNow(t("worksheet.row_limit", { max: MAX_WORKSHEET_ROWS })); return; }
    rows.push(Object.assign({}, blank));
    editor.render();
    update();
    editor.focusLast();
    live.sayNow(t("worksheet.row_added"));
  });
  const load = fileLoader(t("worksheet.load_csv"), (text, fileName) => {
    if (text.length > MAX_CSV_CHARS) { live.sayNow(t("worksheet.csv_too_large", { file: fileName, size: MAX_CSV_CHARS / 1000000, max: MAX_WORKSHEET_ROWS })); return; }
    const { header, rows: read } = csvObjects(text, comments);
    /* A worksheet may read its notebook's own files its own way: {rows, message} or {error}. */
    const own = readFile ? readFile(text, fileName, { header, rows: read }, rows) : null;
    if (own && own.error) { live.sayNow(own.error); return; }
    const missing = own ? [] : required.filter((c) => header.indexOf(c) < 0);
    if (missing.length) { live.sayNow(t("worksheet.csv_missing", { file: fileName, columns: missing.join(", ") })); return; }
    const loaded = own ? own.rows : read;
    const kept = loaded.slice(0, MAX_WORKSHEET_ROWS);
    rows.length = 0;
    kept.forEach((r) => rows.push(r));
    editor.render();
    update();
    const over = loaded.length - kept.length;
    const said = own ? own.message : t("worksheet.csv_loaded", { count: kept.length, file: fileName });
    live.sayNow(said + (over > 0 ? " " + t("worksheet.csv_left_out", { count: over, max: MAX_WORKSHEET_ROWS }) : ""));
  });
  const reset = button(t("worksheet.reset"));
  reset.addEventListener("click", () => {
    if (!window.confirm(t("worksheet.reset_confirm"))) return;
    forget(name);
    remount();
  });
  return [add, load, reset];
}

/* Put the worksheet's parts in the page (replacing the no-JavaScript note); returns a function
 * that removes them and mounts the worksheet again (for "start again"). */
export function place(root, parts, mount) {
  root.setAttribute("data-cq-started", "");
  const fallback = root.querySelector("[data-cq-worksheet-fallback]");
  if (fallback) fallback.remove();
  const ui = h("div", { class: "cq-ws" }, parts);
  root.append(ui);
  return () => {
    ui.remove();
    mount(root);
    root.querySelector(".cq-ws__button").focus();
    root.querySelector(".cq-ws__status").textContent = t("worksheet.example_back");
  };
}
