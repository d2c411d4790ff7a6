/* Moving devices: export everything the course keeps in this browser to a file, and import it
 * on another device. The import checks every entry and skips what it does not recognise; a bad
 * file is reported and never breaks the page. */
import { button, el } from "./dom.js";
import { migrateModuleKeys, validLast, validRead, validWork } from "./data.js";
import { validOrder } from "./order.js";
import { validReview } from "./schedule.js";
import { PREFIX, keys, validAnswer, writeJson } from "./store.js";

const FORMAT = "sic-learner-data";
const KINDS = [
  [/^quiz\.[a-z0-9-]{1,80}$/, validAnswer],
  [/^order\.[a-z0-9-]{1,80}$/, validOrder],
  [/^review\.[a-z0-9-]{1,80}$/, validReview],
  /* by module name; a file from an earlier version has the number too (moved on import) */
  [/^read\.(?:\d{2,3}-)?[a-z0-9-]{1,80}$/, validRead],
  [/^work\.(?:\d{2,3}-)?[a-z0-9-]{1,80}\.[a-z0-9_-]{1,120}$/, validWork],
  [/^last$/, validLast],
  [/^worksheet\.[a-z0-9-]{1,80}$/, validWorksheet], /* worksheets' rows and settings (worksheet-kit.js) */
  [/^aside\.[a-z0-9._-]{1,300}$/, (v) => !!v && typeof v === "object" && typeof v.key === "string" && typeof v.raw === "string"], /* values kept aside (store.js) */
  [/^certificate$/, (v) => !!v && typeof v === "object" && typeof v.name === "string" && v.name.length <= 200],
];
const MAX_BYTES = 5 * 1024 * 1024;

function validWorksheet(v) {
  const cell = (x) => typeof x === "string" || typeof x === "number";
  return !!v && v.v === 1 && !!v.settings && typeof v.settings === "object" && !Array.isArray(v.settings)
    && Array.isArray(v.rows) && v.rows.length <= 2000
    && v.rows.every((r) => !!r && typeof r === "object" && !Array.isArray(r) && Object.values(r).every(cell));
}

function validEntry(name, value) {
  const kind = KINDS.find(([pattern]) => pattern.test(name));
  try { return !!kind && kind[1](value); } catch (e) { return false; }
}

export function exportData() {
  const entries = {};
  for (const key of keys(PREFIX)) {
    const name = key.slice(PREFIX.length);
    try {
      const value = JSON.parse(window.localStorage.getItem(key));
      if (validEntry(name, value)) entries[name] = value;
    } catch (e) { /* not ours, or malformed: left out */ }
  }
  return { format: FORMAT, version: 1, exported: new Date().toISOString(), entries };
}

/** Import parsed file content; returns {imported, skipped} or throws an Error with a message. */
export function importData(parsed) {
  if (!parsed || typeof parsed !== "object" || parsed.format !== FORMAT || parsed.version !== 1 || !parsed.entries || typeof parsed.entries !== "object" || Array.isArray(parsed.entries)) {
    throw new Error("This is not a progress file from this course.");
  }
  let imported = 0;
  let skipped = 0;
  for (const [name, value] of Object.entries(parsed.entries)) {
    if (validEntry(name, value) && writeJson(PREFIX + name, value)) imported += 1;
    else skipped += 1;
  }
  migrateModuleKeys();
  return { imported, skipped };
}

export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportButton() {
  const b = button("Export my progress and workbook", "md-button cq-transfer__export");
  b.addEventListener("click", () => {
    download(`course-progress-${new Date().toISOString().slice(0, 10)}.json`, "application/json", JSON.stringify(exportData(), null, 1));
  });
  return b;
}

export function importControl(after) {
  const box = el("div", { class: "cq-transfer__import" });
  const input = el("input", { type: "file", accept: ".json,application/json", id: "cq-import-file", class: "cq-transfer__file" });
  const label = el("label", { for: "cq-import-file" }, "Import progress from a file (exported on another device): ");
  const status = el("p", { class: "cq-transfer__status", role: "status" });
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > MAX_BYTES) { status.textContent = "Import failed: the file is too large to be a progress file."; return; }
    file.text().then((text) => {
      let result;
      try {
        result = importData(JSON.parse(text));
      } catch (e) {
        status.textContent = "Import failed: " + (e instanceof SyntaxError ? "the file is not readable JSON." : e.message) + " Nothing was changed.";
        return;
      }
      status.textContent = `Imported ${result.imported} entr${result.imported === 1 ? "y" : "ies"}` + (result.skipped ? `; skipped ${result.skipped} that were not valid.` : ".");
      after();
    }).catch(() => { status.textContent = "Import failed: the file could not be read. Nothing was changed."; })
      .finally(() => { input.value = ""; });
  });
  box.append(label, input, status);
  return box;
}
