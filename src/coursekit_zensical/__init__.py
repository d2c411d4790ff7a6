"""The Zensical engine for `course build --engine zensical`.

Zensical reads mkdocs.yml and Python-Markdown extensions but ignores MkDocs plugins, so it builds
the compiled docs tree (:mod:`coursekit.outputs.compile`) from a generated configuration: an explicit nav,
the tree as ``docs_dir``, and the course extension pointed at the course folder. Notebooks are
rendered from their stored outputs in the compile step.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from coursekit.i18n.catalogue import SOURCE
from coursekit.model.siteconfig import read_mkdocs_yml
from coursekit.outputs.assets import minify_site_assets
from coursekit.outputs.bundle import bundle_site_assets
from coursekit.outputs.compile import NOTEBOOKS_AS_HTML, Writer, compile_tree
from coursekit.outputs.csp import declare_in_site
from coursekit.outputs.learner import write_learner_files
from coursekit.outputs.theme import palette_with_names

if TYPE_CHECKING:
    from coursekit.model.project import Project

EXTENSION = "coursekit"
WORK = Path(".cache") / "coursekit" / "zensical"


def configuration(project: Project, nav: list[object], source: dict[str, Any]) -> dict[str, Any]:
    """The Zensical configuration: the course's mkdocs.yml with the compiled tree and its nav."""
    drop = ("plugins", "nav", "docs_dir", "site_dir", "exclude_docs", "validation", "strict")
    config = {k: v for k, v in source.items() if k not in drop}
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = nav
    if project.course.title:
        config["site_name"] = project.course.title  # one name: course.yml's title
    if project.course.copyright:
        config["copyright"] = project.course.copyright  # the footer line: course.yml's
    if isinstance(config.get("theme"), dict):  # the palette switch named from the message catalogue
        config["theme"] = {**config["theme"], "palette": palette_with_names(config["theme"].get("palette"), project.language or SOURCE)}
    extensions: list[Any] = []
    for entry in source.get("markdown_extensions", []):
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name == EXTENSION:
            continue
        extensions.append(entry)
    # "offline": False: this engine writes no service worker, so the home page offers no offline copy.
    extensions.append({"coursekit.app": {"root": str(project.root), "include_drafts": False, "notebook_pages": True, "offline": False}})
    config["markdown_extensions"] = extensions
    return config


STATUS_RE = re.compile(r"^status:", re.MULTILINE)
COURSE_STATUS = "course_status:"


def without_status(text: str) -> str:
    """A compiled page with the course's front-matter key ``status`` renamed: Zensical reads that
    key as its own page status and would put an icon next to every module in the navigation."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    return STATUS_RE.sub(COURSE_STATUS, text[:end]) + text[end:]


class ZensicalEngine:
    def build(self, project: Project, site_dir: Path, *, quiet: bool = False, overrides: dict[str, object] | None = None) -> int:
        work = project.root / WORK
        tree = compile_tree(project, include_drafts=False, notebooks=NOTEBOOKS_AS_HTML)
        tree.texts = {uri: without_status(text) for uri, text in tree.texts.items()}
        Writer(work / "docs").write(tree, project.sources)
        source = read_mkdocs_yml(project.root / "mkdocs.yml")
        config_file = work / "mkdocs.yml"
        config = configuration(project, tree.nav, source) | dict(overrides or {})
        config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        shutil.rmtree(work / "site", ignore_errors=True)
        result = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--config-file", str(config_file), "--clean"],
            cwd=work,
            check=False,
            capture_output=quiet,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        if result.returncode != 0:
            if quiet:
                print(result.stdout + result.stderr, file=sys.stderr)
            return result.returncode
        bundle_site_assets(work / "site", project)
        minify_site_assets(work / "site")
        write_learner_files(work / "site", project, include_drafts=False)  # course data and interface strings
        # Every page's Content-Security-Policy, from its final HTML; Zensical's own interface sets style
        # attributes, so its pages allow inline styles (never inline scripts).
        declare_in_site(work / "site", inline_styles_allowed=True)
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.move(str(work / "site"), str(site_dir))
        return 0

    def serve(self, project: Project, dev_addr: str) -> int:
        print("course serve: the zensical engine builds only; preview with the default engine (mkdocs)", file=sys.stderr)
        return 1
