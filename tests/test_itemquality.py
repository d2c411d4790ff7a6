"""Option order and the item-quality report, on small banks and on the real course."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

from coursekit.app import open_project
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Bank, display_order, load_bank
from coursekit.rules.itemquality import Analysis

ROOT = Path(__file__).resolve().parents[1]


def _bank(tmp_path: Path, body: str) -> Bank:
    path = tmp_path / "01-x.yml"
    path.write_text("module: 01-x\nitems:\n" + body, encoding="utf-8")
    report = Report(tmp_path)
    bank = load_bank(path, report)
    assert bank is not None and not report.items, [d.format() for d in report.items]
    return bank


ITEM = """  - id: {id}
    type: single
    objective: o
    stem: Q?
{extra}    options:
      - text: Right one
        correct: true
        feedback: Right because.
      - text: Wrong one
        feedback: Wrong because.
      - text: Another wrong one
        feedback: Wrong because.
"""


def _positions(bank: Bank) -> list[int]:
    return [next(i for i, o in enumerate(display_order(item)) if o.correct) for item in bank.items]


def test_display_order_is_a_stable_permutation_balanced_over_the_bank(tmp_path: Path) -> None:
    bank = _bank(tmp_path, "".join(ITEM.format(id=f"x-{n}", extra="") for n in range(6)))
    for item in bank.items:
        order = display_order(item)
        assert sorted(o.text for o in order) == sorted(o.text for o in item.options)
        assert display_order(item) == order  # deterministic
    assert Counter(_positions(bank)) == {0: 2, 1: 2, 2: 2}


def test_the_correct_position_does_not_cycle_through_the_bank(tmp_path: Path) -> None:
    """The published order was a cycle: the correct option stepped to the next position from one
    item to the next, so a reader could predict it. Now neighbours are unrelated."""
    bank = _bank(tmp_path, "".join(ITEM.format(id=f"ins-topic-{n}", extra="") for n in range(30)))
    positions = _positions(bank)
    steps = sum(b == (a + 1) % 3 for a, b in pairwise(positions))
    assert steps <= 0.5 * (len(positions) - 1), positions  # a cycle gives 29 of 29
    assert max(Counter(positions).values()) - min(Counter(positions).values()) <= 1  # still balanced


def test_the_published_order_is_the_same_in_every_build_and_after_items_move(tmp_path: Path) -> None:
    """Seeded by the item id: a rebuild gives the same order, and moving items around in the
    bank (or to another place in it) does not change the order of any item."""
    items = [ITEM.format(id=f"x-{n}", extra="") for n in range(9)]
    first = _bank(tmp_path, "".join(items))
    again = _bank(tmp_path, "".join(items))
    moved = _bank(tmp_path, "".join(reversed(items)))
    orders = {i.id: display_order(i) for i in first.items}
    assert orders == {i.id: display_order(i) for i in again.items}
    assert {k: [o.text for o in v] for k, v in orders.items()} == {i.id: [o.text for o in display_order(i)] for i in moved.items}


def test_shuffle_false_keeps_the_bank_order_and_true_false_shows_true_first(tmp_path: Path) -> None:
    body = (
        ITEM.format(id="x-fixed", extra="    shuffle: false\n")
        + """  - id: x-tf
    type: true-false
    objective: o
    stem: Q?
    options:
      - text: "False"
        correct: true
        feedback: Right because.
      - text: "True"
        feedback: Wrong because.
"""
    )
    bank = _bank(tmp_path, body)
    fixed, tf = bank.items
    assert not fixed.shuffle and display_order(fixed) == fixed.options
    assert [o.text for o in display_order(tf)] == ["True", "False"]


def test_the_real_course_spreads_the_correct_option_evenly_without_javascript() -> None:
    spread: dict[int, Counter[int]] = {}
    steps = pairs = 0
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        bank = load_bank(path, Report(ROOT))
        assert bank is not None
        shuffled = [i for i in bank.items if i.type != "true-false" and i.shuffle]
        at = [next(n for n, o in enumerate(display_order(i)) if o.correct) for i in shuffled]
        pairs += len(at) - 1
        steps += sum(b == (a + 1) % len(i.options) for a, b, i in zip(at, at[1:], shuffled[1:], strict=False))
        for item in bank.items:
            if item.type != "single" or not item.shuffle:
                continue
            order = display_order(item)
            spread.setdefault(len(order), Counter())[next(i for i, o in enumerate(order) if o.correct)] += 1
    for size, counts in spread.items():
        total = sum(counts.values())
        if total < 4 * size:
            continue  # too few items of this size to speak of a spread
        shares = [counts[p] / total for p in range(size)]
        assert all(abs(s - 1 / size) <= 0.1 for s in shares), (size, dict(counts))
    # No cycle: the next item's correct option is one place further about as often as chance (1/3
    # for three options), not in most pairs as in the old rotation (83 of 120 pairs).
    assert steps <= 0.45 * pairs, (steps, pairs)


def _analysis(tmp_path: Path, body: str, objective: str = "Explain the rule.") -> Analysis:
    from conftest import make_course

    from coursekit.model.course import load_course
    from coursekit.rules.itemquality import analyse

    course_dir = make_course(tmp_path / "course")
    (course_dir / "quizzes" / "01-alpha.yml").write_text("module: 01-alpha\nitems:\n" + body, encoding="utf-8")
    index = course_dir / "modules/01-alpha/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("Choose one market with a knock-out rule.", objective), encoding="utf-8")
    report = Report(course_dir)
    course = load_course(course_dir, report)
    bank = load_bank(course_dir / "quizzes" / "01-alpha.yml", report)
    assert bank is not None
    return analyse(course, [bank])


def _single(item_id: str, right: str, wrongs: list[str], extra: str = "") -> str:
    options = f"      - text: {right}\n        correct: true\n        feedback: Right because.\n"
    options += "".join(f"      - text: {w}\n        feedback: Wrong because.\n" for w in wrongs)
    return f"  - id: {item_id}\n    type: single\n    objective: pick-market\n    stem: Q?\n{extra}    options:\n{options}"


def test_each_cue_is_found_and_named(tmp_path: Path) -> None:
    body = (
        _single("x-long", "Screen every market with two knock-out rules before scoring them", ["Score all markets now", "Ask the board"])
        + _single(
            "x-absolute", "Start with the members who export today", ["Never start before the board agrees", "Only start with large firms"]
        )
        + _single("x-repeat", "Start with the members who export today", ["Pick the biggest market first", "Pick the nearest market first"])
    )
    analysis = _analysis(tmp_path, body, objective="Rank markets with knock-out rules.")
    rules = Counter(f.rule for f in analysis.findings)
    assert rules["item-longest"] == 1  # x-long: 64 characters against 21
    assert rules["item-short-distractor"] == 1  # x-long: "Ask the board" beside a long correct option
    assert rules["item-absolute-words"] == 1
    assert rules["item-repeated-option"] == 1
    assert rules["objective-recall-only"] == 1  # 'rank' with no application item
    assert analysis.total.single == 3 and analysis.total.longest == 3


def test_fixed_order_items_with_one_correct_position_are_flagged(tmp_path: Path) -> None:
    body = "".join(
        _single(
            f"x-fixed-{n}",
            f"Right answer number {n} here",
            [f"Wrong answer number {n} here", f"Other wrong answer {n} here"],
            "    shuffle: false\n",
        )
        for n in range(3)
    )
    rules = [f.rule for f in _analysis(tmp_path, body).findings]
    assert rules.count("bank-position") == 1


def test_the_real_course_meets_the_item_quality_thresholds() -> None:
    """Fails while any bank breaks a threshold of the editor guide; `course items` lists why."""
    from coursekit.rules.itemquality import analyse

    project = open_project(ROOT)
    analysis = analyse(project.course, project.banks)
    assert [f"{f.path.relative_to(ROOT)}:{f.line}: {f.message}" for f in analysis.findings] == []


def _cue_bank(n: int, key_word: str, distractor_word: str, keyed: int = 1) -> str:
    """n items; the first ``keyed`` correct options and every first distractor carry the given words."""
    return "".join(
        _single(
            f"x-cue-{i}",
            f"Plan the follow-up {key_word if i < keyed else 'with'} the members in round {i}",
            [f"Plan the budget {distractor_word} the board asked in round {i}", f"Plan the visit with the partner in round {i}"],
        )
        for i in range(n)
    )


def test_because_in_distractors_more_than_in_keys_is_a_cue_with_its_gap_in_points(tmp_path: Path) -> None:
    # 10 items: 1 of 10 keys (10%) and 10 of 20 distractors (50%) say "because": a gap of 40 points.
    analysis = _analysis(tmp_path, _cue_bank(10, "because", "because"))
    found = [f for f in analysis.findings if f.rule == "cue-because"]
    assert len(found) == 2  # the bank, and the course
    assert "a gap of 40.0 points" in found[0].message and "10/20 50% of distractors" in found[0].message
    assert round(analysis.total.gap("because"), 1) == 40.0
    assert not [f for f in analysis.findings if f.rule == "cue-absolute"]


def test_absolute_words_in_distractors_more_than_in_keys_are_a_cue(tmp_path: Path) -> None:
    analysis = _analysis(tmp_path, _cue_bank(10, "with", "exactly as"))
    assert [f.rule for f in analysis.findings if f.rule.startswith("cue-")] == ["cue-absolute", "cue-absolute"]
    assert "'exactly'" in analysis.findings[0].message
    assert round(analysis.total.gap("absolute"), 1) == 50.0


def test_a_cue_word_more_frequent_in_correct_options_is_a_cue_too(tmp_path: Path) -> None:
    # 10 items: 4 of 10 keys (40%) and no distractor say "only": a guesser who picks the option
    # with "only" gains as much as one who avoids it when it marks distractors.
    analysis = _analysis(tmp_path, _cue_bank(10, "only", "as", keyed=4))
    found = [f for f in analysis.findings if f.rule == "cue-absolute"]
    assert len(found) == 2  # the bank, and the course
    assert "a gap of 40.0 points" in found[0].message and "4/10 40% of correct options" in found[0].message
    assert "in correct options" in found[0].message.split(";")[-1]  # the fix names where the word is over-used
    assert round(analysis.total.gap("absolute"), 1) == -40.0


def test_a_cue_word_used_as_often_in_keys_as_in_distractors_is_no_cue(tmp_path: Path) -> None:
    # Every option says "because": same share in keys and distractors, a gap of 0.
    body = "".join(
        _single(
            f"x-even-{i}",
            f"Go because buyers wait in round {i}",
            [f"Stay because costs rise in round {i}", f"Wait because the board asks in round {i}"],
        )
        for i in range(6)
    )
    analysis = _analysis(tmp_path, body)
    assert analysis.total.gap("because") == 0.0
    assert not [f for f in analysis.findings if f.rule.startswith("cue-")]


def test_course_items_prints_both_cue_gaps(tmp_path: Path) -> None:
    from coursekit.rules.itemquality import table

    text = table(_analysis(tmp_path, _cue_bank(10, "because", "because")))
    header = text.splitlines()[0].split()
    assert header[-2:] == ["bec", "abs"] and "+40.0" in text and "because" in text  # the legend names both cues
