/* Option order: the one place that decides the order a learner sees.
 *
 * The page arrives with its options in the published order (data-cq-order on each item, made
 * by coursekit.quiz.display_order). An item that may be shuffled gets an order of its own for
 * this learner, kept in this browser with the answers ("<prefix>order.<item id>", a list of
 * option keys), so a reload or a rebuild keeps it. Options added since are put in at random
 * places; removed ones are dropped. Items marked data-cq-shuffle="false" keep the published
 * order. */
import { all } from "./dom.js";
import { PREFIX, readJson, writeJson } from "./store.js";

export const ORDER_PREFIX = PREFIX + "order.";

function randomBelow(n) {
  const box = new Uint32Array(1);
  window.crypto.getRandomValues(box);
  return box[0] % n;
}

export function validOrder(value) {
  return Array.isArray(value) && value.length <= 50 && value.every((k) => typeof k === "string" && /^[0-9a-f]{8}$/.test(k));
}

/** The learner's order of `keys` (the published order) for item `id`. */
export function learnerOrder(id, keys, shuffle) {
  if (!shuffle) return keys.slice();
  const saved = readJson(ORDER_PREFIX + id, validOrder);
  const order = saved ? saved.filter((k) => keys.includes(k)) : [];
  let changed = !saved || order.length !== saved.length;
  for (const key of keys) {
    if (order.includes(key)) continue;
    order.splice(randomBelow(order.length + 1), 0, key);
    changed = true;
  }
  if (changed) writeJson(ORDER_PREFIX + id, order);
  return order;
}

/** Put the item's options, and its hidden feedback entries, in the learner's order. */
export function applyOrder(item) {
  const options = all(item, ".cq-options > .cq-option");
  const keys = options.map((o) => o.querySelector("input").value);
  const feedback = keys.map((key) => all(item, ".cq-answer .cq-feedback > .cq-fb").find((fb) => fb.getAttribute("data-cq-key") === key));
  const order = learnerOrder(item.getAttribute("data-cq-item"), keys, item.getAttribute("data-cq-shuffle") !== "false");
  const list = item.querySelector(".cq-options");
  const fbList = item.querySelector(".cq-answer .cq-feedback");
  for (const key of order) {
    const index = keys.indexOf(key);
    list.appendChild(options[index]);
    if (fbList && feedback[index]) fbList.appendChild(feedback[index]);
  }
  return order;
}
