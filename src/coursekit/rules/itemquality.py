"""The item-quality report: cues that let a learner score without knowing the answer.

`course validate` adds these as warnings (see :func:`check`); `course items` prints the table per
bank (see :func:`table`). Every threshold lives in :data:`THRESHOLDS` and is documented in the
editor guide ("Quiz item quality").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Bank, Item, display_order


@dataclass(frozen=True)
class Thresholds:
    longest_share: float = 0.35
    """At most this share of single-choice items may have the correct option strictly the longest
    (over the course, and in each bank with at least ``min_bank_items`` single-choice items)."""
    longer_ratio: float = 1.5
    """A correct option (of at least ``min_words`` words) this many times longer, in characters,
    than every distractor is a cue."""
    true_share: tuple[float, float] = (0.40, 0.60)
    """The share of true-false items whose answer is True, over the course."""
    min_words: int = 4
    """Distractors shorter than this many words are counted, and warned about when the correct
    option is at least this long (a visibly weaker option)."""
    absolute_words: tuple[str, ...] = ("always", "never", "only")
    """Words that test-wise learners rule out: a cue when they occur in distractors only."""
    decision_verbs: tuple[str, ...] = ("design", "draft", "plan", "select", "rank", "assess")
    """Objectives starting with these verbs need an item at application or judgement level."""
    fixed_position_share: float = 0.5
    """Among items with ``shuffle: false``, at most this share may have the correct option in the
    same position (checked from ``min_fixed_items`` such items)."""
    min_fixed_items: int = 3
    position_tolerance: float = 0.10
    """In the published order, each position holds the correct option for 1/n of the n-option
    single-choice items, give or take this share (checked from 4·n items)."""
    cue_gap_points: float = 5.0
    """A word family may occur in a larger share of distractors than of correct options, or the
    other way round, by at most this many percentage points (over the course, and in each bank from ``min_bank_items``
    scored items); see :data:`CUE_WORDS`."""
    min_bank_items: int = 5
    """Shares per bank are judged from this many single-choice items."""
    min_course_items: int = 10
    """Shares over the course are judged from this many items of the kind."""


THRESHOLDS = Thresholds()

CUE_WORDS: dict[str, tuple[str, ...]] = {
    "because": ("because",),
    "absolute": ("every", "any", "all", "exactly", "always", "never", "only"),
}
"""Word families a guesser uses when they are more frequent in distractors than in correct options
(a reason, "because ...", attached to a wrong claim, and absolute words) or, the other way round,
more frequent in correct options. Compared as shares of all options of choice items (true-false
options are left out); the gap is judged either way."""


def _words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class BankStats:
    bank: str
    items: int = 0
    single: int = 0
    positions: Counter[int] = field(default_factory=Counter)
    """Displayed (published) position of the correct option, single-choice items, 1-based."""
    longest: int = 0
    much_longer: int = 0
    absolute: int = 0
    tf_true: int = 0
    tf_total: int = 0
    recall_only: list[str] = field(default_factory=list)
    short_distractors: int = 0
    repeated: int = 0
    keys: int = 0
    """Correct options of choice items (true-false left out), the base of the cue-word shares."""
    distractors: int = 0
    cue_keys: Counter[str] = field(default_factory=Counter)
    """Word family (CUE_WORDS) -> correct options that contain one of its words."""
    cue_distractors: Counter[str] = field(default_factory=Counter)

    def gap(self, family: str) -> float:
        """Share of distractors minus share of correct options with the family's words, in points."""
        if not self.keys or not self.distractors:
            return 0.0
        return 100 * (self.cue_distractors[family] / self.distractors - self.cue_keys[family] / self.keys)

    def add(self, other: BankStats) -> None:
        self.items += other.items
        self.single += other.single
        self.positions.update(other.positions)
        self.longest += other.longest
        self.much_longer += other.much_longer
        self.absolute += other.absolute
        self.tf_true += other.tf_true
        self.tf_total += other.tf_total
        self.recall_only += other.recall_only
        self.short_distractors += other.short_distractors
        self.repeated += other.repeated
        self.keys += other.keys
        self.distractors += other.distractors
        self.cue_keys.update(other.cue_keys)
        self.cue_distractors.update(other.cue_distractors)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str
    rule: str


@dataclass
class Analysis:
    banks: list[BankStats]
    total: BankStats
    findings: list[Finding]
    spread: dict[int, Counter[int]]
    """Option count -> published position (0-based) of the correct option, shuffled single items."""


def _has_absolute(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


def analyse(course: Course, banks: list[Bank], limits: Thresholds = THRESHOLDS) -> Analysis:
    findings: list[Finding] = []
    stats: list[BankStats] = []
    spread: dict[int, Counter[int]] = {}
    seen_options: dict[str, Item] = {}
    for bank in banks:
        s = BankStats(bank.id, items=len(bank.items))
        fixed: Counter[int] = Counter()
        for item in bank.items:
            if item.incomplete or not item.options:
                continue
            right = [o for o in item.options if o.correct]
            wrong = [o for o in item.options if not o.correct]
            where = f"item '{item.id}'"
            if item.type == "true-false":
                s.tf_total += 1
                s.tf_true += any(o.text.strip().lower() == "true" for o in right)
                continue
            s.keys += len(right)
            s.distractors += len(wrong)
            for family, family_words in CUE_WORDS.items():
                s.cue_keys[family] += sum(_has_absolute(o.text, family_words) for o in right)
                s.cue_distractors[family] += sum(_has_absolute(o.text, family_words) for o in wrong)
            for option in item.options:
                key = _norm(option.text)
                earlier = seen_options.get(key)
                if earlier is not None and earlier.id != item.id:
                    s.repeated += 1
                    findings.append(
                        Finding(
                            item.path,
                            option.line,
                            f"{where}: the option '{option.text[:50]}' also appears in item '{earlier.id}'; write an option for this question",
                            "item-repeated-option",
                        )
                    )
                else:
                    seen_options.setdefault(key, item)
            short = [o for o in wrong if _words(o.text) < limits.min_words]
            s.short_distractors += len(short)
            if short and right and min(_words(o.text) for o in right) >= limits.min_words:
                findings.append(
                    Finding(
                        item.path,
                        short[0].line,
                        f"{where}: {len(short)} distractor{'s' * (len(short) != 1)} shorter than {limits.min_words} words beside a longer correct option; make every option a full, plausible answer",
                        "item-short-distractor",
                    )
                )
            if (
                right
                and wrong
                and any(_has_absolute(o.text, limits.absolute_words) for o in wrong)
                and not any(_has_absolute(o.text, limits.absolute_words) for o in right)
            ):
                s.absolute += 1
                words = ", ".join(f"'{w}'" for w in limits.absolute_words)
                findings.append(
                    Finding(
                        item.path,
                        item.line,
                        f"{where}: absolute words ({words}) appear only in distractors, which gives them away; reword them or use them in the correct option too",
                        "item-absolute-words",
                    )
                )
            if item.type != "single" or len(right) != 1 or not wrong:
                continue
            s.single += 1
            correct = right[0]
            order = display_order(item)
            position = order.index(correct)
            s.positions[position + 1] += 1
            if item.shuffle:
                spread.setdefault(len(order), Counter())[position] += 1
            else:
                fixed[position + 1] += 1
            longest_wrong = max(len(o.text) for o in wrong)
            if len(correct.text) > longest_wrong:
                s.longest += 1
            if len(correct.text) >= limits.longer_ratio * longest_wrong and _words(correct.text) >= limits.min_words:
                s.much_longer += 1
                findings.append(
                    Finding(
                        item.path,
                        correct.line,
                        f"{where}: the correct option is {len(correct.text) / longest_wrong:.1f}× as long as the longest distractor; shorten it or give the distractors the same detail",
                        "item-longest",
                    )
                )
        if s.single >= limits.min_bank_items and s.longest / s.single > limits.longest_share:
            findings.append(
                Finding(
                    bank.path,
                    bank.line,
                    f"the correct option is the longest in {s.longest} of {s.single} single-choice items ({s.longest / s.single:.0%}); keep it at most {limits.longest_share:.0%}",
                    "bank-longest",
                )
            )
        total_fixed = sum(fixed.values())
        if total_fixed >= limits.min_fixed_items:
            position, count = fixed.most_common(1)[0]
            if count / total_fixed > limits.fixed_position_share:
                findings.append(
                    Finding(
                        bank.path,
                        bank.line,
                        f"{count} of the {total_fixed} items with 'shuffle: false' have the correct option at position {position}; vary it, or let those items shuffle",
                        "bank-position",
                    )
                )
        if s.keys >= limits.min_bank_items:
            findings += _cue_gaps(s, bank.path, bank.line, "", limits)
        module = course.module(bank.id)
        if module is not None:
            for objective in module.objectives:
                skills = [i.skill or "recall" for i in bank.items if i.objective == objective.id]
                if skills and all(k == "recall" for k in skills):
                    s.recall_only.append(objective.id)
                    verb = objective.text.split()[0].lower().strip(",.:") if objective.text.split() else ""
                    if verb in limits.decision_verbs:
                        findings.append(
                            Finding(
                                bank.path,
                                bank.line,
                                f"objective '{objective.id}' ({verb}) is assessed only at recall level; add a scenario item (a short situation, then a decision) with 'skill: application' or 'skill: judgement'",
                                "objective-recall-only",
                            )
                        )
        stats.append(s)
    total = BankStats("whole course")
    for s in stats:
        total.add(s)
    manifest, line = course.manifest, course.lines.get("modules", 1)
    if total.single >= limits.min_course_items and total.longest / total.single > limits.longest_share:
        findings.append(
            Finding(
                manifest,
                line,
                f"across the course the correct option is the longest in {total.longest} of {total.single} single-choice items ({total.longest / total.single:.0%}); keep it at most {limits.longest_share:.0%} (see `course items`)",
                "course-longest",
            )
        )
    if total.keys >= limits.min_course_items:
        findings += _cue_gaps(total, manifest, line, "across the course ", limits)
    low, high = limits.true_share
    if total.tf_total >= limits.min_course_items and not low <= total.tf_true / total.tf_total <= high:
        findings.append(
            Finding(
                manifest,
                line,
                f"across the course {total.tf_true} of {total.tf_total} true-false items are true ({total.tf_true / total.tf_total:.0%}); keep between {low:.0%} and {high:.0%}",
                "course-true-false",
            )
        )
    for size, counts in sorted(spread.items()):
        n = sum(counts.values())
        if n >= 4 * size and any(abs(counts[p] / n - 1 / size) > limits.position_tolerance for p in range(size)):
            found = ", ".join(f"{counts[p]}" for p in range(size))
            findings.append(
                Finding(
                    manifest,
                    line,
                    f"the correct option of the {n} shuffled {size}-option items is spread unevenly over the positions ({found})",
                    "course-position",
                )
            )
    return Analysis(stats, total, findings, spread)


def _cue_gaps(s: BankStats, path: Path, line: int, where: str, limits: Thresholds) -> list[Finding]:
    out = []
    for family, family_words in CUE_WORDS.items():
        gap = s.gap(family)
        if abs(gap) > limits.cue_gap_points:
            words = ", ".join(f"'{w}'" for w in family_words)
            fix = (
                "drop the word from distractors or state the reason in the feedback instead"
                if gap > 0
                else "reword the correct options, or use the word in distractors too: a word used more in correct options is a cue as well"
            )
            out.append(
                Finding(
                    path,
                    line,
                    f"{where}{family} words ({words}) are in {_share(s.cue_distractors[family], s.distractors)} of distractors but "
                    f"{_share(s.cue_keys[family], s.keys)} of correct options, a gap of {abs(gap):.1f} points (keep it at most "
                    f"{limits.cue_gap_points:g} either way); {fix}",
                    f"cue-{family}",
                )
            )
    return out


def check(course: Course, banks: list[Bank], report: Report) -> None:
    """Add the item-quality findings to ``report`` as warnings."""
    for f in analyse(course, banks).findings:
        report.add(f.path, f.line, f.message, rule=f.rule, severity="warning")


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} {part / whole:.0%}" if whole else "–"


TABLE_WIDTH = 100
BANK_WIDTH = 20


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


"""`course items` fits its table and legend in this many columns (a terminal, a review comment)."""


def table_rows(analysis: Analysis, limits: Thresholds = THRESHOLDS) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """(header, one row per bank and a last row for the whole course) of the item-quality table."""
    head: tuple[str, ...] = (
        "bank",
        "items",
        "at 1/2/3/4",
        "longest",
        f"≥{limits.longer_ratio}×",
        "absol.",
        "true",
        "recall",
        f"<{limits.min_words}w",
        "rep.",
        *(family[:3] for family in CUE_WORDS),
    )
    rows: list[tuple[str, ...]] = []
    for s in [*analysis.banks, analysis.total]:
        positions = "/".join(str(s.positions[p]) for p in range(1, 5))
        rows.append(
            (
                s.bank,
                str(s.items),
                positions,
                _share(s.longest, s.single),
                str(s.much_longer),
                str(s.absolute),
                _share(s.tf_true, s.tf_total),
                str(len(s.recall_only)),
                str(s.short_distractors),
                str(s.repeated),
                *(f"{s.gap(family):+.1f}" for family in CUE_WORDS),
            )
        )
    return head, rows


def table_csv(analysis: Analysis, limits: Thresholds = THRESHOLDS) -> str:
    """The same table as CSV (`course items --format csv`), for a spreadsheet."""
    import csv
    import io

    head, rows = table_rows(analysis, limits)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def table(analysis: Analysis, limits: Thresholds = THRESHOLDS) -> str:
    """The per-bank table printed by `course items`, at most TABLE_WIDTH columns wide."""
    head, full = table_rows(analysis, limits)
    rows = [(_clip(r[0], BANK_WIDTH), *r[1:]) for r in full]  # long folder names end in '…' (the CSV keeps them whole)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return " ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    rule = " ".join("-" * w for w in widths)
    out = [line(head), rule]
    out += [line(r) for r in rows[:-1]]
    out += [rule, line(rows[-1])]
    low, high = limits.true_share
    legend = (
        "Columns: at = published position of the correct option (single choice); longest = correct option "
        f"strictly the longest (target: at most {limits.longest_share:.0%}); ≥{limits.longer_ratio}× = correct option that much "
        f"longer than every distractor; absol. = {', '.join(limits.absolute_words)} in distractors only; true = true-false "
        f"items that are true (target {low:.0%}–{high:.0%}); recall = objectives assessed only by recall items; "
        f"<{limits.min_words}w = distractors under {limits.min_words} words; rep. = options used in another item; "
        "bec / abs = share of distractors minus share of correct options containing 'because' / "
        + ", ".join(CUE_WORDS["absolute"])
        + f" (percentage points; target at most {limits.cue_gap_points:g} either way). "
        "`course items --format csv` gives the table for a spreadsheet."
    )
    import textwrap

    out += ["", *textwrap.wrap(legend, TABLE_WIDTH)]
    return "\n".join(out)


def format_findings(analysis: Analysis, root: Path) -> str:
    report = Report(root)
    for f in analysis.findings:
        report.add(f.path, f.line, f.message, rule=f.rule, severity="warning")
    return "\n".join(d.format() for d in report.sorted())
