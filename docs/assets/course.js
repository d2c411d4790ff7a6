/* Strategic Internationalisation for Clusters: the loader. An ES module with no globals.
 *
 * Each feature is a small ES module of its own, fetched with import() and started on its own
 * (start(name, fn) below), so that one failing feature never stops the others. A feature module
 * exports `start()`, which runs on every page view (also after Material's instant navigation);
 * it is fetched only on pages that need it (the `when` selector, or every selector of a list).
 *
 * Interface with trainer.js (owned by the trainer tools; loaded only when a trainer uses them):
 *   export function presentation(options)  options: {fullscreen?: boolean, opener?: HTMLElement,
 *                                           presenter?: boolean, start?: number (0-based slide)}
 *   export function poll(item, opener)      item: an li.cq-item; opener: the button that gets focus back
 *   export function openFromAddress()       opens what ?present[=n] or ?presenter[=n] asks for
 * Option order: every li.cq-item carries data-cq-order, its option keys in the published order
 * (coursekit.quiz.display_order, the order of the page without JavaScript). The learner's own
 * shuffled order may differ on screen; a poll should list options in data-cq-order.
 */

const OFFLINE = 'link[rel="manifest"]'; // the build links the manifest only when the site has an offline copy

const FEATURES = [
  // [name, module, selector the page must contain (a list: all of them; null: every page)]
  ["view", "./view.js", null],
  ["quiz", "./quiz.js", ".cq-quiz"],
  ["progress", "./progress.js", "[data-cq-progress]"],
  ["reading", "./track.js", null],
  ["badges", "./badge.js", null],
  ["home", "./home.js", "[data-cq-my-study]"],
  ["review", "./review.js", "[data-cq-review]"],
  ["workbook", "./workbook.js", "[data-cq-exercise], [data-cq-workbook]"],
  ["certificate", "./certificate.js", "[data-cq-certificate]"],
  ["worksheets", "./worksheets.js", "[data-cq-worksheet]"],
  // Reading on any device (issue 12)
  ["offline copy", "./offline.js", OFFLINE],
  ["offline control", "./offline-control.js", [OFFLINE, "[data-cq-offline]"]],
  ["scroll cues", "./scrollcue.js", "table, .jupyter-wrapper, .cq-scroll"],
  ["diagrams", "./diagrams.js", "article img[src$='.svg']"],
  ["glossary terms", "./glossary.js", "article abbr[title]"],
  ["phone header", "./header.js", null],
  ["start button", "./start.js", null],
];

function wanted(when) {
  if (!when) return true;
  return (Array.isArray(when) ? when : [when]).every((selector) => document.querySelector(selector));
}

/** Run one feature; report its failure in the console and carry on. */
export function start(name, fn) {
  try {
    const result = fn();
    if (result && typeof result.catch === "function") {
      result.catch((error) => console.error(`course: the ${name} feature failed`, error));
    }
  } catch (error) {
    console.error(`course: the ${name} feature failed`, error);
  }
}

/** Start every feature this page needs; <html data-cq-ready> says when all have settled. */
function startAll() {
  const root = document.documentElement;
  root.removeAttribute("data-cq-ready");
  const running = [];
  for (const [name, path, when] of FEATURES) {
    if (!wanted(when)) continue;
    start(name, () => {
      const done = import(path).then((feature) => feature.start());
      running.push(done);
      return done;
    });
  }
  Promise.allSettled(running).then(() => root.setAttribute("data-cq-ready", ""));
}

/* The trainer or learner view applies before the first paint (no flash of trainer notes);
 * view.js adds the toggle and the trainer buttons. */
start("view state", () => {
  const wanted = new URLSearchParams(window.location.search).get("view");
  const key = `${window.__md_scope ? window.__md_scope.pathname : "/"}.__sic.view`;
  let view = "learner";
  try {
    if (wanted === "trainer") window.localStorage.setItem(key, "trainer");
    else if (wanted === "learner") window.localStorage.removeItem(key);
    view = window.localStorage.getItem(key) === "trainer" ? "trainer" : "learner";
  } catch (e) {
    view = wanted === "trainer" ? "trainer" : "learner"; /* storage blocked: this page only */
  }
  document.documentElement.setAttribute("data-cq-view", view);
});

const docs = window.document$;
if (docs && typeof docs.subscribe === "function") {
  docs.subscribe(startAll); /* Material's instant navigation: runs on every page */
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startAll);
} else {
  startAll();
}
