"""The course in several languages (issue 19): the status report, the per-language build, the PO
round trip and the validation of translations, on the fixture course with its Spanish overlay."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE, make_course, replace_in, run_course

TRANSLATIONS = FIXTURE.parent / "translations"  # docs/index.es.md, modules/01-alpha/index.es.md, its bank, run sheet, glossary
LANGUAGES = "languages: [en, es, ca, fr]"
ENGLISH_EDIT = ("An SME saves time when", "An SME saves much time when")  # one paragraph, one word


def multilingual_course(dest: Path) -> Path:
    """The fixture course declaring four languages, with its Spanish translations."""
    course = make_course(dest)
    shutil.copytree(TRANSLATIONS, course, dirs_exist_ok=True)
    replace_in(course / "course.yml", "title: Fixture course", f"title: Fixture course\ndescription: A course for the tests.\n{LANGUAGES}")
    return course


def git(course: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(course), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def with_outdated_translation(course: Path) -> Path:
    """``course`` in a git repository: English committed, then the translations recording that
    commit, then one English paragraph edited (one word added) and committed."""
    git(course, "init", "-q")
    git(course, "add", "-A")
    git(course, "commit", "-qm", "English")
    english = git(course, "rev-parse", "HEAD")
    for path in TRANSLATIONS.rglob("*.*"):
        target = course / path.relative_to(TRANSLATIONS)
        target.write_text(
            re.sub(r"(?m)^source_commit: .*$", f"source_commit: {english}", target.read_text(encoding="utf-8")), encoding="utf-8"
        )
    git(course, "commit", "-qam", "Spanish, translated from the English commit")
    replace_in(course / "modules/01-alpha/index.md", *ENGLISH_EDIT)
    git(course, "commit", "-qam", "English: one paragraph edited")
    return course


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return with_outdated_translation(multilingual_course(tmp_path / "course"))


def rows(course: Path, *args: str) -> dict[tuple[str, str], dict[str, object]]:
    result = run_course(course, "translations", "--json", *args)
    assert result.returncode == 0, result.stderr
    return {(r["page"], r["lang"]): r for r in json.loads(result.stdout)}


def test_an_english_edit_makes_the_translation_outdated_in_the_report_and_on_the_page(repo: Path) -> None:
    report = rows(repo, "--lang", "es")
    assert {lang for _, lang in report} == {"es"}
    assert report[("modules/01-alpha/index.md", "es")] == {
        "page": "modules/01-alpha/index.md",
        "lang": "es",
        "state": "outdated",
        "commits_behind": 1,
        "paragraphs_changed": 1,
        "words_changed": 1,
    }
    assert report[("docs/index.md", "es")]["state"] == "current"
    assert report[("quizzes/01-alpha.yml", "es")]["state"] == "current"
    assert report[("docs/glossary.md", "es")]["state"] == "missing"
    assert rows(repo)[("docs/index.md", "fr")]["state"] == "missing"  # every language without --lang
    table = run_course(repo, "translations")
    assert re.search(r"modules/01-alpha/index\.md\s+es\s+outdated\s+1\s+1\s+1", table.stdout), table.stdout

    result = run_course(repo, "build", "--lang", "es")
    assert result.returncode == 0, result.stderr
    page = (repo / "site/es/modules/01-alpha/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div [^>]*data-cq-translation="outdated"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert notice is not None
    assert "1 párrafo de la página en inglés" in notice.group(1)
    assert 'href="../../../modules/01-alpha/" hreflang="en"' in notice.group(1)
    assert "ahorra tiempo cuando descarta" in page  # the translation is shown, with its notice
    assert not (repo / "site/ca").exists()  # --lang es: English and Spanish only
    # Not a failure of `validate --strict` unless course.yml asks for it.
    assert run_course(repo, "validate", "--strict").returncode == 0
    replace_in(repo / "course.yml", LANGUAGES, LANGUAGES + "\ntranslations: {strict_outdated: true}")
    strict = run_course(repo, "validate", "--strict")
    assert strict.returncode == 1
    assert "modules/01-alpha/index.es.md:1: warning: the translation is outdated: 1 paragraph" in strict.stdout


FUNNEL = "modules/01-alpha/funnel.svg"


def test_a_localised_image_is_served_in_its_language_and_reported_like_a_page(repo: Path) -> None:
    english_commit = git(repo, "log", "-1", "--format=%H", "--", FUNNEL)
    english = (repo / FUNNEL).read_text(encoding="utf-8")
    spanish = english.replace("<title>Funnel</title>", f"<!-- source_commit: {english_commit} --><title>Embudo</title>")
    (repo / "modules/01-alpha/funnel.es.svg").write_text(
        spanish.replace("Many markets narrow to one.", "Muchos mercados se reducen a uno.")
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Spanish diagram")
    report = rows(repo)
    assert report[(FUNNEL, "es")] == {
        "page": FUNNEL,
        "lang": "es",
        "state": "current",
        "commits_behind": 0,
        "paragraphs_changed": 0,
        "words_changed": 0,
    }
    assert report[(FUNNEL, "ca")]["state"] == "missing"
    # One English label edited and committed: the Spanish diagram is one label (one word) behind.
    replace_in(repo / FUNNEL, "<title>Funnel</title>", "<title>Funnels</title>")
    git(repo, "commit", "-qam", "English diagram: title edited")
    assert rows(repo, "--lang", "es")[(FUNNEL, "es")] == {
        "page": FUNNEL,
        "lang": "es",
        "state": "outdated",
        "commits_behind": 1,
        "paragraphs_changed": 1,
        "words_changed": 1,
    }

    result = run_course(repo, "build", "--lang", "es")
    assert result.returncode == 0, result.stderr
    site = repo / "site"
    assert "<title>Embudo</title>" in (site / "es" / FUNNEL).read_text(encoding="utf-8")  # at the English image's address
    assert "<title>Funnels</title>" in (site / FUNNEL).read_text(encoding="utf-8")
    assert 'src="funnel.svg"' in html_of(site, "es/modules/01-alpha")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("funnel*")) == [f"es/{FUNNEL}", FUNNEL]  # no stray copy


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = multilingual_course(tmp_path_factory.mktemp("languages") / "course")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return course / "site"


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_language_is_built_under_its_folder_with_the_same_paths(site: Path) -> None:
    for lang in ("es", "ca", "fr"):
        assert (site / lang / "modules/01-alpha/index.html").is_file()
        assert re.search(rf'<html [^>]*lang="{lang}"', html_of(site, f"{lang}/modules/01-alpha"))
    assert re.search(r'<html [^>]*lang="en"', html_of(site, "modules/01-alpha"))
    spanish = html_of(site, "es/modules/01-alpha")
    assert "Nociones básicas de alfa" in spanish and "¿Qué va <strong>primero</strong>" in spanish  # page and bank
    assert "data-cq-translation" not in spanish  # current: no notice
    assert 'id="the-rule"' in spanish  # the English anchor, kept


def test_each_language_site_carries_the_interface_strings_its_pages_read(site: Path) -> None:
    """Every page of a language's site has that <html lang>: its site holds that language's strings and
    English (i18n.js falls back to it), not every language's (each site wrote all four before). The
    root holds all four: every language's 404 page reads the root's assets (MkDocs gives it absolute
    addresses), and /es/404.html failed to load its Spanish strings."""
    assert sorted(p.name for p in (site / "assets/messages").glob("*.json")) == ["ca.json", "en.json", "es.json", "fr.json"]
    for lang in ("es", "ca", "fr"):
        assert sorted(p.name for p in (site / lang / "assets/messages").glob("*.json")) == sorted(["en.json", f"{lang}.json"])
    spanish = json.loads((site / "es/assets/messages/es.json").read_text(encoding="utf-8"))
    assert spanish["quiz.check"] == "Comprobar la respuesta"


def test_every_page_links_to_itself_in_the_other_languages(site: Path) -> None:
    page = html_of(site, "es/modules/01-alpha")
    links = {m.group(2): m.group(1) for m in re.finditer(r'<link rel=" alternate" href="([^"]*)" hreflang="([^"]*)">', page)}
    assert links == {
        "ca": "../../../ca/modules/01-alpha/",
        "fr": "../../../fr/modules/01-alpha/",
        "en": "../../../modules/01-alpha/",
        "x-default": "../../../modules/01-alpha/",
    }
    switcher = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" lang="[a-z]+" class="md-select__link"', page)
    assert ("../../../fr/modules/01-alpha/", "fr") in switcher and ("../../../modules/01-alpha/", "en") in switcher
    english = html_of(site, "")
    assert '<link rel=" alternate" href="es/" hreflang="es">' in english


def nav_parts(page: str) -> list[str]:
    """The titles of the navigation's parts on a built page (its tabs)."""
    return re.findall(r'class="md-tabs__link[^"]*">\s*([^<]*?)\s*</a>', page)


def test_the_course_title_description_and_nav_parts_are_in_the_sites_language(site: Path) -> None:
    spanish, english, french = html_of(site, "es/modules/01-alpha"), html_of(site, "modules/01-alpha"), html_of(site, "fr/modules/01-alpha")
    assert {"Empezar", "Módulos", "Recursos"} <= set(nav_parts(spanish)), nav_parts(spanish)
    assert "Start" not in nav_parts(spanish) and "Resources" not in nav_parts(spanish)
    assert {"Start", "Modules", "Resources"} <= set(nav_parts(english))
    assert {"Start", "Modules", "Resources"} <= set(nav_parts(french))  # no course.fr.yml: English
    assert '<meta name="description" content="Un curso para las pruebas.">' in spanish
    assert '<meta name="description" content="A course for the tests.">' in english
    assert re.search(r'<span class="md-ellipsis">\s*Curso de prueba\s*</span>', spanish)  # the header's title


def test_the_translated_course_yml_is_listed_and_checked(repo: Path) -> None:
    assert rows(repo, "--lang", "es")[("course.yml", "es")]["state"] == "current"
    assert rows(repo, "--lang", "fr")[("course.yml", "fr")]["state"] == "missing"
    replace_in(repo / "course.es.yml", "  Resources: Recursos", "  Resource: Recursos")
    replace_in(repo / "course.es.yml", "title: Curso de prueba", "titel: Curso de prueba")
    result = run_course(repo, "validate")
    assert result.returncode == 1
    assert (
        "course.es.yml:8: error: nav part 'Resource' is not a part of course.yml's nav; key each title by its English title"
        in result.stdout
    )
    assert "course.es.yml:3: error: unknown key 'titel' in course.es.yml (did you mean 'title'?)" in result.stdout, result.stdout


def test_an_untranslated_page_falls_back_to_english_with_a_notice_in_the_readers_language(site: Path) -> None:
    page = html_of(site, "fr/glossary")
    assert re.search(r'<html [^>]*lang="fr"', page)  # the page chrome: French
    notice = re.search(r'data-cq-translation="missing"[^>]*><p>([^<]*)<a href="([^"]*)"', page)
    assert notice is not None
    assert notice.group(1).startswith("Cette page n’est pas encore traduite") and notice.group(2) == "../../glossary/"
    assert re.search(r'<div lang="en" data-cq-fallback="en">\s*<h1', page)  # the content: English
    assert '<html data-cq-lang-dir="fr/"' in page  # the learner's storage is shared (docs/assets/store.js)


def test_each_language_has_its_own_search_index_without_fallback_pages(site: Path) -> None:
    def index(lang: str) -> tuple[list[str], set[str]]:
        data = json.loads((site / lang / "search/search_index.json").read_text(encoding="utf-8"))
        return data["config"]["lang"], {d["location"].split("#")[0] for d in data["docs"]}

    en_lang, en_pages = index("")
    es_lang, es_pages = index("es")
    assert en_lang == ["en"] and es_lang == ["es"]  # Spanish stemming
    assert "glossary/" in en_pages and "glossary/" not in es_pages  # a fallback page: only in the English index
    assert {"", "modules/01-alpha/"} <= es_pages
    assert index("fr")[1] == set()  # nothing translated into French in the fixture


def test_build_of_one_language_only(tmp_path: Path) -> None:
    course = multilingual_course(tmp_path / "course")
    result = run_course(course, "build", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert not (course / "site/es").exists()
    assert "hreflang" not in html_of(course / "site", "")  # no other language built: no links to it
    wrong = run_course(course, "build", "--lang", "de")
    assert wrong.returncode == 2
    assert "--lang de: not a language of this course; course.yml declares: en, es, ca, fr" in wrong.stderr


def test_po_round_trip_marks_changed_english_fuzzy_and_brings_the_translation_back(repo: Path) -> None:
    result = run_course(repo, "translations", "export", "--format", "po", "--lang", "es")
    assert result.returncode == 0, result.stderr
    po = (repo / "translations/es/modules/01-alpha/index.po").read_text(encoding="utf-8")
    entry = re.search(r'#, fuzzy\n#\| msgid "An SME saves time when[^\n]*\nmsgctxt [^\n]*\nmsgid "An SME saves much time when', po)
    assert entry is not None, po
    assert 'msgid "Alpha basics"\nmsgstr "Nociones básicas de alfa"' in po
    assert (repo / "translations/es/docs/glossary.po").is_file()  # an untranslated page too, with empty msgstr
    # The translator revises the fuzzy entry and clears its flag; import writes the page back.
    po = re.sub(r"#, fuzzy\n#\| msgid [^\n]*\n", "", po).replace("Una pyme ahorra tiempo", "Una pyme ahorra mucho tiempo")
    (repo / "translations/es/modules/01-alpha/index.po").write_text(po, encoding="utf-8")
    result = run_course(repo, "translations", "import", "--lang", "es", str(repo / "translations/es/modules/01-alpha/index.po"))
    assert result.returncode == 0, result.stderr
    page = (repo / "modules/01-alpha/index.es.md").read_text(encoding="utf-8")
    assert "Una pyme ahorra mucho tiempo" in page and "title: Nociones básicas de alfa" in page
    assert f"source_commit: {git(repo, 'log', '-1', '--format=%H', '--', 'modules/01-alpha/index.md')}" in page
    assert rows(repo, "--lang", "es")[("modules/01-alpha/index.md", "es")]["state"] == "current"
    assert run_course(repo, "validate").returncode == 0


def test_a_translation_must_keep_the_english_ids_and_anchors(tmp_path: Path) -> None:
    course = multilingual_course(tmp_path / "course")
    replace_in(course / "quizzes/01-alpha.es.yml", "id: alp-tf", "id: alp-vf")
    replace_in(course / "modules/01-alpha/index.es.md", "## La regla {#the-rule}", "## La regla")
    replace_in(course / "modules/01-alpha/index.es.md", "id: explain-rule", "id: explicar-regla")
    result = run_course(course, "validate")
    assert result.returncode == 1
    out = result.stdout
    assert "quizzes/01-alpha.es.yml:1: error: the bank must hold the English items, with their ids, in the English order" in out
    assert "modules/01-alpha/index.es.md: error: the heading 'The rule' (#the-rule) of the English page has no heading" in out
    assert "modules/01-alpha/index.es.md:1: error: the objectives must keep the English ids" in out
    assert "quizzes/01-alpha.es.yml" not in run_course(multilingual_course(tmp_path / "ok"), "validate").stdout


def test_export_of_the_spanish_banks(tmp_path: Path) -> None:
    course = multilingual_course(tmp_path / "course")
    result = run_course(course, "export", "--format", "gift", "--lang", "es")
    assert result.returncode == 0, result.stderr
    gift = (course / "exports/questions-gift.es.txt").read_text(encoding="utf-8")
    assert "¿Qué va <strong>primero</strong> en la selección de mercados?" in gift and "[id:alp-first]" in gift
    assert "What comes" not in gift
    wrong = run_course(course, "export", "--format", "gift", "--lang", "de")
    assert wrong.returncode == 2 and "--lang de: not a language of this course" in wrong.stderr


def test_moodle_xml_carries_every_language_in_multilang_spans(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    course = multilingual_course(tmp_path / "course")
    result = run_course(course, "export", "--format", "moodle-xml")
    assert result.returncode == 0, result.stderr
    quiz = ET.parse(course / "exports/questions-moodle.xml").getroot()
    first = next(q for q in quiz.iter("question") if q.findtext("name/text") == "alp-first")
    assert first.findtext("questiontext/text") == (
        '<span lang="en" class="multilang"><p>What comes <strong>first</strong> in market selection?</p></span>'
        '<span lang="es" class="multilang"><p>¿Qué va <strong>primero</strong> en la selección de mercados?</p></span>'
    )
    answers = [a.findtext("text") for a in first.iter("answer")]
    assert (
        '<span lang="en" class="multilang">Knock-out rules</span><span lang="es" class="multilang">Las reglas eliminatorias</span>'
        in answers
    )
    assert '<span lang="en" class="multilang">Trade fairs</span><span lang="es" class="multilang">Las ferias comerciales</span>' in answers


NEW_ITEM = """  - id: alp-new
    type: single
    objective: pick-market
    skill: recall
    stem: Which new question did the English bank gain?
    options:
      - text: This one
        correct: true
        feedback: "Yes."
      - text: Another one
        feedback: "No."
"""


def test_an_item_added_in_english_shows_in_english_on_the_translated_site_until_translated(repo: Path) -> None:
    """An English edit never waits for the translators: the Spanish bank is then outdated, validation
    still passes, and the Spanish page shows the new item (in English) beside the translated ones."""
    bank = repo / "quizzes/01-alpha.yml"
    bank.write_text(bank.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_ITEM, encoding="utf-8")
    git(repo, "commit", "-qam", "English: a new question")
    assert rows(repo, "--lang", "es")[("quizzes/01-alpha.yml", "es")]["state"] == "outdated"
    result = run_course(repo, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "01-alpha.es.yml" not in result.stdout
    assert run_course(repo, "build", "--lang", "es").returncode == 0
    page = (repo / "site/es/modules/01-alpha/index.html").read_text(encoding="utf-8")
    assert "¿Qué va <strong>primero</strong> en la selección de mercados?" in page
    assert "Which new question did the English bank gain?" in page
    assert page.index("selección de mercados") < page.index("Which new question")  # in the English order


def test_the_header_and_footer_speak_the_page_language(tmp_path: Path) -> None:
    """The palette switch's names (aria-label and title) come from the message catalogue and the
    footer line from course.yml's ``copyright`` (course.es.yml's on the Spanish site): no English
    is left in the theme's header or footer of a translated page, and none of Material's own
    English "Made with" line."""
    course = multilingual_course(tmp_path / "course")
    result = run_course(course, "build", "--lang", "en,es")
    assert result.returncode == 0, result.stderr
    for lang, names, footer in [
        ("", ["Switch to light mode", "Switch to dark mode", "Switch to system preference"], "Course text CC BY 4.0."),
        (
            "es/",
            ["Cambiar al modo claro", "Cambiar al modo oscuro", "Cambiar a la preferencia del sistema"],
            "Texto del curso con licencia CC BY 4.0.",
        ),
    ]:
        page = (course / "site" / lang / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<input class="md-option"[^>]*aria-label="([^"]*)"', page) == names
        copyright = re.search(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', page, re.DOTALL)
        assert copyright and copyright.group(1) == footer
        assert "Made with" not in page


def test_the_trainer_notes_and_the_course_book_are_in_the_sites_language(site: Path) -> None:
    """A Spanish trainer reads the module's Spanish trainer notes and model answers, and the Spanish
    course book (the page `course pdf --lang es` prints) holds the Spanish module text; a module not
    translated into French prints in English, marked as English."""
    notes = html_of(site, "es/modules/01-alpha/trainer-notes")
    assert "Pida al grupo una regla eliminatoria." in notes and "El mercado A." in notes
    assert "Ask the group" not in notes
    book = html_of(site, "es/modules/print")
    assert "Elija un mercado." in book and "Pida al grupo una regla eliminatoria." in book
    assert "Pick one market" not in book and "Ask the group" not in book
    french = html_of(site, "fr/modules/print")
    english_part = re.search(r'<div class="cq-print-module"[^>]*lang="en"', french)
    assert english_part, "the untranslated module is marked as English in the French book"


def test_the_spanish_run_sheets_name_each_exercise_in_spanish() -> None:
    """A run sheet links an exercise by its English anchor (index.md#exercise-...); the Spanish
    exercise keeps that anchor through `attrs: {id: ...}`, so the Spanish run sheet names it in
    Spanish (it found none: the anchor was worked out from the Spanish title)."""
    from conftest import ROOT

    from coursekit.app import open_project
    from coursekit.render.trainer import section_titles
    from coursekit.translation.localize import localized

    spanish = localized(open_project(ROOT), "es")
    linked = 0
    for module in spanish.course.modules:
        session = spanish.sessions.get(module.slug)
        titles = section_titles(module, spanish)
        for material in [m for segment in (session.segments if session else []) for m in segment.materials]:
            if material.startswith("index.md#exercise-"):
                linked += 1
                assert titles.get(material, "").startswith("Ejercicio: "), (module.slug, material, titles.get(material))
    assert linked >= 10


def test_the_navigation_marks_the_titles_it_shows_in_english_on_a_translated_site(site: Path) -> None:
    """WCAG 2.1, 3.1.2 Language of Parts: on the French site (nothing translated) the navigation's and
    the footer's title of module 1 is English and says so; on the Spanish site it is Spanish and not
    marked; the heading of the contents list is the theme's word in the page's language, never marked."""
    english_title = re.compile(r'class="md-ellipsis" lang="en">\s*1\. Alpha basics\s*<')
    french = html_of(site, "fr/modules/01-alpha")
    assert english_title.search(french), "the French site's title of module 1 (shown in English) is marked"
    assert re.search(r'<label class="md-nav__title" for="__nav_2_1" lang="en">', french)
    spanish = html_of(site, "es/modules/01-alpha")
    assert re.search(r'class="md-ellipsis">\s*1\. Nociones básicas de alfa\s*<', spanish)
    assert not re.search(r'lang="en">\s*1\. (Alpha|Nociones)', spanish)
    for page in (french, html_of(site, "fr/glossary")):
        assert not re.search(r'<label class="md-nav__title" for="__toc" lang="en"', page), "'Table des matières' is French"
