"""The Content-Security-Policy of every page (issue 20, browser hardening): computed from the page's
final HTML, hashing exactly the inline scripts it runs; no page of the real site allows inline or
evaluated script, or any origin but its own. (The browser check is in test_csp_browser.)"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from coursekit.outputs import csp
from coursekit.render import theme_guard

PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>T</title>
<script>var a = 1;</script>
<script src="assets/x.js"></script>
<script type="module">import "./y.js";</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script type="application/json" data-cq-worksheet-data>{"name": "s"}</script>
<style media="print">@page { margin: 1cm; }</style>
</head><body>
<!-- <script>commented out</script> -->
<table><tr><td style="text-align: right;">1</td><td style='text-align: right;'>2</td></tr></table>
<script>var b = 2;</script>
</body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directive(policy: str, name: str) -> list[str]:
    found = [d.split()[1:] for d in policy.split(";") if d.split() and d.split()[0] == name]
    assert len(found) == 1, (name, policy)
    return found[0]


def test_the_policy_hashes_exactly_the_inline_scripts_the_page_runs() -> None:
    policy = csp.policy(PAGE)
    # Two classic inline scripts and one inline module run; a src script, the JSON data blocks and a
    # commented-out script do not, and are not hashed.
    assert sorted(directive(policy, "script-src")) == sorted(["'self'", sha("var a = 1;"), sha('import "./y.js";'), sha("var b = 2;")])
    # The style block by its hash; style attributes never (see test_table_alignment_...).
    assert directive(policy, "style-src") == ["'self'", sha("@page { margin: 1cm; }")]
    assert directive(policy, "object-src") == ["'none'"]
    for name in ("default-src", "connect-src", "font-src", "worker-src", "base-uri", "form-action"):
        assert directive(policy, name) == ["'self'"], name
    assert directive(policy, "img-src") == ["'self'", "data:"]


def test_a_changed_inline_script_changes_its_hash_and_the_page_declares_it_once() -> None:
    before = csp.with_policy(PAGE)
    after = csp.with_policy(before.replace("var a = 1;", "var a = 2;"))  # the policy is computed again
    assert sha("var a = 1;") in csp.declared(before)  # type: ignore[operator]
    assert sha("var a = 1;") not in csp.declared(after)  # type: ignore[operator]
    assert sha("var a = 2;") in csp.declared(after)  # type: ignore[operator]
    assert after.count('http-equiv="Content-Security-Policy"') == 1
    # As early as it can be: straight after <meta charset>, which must come first, and before any script.
    assert after.index('<meta charset="utf-8">') < after.index("Content-Security-Policy") < after.index("<title>")
    assert csp.with_policy(after) == after  # stable: a page written twice is the same page


def test_table_alignment_becomes_a_class_the_policy_allows() -> None:
    """Markdown tables align a column with a style attribute, which the policy blocks: the
    published page carries a class instead (course.css aligns it), and no inline style is left."""
    page = '<table><tr><th style="text-align: right;">Time</th><td style="text-align: center;">5</td><td>x</td></tr></table>'
    assert (
        csp.table_alignment(page)
        == '<table><tr><th class="cq-align-right">Time</th><td class="cq-align-center">5</td><td>x</td></tr></table>'
    )
    secured = csp.secure("<html><head></head><body>" + page + "</body></html>")
    assert csp.style_attributes(secured) == []
    assert csp.style_attributes(page) == ["text-align: center;", "text-align: right;"]
    css = (Path(__file__).resolve().parents[1] / "docs" / "assets" / "course.css").read_text(encoding="utf-8")
    for side in ("left", "center", "right"):
        assert f".cq-align-{side} {{ text-align: {side}; }}" in css


def test_a_page_without_inline_script_or_style_allows_only_its_own_files() -> None:
    policy = csp.policy("<html><head></head><body><p>Text</p></body></html>")
    assert directive(policy, "script-src") == ["'self'"]
    assert directive(policy, "style-src") == ["'self'"]


ALLOWED = re.compile(r"^(?:'self'|'none'|'sha256-[A-Za-z0-9+/]+={0,2}')$")


def check_page_policy(rel: str, text: str) -> list[str]:
    """What is wrong with the policy of one built page (empty when nothing is)."""
    declared = csp.declared(text)
    if declared is None:
        return [f"{rel}: no Content-Security-Policy"]
    problems = []
    if declared != csp.policy(text):
        problems.append(f"{rel}: its policy is stale (not the one its final HTML needs)")
    if text.count('http-equiv="Content-Security-Policy"') != 1:
        problems.append(f"{rel}: more than one policy")
    head = text.find("<head")
    if text.find("<script", head) < text.find("Content-Security-Policy", head):
        problems.append(f"{rel}: a script comes before the policy")
    problems += [f"{rel}: a style attribute ({v}), which the policy blocks: use a class" for v in csp.style_attributes(text)]
    for part in declared.split(";"):
        name, *values = part.split()
        for value in values:
            if ALLOWED.match(value) or (name == "img-src" and value == "data:"):
                continue
            problems.append(f"{rel}: {name} allows {value}")
    return problems


def test_every_page_of_the_real_site_declares_a_strict_current_policy(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    problems = [p for path in pages for p in check_page_policy(path.relative_to(real_site).as_posix(), path.read_text(encoding="utf-8"))]
    assert problems == []
    rels = {p.relative_to(real_site).as_posix() for p in pages}
    # Every language, the 404 pages, notebook, print, trainer notes and offline pages are among them.
    for lang in ("", "es/", "ca/", "fr/"):
        assert {f"{lang}index.html", f"{lang}404.html", f"{lang}offline/index.html", f"{lang}modules/print/index.html"} <= rels, lang
    assert "modules/03-choosing-markets/screening/index.html" in rels
    assert "modules/03-choosing-markets/trainer-notes/index.html" in rels
    # The theme's inline scripts are hashed (the policy is not just 'self'), and none allows more.
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert len(csp.inline_scripts(home)) >= 2
    # The 404 pages are made from the theme's template alone, and get the palette guard too.
    assert all(theme_guard.SAFE_MD_GET in (real_site / f"{lang}404.html").read_text(encoding="utf-8") for lang in ("", "es/"))


def test_a_check_of_a_loose_policy_fails() -> None:
    """The site check above can fail: a policy with 'unsafe-inline', another origin or a stale hash is reported."""
    page = csp.secure(PAGE.replace("<td style='text-align: right;'>", "<td>"))
    good = csp.declared(page)
    assert good is not None and check_page_policy("p.html", page) == []
    loose = page.replace("script-src 'self'", "script-src 'self' 'unsafe-inline' https://cdn.example")
    assert any("'unsafe-inline'" in p for p in check_page_policy("p.html", loose))
    assert any("https://cdn.example" in p for p in check_page_policy("p.html", loose))
    assert any("stale" in p for p in check_page_policy("p.html", page.replace("var b = 2;", "var b = 3;")))
    assert any("style attribute" in p for p in check_page_policy("p.html", csp.with_policy(PAGE)))
