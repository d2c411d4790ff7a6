/* @feature {"name": "search links", "when": ".md-search-result__list", "prints": false} */
/* Search results: Material adds "?h=<the words found>" to a result's link, to highlight them on the
 * page. When it finds no word to highlight (a hit on a glossary term's title, say) the link ends in
 * an empty "?h=": this drops it, so that the link is the plain address of the page or the term. */
let observer = null;

function clean(list) {
  list.querySelectorAll("a[href*='?h=']").forEach((a) => {
    const href = a.getAttribute("href");
    const fixed = href.replace(/\?h=(?=#|$)/, "");
    if (fixed !== href) a.setAttribute("href", fixed);
  });
}

export function start() {
  const list = document.querySelector(".md-search-result__list");
  if (!list) return;
  if (observer) observer.disconnect();
  observer = new MutationObserver(() => clean(list));
  observer.observe(list, { childList: true, subtree: true });
  clean(list);
}
