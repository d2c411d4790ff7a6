/* Spaced review: when each answered question is next due. All local; nothing is sent anywhere.
 *
 * A question answered right comes back after 1 day, then 3, 7 and 21 days; a wrong answer starts
 * the spacing again at 1 day. Each question's state is "<prefix>review.<item id>" =
 * {step: 0..3, due: milliseconds since 1970}. Practice testing and spacing: Dunlosky et al.
 * (2013), doi:10.1177/1529100612453266. */
import { keys, readJson, writeJson } from "./store.js";
import { REVIEW_PREFIX } from "./saved.js";

export const DAYS = [1, 3, 7, 21];
const DAY = 24 * 60 * 60 * 1000;

export function validReview(v) {
  return !!v && typeof v === "object" && Number.isInteger(v.step) && v.step >= 0 && v.step < DAYS.length && Number.isFinite(v.due);
}

export function reviewState(id) {
  return readJson(REVIEW_PREFIX + id, validReview);
}

/** Schedule item `id` after an answer (first quiz answer, or a review). */
export function recordResult(id, correct, now = Date.now()) {
  const before = reviewState(id);
  const step = correct ? (before ? Math.min(before.step + 1, DAYS.length - 1) : 0) : 0;
  const state = { step, due: now + DAYS[step] * DAY };
  writeJson(REVIEW_PREFIX + id, state);
  return state;
}

/** Ids of the questions due now (every question with a schedule whose time has come). */
export function dueIds(now = Date.now()) {
  return keys(REVIEW_PREFIX)
    .map((k) => k.slice(REVIEW_PREFIX.length))
    .filter((id) => {
      const state = reviewState(id);
      return state !== null && state.due <= now;
    });
}
