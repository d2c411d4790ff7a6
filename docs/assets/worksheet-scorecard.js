/* Scorecard worksheets (module 02): a self-assessment of scored questions in areas, with bands and
 * a next action (the SME export-readiness scan, the cluster self-benchmark). The questions, the
 * scale, the bands and every word shown come from the worksheet's definition (course content, in
 * the page as JSON; see modules/02-diagnostics/data/*.yml), so the module holds no text of its own.
 *
 * The rules, in `score` (pure, so the tests run it in Node):
 * - an item's points are the points of the answer chosen;
 * - an area's share and the total share are points / highest possible, as a whole percent rounded
 *   down (a band is never reached by rounding up);
 * - the band is the last band whose `min` the total share reaches (bands listed from the lowest);
 * - the area to work on first has the lowest share (the first such area on a tie).
 * The score shows only when every item is answered. */

import { button, h, initialState, liveRegion, resultTable, save, scroller, storageKey } from "./worksheet-kit.js";
import { formatNumber } from "./i18n.js";

/* "{name}" in a label filled from vars. */
export function fill(text, vars) {
  return String(text).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

const floorPercent = (points, max) => (max > 0 ? Math.floor((points * 100) / max) : 0);

/* answers: {itemId: points}. Returns the areas' points, the total, the band and the weakest area
 * (band and weakest only when `complete`). */
export function score(definition, answers) {
  const top = Math.max(...definition.scale.map((s) => s.points));
  const valid = new Set(definition.scale.map((s) => s.points));
  let answered = 0;
  let total = 0;
  let documented = 0;
  const areas = definition.areas.map((area) => {
    let points = 0;
    area.items.forEach((item) => {
      const p = answers[item.id];
      if (typeof p === "number" && valid.has(p)) {
        answered += 1;
        points += p;
        if (p === top) documented += 1;
      }
    });
    const max = area.items.length * top;
    total += points;
    return { id: area.id, title: area.title, action: area.action, points, max, percent: floorPercent(points, max) };
  });
  const items = definition.areas.reduce((n, a) => n + a.items.length, 0);
  const max = items * top;
  const result = { answered, items, points: total, max, percent: floorPercent(total, max), documented, areas, complete: answered === items };
  if (result.complete) {
    result.band = definition.bands.filter((b) => result.percent >= b.min).pop();
    result.weakest = areas.reduce((low, a) => (a.percent < low.percent ? a : low), areas[0]);
  }
  return result;
}

/* The bands as rows: range (in words, from the page's data), name, action. */
export function bandRows(definition) {
  return definition.bands.map((b) => [b.range, b.name, b.action]);
}

/* The result in words, for the worksheet, the workbook and the capstone draft: [{label, value}]. */
export function summary(definition, r) {
  const L = definition.labels;
  if (!r.complete) return [{ label: L.answered, value: fill(L.answered_value, { answered: r.answered, total: r.items }) }];
  const lines = [
    { label: L.score, value: fill(L.score_value, { points: r.points, max: r.max, percent: r.percent }) },
    { label: L.band, value: r.band.name },
    { label: L.next, value: r.band.action },
    { label: L.weakest, value: fill(L.weakest_value, { area: r.weakest.title, points: r.weakest.points, max: r.weakest.max, action: r.weakest.action }) },
  ];
  if (L.documented) lines.push({ label: L.documented, value: fill(L.documented_value, { count: r.documented, total: r.items }) });
  r.areas.forEach((a) => lines.push({ label: a.title, value: fill(L.score_value, { points: a.points, max: a.max, percent: a.percent }) }));
  return lines;
}

/* ---------- the worksheet in the page ---------- */

export function mount(root) {
  const name = root.getAttribute("data-cq-worksheet");
  const { start, rows } = initialState(root, name);
  const definition = start.definition;
  const L = definition.labels;
  const answers = {};
  const notes = {};
  const known = new Set(definition.areas.flatMap((a) => a.items.map((i) => i.id)));
  rows.forEach((r) => {
    if (!known.has(r.item)) return;
    const p = Number(r.answer);
    if (r.answer !== "" && r.answer !== undefined && Number.isFinite(p)) answers[r.item] = p;
    if (typeof r.note === "string" && r.note) notes[r.item] = r.note.slice(0, 500);
  });
  const status = liveRegion();
  const progress = h("p", { class: "cq-sc__progress" });
  const results = h("div", { class: "cq-ws__results" });
  const form = h("div", { class: "cq-sc__form" });

  definition.areas.forEach((area, a) => {
    const box = h("fieldset", { class: "cq-sc__area" }, [h("legend", { text: area.title })]);
    area.items.forEach((item, i) => {
      const group = "cq-sc-" + name + "-" + item.id;
      const question = h("fieldset", { class: "cq-sc__item" }, [h("legend", { text: (a + 1) + "." + (i + 1) + " " + item.text })]);
      const choices = h("div", { class: "cq-sc__choices" });
      definition.scale.forEach((s) => {
        const input = h("input", { type: "radio", name: group, value: String(s.points) });
        input.checked = answers[item.id] === s.points;
        input.addEventListener("change", () => { answers[item.id] = s.points; update(); });
        choices.append(h("label", { class: "cq-sc__choice" }, [input, " " + s.label]));
      });
      question.append(choices);
      if (definition.note) {
        const id = group + "-note";
        const note = h("input", { id, type: "text", class: "cq-sc__note", value: notes[item.id] || "", autocomplete: "off", maxlength: 500 });
        note.addEventListener("input", () => { notes[item.id] = note.value; update(); });
        question.append(h("p", { class: "cq-sc__note-line" }, [h("label", { for: id, text: definition.note }), note]));
      }
      box.append(question);
    });
    form.append(box);
  });

  const clear = button(L.clear);
  clear.addEventListener("click", () => {
    if (!window.confirm(L.confirm)) return;
    Object.keys(answers).forEach((k) => { delete answers[k]; });
    Object.keys(notes).forEach((k) => { delete notes[k]; });
    form.querySelectorAll("input[type=radio]").forEach((el) => { el.checked = false; });
    form.querySelectorAll("input[type=text]").forEach((el) => { el.value = ""; });
    window.localStorage.removeItem(storageKey(name));
    update(true);
    status.sayNow(L.cleared);
  });

  const bandTable = resultTable(L.bands_caption, [L.band_range, L.band, L.next], bandRows(definition), 1);
  bandTable.classList.add("cq-sc__bands");
  const bands = scroller(bandTable, L.bands_caption);

  function savedRows() {
    return Array.from(known).filter((id) => id in answers || notes[id]).map((id) => ({ item: id, answer: id in answers ? String(answers[id]) : "", note: notes[id] || "" }));
  }

  function update(opening) { /* opening: the first calculation, when the page opens (see save) */
    const r = score(definition, answers);
    progress.textContent = fill(L.progress, { answered: r.answered, total: r.items });
    results.textContent = "";
    const lines = summary(definition, r);
    if (r.complete) {
      results.append(h("dl", { class: "cq-ws__summary" }, lines.slice(0, L.documented ? 5 : 4).flatMap((l) => [h("dt", { text: l.label }), h("dd", { text: l.value })])));
      status.say(fill(L.updated, { percent: r.percent, band: r.band.name }));
    } else {
      results.append(h("p", { class: "cq-sc__incomplete", text: fill(L.incomplete, { missing: r.items - r.answered }) }));
      status.say(progress.textContent);
    }
    const share = (p) => formatNumber(p / 100, { style: "percent" }); /* "40%", "40 %": as the page's language writes it */
    const areaRows = r.areas.map((a) => [a.title, a.points, a.max, share(a.percent)]);
    areaRows.push([L.total, r.points, r.max, share(r.percent)]);
    results.append(scroller(resultTable(L.points_caption, [L.area, L.points, L.highest, L.share], areaRows), L.points_caption));
    results.append(bands);
    Array.from(bandTable.tBodies[0].rows).forEach((tr, i) => tr.classList.toggle("cq-sc__current", !!r.band && definition.bands[i] === r.band));
    save(name, {}, savedRows(), lines, opening);
  }

  root.setAttribute("data-cq-started", "");
  const fallback = root.querySelector("[data-cq-worksheet-fallback]");
  if (fallback) fallback.remove();
  root.append(h("div", { class: "cq-ws cq-sc" }, [
    h("h4", { text: L.answers }),
    form,
    progress,
    h("div", { class: "cq-ws__actions" }, [clear]),
    status,
    h("h4", { text: L.result }),
    results,
  ]));
  update(true);
  status.sayNow("");
}
