/* Strategic Internationalisation for Clusters: a quiz question as a live poll on the shared screen,
 * and as plain text for a webinar tool's poll editor. */

import { all, button, el, openOverlay, closeOverlay, textOf } from "./trainer-overlay.js";
import { quizOptions } from "./trainer-slides.js";
import { formatList, formatNumber, t } from "./i18n.js";

/** The question and its options as plain text, ready to paste into a webinar tool. */
export function pollText(item) {
  const multiple = item.getAttribute("data-cq-type") === "multiple";
  const lines = [textOf(item.querySelector(".cq-stem"))];
  if (multiple) lines.push(t("poll.select_all_text"));
  quizOptions(item).forEach((o) => lines.push(o.letter + ". " + o.text));
  return lines.join("\n") + "\n";
}

function percent(n, of) {
  return of ? Math.round((100 * n) / of) : 0;
}

export function poll(item, opener) {
  const multiple = item.getAttribute("data-cq-type") === "multiple";
  const box = el("div", { class: "cq-poll md-typeset" });
  const head = el("div", { class: "cq-poll__head" });
  const heading = el("h2", { class: "cq-poll__title", tabindex: "-1" }, multiple ? t("poll.title_multiple") : t("poll.title"));
  const stem = item.querySelector(".cq-stem").cloneNode(true);
  stem.removeAttribute("id");
  stem.className = "cq-poll__stem";
  head.appendChild(heading);
  head.appendChild(stem);
  const middle = el("div", { class: "cq-poll__body" });
  const list = el("ol", { class: "cq-poll__options" });
  const options = quizOptions(item);
  const rows = options.map((o) => {
    const row = el("li", { class: "cq-poll__option" });
    const text = el("span", { class: "cq-poll__text" });
    text.appendChild(el("strong", { class: "cq-poll__letter" }, o.letter + " "));
    text.appendChild(o.node.cloneNode(true));
    const count = el("input", { type: "number", min: "0", step: "1", inputmode: "numeric", placeholder: "0", class: "cq-poll__count", "aria-label": multiple ? t("poll.people_who_chose", { letter: o.letter }) : t("poll.votes_for", { letter: o.letter }) });
    const bar = el("span", { class: "cq-poll__bar", "aria-hidden": "true" });
    const fill = el("span", { class: "cq-poll__fill" });
    bar.appendChild(fill);
    const share = el("span", { class: "cq-poll__share" }, formatNumber(0, { style: "percent" }));
    [text, count, bar, share].forEach((n) => row.appendChild(n));
    list.appendChild(row);
    count.addEventListener("input", tally);
    return { row, count, fill, share, option: o };
  });
  middle.appendChild(list);
  const status = el("p", { class: "cq-poll__status", role: "status", "aria-live": "polite" });
  middle.appendChild(status);

  const actions = el("div", { class: "cq-poll__actions" });
  let people = null;
  if (multiple) {
    const label = el("label", { class: "cq-poll__people" }, t("poll.respondents") + " ");
    people = el("input", { type: "number", min: "0", step: "1", inputmode: "numeric", placeholder: "0", class: "cq-poll__count cq-poll__people-count" });
    label.appendChild(people);
    people.addEventListener("input", tally);
    actions.appendChild(label);
  }
  const reveal = button(t("poll.reveal"), "md-button md-button--primary cq-poll__reveal");
  const copy = button(t("poll.copy"), "md-button cq-poll__copy");
  const close = button(t("poll.close"), "md-button cq-poll__close");
  [reveal, copy, close].forEach((n) => actions.appendChild(n));

  function value(input) { return Math.max(0, parseInt(input.value, 10) || 0); }

  function tally() {
    const ticks = rows.reduce((sum, r) => sum + value(r.count), 0);
    const total = multiple ? value(people) : ticks;
    rows.forEach((r) => {
      const pct = Math.min(100, percent(value(r.count), total));
      r.fill.style.width = pct + "%";
      r.share.textContent = formatNumber(pct / 100, { style: "percent" });
    });
    if (multiple) status.textContent = total ? t("poll.percentages_of", { count: total }) : ticks ? t("poll.enter_respondents") : "";
  }

  reveal.addEventListener("click", () => {
    rows.forEach((r) => {
      r.row.classList.add(r.option.correct ? "cq-poll__option--correct" : "cq-poll__option--wrong");
      const text = el("div", { class: "cq-poll__feedback" });
      text.appendChild(el("strong", { class: "cq-poll__verdict" }, (r.option.correct ? t("quiz.correct_answer") : t("poll.not_correct")) + " "));
      const why = r.option.feedback && r.option.feedback.querySelector(".cq-fb__text");
      if (why) text.appendChild(why.cloneNode(true));
      r.row.appendChild(text);
    });
    const right = rows.filter((r) => r.option.correct).map((r) => r.option.letter);
    status.textContent = t("poll.answer_revealed", { letters: formatList(right) });
    reveal.disabled = true;
    close.focus();
  });
  copy.addEventListener("click", () => {
    const text = pollText(item);
    let area = box.querySelector(".cq-poll__export");
    if (!area) {
      const label = el("label", { class: "cq-poll__export-label" }, t("poll.as_text"));
      area = el("textarea", { class: "cq-poll__export", rows: String(Math.min(8, text.split("\n").length)), readonly: "" });
      label.appendChild(area);
      middle.appendChild(label);
    }
    area.value = text;
    area.select();
    const done = () => { status.textContent = t("poll.copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, () => { status.textContent = t("poll.select_and_copy"); });
    } else {
      status.textContent = t("poll.select_and_copy");
    }
  });
  close.addEventListener("click", () => closeOverlay(box));
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.stopPropagation(); closeOverlay(box); }
  });
  box.appendChild(head);
  box.appendChild(middle);
  box.appendChild(actions);
  openOverlay(box, t("poll.title"), opener);
  all(box, "a[href]").forEach((a) => a.setAttribute("tabindex", "-1"));
  heading.focus();
  return box;
}
