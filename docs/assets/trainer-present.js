/* Strategic Internationalisation for Clusters: the presentation (shared screen) and the presenter
 * window (the trainer's own screen), kept in step through a BroadcastChannel. */

import { all, button, el, openOverlay, closeOverlay, topOverlay } from "./trainer-overlay.js";
import { CANVAS_HEIGHT, CANVAS_WIDTH, buildSlides, isPrivatePage, quizOptions, slideElement } from "./trainer-slides.js";
import { t } from "./i18n.js";

function channelFor() {
  try { return new BroadcastChannel("sic-present:" + window.location.pathname); } catch (e) { return null; }
}

function pad(n) { return (n < 10 ? "0" : "") + n; }

export function formatTime(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return pad(Math.floor(s / 60)) + ":" + pad(s % 60);
}

function formatElapsed(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  return (h ? h + ":" + pad(Math.floor((s % 3600) / 60)) : String(Math.floor(s / 60))) + ":" + pad(s % 60);
}

function clockText(minutes) {
  return Math.floor(minutes / 60) + ":" + pad(minutes % 60);
}

/* A countdown for exercises and breakouts, synced through the channel. */
function makeTimer(channel, announce) {
  const box = el("div", { class: "cq-timer md-typeset" });
  const time = el("span", { class: "cq-timer__time", role: "timer", "aria-label": t("present.time_left") }, "--:--");
  const label = el("label", { class: "cq-timer__label" }, t("present.minutes") + " ");
  const minutes = el("input", { type: "number", min: "1", max: "180", value: "5", class: "cq-timer__minutes" });
  label.appendChild(minutes);
  const startButton = button(t("present.start_timer"), "md-button cq-timer__start");
  const stopButton = button(t("present.stop_timer"), "md-button cq-timer__stop");
  [label, startButton, stopButton, time].forEach((n) => box.appendChild(n));
  let endsAt = 0;
  let tick = null;
  function render() {
    if (!endsAt) { time.textContent = "--:--"; return; }
    const left = endsAt - Date.now();
    time.textContent = formatTime(left);
    if (left <= 0) {
      window.clearInterval(tick);
      tick = null;
      endsAt = 0;
      time.textContent = "00:00";
      box.classList.add("cq-timer--done");
      announce(t("present.time_up"));
    }
  }
  function run(at, broadcast) {
    window.clearInterval(tick);
    box.classList.remove("cq-timer--done");
    endsAt = at;
    if (at) {
      tick = window.setInterval(render, 250);
      announce(t("present.timer_started", { time: formatTime(at - Date.now()) }));
    }
    render();
    if (broadcast && channel) channel.postMessage({ type: "timer", endsAt: at });
  }
  startButton.addEventListener("click", () => {
    const m = Math.min(180, Math.max(1, parseInt(minutes.value, 10) || 5));
    run(Date.now() + m * 60000, true);
  });
  stopButton.addEventListener("click", () => { run(0, true); announce(t("present.timer_stopped")); });
  return { node: box, sync: (at) => run(at, false), endsAt: () => endsAt };
}

/* A canvas of 1920 x 1000 scaled to fit its frame. */
function canvasIn(frame, slide, label) {
  const canvas = el("div", { class: "cq-canvas" });
  if (label) { canvas.setAttribute("role", "region"); canvas.setAttribute("aria-label", label); }
  if (slide) {
    const node = slideElement(slide.title, slide.nodes, slide.kind === "quiz" || slide.kind === "figure" ? "cq-slide--" + slide.kind : "");
    canvas.appendChild(node);
  }
  frame.innerHTML = "";
  frame.appendChild(canvas);
  scaleCanvas(frame);
  return canvas;
}

function scaleCanvas(frame) {
  const canvas = frame.querySelector(".cq-canvas");
  if (!canvas) return;
  const w = frame.clientWidth;
  const h = frame.clientHeight;
  const s = Math.min(w / CANVAS_WIDTH, h / CANVAS_HEIGHT);
  const x = Math.max(0, (w - CANVAS_WIDTH * s) / 2);
  const y = Math.max(0, (h - CANVAS_HEIGHT * s) / 2);
  canvas.style.transform = "translate(" + x + "px, " + y + "px) scale(" + s + ")";
  canvas.setAttribute("data-scale", String(s));
}

/* The module's run sheet, read from its trainer-notes page (same site, no other host). */
async function runSheet() {
  const match = window.location.pathname.match(/^(.*\/modules\/[^/]+\/)/);
  if (!match) return null;
  try {
    const response = await fetch(match[1] + "trainer-notes/", { credentials: "same-origin" });
    if (!response.ok) return null;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const data = doc.querySelector("[data-cq-runsheet]");
    return data ? JSON.parse(data.getAttribute("data-cq-runsheet")) : null;
  } catch (e) {
    return null;
  }
}

/* The run-sheet segment of each slide: a quiz slide's is the segment that names its question (else
 * the one that names its section); another slide's is the one naming one of its anchors, else the
 * one before. */
function segmentsOf(slides, sheet) {
  if (!sheet) return slides.map(() => -1);
  const naming = (anchors) => sheet.segments.findIndex((seg) => seg.anchors.some((a) => anchors.indexOf(a) >= 0));
  let last = sheet.segments.length ? 0 : -1;
  return slides.map((slide) => {
    if (slide.kind === "quiz") {
      const own = naming(slide.anchors.slice(0, 2));
      const section = naming(slide.anchors.slice(2));
      return own >= 0 ? own : section >= 0 ? section : last;
    }
    const found = naming(slide.anchors);
    if (found >= 0 && found >= last) last = found;
    return last;
  });
}

/* The correct option(s) of a quiz slide, with feedback and explanation, for the presenter only. */
function answerBox(slide, article) {
  const item = all(article, ".cq-item").find((n) => n.getAttribute("data-cq-item") === slide.itemId);
  const box = el("div", { class: "cq-presenter__answer", "data-cq-answer": slide.itemId });
  box.appendChild(el("h3", { class: "cq-presenter__label" }, t("present.answer_heading")));
  const options = item ? quizOptions(item).filter((o) => o.correct) : [];
  if (!options.length) box.appendChild(el("p", {}, t("present.answer_missing")));
  options.forEach((o) => {
    const p = el("p", { class: "cq-presenter__correct" });
    p.appendChild(el("strong", {}, t("present.answer_correct", { letter: o.letter }) + " "));
    p.appendChild(document.createTextNode(o.text));
    box.appendChild(p);
    const why = o.feedback && o.feedback.querySelector(".cq-fb__text");
    if (why) box.appendChild(el("p", {}, why.textContent.trim()));
  });
  const explanation = item && item.querySelector(".cq-answer .cq-explanation");
  if (explanation) box.appendChild(explanation.cloneNode(true));
  return box;
}

let opening = false;

export async function presentation(options) {
  options = options || {};
  const article = document.querySelector("article.md-content__inner");
  if (!article || document.querySelector(".cq-present") || opening) return null;
  if (isPrivatePage(article)) return null; /* trainer pages are never shown to an audience */
  opening = true;
  let slides;
  try { slides = await buildSlides(article); } finally { opening = false; }
  if (!slides.length) return null;
  const presenter = !!options.presenter;
  const channel = channelFor();
  let index = Math.min(Math.max(0, options.start || 0), slides.length - 1);
  let startedAt = Date.now();
  let revealed = {};
  const root = el("div", { class: presenter ? "cq-present cq-present--presenter" : "cq-present" });
  root.setAttribute("data-cq-slides", String(slides.length));
  const live = el("p", { class: "cq-present__live", role: "status", "aria-live": "polite" });
  const bar = el("div", { class: "cq-present__bar md-typeset" });
  const prev = button(t("present.previous"), "md-button cq-present__prev");
  const next = button(t("present.next"), "md-button cq-present__next");
  const counter = el("span", { class: "cq-present__count" });
  const progress = el("div", { class: "cq-present__progress", role: "progressbar", "aria-label": t("present.progress"), "aria-valuemin": "1", "aria-valuemax": String(slides.length) });
  const progressFill = el("span", { class: "cq-present__progress-fill" });
  progress.appendChild(progressFill);
  const reveal = button(t("present.reveal"), "md-button cq-present__reveal");
  const timerToggle = button(t("present.timer"), "md-button cq-present__timer-toggle");
  timerToggle.setAttribute("aria-expanded", "false");
  const presenterButton = button(t("present.presenter_window"), "md-button cq-present__presenter");
  const exit = button(presenter ? t("present.close") : t("present.exit"), "md-button cq-present__exit");
  const timer = makeTimer(channel, (text) => { live.textContent = text; });
  timer.node.hidden = true;
  [prev, counter, progress, next, reveal, timerToggle].forEach((n) => bar.appendChild(n));
  if (!presenter) bar.appendChild(presenterButton);
  bar.appendChild(exit);

  let stage;
  let nowFrame;
  let nextFrame;
  let notesBox;
  let nextTitle;
  let clock;
  let elapsed;
  let plan;
  let sheet = null;
  let segmentOfSlide = slides.map(() => -1);
  if (presenter) {
    const main = el("div", { class: "cq-presenter" });
    const status = el("div", { class: "cq-presenter__status md-typeset" });
    clock = el("p", { class: "cq-presenter__clock" });
    elapsed = el("p", { class: "cq-presenter__elapsed" });
    plan = el("p", { class: "cq-presenter__plan" }, t("present.run_sheet_loading"));
    const restart = button(t("present.restart_clock"), "md-button cq-presenter__restart");
    [clock, elapsed, plan, restart].forEach((n) => status.appendChild(n));
    restart.addEventListener("click", () => {
      startedAt = Date.now();
      if (channel) channel.postMessage({ type: "start", startedAt });
      tickClock();
    });
    const nowBox = el("section", { class: "cq-presenter__now", "aria-label": t("present.current_slide") });
    nowBox.appendChild(el("h2", { class: "cq-presenter__label" }, t("present.now")));
    nowFrame = el("div", { class: "cq-frame" });
    nowBox.appendChild(nowFrame);
    const nextBox = el("section", { class: "cq-presenter__next", "aria-label": t("present.next_slide") });
    nextTitle = el("h2", { class: "cq-presenter__label cq-present__next-title" }, t("present.next"));
    nextBox.appendChild(nextTitle);
    nextFrame = el("div", { class: "cq-frame" });
    nextBox.appendChild(nextFrame);
    notesBox = el("section", { class: "cq-present__notes md-typeset", "aria-label": t("present.notes_for_slide") });
    [status, nowBox, nextBox, notesBox].forEach((n) => main.appendChild(n));
    root.appendChild(main);
    runSheet().then((data) => {
      sheet = data;
      segmentOfSlide = segmentsOf(slides, sheet);
      tickClock();
    });
  } else {
    stage = el("div", { class: "cq-present__stage cq-frame", tabindex: "-1" });
    root.appendChild(stage);
  }
  root.appendChild(timer.node);
  root.appendChild(bar);
  root.appendChild(live);

  function tickClock() {
    if (!presenter) return;
    const now = new Date();
    clock.textContent = t("present.clock", { time: pad(now.getHours()) + ":" + pad(now.getMinutes()) });
    const spent = Date.now() - startedAt;
    elapsed.textContent = t("present.elapsed", { time: formatElapsed(spent) });
    const seg = sheet && segmentOfSlide[index] >= 0 ? sheet.segments[segmentOfSlide[index]] : null;
    if (!seg) {
      plan.textContent = sheet ? t("present.not_in_run_sheet") : t("present.no_run_sheet");
      plan.removeAttribute("data-cq-schedule");
      return;
    }
    const minutes = spent / 60000;
    let verdict = t("present.on_schedule");
    let state = "on";
    if (minutes < seg.start - 1) { verdict = t("present.ahead", { minutes: Math.round(seg.start - minutes) }); state = "ahead"; }
    else if (minutes > seg.start + seg.minutes) { verdict = t("present.behind", { minutes: Math.round(minutes - seg.start - seg.minutes) }); state = "behind"; }
    plan.textContent = t("present.segment", { number: segmentOfSlide[index] + 1, count: sheet.segments.length, title: seg.title,
      from: clockText(seg.start), to: clockText(seg.start + seg.minutes), minutes: seg.minutes, verdict });
    plan.setAttribute("data-cq-schedule", state);
  }
  const clockTimer = presenter ? window.setInterval(tickClock, 1000) : null;

  function markReveal() {
    const shown = !!revealed[index];
    all(root, ".cq-slide--quiz").forEach((s) => s.classList.toggle("cq-slide--revealed", shown));
    reveal.hidden = slides[index].kind !== "quiz";
    reveal.textContent = shown ? t("present.hide") : t("present.reveal");
  }

  function show(i, broadcast) {
    index = Math.min(Math.max(0, i), slides.length - 1);
    const slide = slides[index];
    if (presenter) {
      canvasIn(nowFrame, slide, t("present.current_named", { title: slide.title }));
      const after = slides[index + 1];
      nextTitle.textContent = after ? t("present.next_named", { title: after.title }) : t("present.next_end");
      canvasIn(nextFrame, after || null, after ? t("present.next_slide_named", { title: after.title }) : "");
      notesBox.innerHTML = "";
      notesBox.appendChild(el("h2", { class: "cq-presenter__label" }, t("present.notes_named", { title: slide.title })));
      if (slide.kind === "quiz") notesBox.appendChild(answerBox(slide, article));
      if (!slide.notes.length && slide.kind !== "quiz") notesBox.appendChild(el("p", {}, t("present.no_notes")));
      slide.notes.forEach((note) => {
        const copy = note.cloneNode(true);
        copy.classList.add("cq-trainer--shown");
        if (copy.tagName === "DETAILS") copy.open = true; /* a model answer, shown open */
        notesBox.appendChild(copy);
      });
      tickClock();
    } else {
      canvasIn(stage, slide, null);
    }
    counter.textContent = t("present.counter", { number: index + 1, count: slides.length });
    progress.setAttribute("aria-valuenow", String(index + 1));
    progressFill.style.width = (100 * (index + 1)) / slides.length + "%";
    prev.disabled = index === 0;
    next.disabled = index === slides.length - 1;
    live.textContent = t("present.counter_named", { number: index + 1, count: slides.length, title: slide.title });
    markReveal();
    if (broadcast && channel) channel.postMessage({ type: "goto", index });
  }

  function toggleReveal(broadcast) {
    if (slides[index].kind !== "quiz") return;
    revealed[index] = !revealed[index];
    markReveal();
    if (revealed[index]) live.textContent = t("present.answer_revealed");
    if (broadcast && channel) channel.postMessage({ type: "reveal", index, shown: !!revealed[index] });
  }

  function onResize() {
    all(root, ".cq-frame").forEach(scaleCanvas);
  }

  function close() {
    document.removeEventListener("keydown", onKey, true);
    window.removeEventListener("resize", onResize);
    if (clockTimer) window.clearInterval(clockTimer);
    if (channel) channel.close();
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    closeOverlay(root);
    const url = new URL(window.location.href);
    if (url.searchParams.has("present") || url.searchParams.has("presenter")) {
      url.searchParams.delete("present");
      url.searchParams.delete("presenter");
      window.history.replaceState(null, "", url.toString());
    }
  }

  function onKey(event) {
    const target = event.target;
    if (topOverlay() !== root) return;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const key = event.key;
    let handled = true;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || key === " " || key === "Spacebar") show(index + 1, true);
    else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp") show(index - 1, true);
    else if (key === "Home") show(0, true);
    else if (key === "End") show(slides.length - 1, true);
    else if (key === "Escape") close();
    else if ((key === "r" || key === "R") && !event.ctrlKey && !event.metaKey) toggleReveal(true);
    else handled = false;
    if (handled) { event.preventDefault(); event.stopPropagation(); }
  }

  prev.addEventListener("click", () => show(index - 1, true));
  next.addEventListener("click", () => show(index + 1, true));
  reveal.addEventListener("click", () => toggleReveal(true));
  exit.addEventListener("click", close);
  timerToggle.addEventListener("click", () => {
    timer.node.hidden = !timer.node.hidden;
    timerToggle.setAttribute("aria-expanded", timer.node.hidden ? "false" : "true");
    onResize();
    if (!timer.node.hidden) timer.node.querySelector("input").focus();
  });
  presenterButton.addEventListener("click", () => {
    const url = new URL(window.location.href);
    url.search = "";
    url.hash = "";
    url.searchParams.set("presenter", String(index + 1));
    window.open(url.toString(), "cq-presenter", "width=1280,height=800");
  });
  if (channel) {
    channel.onmessage = (message) => {
      const data = message.data || {};
      if (data.type === "goto" && typeof data.index === "number") show(data.index, false);
      else if (data.type === "timer") timer.sync(data.endsAt || 0);
      else if (data.type === "start" && typeof data.startedAt === "number") { startedAt = data.startedAt; tickClock(); }
      else if (data.type === "reveal" && typeof data.index === "number") {
        revealed[data.index] = !!data.shown;
        if (data.index === index) markReveal();
      } else if (data.type === "hello" && !presenter) {
        channel.postMessage({ type: "start", startedAt });
        channel.postMessage({ type: "goto", index });
        if (timer.endsAt()) channel.postMessage({ type: "timer", endsAt: timer.endsAt() });
      }
    };
  }
  document.addEventListener("keydown", onKey, true);
  window.addEventListener("resize", onResize);
  document.addEventListener("fullscreenchange", function onFullscreen() {
    onResize();
    if (!document.fullscreenElement && document.contains(root) && root.getAttribute("data-cq-fullscreen")) {
      document.removeEventListener("fullscreenchange", onFullscreen);
      close();
    }
  });
  openOverlay(root, presenter ? t("present.presenter_window") : t("present.presentation"), options.opener || null);
  if (options.fullscreen && root.requestFullscreen) {
    root.requestFullscreen().then(() => root.setAttribute("data-cq-fullscreen", "1")).catch(() => {});
  }
  show(index, false);
  if (presenter && channel) channel.postMessage({ type: "hello" });
  (stage || root.querySelector(".cq-presenter__now") || root).setAttribute("tabindex", "-1");
  (stage || root.querySelector(".cq-presenter__now")).focus();
  root.setAttribute("data-cq-ready", "");
  return root;
}

/* Open what the address asks for: ?present[=slide] or ?presenter[=slide]. */
export function openFromAddress() {
  const p = new URLSearchParams(window.location.search);
  if (p.has("presenter")) return presentation({ presenter: true, start: (parseInt(p.get("presenter"), 10) || 1) - 1 });
  if (p.has("present")) return presentation({ start: (parseInt(p.get("present"), 10) || 1) - 1 });
  return Promise.resolve(null);
}
