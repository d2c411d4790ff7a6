/* The one prefix of the course's keys in localStorage: "<site path>.__sic." (the convention
 * Material for MkDocs uses for its own settings, "/.__palette"). Imported by the loader (the view
 * state before first paint), the way in and every feature that stores, so that none computes it
 * on its own: on a translated site the prefix is the source site's, one learner across languages. */
function sitePath() {
  let path = "/";
  try {
    if (window.__md_scope && window.__md_scope.pathname) path = window.__md_scope.pathname;
  } catch (e) { /* fall through */ }
  // One learner across languages (issue 19): a translated site is built into "<site>/es/" and says
  // so on <html data-cq-lang-dir="es/">; its keys use the site's path, as the English pages do.
  const dir = typeof document === "undefined" ? "" : document.documentElement.dataset.cqLangDir; /* no page: a worksheet's calculation under Node */
  if (dir && path.endsWith("/" + dir)) path = path.slice(0, -dir.length);
  return path;
}

/** The course's site path, the same in every language ("/" or "/course/"; never "/course/es/"). */
export const SITE_PATH = sitePath();

export const PREFIX = SITE_PATH + ".__sic.";
