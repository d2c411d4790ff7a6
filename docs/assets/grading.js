/* The course's scoring rules, written once. The quiz, the Review page, progress, the navigation
 * badges, the certificate and the SCORM runtime all grade answers and judge mastery here, so a
 * learner sees the same verdict on the site as in an LMS.
 *
 * - An answer is correct when the chosen options are exactly the correct ones (no partial credit).
 * - The percent shown is rounded down, so it never claims more than was scored.
 * - A module is mastered when right / total >= mastery / 100, compared exactly (as an LMS
 *   compares the scaled score with the package's pass mark): 6 of 9 at mastery 67 is not mastered. */

/** True when `chosen` holds exactly the keys in `right`, in any order. */
export function isCorrect(chosen, right) {
  const want = new Set(right);
  const got = new Set(chosen);
  return got.size === want.size && [...got].every((key) => want.has(key));
}

/** The whole percent of `right` out of `total`, rounded down; 0 when there is nothing to score. */
export function percentOf(right, total) {
  return total > 0 ? Math.floor((100 * right) / total + 1e-9) : 0;
}

/** True when `right` of `total` reaches `mastery` (a percent from 1 to 100). */
export function isMastered(right, total, mastery) {
  return total > 0 && 100 * right >= mastery * total - 1e-9;
}
