/* Strategic Internationalisation for Clusters: the "My progress" table, loaded by course.js on
 * the progress page only. Reads saved answers from this browser; sends nothing anywhere. */
(function () {
  "use strict";

  var kit = window.courseKit;
  var all = kit.all;
  var loadAnswer = kit.loadAnswer;
  var store = kit.store;
  var makeButton = kit.button;
  var QUIZ_PREFIX = kit.quizPrefix;

  function renderProgress(root) {
    var rows = all(root, "tr[data-cq-module]");
    var done = 0;
    rows.forEach(function (row) {
      var ids = (row.getAttribute("data-cq-items") || "").split(/\s+/).filter(Boolean);
      var answered = 0;
      var correct = 0;
      ids.forEach(function (id) {
        var saved = loadAnswer(id);
        if (saved) {
          answered += 1;
          if (saved.correct) correct += 1;
        }
      });
      var scoreCell = row.querySelector("[data-cq-score]");
      var statusCell = row.querySelector("[data-cq-status]");
      if (ids.length) scoreCell.textContent = answered ? correct + " of " + ids.length + " correct" : "–";
      var state = !ids.length ? "No quiz" : answered === 0 ? "Not started" : answered < ids.length ? "In progress (" + answered + " of " + ids.length + " answered)" : "Done";
      if (ids.length && answered === ids.length) done += 1;
      statusCell.textContent = state;
      row.setAttribute("data-cq-state", state === "Done" ? "done" : answered ? "started" : "new");
    });
    var note = root.querySelector("[data-cq-progress-note]");
    if (note) {
      note.textContent = store()
        ? "Modules done: " + done + " of " + rows.length + ". A module is done when you have answered every question in its quiz. Your answers are kept in this browser only."
        : "This browser does not allow local storage, so progress cannot be kept.";
    }
    if (!root.querySelector(".cq-progress__reset")) {
      var reset = makeButton("Clear all my answers", "md-button cq-progress__reset");
      reset.addEventListener("click", function () {
        if (!window.confirm("Clear all your saved quiz answers in this browser?")) return;
        var s = store();
        if (s) {
          var keys = [];
          for (var i = 0; i < s.length; i += 1) {
            var k = s.key(i);
            if (k && k.indexOf(QUIZ_PREFIX) === 0) keys.push(k);
          }
          keys.forEach(function (k) { s.removeItem(k); });
        }
        renderProgress(root);
      });
      root.appendChild(reset);
    }
  }

  kit.renderProgress = renderProgress;
})();
