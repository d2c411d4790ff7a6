/* A self-issued certificate of completion, made in this browser once every published module is
 * mastered. It says plainly that it is not an accredited credential. */
import { button, el, stylesheet } from "./dom.js";
import { courseData, moduleState } from "./data.js";
import { PREFIX, readJson, writeJson } from "./store.js";
import { formatDate, formatNumber, t } from "./i18n.js";

const KEY = PREFIX + "certificate";

function certificate(root, data, states, name) {
  const old = root.querySelector(".cq-certificate");
  if (old) old.remove();
  const cert = el("section", { class: "cq-certificate", "aria-label": t("certificate.title") });
  cert.appendChild(el("p", { class: "cq-certificate__title" }, t("certificate.title")));
  cert.appendChild(el("p", { class: "cq-certificate__name" }, name));
  cert.appendChild(el("p", {}, t("certificate.has_completed", { title: data.title })));
  const table = el("table", { class: "cq-certificate__modules" });
  const head = el("tr");
  head.append(el("th", { scope: "col" }, t("certificate.module")), el("th", { scope: "col" }, t("certificate.score")), el("th", { scope: "col" }, t("certificate.mastered_on")));
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  data.modules.forEach((m, i) => {
    const row = el("tr");
    const st = states[i];
    const percent = formatNumber(st.percent / 100, { style: "percent" });
    const score = st.total ? (st.imported ? t("certificate.score_imported", { score: percent }) : percent) : t("certificate.read");
    const date = st.masteredAt ? formatDate(st.masteredAt) : st.total ? t("certificate.unknown_date") : "";
    row.append(el("th", { scope: "row" }, `${m.number}. ${m.title}`), el("td", {}, score), el("td", { class: "cq-certificate__date" }, date));
    body.appendChild(row);
  });
  cert.appendChild(table);
  if (states.some((st) => st.imported)) cert.appendChild(el("p", { class: "cq-certificate__imported" }, t("certificate.imported_note")));
  cert.appendChild(el("p", { class: "cq-certificate__notice" }, t("certificate.notice")));
  const print = button(t("certificate.print"), "md-button md-button--primary cq-certificate__print");
  print.addEventListener("click", () => window.print());
  cert.appendChild(print);
  root.appendChild(cert);
  return cert;
}

function render(root, data) {
  const note = root.querySelector("[data-cq-certificate-note]");
  const states = data.modules.map((m) => moduleState(m, data.mastery));
  const missing = data.modules.filter((m, i) => !states[i].mastered);
  if (missing.length) {
    note.textContent = t("certificate.not_yet", { count: data.modules.length, mastered: data.modules.length - missing.length, mastery: formatNumber(data.mastery / 100, { style: "percent" }) });
    const list = el("ul", { class: "cq-certificate__missing" });
    missing.forEach((m) => {
      const li = el("li");
      li.appendChild(el("a", { href: new URL(m.url, window.__md_scope ? window.__md_scope.href : window.location.href).href }, `${m.number}. ${m.title}`));
      list.appendChild(li);
    });
    note.after(list);
    return;
  }
  note.textContent = t("certificate.all_mastered");
  const form = el("form", { class: "cq-certificate__form" });
  const input = el("input", { id: "cq-cert-name", type: "text", autocomplete: "name", maxlength: "120", required: "" });
  const saved = readJson(KEY, (v) => !!v && typeof v === "object" && typeof v.name === "string");
  if (saved) input.value = saved.name;
  form.append(el("label", { for: "cq-cert-name" }, t("certificate.your_name")), input, button(t("certificate.make"), "md-button md-button--primary cq-certificate__make"));
  form.querySelector("button").type = "submit";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) { note.textContent = t("certificate.name_first"); input.focus(); return; }
    writeJson(KEY, { name });
    const cert = certificate(root, data, states, name);
    note.textContent = t("certificate.ready");
    cert.setAttribute("tabindex", "-1");
    cert.focus();
  });
  note.after(form);
}

export function start() {
  const root = document.querySelector("[data-cq-certificate]");
  if (!root || root.getAttribute("data-cq-ready")) return undefined;
  root.setAttribute("data-cq-ready", "1");
  return Promise.all([courseData(), stylesheet("learner.css")]).then(([data]) => render(root, data));
}

/* @feature {"name": "certificate", "when": "[data-cq-certificate]", "bundle": false} */
