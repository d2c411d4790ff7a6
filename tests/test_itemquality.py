"""Option order and the item-quality report, on small banks and on the real course."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from coursekit.diagnostics import Report
from coursekit.quiz import display_order, load_bank

ROOT = Path(__file__).resolve().parents[1]


def _bank(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
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


def test_display_order_is_a_stable_permutation_that_cycles_the_correct_position(tmp_path: Path) -> None:
    bank = _bank(tmp_path, "".join(ITEM.format(id=f"x-{n}", extra="") for n in range(6)))
    positions = []
    for item in bank.items:
        order = display_order(item)
        assert sorted(o.text for o in order) == sorted(o.text for o in item.options)
        assert display_order(item) == order  # deterministic
        positions.append(next(i for i, o in enumerate(order) if o.correct))
    assert Counter(positions) == {0: 2, 1: 2, 2: 2}


def test_shuffle_false_keeps_the_bank_order_and_true_false_shows_true_first(tmp_path: Path) -> None:
    body = ITEM.format(id="x-fixed", extra="    shuffle: false\n") + """  - id: x-tf
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
    bank = _bank(tmp_path, body)
    fixed, tf = bank.items
    assert not fixed.shuffle and display_order(fixed) == fixed.options
    assert [o.text for o in display_order(tf)] == ["True", "False"]


def test_the_real_course_spreads_the_correct_option_evenly_without_javascript() -> None:
    spread: dict[int, Counter[int]] = {}
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        bank = load_bank(path, Report(ROOT))
        assert bank is not None
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
