"""The quiz model: banks of items, each with options and feedback, loaded from YAML."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from coursekit.model.diagnostics import Report
from coursekit.model.schema import SOURCE_COMMIT, Field, check_map, text
from coursekit.model.sources import Sources
from coursekit.model.yamlsafe import Node, read_file

ITEM_TYPES = ("single", "multiple", "true-false")
"""Item types. The model keeps options generic so ordering and matching can be added as new types."""
SKILLS = ("recall", "application", "judgement")
DIFFICULTIES = ("easy", "medium", "hard")

BANK_FIELDS = (
    Field("module", str, required=True, help="the module folder name, e.g. 03-target-markets"),
    Field("items", list, required=True, help="a list of quiz items"),
    SOURCE_COMMIT,
)
ITEM_FIELDS = (
    Field("id", str, required=True, help="a stable id such as mkt-funnel-order"),
    Field("type", str, required=True, choices=ITEM_TYPES),
    Field("objective", str, required=True, help="an objective id from the module's front matter"),
    Field("stem", str, required=True, help="the question, in Markdown"),
    Field("options", list, required=True, help="a list of options with text, correct and feedback"),
    Field("explanation", str),
    Field("difficulty", str, choices=DIFFICULTIES),
    Field("skill", str, choices=SKILLS),
    Field("shuffle", bool, help="false keeps the options in the bank's order (for 'A and B' or scale options)"),
)
OPTION_FIELDS = (
    Field("text", str, required=True, help="the option as the learner sees it"),
    Field("correct", bool, help="true for a right answer; leave out for a wrong one"),
    Field("feedback", str, required=True, help="why this option is right or wrong"),
)


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str
    line: int
    source_key: str = ""
    """In a translated bank: the key of the English option it translates (coursekit.translation.localize),
    so that an answer saved on one language's page shows on the others."""

    @property
    def key(self) -> str:
        """A short id for the option that survives reordering (used for saved answers)."""
        if self.source_key:
            return self.source_key
        norm = " ".join(self.text.split()).lower()
        return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    stem: str
    options: tuple[Option, ...]
    objective: str
    line: int
    bank: str
    path: Path
    explanation: str = ""
    difficulty: str = ""
    skill: str = ""
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    incomplete: bool = False
    """True when some of its options were dropped for structural errors (already reported)."""
    shuffle: bool = True
    """False when the options must keep the bank's order ('A and B', scales)."""
    slot: int = 0
    """Its rank, by a hash of its id, among the bank's items of the same type and option count (see display_order)."""

    @property
    def correct(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)


@dataclass
class Bank:
    id: str
    module: str
    path: Path
    items: list[Item]
    line: int = 1
    dropped: dict[str, str] = field(default_factory=dict)
    """Items left out for a structural error (reported): id -> the objective they name. Rules that
    count items (polls, objective coverage) treat them as present, so the error is not echoed."""

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


def load_bank(path: Path, report: Report, sources: Sources | None = None) -> Bank | None:
    """Load one bank; every structural problem goes to ``report``. Items with problems are skipped."""
    node, problems, _ = read_file(path, "the quiz bank", sources.read if sources else None)
    for p in problems:
        report.add(path, p.line, p.message, rule="yaml", column=p.column)
    if node is None:
        return None
    top = check_map(node, BANK_FIELDS, report, path, "the quiz bank", "bank-keys")
    if not node.is_map:
        return None
    bank = Bank(path.stem, text(top.get("module")), path, [], node.key_lines.get("module", 1))
    for raw in top["items"].value if "items" in top else []:
        item = _item(raw, bank, report)
        if item is not None:
            bank.items.append(item)
        elif raw.is_map and isinstance(raw.value.get("id"), Node):
            objective = raw.value.get("objective")
            bank.dropped[str(raw.value["id"].value).strip()] = str(objective.value).strip() if isinstance(objective, Node) else ""
    bank.items = _with_slots(bank.items)
    return bank


def _with_slots(items: list[Item]) -> list[Item]:
    """Each item's slot: its rank, by a hash of its id, among the bank's items of the same type and
    option count. The ranks follow no order of the bank, so neighbouring items get unrelated slots."""
    groups: dict[tuple[str, int], list[str]] = {}
    for item in items:
        groups.setdefault((item.type, len(item.options)), []).append(item.id)
    rank = {
        (group, item_id): r for group, ids in groups.items() for r, item_id in enumerate(sorted(ids, key=lambda i: (_digest("slot", i), i)))
    }
    return [replace(item, slot=rank[((item.type, len(item.options)), item.id)]) for item in items]


def _digest(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\0".join(parts).encode("utf-8")).digest()[:8], "big")


def display_order(item: Item) -> tuple[Option, ...]:
    """The options in the order of the page without JavaScript, of exports and of polls.

    * ``shuffle: false`` keeps the bank's order; a true-false item shows True, then False.
    * Otherwise the order is a permutation seeded by the item id: the wrong options are ordered
      by a hash of the item id and their text, and the (first) correct option goes to position
      ``(slot + hash(bank)) mod n``, where ``slot`` is the item's rank by a hash of its id among
      the bank's items of the same type and option count (see ``_with_slots``). Every position
      holds the correct option equally often in a bank (give or take one), but the positions of
      neighbouring items are unrelated, so a reader cannot predict the next one. The order
      depends only on the bank's item ids and option texts, never on the build or the reader.

    The learner's browser shows its own shuffled order, kept with the answers (quiz.js).
    """
    options = item.options
    if item.type == "true-false":
        return tuple(sorted(options, key=lambda o: o.text.strip().lower() != "true"))
    if not item.shuffle or len(options) < 2:
        return options
    ranked = sorted(options, key=lambda o: _digest(item.id, o.key))
    first = next((o for o in options if o.correct), None)
    if first is None:
        return tuple(ranked)
    rest = [o for o in ranked if o is not first]
    position = (item.slot + _digest(item.bank)) % len(options)
    rest.insert(position, first)
    return tuple(rest)


def _item(node: Node, bank: Bank, report: Report) -> Item | None:
    label = "a quiz item"
    if node.is_map and isinstance(node.value.get("id"), Node):
        label = f"item '{node.value['id'].value}'"
    before = len(report.items)
    fields = check_map(node, ITEM_FIELDS, report, bank.path, label, "item-keys")
    options: list[Option] = []
    for raw in fields["options"].value if "options" in fields else []:
        opt = check_map(raw, OPTION_FIELDS, report, bank.path, f"an option of {label}", "option-keys")
        if "text" in opt:
            options.append(
                Option(
                    text(opt["text"]).strip(),
                    bool(opt["correct"].value) if "correct" in opt else False,
                    text(opt.get("feedback")).strip(),
                    raw.line,
                )
            )
    if not all(k in fields for k in ("id", "type", "stem")):
        return None
    return Item(
        id=text(fields["id"]).strip(),
        type=text(fields["type"]),
        stem=text(fields["stem"]).strip(),
        options=tuple(options),
        objective=text(fields.get("objective")).strip(),
        line=node.line,
        bank=bank.id,
        path=bank.path,
        explanation=text(fields.get("explanation")).strip(),
        difficulty=text(fields.get("difficulty")),
        skill=text(fields.get("skill")),
        shuffle=bool(fields["shuffle"].value) if "shuffle" in fields else True,
        key_lines=dict(node.key_lines),
        incomplete=len(report.items) > before,
    )
