/* Strategic Internationalisation for Clusters: trainer tools, loaded on demand by course.js.
 * Presentation view with a presenter window, a countdown timer and live polls.
 * Plain JavaScript, no framework, no network requests. */
/* ES module: see course.js for the interface (presentation, poll, openFromAddress). */
  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className) {
    var b = el("button", { type: "button", class: className }, label);
    return b;
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  /* ---------------- Overlays (poll, presentation) ---------------- */

  var overlayStack = [];

  function openOverlay(node, label, returnFocus) {
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-modal", "true");
    node.setAttribute("aria-label", label);
    node.classList.add("cq-overlay");
    document.body.appendChild(node);
    document.documentElement.classList.add("cq-overlay-open");
    overlayStack.push({ node: node, returnFocus: returnFocus });
  }

  function closeOverlay(node) {
    var index = overlayStack.findIndex(function (o) { return o.node === node; });
    if (index < 0) return;
    var entry = overlayStack.splice(index, 1)[0];
    node.parentNode.removeChild(node);
    if (!overlayStack.length) document.documentElement.classList.remove("cq-overlay-open");
    if (entry.returnFocus && document.contains(entry.returnFocus)) entry.returnFocus.focus();
  }

  /* Keep Tab inside the topmost overlay. */
  document.addEventListener("keydown", function (event) {
    var top = overlayStack[overlayStack.length - 1];
    if (!top || event.key !== "Tab") return;
    var focusable = all(top.node, "button, input, a[href], [tabindex='0']").filter(function (n) { return !n.disabled && n.offsetParent !== null; });
    if (!focusable.length) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) { last.focus(); event.preventDefault(); }
    else if (!event.shiftKey && document.activeElement === last) { first.focus(); event.preventDefault(); }
  });

  /* ---------------- Polls ---------------- */

  var LETTERS = "ABCDEFGHIJ";

  function openPoll(item, opener) {
    var poll = el("div", { class: "cq-poll md-typeset" });
    var heading = el("h2", { class: "cq-poll__title", tabindex: "-1", id: "cq-poll-title" }, "Poll");
    var stem = item.querySelector(".cq-stem").cloneNode(true);
    stem.removeAttribute("id");
    stem.className = "cq-poll__stem";
    var list = el("ol", { class: "cq-poll__options" });
    var entries = all(item, ".cq-answer .cq-fb");  /* in the options' order */
    var rows = [];
    all(item, ".cq-option").forEach(function (option, index) {
      var entry = entries[index];
      var letter = LETTERS.charAt(index);
      var row = el("li", { class: "cq-poll__option" });
      var text = el("span", { class: "cq-poll__text" });
      text.appendChild(el("strong", { class: "cq-poll__letter" }, letter + " "));
      text.appendChild(option.querySelector(".cq-option__text").cloneNode(true));
      var count = el("input", { type: "number", min: "0", step: "1", value: "0", class: "cq-poll__count", "aria-label": "Votes for " + letter });
      var bar = el("span", { class: "cq-poll__bar", "aria-hidden": "true" });
      var fill = el("span", { class: "cq-poll__fill" });
      bar.appendChild(fill);
      var share = el("span", { class: "cq-poll__share" }, "0%");
      row.appendChild(text);
      row.appendChild(count);
      row.appendChild(bar);
      row.appendChild(share);
      list.appendChild(row);
      rows.push({ row: row, count: count, fill: fill, share: share, correct: !!entry && entry.classList.contains("cq-fb--correct"), feedback: entry });
      count.addEventListener("input", tally);
    });
    function tally() {
      var total = rows.reduce(function (sum, r) { return sum + Math.max(0, parseInt(r.count.value, 10) || 0); }, 0);
      rows.forEach(function (r) {
        var n = Math.max(0, parseInt(r.count.value, 10) || 0);
        var pct = total ? Math.round((100 * n) / total) : 0;
        r.fill.style.width = pct + "%";
        r.share.textContent = pct + "%";
      });
    }
    var status = el("p", { class: "cq-poll__status", role: "status", "aria-live": "polite" });
    var actions = el("div", { class: "cq-poll__actions" });
    var reveal = button("Reveal the answer", "md-button md-button--primary cq-poll__reveal");
    var close = button("Close the poll", "md-button cq-poll__close");
    actions.appendChild(reveal);
    actions.appendChild(close);
    reveal.addEventListener("click", function () {
      rows.forEach(function (r) {
        r.row.classList.add(r.correct ? "cq-poll__option--correct" : "cq-poll__option--wrong");
        var verdict = el("strong", { class: "cq-poll__verdict" }, r.correct ? "Correct answer. " : "Not correct. ");
        var text = el("div", { class: "cq-poll__feedback" });
        text.appendChild(verdict);
        if (r.feedback) text.appendChild(r.feedback.querySelector(".cq-fb__text").cloneNode(true));
        r.row.appendChild(text);
      });
      var right = rows.map(function (r, i) { return r.correct ? LETTERS.charAt(i) : ""; }).join("");
      status.textContent = "Answer revealed: " + right.split("").join(" and ") + ".";
      reveal.disabled = true;
      close.focus();
    });
    close.addEventListener("click", function () { closeOverlay(poll); });
    poll.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); closeOverlay(poll); }
    });
    poll.appendChild(heading);
    poll.appendChild(stem);
    poll.appendChild(el("p", { class: "cq-poll__hint" }, "Type the number of votes for each option; the answer stays hidden until you reveal it."));
    poll.appendChild(list);
    poll.appendChild(actions);
    poll.appendChild(status);
    openOverlay(poll, "Poll", opener);
    heading.focus();
  }

  /* ---------------- Slides ---------------- */

  function textOf(node) {
    return (node && node.textContent ? node.textContent : "").replace(/\s+/g, " ").trim();
  }

  /* Split the page into slides at each h2 (and each explicit .cq-slide-break). Trainer notes are
   * kept apart per slide for the presenter window and never appear on a slide. */
  function buildSlides(article) {
    var slides = [];
    var current = null;
    function start(title) {
      current = { title: title, nodes: [], notes: [] };
      slides.push(current);
    }
    start(textOf(article.querySelector("h1")) || document.title);
    Array.prototype.slice.call(article.children).forEach(function (child) {
      if (child.matches("h2")) start(textOf(child).replace(/¶$/, ""));
      else if (child.matches(".cq-slide-break")) { start(current.title + " (continued)"); return; }
      if (child.matches(".cq-trainer")) { current.notes.push(child); return; }
      if (child.matches(".md-content__button, .md-source-file, .cq-present-open, .cq-download")) return;
      all(child, ".cq-trainer").forEach(function (note) { current.notes.push(note); });
      current.nodes.push(child);
    });
    return slides.filter(function (s) { return s.nodes.length || s.notes.length; });
  }

  function slideContent(slide) {
    var box = el("div", { class: "cq-slide md-typeset" });
    slide.nodes.forEach(function (node) {
      var copy = node.cloneNode(true);
      all(copy, ".cq-trainer, .headerlink, .cq-actions, .cq-poll-open, .cq-quiz__reset, .cq-status, [id]").forEach(function (n) {
        if (n.hasAttribute("id") && !n.matches(".cq-trainer, .headerlink, .cq-actions, .cq-poll-open, .cq-quiz__reset, .cq-status")) n.removeAttribute("id");
        else n.parentNode.removeChild(n);
      });
      if (copy.hasAttribute && copy.hasAttribute("id")) copy.removeAttribute("id");
      all(copy, "input").forEach(function (input) { input.disabled = true; input.removeAttribute("name"); });
      box.appendChild(copy);
    });
    return box;
  }

  function channelFor() {
    try { return new BroadcastChannel("sic-present:" + window.location.pathname); } catch (e) { return null; }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function formatTime(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }

  /* A countdown shown in a presentation bar or a presenter window; synced through the channel. */
  function makeTimer(channel, announce) {
    var box = el("div", { class: "cq-timer md-typeset" });
    var time = el("span", { class: "cq-timer__time", role: "timer", "aria-label": "Time left" }, "--:--");
    var label = el("label", { class: "cq-timer__label" }, "Minutes ");
    var minutes = el("input", { type: "number", min: "1", max: "180", value: "5", class: "cq-timer__minutes" });
    label.appendChild(minutes);
    var startButton = button("Start timer", "md-button cq-timer__start");
    var stopButton = button("Stop timer", "md-button cq-timer__stop");
    box.appendChild(label);
    box.appendChild(startButton);
    box.appendChild(stopButton);
    box.appendChild(time);
    var endsAt = 0;
    var tick = null;
    function render() {
      if (!endsAt) { time.textContent = "--:--"; return; }
      var left = endsAt - Date.now();
      time.textContent = formatTime(left);
      if (left <= 0) {
        window.clearInterval(tick);
        tick = null;
        endsAt = 0;
        time.textContent = "00:00";
        box.classList.add("cq-timer--done");
        announce("Time is up.");
      }
    }
    function run(at, broadcast) {
      window.clearInterval(tick);
      box.classList.remove("cq-timer--done");
      endsAt = at;
      if (at) {
        tick = window.setInterval(render, 250);
        announce("Timer started: " + formatTime(at - Date.now()) + ".");
      }
      render();
      if (broadcast && channel) channel.postMessage({ type: "timer", endsAt: at });
    }
    startButton.addEventListener("click", function () {
      var m = Math.min(180, Math.max(1, parseInt(minutes.value, 10) || 5));
      run(Date.now() + m * 60000, true);
    });
    stopButton.addEventListener("click", function () {
      run(0, true);
      announce("Timer stopped.");
    });
    return { node: box, sync: function (at) { run(at, false); } };
  }

  function openPresentation(options) {
    var article = document.querySelector("article.md-content__inner");
    if (!article || document.querySelector(".cq-present")) return;
    var slides = buildSlides(article);
    var presenter = !!options.presenter;
    var channel = channelFor();
    var index = Math.min(Math.max(0, options.start || 0), slides.length - 1);
    var root = el("div", { class: presenter ? "cq-present cq-present--presenter" : "cq-present" });
    var stage = el("div", { class: "cq-present__stage", tabindex: "-1" });
    var live = el("p", { class: "cq-present__live", role: "status", "aria-live": "polite" });
    var bar = el("div", { class: "cq-present__bar md-typeset" });
    var prev = button("Previous", "md-button cq-present__prev");
    var next = button("Next", "md-button cq-present__next");
    var counter = el("span", { class: "cq-present__count" });
    var progress = el("div", { class: "cq-present__progress", role: "progressbar", "aria-label": "Progress through the slides", "aria-valuemin": "1", "aria-valuemax": String(slides.length) });
    var progressFill = el("span", { class: "cq-present__progress-fill" });
    progress.appendChild(progressFill);
    var timerToggle = button("Timer", "md-button cq-present__timer-toggle");
    timerToggle.setAttribute("aria-expanded", "false");
    var presenterButton = button("Presenter window", "md-button cq-present__presenter");
    var exit = button(presenter ? "Close" : "Exit (Esc)", "md-button cq-present__exit");
    var timer = makeTimer(channel, function (text) { live.textContent = text; });
    timer.node.hidden = !presenter;
    [prev, counter, progress, next, timerToggle].forEach(function (n) { bar.appendChild(n); });
    if (!presenter) bar.appendChild(presenterButton);
    bar.appendChild(exit);
    root.appendChild(stage);
    root.appendChild(timer.node);
    root.appendChild(bar);
    root.appendChild(live);

    function show(i, broadcast) {
      index = Math.min(Math.max(0, i), slides.length - 1);
      stage.innerHTML = "";
      if (presenter) {
        stage.appendChild(el("h2", { class: "cq-present__now" }, "Now: " + slides[index].title));
        var after = slides[index + 1];
        stage.appendChild(el("p", { class: "cq-present__next-title" }, after ? "Next: " + after.title : "Next: end of the presentation"));
        var notes = el("div", { class: "cq-present__notes md-typeset" });
        if (!slides[index].notes.length) notes.appendChild(el("p", {}, "No trainer notes for this slide."));
        slides[index].notes.forEach(function (note) {
          var copy = note.cloneNode(true);
          copy.classList.add("cq-trainer--shown");
          notes.appendChild(copy);
        });
        stage.appendChild(notes);
      } else {
        stage.appendChild(slideContent(slides[index]));
      }
      counter.textContent = "Slide " + (index + 1) + " of " + slides.length;
      progress.setAttribute("aria-valuenow", String(index + 1));
      progressFill.style.width = (100 * (index + 1)) / slides.length + "%";
      prev.disabled = index === 0;
      next.disabled = index === slides.length - 1;
      live.textContent = "Slide " + (index + 1) + " of " + slides.length + ": " + slides[index].title;
      stage.scrollTop = 0;
      if (broadcast && channel) channel.postMessage({ type: "goto", index: index });
    }

    function close() {
      document.removeEventListener("keydown", onKey, true);
      if (channel) channel.close();
      if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
      closeOverlay(root);
      if (params().has("present")) {
        var url = new URL(window.location.href);
        url.searchParams.delete("present");
        window.history.replaceState(null, "", url.toString());
      }
    }

    function onKey(event) {
      var target = event.target;
      if (overlayStack[overlayStack.length - 1].node !== root) return;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      var key = event.key;
      var handled = true;
      if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || key === " " || key === "Spacebar") show(index + 1, true);
      else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp") show(index - 1, true);
      else if (key === "Home") show(0, true);
      else if (key === "End") show(slides.length - 1, true);
      else if (key === "Escape") close();
      else handled = false;
      if (handled) { event.preventDefault(); event.stopPropagation(); }
    }

    prev.addEventListener("click", function () { show(index - 1, true); });
    next.addEventListener("click", function () { show(index + 1, true); });
    exit.addEventListener("click", close);
    timerToggle.addEventListener("click", function () {
      timer.node.hidden = !timer.node.hidden;
      timerToggle.setAttribute("aria-expanded", timer.node.hidden ? "false" : "true");
      if (!timer.node.hidden) timer.node.querySelector("input").focus();
    });
    presenterButton.addEventListener("click", function () {
      var url = new URL(window.location.href);
      url.search = "";
      url.searchParams.set("presenter", String(index + 1));
      window.open(url.toString(), "cq-presenter", "width=960,height=720");
    });
    if (channel) {
      channel.onmessage = function (message) {
        var data = message.data || {};
        if (data.type === "goto" && typeof data.index === "number") show(data.index, false);
        else if (data.type === "timer") timer.sync(data.endsAt || 0);
        else if (data.type === "hello" && !presenter) channel.postMessage({ type: "goto", index: index });
      };
    }
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("fullscreenchange", function onFullscreen() {
      if (!document.fullscreenElement && document.contains(root) && root.getAttribute("data-cq-fullscreen")) {
        document.removeEventListener("fullscreenchange", onFullscreen);
        close();
      }
    });
    openOverlay(root, presenter ? "Presenter window" : "Presentation", options.opener || null);
    if (options.fullscreen && root.requestFullscreen) {
      root.requestFullscreen().then(function () { root.setAttribute("data-cq-fullscreen", "1"); }).catch(function () {});
    }
    show(index, false);
    if (presenter && channel) channel.postMessage({ type: "hello" });
    stage.focus();
    return root;
  }

  /* Open what the address asks for: ?present[=slide] or ?presenter[=slide]. */
  function openFromAddress() {
    var p = params();
    if (p.has("presenter")) openPresentation({ presenter: true, start: (parseInt(p.get("presenter"), 10) || 1) - 1 });
    else if (p.has("present")) openPresentation({ start: (parseInt(p.get("present"), 10) || 1) - 1 });
  }

  /* Loaded on demand by view.js (see loadTrainer there). */
export { openPresentation as presentation, openPoll as poll, openFromAddress };
