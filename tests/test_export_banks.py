"""Question-bank exports, read back by independent parsers: moodle-xml-parser (Moodle XML) and
pygiftparser (GIFT). Every item, option text, correct flag and feedback string must come back."""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, checksums, replace_in, run_course

from coursekit.app import open_project
from coursekit.export import banks as bank_select
from coursekit.export import gift
from coursekit.model.quiz import Item
from coursekit.render import safemd

TAG_RE = re.compile(r"<[^>]+>")
SOURCES = ("course.yml", "mkdocs.yml", "docs", "modules", "quizzes")


def source_checksums(root: Path) -> dict[str, str]:
    """Checksums of the course's source files (what an export must never change)."""
    sums: dict[str, str] = {}
    for name in SOURCES:
        path = root / name
        if path.is_dir():
            sums |= {f"{name}/{k}": v for k, v in checksums(path, skip=()).items()}
        elif path.is_file():
            sums[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


MULTILANG_RE = re.compile(r'<span lang="([a-z]{2,3})" class="multilang">')


def in_language(fragment: str, lang: str = "en") -> str:
    """A text in one language: a translated course writes every language in Moodle's multilang spans
    (`<span lang="es" class="multilang">…</span>`, one after another); other texts are as they are."""
    parts = MULTILANG_RE.split(fragment)
    if len(parts) == 1:
        return fragment
    texts = {parts[i]: parts[i + 1].removesuffix("</span>") for i in range(1, len(parts), 2)}
    return texts[lang]


def plain(fragment: str, lang: str = "en") -> str:
    """Normalise markup (in one language): drop tags, resolve character references, collapse white space."""
    return " ".join(html.unescape(TAG_RE.sub(" ", in_language(fragment, lang))).split())


def source_text(markdown: str, inline: bool = False) -> str:
    return plain(safemd.render_inline(markdown) if inline else safemd.render(markdown))


def course_items(root: Path) -> list[tuple[str, Item]]:
    project = open_project(root)
    chosen = bank_select.select(project.course, project.banks, None, project.report)
    return [(e.category, item) for e in chosen for item in e.bank.items]


def moodle_text(markdown: str, inline: bool = False) -> str:
    """moodle-xml-parser decodes character references once more than XML does: do the same."""
    return plain(html.unescape(safemd.render_inline(markdown) if inline else safemd.render(markdown)))


def moodle_round_trip(path: Path, items: list[tuple[str, Item]]) -> None:
    from moodle_xml_parser.parser import parse_file  # type: ignore[import-untyped]

    parsed = parse_file(str(path))["multichoice"]
    assert [q.name for q in parsed] == [i.id for _, i in items]
    root = ET.parse(path).getroot()
    for q, (category, item) in zip(parsed, items, strict=True):
        assert plain(q.text_pre_parse) == moodle_text(item.stem), item.id
        assert plain(q.general_feedback or "") == (moodle_text(item.explanation) if item.explanation else "")
        assert q.single == (item.type != "multiple"), item.id
        assert q.shuffle_answers == getattr(item, "shuffle", True)
        assert [plain(o.answer) for o in q.options] == [moodle_text(o.text, True) for o in item.options]
        assert [plain(o.feedback or "") for o in q.options] == [moodle_text(o.feedback, True) for o in item.options]
        assert [o.score_fraction > 0 for o in q.options] == [o.correct for o in item.options], item.id
        fractions = [o.score_fraction for o in q.options]
        assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-3)
        if item.type == "multiple" and not all(o.correct for o in item.options):
            assert sum(f for f in fractions if f < 0) == pytest.approx(-100, abs=1e-3)
        allowed = {0.0, 100.0, -100.0} | {s * f * 100 for f in bank_select.FRACTIONS for s in (1, -1)}
        assert all(any(abs(f - a) < 1e-4 for a in allowed) for f in fractions), fractions
    # Categories and tags (the parser does not read them): one category per module, before its items.
    categories = [c.findtext("category/text") or "" for c in root.iter("question") if c.get("type") == "category"]
    assert [c.split("/")[-1] for c in categories] == list(dict.fromkeys(cat for cat, _ in items))
    assert all(c.startswith("$course$/top/") for c in categories)
    for q in root.iter("question"):
        if q.get("type") != "multichoice":
            continue
        item = next(i for _, i in items if i.id == q.findtext("name/text"))
        tags = [t.findtext("text") for t in q.findall("tags/tag")]
        assert f"objective:{item.objective}" in tags and (not item.skill or f"skill:{item.skill}" in tags)


def gift_plain(text: str) -> str:
    """pygiftparser leaves GIFT's backslash escapes to its renderer: apply them, then normalise."""
    from pygiftparser.utils import transformSpecials  # type: ignore[import-untyped]

    return plain(transformSpecials(text))


def gift_round_trip(path: Path, items: list[tuple[str, Item]]) -> None:
    from pygiftparser.answer import MultipleChoicesSet, SelectSet, TrueFalseSet  # type: ignore[import-untyped]
    from pygiftparser.parser import parseFile  # type: ignore[import-untyped]

    with path.open(encoding="utf-8") as f:
        parsed = parseFile(f)
    assert all(q.valid for q in parsed)
    assert [q.title for q in parsed] == [i.id for _, i in items]
    for q, (_, item) in zip(parsed, items, strict=True):
        assert q.markup == "html"
        assert gift_plain(q.text) == source_text(item.stem), item.id
        assert gift_plain(q.generalFeedback) == (source_text(item.explanation) if item.explanation else "")
        assert f"[id:{item.id}]" in q.full and f"[tag:objective:{item.objective}]" in q.full
        if isinstance(q.answers, TrueFalseSet):
            assert item.type == "true-false"
            right = next(o for o in item.options if o.correct)
            wrong = next(o for o in item.options if not o.correct)
            assert q.answers.answer == (right.text.lower() == "true")
            assert gift_plain(q.answers.feedbackCorrect) == source_text(right.feedback, True)
            assert gift_plain(q.answers.feedbackWrong) == source_text(wrong.feedback, True)
            continue
        assert isinstance(q.answers, MultipleChoicesSet if item.type == "multiple" else SelectSet), item.id
        answers = q.answers.answers
        assert [gift_plain(a.answer) for a in answers] == [source_text(o.text, True) for o in item.options]
        assert [gift_plain(a.feedback) for a in answers] == [source_text(o.feedback, True) for o in item.options]
        assert [a.fraction > 0 for a in answers] == [o.correct for o in item.options], item.id
        if item.type == "multiple":
            assert q.answers.checkValidity()


@pytest.mark.parametrize("root", [ROOT, "fixture"], ids=["real-course", "fixture-course"])
def test_moodle_xml_and_gift_round_trip(root: Path | str, course_dir: Path, tmp_path: Path) -> None:
    course = course_dir if root == "fixture" else Path(root)
    before = source_checksums(course)
    items = course_items(course)
    assert items and {i.type for _, i in items} >= ({"single", "multiple", "true-false"} if root != "fixture" else {"single", "multiple"})
    xml_out, gift_out = tmp_path / "q.xml", tmp_path / "q.txt"
    result = run_course(course, "export", "--format", "moodle-xml", "-o", str(xml_out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"wrote {len(items)} questions" in result.stderr
    moodle_round_trip(xml_out, items)
    result = run_course(course, "export", "--format", "gift", "-o", str(gift_out))
    assert result.returncode == 0, result.stdout + result.stderr
    gift_round_trip(gift_out, items)
    assert source_checksums(course) == before and before


PAYLOADS = [
    "Tilde ~ equals = hash # braces { } colon : backslash \\ all",
    "=starts with equals",
    "~starts with tilde",
    "#starts with hash",
    "ends with backslash \\",
    "a::b {x} C:\\new\\table 50% ~%100%",
    "}{ ## == ~~ :: \\\\",
    "<b>raw</b> & &amp; \"quoted\" 'single'",
]


def _payload_bank(course_dir: Path) -> None:
    bank = course_dir / "quizzes/01-alpha.yml"
    lines = [bank.read_text(encoding="utf-8").rstrip("\n")]
    for n, payload in enumerate(PAYLOADS):
        q = payload.replace("'", "''")
        lines += [
            f"  - id: pay-{n}",
            "    type: multiple" if n % 2 else "    type: single",
            "    objective: pick-market",
            "    skill: recall",
            f"    stem: 'Stem {q}'",
            f"    explanation: 'Explanation {q}'",
            "    options:",
            f"      - text: 'Right {q}'",
            "        correct: true",
            f"        feedback: 'Feedback right {q}'",
            f"      - text: 'Wrong {q}'",
            f"        feedback: 'Feedback wrong {q}'",
        ]
        if n % 2:
            lines += [f"      - text: 'Also right {q}'", "        correct: true", f"        feedback: '= not an answer {q}'"]
    bank.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_special_character_survives_both_formats(course_dir: Path, tmp_path: Path) -> None:
    _payload_bank(course_dir)
    items = [(c, i) for c, i in course_items(course_dir) if i.bank == "01-alpha"]
    assert len([i for _, i in items if i.id.startswith("pay-")]) == len(PAYLOADS)
    out = tmp_path / "q.txt"
    result = run_course(course_dir, "export", "--format", "gift", "--module", "01-alpha", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    # No special character is left bare inside a text: only GIFT's own syntax is.
    for line in text.splitlines():
        body = line.strip()
        if body.startswith(("//", "$CATEGORY", "}")) or not body:
            continue
        option = body.startswith(("=", "~"))
        body = re.sub(r"^::[^:]*::\[html\]", "", body)
        body = re.sub(r"^(=|~%-?[\d.]+%|~|####)", "", body).removesuffix("{").rstrip()
        bare = re.sub(r"\\.", "", body)
        assert not re.search(r"[~={}:\\]", bare), line
        true_false = body.startswith(("TRUE#", "FALSE#"))
        assert bare.count("#") == (1 if option else 2 if true_false else 0), line
    gift_round_trip(out, items)
    xml_out = tmp_path / "q.xml"
    assert run_course(course_dir, "export", "--format", "moodle-xml", "--module", "01-alpha", "-o", str(xml_out)).returncode == 0
    moodle_round_trip(xml_out, items)


def test_moodle_gift_escape_reference() -> None:
    """Moodle reads ``\\X`` as X; every payload comes back exactly after that and HTML decoding."""
    for payload in PAYLOADS:
        escaped = gift.escape_html(html.escape(payload, quote=False))
        assert "{" not in escaped.replace("\\{", "") and "}" not in escaped.replace("\\}", "")
        moodle = re.sub(r"\\(.)", r"\1", escaped)
        assert html.unescape(moodle) == payload


def test_images_are_embedded_in_moodle_xml_and_refused_by_gift(course_dir: Path, tmp_path: Path) -> None:
    bank = course_dir / "quizzes/01-alpha.yml"
    text = bank.read_text(encoding="utf-8").replace(
        "What comes **first** in market selection?", "What comes **first** in market selection? ![The funnel](funnel.svg)"
    )
    bank.write_text(text, encoding="utf-8")
    xml_out = tmp_path / "q.xml"
    result = run_course(course_dir, "export", "--format", "moodle-xml", "-o", str(xml_out))
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(xml_out).getroot()
    q = next(q for q in root.iter("question") if q.findtext("name/text") == "alp-first")
    assert '<img alt="The funnel" src="@@PLUGINFILE@@/funnel.svg"' in (q.findtext("questiontext/text") or "")
    file = q.find("questiontext/file")
    assert file is not None and file.get("name") == "funnel.svg" and file.get("encoding") == "base64"
    import base64

    assert base64.b64decode(file.text or "") == (course_dir / "modules/01-alpha/funnel.svg").read_bytes()
    result = run_course(course_dir, "export", "--format", "gift", "-o", str(tmp_path / "q.txt"))
    assert result.returncode == 1 and not (tmp_path / "q.txt").exists()
    assert "quizzes/01-alpha.yml:3: error: item 'alp-first' shows an image, and GIFT cannot carry files" in result.stdout
    assert "Traceback" not in result.stderr
    bank.write_text(text.replace("(funnel.svg)", "(missing.png)"), encoding="utf-8")
    result = run_course(course_dir, "export", "--format", "moodle-xml", "-o", str(xml_out))
    assert result.returncode == 1
    # `course validate` (which the export runs first) finds it, at the line of the image
    assert (
        "quizzes/01-alpha.yml:9: error: item 'alp-first', the stem: the image 'missing.png' was not found in modules/01-alpha/"
        in result.stdout
    )


def test_export_errors_name_the_file_and_line(course_dir: Path, tmp_path: Path) -> None:
    result = run_course(course_dir, "export", "--format", "gift", "--module", "07-nope", "-o", str(tmp_path / "x"))
    assert result.returncode == 1 and "no published module '07-nope' in the course" in result.stdout and "course.yml:" in result.stdout
    bank = course_dir / "quizzes/01-alpha.yml"
    bank.write_text(bank.read_text().replace("    skill: recall", "    skil: recall"))
    result = run_course(course_dir, "export", "--format", "moodle-xml", "-o", str(tmp_path / "x"))
    assert result.returncode == 1 and "quizzes/01-alpha.yml:6: error: unknown key 'skil'" in result.stdout
    assert "Traceback" not in result.stderr and not (tmp_path / "x").exists()


def test_multiple_answer_fractions_are_moodle_values() -> None:
    from coursekit.model.quiz import Option

    def item(right: int, wrong: int) -> Item:
        opts = tuple(Option(f"o{n}", n < right, "fb", n) for n in range(right + wrong))
        return Item("x", "multiple", "s", opts, "o", 1, "b", Path("b.yml"))

    assert bank_select.option_fractions(item(3, 2)) == [0.3333333] * 3 + [-0.5] * 2
    assert bank_select.option_fractions(item(2, 3)) == [0.5, 0.5, -0.3333333, -0.3333333, -0.3333333]
    assert bank_select.option_fractions(item(1, 6)) == [1.0] + [-0.1666667] * 6
    assert isinstance(bank_select.option_fractions(item(11, 1)), str)
    assert [bank_select.percent(f) for f in (1.0, -0.3333333, 0.1428571, 0.0)] == ["100", "-33.33333", "14.28571", "0"]


def test_mastery_must_be_a_percentage(course_dir: Path, tmp_path: Path) -> None:
    replace_in(course_dir / "course.yml", "title: Fixture course\n", "title: Fixture course\nmastery: 150\n")
    result = run_course(course_dir, "export", "--format", "scorm12", "-o", str(tmp_path / "x.zip"))
    assert result.returncode == 1 and "course.yml:3: error: mastery must be a percentage from 1 to 100, not 150" in result.stdout
    assert "Traceback" not in result.stderr and not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize("fmt", ["scorm2004", "gift"])
def test_every_export_names_an_unknown_or_draft_module(course_dir: Path, tmp_path: Path, fmt: str) -> None:
    """The question-bank and SCORM exports choose modules alike (Course.export_modules): never a draft."""
    for module in ("07-nope", "02-beta"):
        result = run_course(course_dir, "export", "--format", fmt, "--module", module, "-o", str(tmp_path / "x.zip"))
        assert result.returncode == 1, result.stderr
        assert f"course.yml:3: error: no published module '{module}' in the course; choose one of: 01-alpha" in result.stdout
        assert "Traceback" not in result.stderr


def test_exports_use_the_sites_fixed_option_order(tmp_path: Path) -> None:
    """An LMS that does not shuffle (or an item with `shuffle: false`) shows the options in the order
    of the page without JavaScript, so the correct option is not always first in an export either."""
    from moodle_xml_parser.parser import parse_file

    from coursekit.model.quiz import display_order

    project = open_project(ROOT)
    by_id = {item.id: item for bank in project.banks for item in bank.items}
    out = tmp_path / "q.xml"
    result = run_course(ROOT, "export", "--format", "moodle-xml", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    first_correct = 0
    singles = 0
    for q in parse_file(str(out))["multichoice"]:
        item = by_id[q.name]
        assert [plain(o.answer) for o in q.options] == [moodle_text(o.text, True) for o in display_order(item)], item.id
        if item.type == "single":
            singles += 1
            first_correct += q.options[0].score_fraction > 0
    assert singles and first_correct / singles < 0.5, (first_correct, singles)


def test_a_slash_in_a_module_title_stays_inside_its_moodle_category(course_dir: Path, tmp_path: Path) -> None:
    """Moodle splits a category path at '/', so a '/' in a title is written '//': otherwise
    'Alpha / beta' would become two nested categories on import."""
    replace_in(course_dir / "modules/01-alpha/index.md", "title: Alpha basics", "title: Alpha / beta basics")
    out = tmp_path / "q.xml"
    result = run_course(course_dir, "export", "--format", "moodle-xml", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(out).getroot()
    paths = [c.findtext("category/text") or "" for c in root.iter("question") if c.get("type") == "category"]
    levels = [[part.replace("//", "/") for part in re.split(r"(?<!/)/(?!/)", path)] for path in paths]
    assert [names[-1] for names in levels] == ["01 Alpha / beta basics"]
    assert all(names[:2] == ["$course$", "top"] and len(names) == 4 for names in levels)
