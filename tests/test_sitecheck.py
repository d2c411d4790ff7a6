"""`course links`: the built-site link check and the external-link report."""

from __future__ import annotations

from pathlib import Path

from conftest import run_course

from coursekit.outputs.sitecheck import check_site, format_report


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>")
    return tmp_path / "site"


def test_broken_links_anchors_and_resources_are_found(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "index.html": '<a href="a/">ok</a> <a href="a/#top">ok</a> <a href="a/#nope">bad anchor</a> '
            '<a href="missing/">bad</a> <img src="pic.png"> <a href="#here" id="here">self</a> '
            '<a href="../../etc/passwd">outside</a> <a href="mailto:x@example.org">mail</a>',
            "a/index.html": '<h1 id="top">A</h1><link rel="stylesheet" href="../style.css">',
        },
    )
    (root / "style.css").write_text("")
    report = check_site(root)
    assert sorted((p, u) for p, u, _ in report.broken) == [
        ("index.html", "../../etc/passwd"),
        ("index.html", "a/#nope"),
        ("index.html", "missing/"),
        ("index.html", "pic.png"),
    ]


def test_external_links_are_reported_and_http_fails(tmp_path: Path) -> None:
    root = site(tmp_path, {"index.html": '<a href="https://example.org/a">a</a> <a href="http://example.org/b">b</a>'})
    report = check_site(root)
    assert set(report.external) == {"https://example.org/a", "http://example.org/b"}
    assert report.insecure == ["http://example.org/b"] and not report.ok
    text = format_report(report)
    assert "External links with plain http (1); use https:" in text and "example.org" in text


def test_embeds_from_other_sites_are_listed_apart_from_links_and_fail(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "index.html": '<a href="https://example.org/read">a link</a> <img src="https://example.org/photo.jpg" alt="">'
            '<iframe src="https://video.example.org/embed/1"></iframe><script src="//analytics.example.org/a.js"></script>'
        },
    )
    report = check_site(root)
    assert set(report.external) == {"https://example.org/read"}
    assert set(report.embeds) == {"https://example.org/photo.jpg", "https://video.example.org/embed/1", "//analytics.example.org/a.js"}
    assert not report.ok
    text = format_report(report)
    embeds, links = text.split("Embeds that load from another website (3)")[1].split("External links: 1")
    assert "photo.jpg (on index.html)" in embeds and "https://example.org/read" not in embeds
    assert "https://example.org/read" in links and "photo.jpg" not in links


def test_course_links_command(course_dir: Path) -> None:
    missing = run_course(course_dir, "links")
    assert missing.returncode == 1 and "run `course build` first" in missing.stderr
    assert run_course(course_dir, "build").returncode == 0
    result = run_course(course_dir, "links")
    assert result.returncode == 0, result.stdout
    assert "clustercollaboration.eu" in result.stdout
    assert "Embeds that load from another website: none." in result.stdout
    (course_dir / "site/index.html").write_text('<a href="gone/">x</a>')
    broken = run_course(course_dir, "links")
    assert broken.returncode == 1 and "index.html: gone/ (no such file)" in broken.stdout
