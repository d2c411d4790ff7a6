/* A self-issued certificate of completion, made in this browser once every published module is
 * mastered. It says plainly that it is not an accredited credential. */
import { button, el } from "./dom.js";
import { courseData, moduleState } from "./data.js";
import { PREFIX, readJson, writeJson } from "./store.js";

const KEY = PREFIX + "certificate";

/* User-visible text added for the mastery dates and imported scores (to move into the message catalogue). */
const CERT_TEXT = {
  mastered: "Mastered on",
  unknownDate: "date not recorded",
  imported: "imported",
  importedNote: "Scores marked “imported” came from a progress file imported into this browser; they were not answered here.",
};
const day = (d) => d.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });

function certificate(root, data, states, name) {
  const old = root.querySelector(".cq-certificate");
  if (old) old.remove();
  const cert = el("section", { class: "cq-certificate", "aria-label": "Certificate of completion" });
  cert.appendChild(el("p", { class: "cq-certificate__title" }, "Certificate of completion"));
  cert.appendChild(el("p", { class: "cq-certificate__name" }, name));
  cert.appendChild(el("p", {}, `has completed the open course “${data.title}”, with these first-attempt quiz scores and the date each module was mastered:`));
  const table = el("table", { class: "cq-certificate__modules" });
  const head = el("tr");
  head.append(el("th", { scope: "col" }, "Module"), el("th", { scope: "col" }, "Score"), el("th", { scope: "col" }, CERT_TEXT.mastered));
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  data.modules.forEach((m, i) => {
    const row = el("tr");
    const st = states[i];
    const score = st.total ? `${st.percent}%` + (st.imported ? ` (${CERT_TEXT.imported})` : "") : "Read";
    const date = st.masteredAt ? day(st.masteredAt) : st.total ? CERT_TEXT.unknownDate : "";
    row.append(el("th", { scope: "row" }, `${m.number}. ${m.title}`), el("td", {}, score), el("td", { class: "cq-certificate__date" }, date));
    body.appendChild(row);
  });
  cert.appendChild(table);
  if (states.some((st) => st.imported)) cert.appendChild(el("p", { class: "cq-certificate__imported" }, CERT_TEXT.importedNote));
  cert.appendChild(el("p", { class: "cq-certificate__notice" }, "This is a self-issued record. It was made by the learner in their own browser from their own quiz answers. Nobody has checked it, and it is not an accredited credential."));
  const print = button("Print the certificate", "md-button md-button--primary cq-certificate__print");
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
    note.textContent = `Not yet: you have mastered ${data.modules.length - missing.length} of ${data.modules.length} modules. A module is mastered at ${data.mastery}% on the first attempt of its quiz. Still to master:`;
    const list = el("ul", { class: "cq-certificate__missing" });
    missing.forEach((m) => {
      const li = el("li");
      li.appendChild(el("a", { href: new URL(m.url, window.__md_scope ? window.__md_scope.href : window.location.href).href }, `${m.number}. ${m.title}`));
      list.appendChild(li);
    });
    note.after(list);
    return;
  }
  note.textContent = "You have mastered every module. Type your name as it should appear, then make your certificate.";
  const form = el("form", { class: "cq-certificate__form" });
  const input = el("input", { id: "cq-cert-name", type: "text", autocomplete: "name", maxlength: "120", required: "" });
  const saved = readJson(KEY, (v) => !!v && typeof v === "object" && typeof v.name === "string");
  if (saved) input.value = saved.name;
  form.append(el("label", { for: "cq-cert-name" }, "Your name"), input, button("Make my certificate", "md-button md-button--primary cq-certificate__make"));
  form.querySelector("button").type = "submit";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) { note.textContent = "Type your name first."; input.focus(); return; }
    writeJson(KEY, { name });
    const cert = certificate(root, data, states, name);
    note.textContent = "Your certificate is ready below. Print it, or save it as PDF from the print dialogue.";
    cert.setAttribute("tabindex", "-1");
    cert.focus();
  });
  note.after(form);
}

export function start() {
  const root = document.querySelector("[data-cq-certificate]");
  if (!root || root.getAttribute("data-cq-ready")) return undefined;
  root.setAttribute("data-cq-ready", "1");
  return courseData().then((data) => render(root, data));
}

/* @feature {"name": "certificate", "when": "[data-cq-certificate]"} */
