/* The workbook: an answer box under every exercise (saved in this browser as the learner types),
 * the "My workbook" page (print, Markdown, Word) with each module's answers and the results the
 * learner saved in its worksheets, and the capstone pre-filled from earlier answers. */
import { all, button, el, siteUrl, stylesheet } from "./dom.js";
import { courseData, loadWork, loadWorksheet, validWork, workKey } from "./data.js";
import { currentModule } from "./saved.js";
import { notSaved, readJson, setAside, writeJson } from "./store.js";
import { formatDate, locale, t } from "./i18n.js";

/* The downloads (transfer.js, docx.js) load when the learner asks for one: a module page never needs them. */
function download(name, type, make) {
  return import("./transfer.js").then((transfer) => Promise.resolve(make()).then((text) => transfer.download(name, type, text)));
}

function earlierAnswers(data, capstone) {
  const parts = [];
  for (const module of data.modules) {
    if (module.slug === capstone.slug) break;
    const answers = module.exercises.map((e) => [e, loadWork(module.slug, e.id).trim()]).filter(([, text]) => text);
    const sheets = (module.worksheets || []).map((w) => [w, loadWorksheet(w.name)]).filter(([, saved]) => saved && saved.summary.length);
    if (!answers.length && !sheets.length) continue;
    parts.push("## " + t("workbook.module_heading", { number: module.number, title: module.title }));
    answers.forEach(([e, text]) => parts.push(`### ${e.title}`, text));
    sheets.forEach(([w, saved]) => parts.push(`### ${w.title}`, saved.summary.map((l) => `- ${l.label}: ${l.value}`).join("\n")));
  }
  return parts.length
    ? t("workbook.capstone_draft") + "\n\n" + parts.join("\n\n")
    : "";
}

const otherTab = () => "\n\n--- " + t("workbook.other_tab") + " ---\n";

function answerBox(exercise, slug, title, prefill) {
  const id = `cq-work-${exercise.getAttribute("data-cq-exercise")}`;
  const box = el("div", { class: "cq-work" });
  const label = el("label", { for: id, class: "cq-work__label" }, t("workbook.answer_label", { title }));
  label.appendChild(el("span", { class: "cq-work__where" }, " " + t("workbook.answer_where")));
  const area = el("textarea", { id, class: "cq-work__text", rows: "8", spellcheck: "true" });
  const status = el("p", { class: "cq-work__status", role: "status" });
  const key = workKey(slug, exercise.getAttribute("data-cq-exercise"));
  /* The newest saved version this tab has seen: a save never replaces a newer one it has not seen
   * (another tab's), and this tab follows another tab's saves while it has no unsaved typing. */
  const first = readJson(key, validWork);
  let seen = first ? first.at : 0;
  let synced = first ? first.text : "";
  area.value = synced;
  if (setAside(key)) status.textContent = t("workbook.set_aside");
  const save = (text) => {
    const now = readJson(key, validWork);
    let note = t("workbook.saved");
    if (now && now.at > seen && now.text !== synced && now.text !== text) {
      text = text.trim() ? text + otherTab() + now.text : now.text;
      area.value = text;
      note = t("workbook.saved_both");
    }
    const entry = { text, at: Math.max(Date.now(), (now ? now.at : 0) + 1) };
    if (!writeJson(key, entry)) return notSaved();
    seen = entry.at;
    synced = text;
    return note;
  };
  if (!area.value && prefill) {
    area.value = prefill;
    save(prefill);
    status.textContent = t("workbook.prefilled");
  }
  let timer = 0;
  const empty = () => box.classList.toggle("cq-work--empty", !area.value.trim()); /* an empty box does not print */
  empty();
  area.addEventListener("input", empty);
  area.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { status.textContent = save(area.value); }, 400);
  });
  window.addEventListener("storage", (event) => {
    if (event.key !== key && event.key !== null) return;
    const now = readJson(key, validWork);
    if (!now || now.at <= seen || area.value !== synced) return; /* unsaved typing here: the next save keeps both */
    area.value = now.text;
    seen = now.at;
    synced = now.text;
    status.textContent = t("workbook.updated_elsewhere");
  });
  box.append(label, area, status);
  return box;
}

function enhanceModulePage(data) {
  const slug = currentModule();
  const module = data.modules.find((m) => m.slug === slug);
  if (!module) return;
  const capstone = data.modules[data.modules.length - 1];
  all(document, "article [data-cq-exercise]").forEach((exercise, n) => {
    if (exercise.querySelector(".cq-work")) return;
    const meta = module.exercises.find((e) => e.id === exercise.getAttribute("data-cq-exercise"));
    const title = meta ? meta.title : (exercise.querySelector(".admonition-title") || exercise).textContent.trim();
    const prefill = module === capstone && n === 0 && data.modules.length > 1 ? earlierAnswers(data, capstone) : "";
    const box = answerBox(exercise, slug, title, prefill);
    const details = Array.from(exercise.children).find((c) => c.tagName === "DETAILS");
    exercise.insertBefore(box, details || null);
  });
}

function entries(data) {
  return data.modules.map((module) => ({
    module,
    answers: module.exercises.map((e) => ({ exercise: e, text: loadWork(module.slug, e.id) })),
    sheets: (module.worksheets || []).map((w) => ({ sheet: w, saved: loadWorksheet(w.name), href: siteUrl(w.url) })),
  })).filter((m) => m.answers.length || m.sheets.length);
}

const when = (date) => formatDate(date, { dateStyle: "long", timeStyle: "short" });

/* A saved worksheet in words: [lead sentence, link text]; the summary lines are shown after it. */
function sheetStatus(module, saved) {
  if (!saved) return [t("workbook.sheet_not_saved"), t("workbook.sheet_open", { number: module.number })];
  const date = saved.saved ? when(saved.saved) : "";
  return saved.summary.length
    ? [date ? t("workbook.sheet_saved_on", { date }) : t("workbook.sheet_saved"), t("workbook.sheet_change", { number: module.number })]
    : [date ? t("workbook.sheet_problems_on", { date }) : t("workbook.sheet_problems"), t("workbook.sheet_fix", { number: module.number })];
}

function markdown(data) {
  const lines = ["# " + t("workbook.title_of", { title: mdText(data.title) }), "", t("workbook.exported_on", { date: new Date().toISOString().slice(0, 10) }), ""];
  entries(data).forEach(({ module, answers, sheets }) => {
    lines.push("## " + t("workbook.module_heading", { number: module.number, title: module.title }), "");
    answers.forEach(({ exercise, text }) => lines.push(`### ${exercise.title}`, "", text.trim() ? mdText(text.trim()) : `_${t("workbook.not_answered")}_`, ""));
    sheets.forEach(({ sheet, saved, href }) => {
      const [lead, link] = sheetStatus(module, saved);
      lines.push(`### ${sheet.title}`, "", `${lead} [${link}](${href})`, "");
      if (saved && saved.summary.length) lines.push(...saved.summary.map((l) => `- **${mdText(l.label)}:** ${mdText(l.value)}`), "");
    });
  });
  return lines.join("\n");
}

/* Learner text in the Markdown download stays text: a typed <b> or &amp; is not read as HTML. */
const mdText = (s) => String(s).replace(/&(?=#?\w+;)/g, "&amp;").replace(/</g, "&lt;");

/* The Word download: a real .docx (docx.js), the same sections as the Markdown one. */
function wordBlocks(data) {
  const blocks = [{ kind: "title", text: t("workbook.title_of", { title: data.title }) }, { kind: "p", text: t("workbook.exported_on", { date: new Date().toISOString().slice(0, 10) }) }];
  entries(data).forEach(({ module, answers, sheets }) => {
    blocks.push({ kind: "h1", text: t("workbook.module_heading", { number: module.number, title: module.title }) });
    answers.forEach(({ exercise, text }) => {
      blocks.push({ kind: "h2", text: exercise.title });
      if (text.trim()) text.trim().split(/\n{2,}/).forEach((p) => blocks.push({ kind: "p", text: p }));
      else blocks.push({ kind: "em", text: t("workbook.not_answered") });
    });
    sheets.forEach(({ sheet, saved, href }) => {
      const [lead, link] = sheetStatus(module, saved);
      blocks.push({ kind: "h2", text: sheet.title }, { kind: "p", text: lead, link: { text: link, href: new URL(href, window.location.href).href } });
      if (saved) saved.summary.forEach((l) => blocks.push({ kind: "item", label: l.label, text: l.value }));
    });
  });
  return blocks;
}

function renderWorkbook(root, data) {
  const list = root.querySelector("[data-cq-workbook-entries]");
  const note = root.querySelector("[data-cq-workbook-note]");
  list.textContent = "";
  let answered = 0;
  let total = 0;
  let sheetsSaved = 0;
  let sheetsTotal = 0;
  entries(data).forEach(({ module, answers, sheets }) => {
    const section = el("section", { class: "cq-workbook__module" });
    section.appendChild(el("h2", {}, t("workbook.module_heading", { number: module.number, title: module.title })));
    answers.forEach(({ exercise, text }) => {
      total += 1;
      const h = el("h3", {}, exercise.title);
      section.appendChild(h);
      if (text.trim()) {
        answered += 1;
        section.appendChild(el("div", { class: "cq-workbook__answer" }, text));
      } else {
        const p = el("p", { class: "cq-workbook__missing" }, t("workbook.not_answered") + " ");
        p.appendChild(el("a", { href: new URL(`${module.url}#${exercise.id}`, window.__md_scope ? window.__md_scope.href : window.location.href).href }, t("workbook.write_it", { number: module.number })));
        section.appendChild(p);
      }
    });
    sheets.forEach(({ sheet, saved, href }) => {
      sheetsTotal += 1;
      if (saved) sheetsSaved += 1;
      const [lead, link] = sheetStatus(module, saved);
      const box = el("div", { class: "cq-workbook__sheet", "data-cq-workbook-sheet": sheet.name });
      box.appendChild(el("h3", {}, sheet.title));
      const p = el("p", { class: saved && saved.summary.length ? "cq-workbook__saved" : "cq-workbook__missing" }, lead + " ");
      p.appendChild(el("a", { href }, link));
      box.appendChild(p);
      if (saved && saved.summary.length) {
        const dl = el("dl", { class: "cq-workbook__summary" });
        saved.summary.forEach((l) => dl.append(el("dt", {}, l.label), el("dd", {}, l.value)));
        box.appendChild(dl);
      }
      section.appendChild(box);
    });
    list.appendChild(section);
  });
  /* Worksheets are counted apart: an exercise is answered in its box, while a worksheet is an optional
   * way to do a notebook's exercise in the page (the notebook is the other way). */
  const parts = [t("workbook.answered", { count: total, answered })];
  if (sheetsTotal) parts.push(t("workbook.sheets_saved", { count: sheetsTotal, saved: sheetsSaved }));
  parts.push(t("workbook.stays_here"));
  note.textContent = parts.join(" ");
  if (!root.querySelector(".cq-workbook__tools")) {
    const tools = el("div", { class: "cq-workbook__tools" });
    const print = button(t("workbook.print"), "md-button cq-workbook__print");
    print.addEventListener("click", () => window.print());
    const md = button(t("workbook.download_md"), "md-button cq-workbook__md");
    md.addEventListener("click", () => download("my-workbook.md", "text/markdown", () => markdown(data)));
    const doc = button(t("workbook.download_word"), "md-button cq-workbook__doc");
    doc.addEventListener("click", () =>
      import("./docx.js").then(({ DOCX_TYPE, docx }) => download("my-workbook.docx", DOCX_TYPE, () => docx(t("workbook.title"), wordBlocks(data), locale()))),
    );
    tools.append(print, md, doc);
    root.insertBefore(tools, list);
  }
}

export function start() {
  return Promise.all([courseData(), stylesheet("learner.css")]).then(([data]) => {
    enhanceModulePage(data);
    all(document, "[data-cq-workbook]").forEach((root) => renderWorkbook(root, data));
  });
}

/* @feature {"name": "workbook", "when": "[data-cq-exercise], [data-cq-workbook]", "adds": ".cq-work", "slides": false, "bundle": false, "near": true} */
