"""The validator's source rules (issue 14): copy sites and mirrors are errors; journal articles
in a Sources list without a DOI are warnings. Each case names the file, the line and the message
an editor sees from `course validate`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, replace_in, run_course

from coursekit.app import validate
from coursekit.model.diagnostics import Diagnostic
from coursekit.rules.rules_sources import blocked_site as blocked_in
from coursekit.rules.rules_sources import load_blocked

PAGE = "modules/01-alpha/index.md"
BANK = "quizzes/01-alpha.yml"
GLOSSARY = "docs/glossary.yml"
ECCP = "<https://clustercollaboration.eu/cluster-definitions>"
SOURCES_ENTRY = "- ECCP definitions: <https://clustercollaboration.eu/cluster-definitions>\n"


BLOCKED_SITES, PROBLEMS = load_blocked(ROOT)  # the course's list (blocked-sites.yml), read as validate reads it


def blocked_site(url: str) -> object:
    return blocked_in(url, BLOCKED_SITES)


def found(root: Path, rule: str) -> list[Diagnostic]:
    return [d for d in validate(root)[2].sorted() if d.rule == rule]


# (file, text to replace, replacement, expected line, words in the message)
COPY_CASES = {
    "scribd-in-a-module-page": (
        PAGE,
        ECCP,
        "<https://www.scribd.com/document/425954767/Wach-Chapter-7>",
        54,
        "points to scribd.com, a site of unofficial copies; cite the published work with its DOI or the publisher's page, or cite it without a link",
    ),
    "markdown-link-to-fdocuments": (
        PAGE,
        ECCP,
        "[the Smart Guide](https://fdocuments.us/document/european-observatory.html)",
        54,
        "points to fdocuments, a site of unofficial copies",
    ),
    "mirror-in-the-glossary": (
        GLOSSARY,
        "https://clustercollaboration.eu/cluster-definitions",
        "https://impr-0001-1260-partners.eccp.hosted-temp.com/cluster-definitions",
        7,
        "points to hosted-temp.com, a temporary mirror or archive copy; link the original page (ECCP pages at clustercollaboration.eu)",
    ),
    "web-archive-copy-in-a-page": (
        PAGE,
        ECCP,
        "<https://web.archive.org./web/20200528090815/https://datacatalog.worldbank.org/public-licenses>",
        54,
        "points to web.archive.org, a temporary mirror or archive copy",
    ),
    "essay-site-in-quiz-feedback": (
        BANK,
        'feedback: "No: they are expensive and come last."',
        'feedback: "No: see https://pointerwriters.com/market-selection-essay/ for why."',
        15,
        "points to pointerwriters.com, an essay or homework site, which is never a source",
    ),
    "slides-re-upload-in-a-notebook": (
        "modules/01-alpha/scoring.ipynb",
        None,
        "https://www.slideshare.net/slideshow/20140918-internationalisation-clustersmzk/39320867",
        0,
        "points to slideshare.net, a site of unofficial copies",
    ),
}


@pytest.mark.parametrize("case", COPY_CASES, ids=list(COPY_CASES))
def test_links_to_copy_sites_are_errors_at_their_line(course_dir: Path, case: str) -> None:
    file, old, new, line, words = COPY_CASES[case]
    path = course_dir / file
    if old is None:  # a notebook: put the link in the first Markdown cell's text
        import json

        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        cell["source"] = ["See ", new, "\n"] if isinstance(cell["source"], list) else f"See {new}\n"
        path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
        line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new in text)
    else:
        replace_in(path, old, new)
    errors = found(course_dir, "source-copy-site")
    assert [(d.path, d.line, d.severity) for d in errors] == [(file, line, "error")], errors
    assert words in errors[0].message


def test_a_copy_site_link_fails_validate_with_a_clear_message(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, ECCP, "<https://studylib.net/doc/8959865/assignment-1>")
    result = run_course(course_dir, "validate")
    assert result.returncode != 0
    assert f"{PAGE}:54: error: the link 'https://studylib.net/doc/8959865/assignment-1' points to studylib" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_link_shown_in_a_code_block_is_not_a_citation(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, SOURCES_ENTRY, SOURCES_ENTRY + "\n```text\nhttps://www.scribd.com/document/1/example\n```\n")
    assert found(course_dir, "source-copy-site") == []


@pytest.mark.parametrize(
    "url",
    [
        "https://2.zoppoz.workers.dev/https/www.scribd.com/document/846179444/Giz2021-en-Cluster-Development-Guide",
        "https://issuu.com./boessoi/docs/2_cluster_internationalisation",
        "https://kupdf.net/download/some-paper",
        "https://dokumen.tips/documents/x.html",
        "https://docslib.org/doc/1209084/an-analysis-model",
        "https://paperzz.com/doc/8063567/forthcoming",
        "https://studymode.com/essays/Hrmanagement-43117945.html",
        "http://www.readbag.com/amsreview-articles-hansen08-1999",
        "https://paperexplained.cn/articles/paper/detail/1620285ad6ae1ef1f26ab3b4211046771dc9176e",
    ],
)
def test_known_copy_sites_and_proxies_are_recognised(url: str) -> None:
    assert blocked_site(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://clustercollaboration.eu/content/eccp-news-flash",
        "https://doi.org/10.1057/jibs.2009.24",
        "https://ir.library.carleton.ca/pub/22252",
        "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
        "https://notscribd.com/document/1",  # a look-alike name is not the site
    ],
)
def test_official_and_publisher_pages_are_not_blocked(url: str) -> None:
    assert blocked_site(url) is None


def test_the_blocked_list_is_documented_for_editors() -> None:
    assert PROBLEMS == [] and len(BLOCKED_SITES) >= 20
    guide = (ROOT / "docs" / "editor-guide.md").read_text(encoding="utf-8")
    for site in BLOCKED_SITES:
        assert site.name in guide, f"{site.name} is blocked but not listed in docs/editor-guide.md"


ARTICLE = '- Spence, M. and Crick, D. (2004), "Acquiring relevant knowledge for foreign market entry", *Strategic Change* 13(5): 283–292'


def test_a_journal_article_without_a_doi_is_a_warning_at_its_line(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, SOURCES_ENTRY, SOURCES_ENTRY + ARTICLE + "\n")
    warnings = found(course_dir, "source-doi")
    assert [(d.path, d.line, d.severity) for d in warnings] == [(PAGE, 55, "warning")]
    assert warnings[0].message.startswith(
        "the Sources entry 'Spence, M. and Crick, D. (2004), \"Acqui…' looks like a journal article but has no DOI"
    )
    assert "or write '(no DOI)' if the article has none" in warnings[0].message
    result = run_course(course_dir, "validate")
    assert result.returncode == 0, "a warning does not fail validate"
    assert f"{PAGE}:55: warning: the Sources entry" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "entry",
    [
        '- Sheng, S. Y. and Mullen, M. R. (2011), "A hybrid model", *International Marketing Review* 28(2): 163–182',
        '- Kumar, V. (1993), "An interactive multicriteria approach", Journal of International Marketing 2, 29-52',
        '- Hansen, K. (1999), "Trade show performance", *Academy of Marketing Science Review* 1999: 1–14',
    ],
)
def test_journal_patterns_are_recognised(course_dir: Path, entry: str) -> None:
    replace_in(course_dir / PAGE, SOURCES_ENTRY, SOURCES_ENTRY + entry + "\n")
    assert [d.line for d in found(course_dir, "source-doi")] == [55]


@pytest.mark.parametrize(
    "entry",
    [
        ARTICLE + ", doi:[10.1002/jsc.692](https://doi.org/10.1002/jsc.692)",
        ARTICLE + " (no DOI)",
        "- Regulation (EU) 2016/679 (General Data Protection Regulation), Official Journal L 119, 4.5.2016, p. 1: <https://eur-lex.europa.eu/eli/reg/2016/679/oj>",
        "- Sölvell, Ö., Lindqvist, G. and Ketels, C. (2003), *The Cluster Initiative Greenbook*, Stockholm: Ivory Tower",
        '- EISMEA (9 August 2021), "COSME supporting EU clusters": <https://eismea.ec.europa.eu/news/cosme-supporting-eu-clusters-2014-2021-08-09_en>',
    ],
    ids=["with-doi", "marked-no-doi", "official-journal", "book", "web-page"],
)
def test_entries_with_a_doi_or_not_articles_pass(course_dir: Path, entry: str) -> None:
    replace_in(course_dir / PAGE, SOURCES_ENTRY, SOURCES_ENTRY + entry + "\n")
    assert found(course_dir, "source-doi") == []


def test_journal_titles_outside_sources_are_not_checked(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, "## Sources\n", ARTICLE[2:] + " is worth reading.\n\n## Sources\n")
    assert found(course_dir, "source-doi") == []


def test_the_real_course_links_no_copy_site_or_mirror() -> None:
    errors = [d.format() for d in validate(ROOT)[2].sorted() if d.rule == "source-copy-site"]
    assert errors == []


def test_the_blocked_list_is_course_data_and_a_bad_entry_is_named(course_dir: Path) -> None:
    """The list is the course's blocked-sites.yml: a site added there is refused, a bad entry is an
    error at its line with the fix, and the good entries still count."""
    listed = course_dir / "blocked-sites.yml"
    listed.write_text("copy:\n  - example-copies.org\n  - https://www.badmirror.net/page\nmirrors:\n  - other.org\n", encoding="utf-8")
    replace_in(course_dir / PAGE, ECCP, "<https://www.example-copies.org/doc/1>")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    out = result.stdout
    assert (
        f"{PAGE}:54: error: the link 'https://www.example-copies.org/doc/1' points to example-copies.org, a site of unofficial copies"
        in out
    )
    assert "blocked-sites.yml:3: error: 'https://www.badmirror.net/page' is not a host name; write the host only: www.badmirror.net" in out
    assert "blocked-sites.yml:4: error: unknown kind 'mirrors' (did you mean 'mirror'?); use one of: copy, mirror, essay" in out
    assert "Traceback" not in out + result.stderr
    listed.unlink()  # a course without the file blocks nothing
    assert found(course_dir, "source-copy-site") == []
