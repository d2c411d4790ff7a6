/* Strategic Internationalisation for Clusters: trainer tools, an ES module loaded on demand by
 * course.js with import("./trainer.js"). It exports exactly:
 *   presentation(options)  the page as slides ({ fullscreen, opener, start, presenter });
 *   poll(item, opener)     a quiz question (li.cq-item) as a live poll;
 *   openFromAddress()      what ?present[=n] or ?presenter[=n] asks for.
 * Its stylesheet, trainer.css, is added by trainer-overlay.js. No request to any other host. */

export { presentation, openFromAddress } from "./trainer-present.js";
export { poll } from "./trainer-poll.js";
