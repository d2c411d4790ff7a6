"""`course translations`: the status of every translation, and the PO round trip (issue 19)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coursekit.model.project import Project

PROG = "course translations"
DEFAULT_DIR = "translations"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    t = sub.add_parser(
        "translations",
        help="how far behind each translation is; export and import PO files for translators",
        description="With no action: a table of every page in every translated language (state, commits behind, "
        "English paragraphs and words changed since the translation). 'export --format po' writes one PO file per "
        "page for Weblate, Crowdin or Poedit; 'import' writes the translated pages back.",
    )
    t.add_argument("--lang", default=None, help="one language, e.g. es (default: every translated language)")
    t.add_argument(
        "--json",
        action="store_true",
        help="status as JSON: a list of {page, lang, state, commits_behind, paragraphs_changed, words_changed}",
    )
    t.set_defaults(action="status", files=[], format="po", dir=DEFAULT_DIR)
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--lang", default=argparse.SUPPRESS, help="one language, e.g. ca (default: every translated language)")
    shared.add_argument("--dir", default=argparse.SUPPRESS, help="where the PO files are (default: translations/)")
    actions = t.add_subparsers(dest="action", metavar="{export,import}")
    e = actions.add_parser("export", parents=[shared], help="write one PO file per page and language into translations/<lang>/")
    e.add_argument("--format", choices=("po",), default="po", help="the file format (po)")
    i = actions.add_parser("import", parents=[shared], help="write the translated pages back from PO files")
    i.add_argument("files", nargs="*", type=Path, help="the PO files (default: every file under translations/<lang>/)")
    t.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coursekit.app import open_project

    project = open_project(args.root)
    course = project.course
    if not course.translated_languages:
        print(f"{PROG}: course.yml declares no languages to translate into; add e.g. 'languages: [en, es, ca, fr]'", file=sys.stderr)
        return 1
    if args.lang is not None and args.lang not in course.translated_languages:
        print(
            f"{PROG}: error: '{args.lang}' is not a translated language of this course; course.yml declares: "
            f"{', '.join(course.translated_languages)}",
            file=sys.stderr,
        )
        return 2
    languages = [args.lang] if args.lang else list(course.translated_languages)
    if args.action == "export":
        return _export(project, languages, args)
    if args.action == "import":
        return _import(project, languages, args)
    from coursekit.translation.status import report, summary, table

    rows = report(project, languages)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False))
    else:
        print(table(rows))
        print(f"{PROG}: {summary(rows)}", file=sys.stderr)
    return 0


def _folder(args: argparse.Namespace) -> Path:
    folder = Path(args.dir)
    return folder if folder.is_absolute() else args.root / folder


def _export(project: Project, languages: list[str], args: argparse.Namespace) -> int:
    from coursekit.translation.po import export_page, write_po
    from coursekit.translation.status import Git, sources

    git = Git(project.root)
    pages = [p for p in sources(project) if p.suffix == ".md"]
    written = fuzzy = 0
    for lang in languages:
        for page in pages:
            rel = page.relative_to(project.root).as_posix()
            entries = export_page(project.root, page, lang, git)
            target = _folder(args) / lang / (rel[: -len(".md")] + ".po")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(write_po(entries, lang, rel), encoding="utf-8")
            written += 1
            fuzzy += sum(e.fuzzy for e in entries)
    print(f"{PROG}: wrote {written} PO files to {_folder(args)}/ ({fuzzy} fuzzy entries where the English changed)", file=sys.stderr)
    return 0


def _import(project: Project, languages: list[str], args: argparse.Namespace) -> int:
    from coursekit.translation.po import PoError, import_page, read_po
    from coursekit.translation.status import Git

    git = Git(project.root)
    files: list[Path] = list(args.files)
    if not files:
        for lang in languages:
            folder = _folder(args) / lang
            files += sorted(folder.rglob("*.po")) if folder.is_dir() else []
    if not files:
        print(f"{PROG}: no PO files in {_folder(args)}/<lang>/; run `course translations export --format po` first", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        try:
            header, entries = read_po(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: error: cannot read the PO file ({exc}); check the path", file=sys.stderr)
            failed += 1
            continue
        except PoError as exc:
            print(f"{path}:{exc.line}: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        lang, rel = header.get("Language", ""), header.get("X-Source-File", "")
        source = (project.root / rel).resolve()
        if (
            lang not in project.course.translated_languages
            or not rel.endswith(".md")
            or not source.is_file()
            or project.root not in source.parents
        ):
            print(
                f"{path}:1: error: the header must name a translated language ('Language: ca') and an English page of the course "
                f"('X-Source-File: docs/index.md'), as `course translations export` writes them",
                file=sys.stderr,
            )
            failed += 1
            continue
        target, todo = import_page(project.root, source, lang, entries, git)
        note = f"; {todo} entr{'ies' if todo != 1 else 'y'} untranslated or fuzzy: the page stays outdated" if todo else ""
        print(f"{PROG}: wrote {target.relative_to(project.root).as_posix()}{note}", file=sys.stderr)
    return 1 if failed else 0
