/* @feature {"name": "trainer sidebar", "when": ".cq-trainer-side", "prints": false, "bundle": false} */
/* A trainer-notes page is in no navigation, so its left sidebar is empty on a wide screen: the
 * page's "this session" links (module page, present, presenter window, schedule, trainer guide)
 * move there. On a phone the sidebar is the menu drawer: the links stay at the top of the page. */
const WIDE = window.matchMedia("(min-width: 76.25em)");

export function start() {
  /* Links left in the sidebar by the previous page (instant navigation keeps the sidebar). */
  document.querySelectorAll(".md-sidebar .cq-trainer-side--sidebar").forEach((n) => n.remove());
  const links = document.querySelector("article .cq-trainer-side");
  const sidebar = document.querySelector(".md-sidebar--primary .md-sidebar__inner");
  if (!links || !sidebar || !WIDE.matches) return;
  links.classList.add("cq-trainer-side--sidebar");
  sidebar.prepend(links);
}
