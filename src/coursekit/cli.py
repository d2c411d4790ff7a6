"""The `course` command: validate, build, serve, links, new-module and export."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.model.diagnostics import Report
from coursekit.outputs.build import build_site

if TYPE_CHECKING:
    from coursekit.model.project import Project
    from coursekit.outputs.engine import Engine
    from coursekit.outputs.sitecache import SiteCache

PROG = "course"


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds course.yml (else ``start``)."""
    for folder in (start, *start.parents):
        if (folder / "course.yml").is_file():
            return folder
    return start


def _draft_paths(project: Project | None) -> tuple[str, ...]:
    if project is None:
        return ()
    return tuple(p for m in project.course.modules if m.draft for p in (f"modules/{m.slug}/", f"quizzes/{m.slug}.y"))


def _print_report(report: Report, fmt: str, strict: bool, project: Project | None = None) -> int:
    if fmt == "json":
        print(report.to_json())
    else:
        from coursekit.term import colour_line, use_colour

        colour = use_colour(sys.stdout)
        for diag in report.sorted():
            print(colour_line(diag.format(), colour))
        errors, warnings = len(report.errors), len(report.warnings)
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        print(("course validate: " + summary) if (errors or warnings) else "course validate: the course is valid", file=sys.stderr)
    # --strict: warnings fail too, for published content only (a draft's placeholders never fail CI).
    drafts = _draft_paths(project)
    published_warnings = [d for d in report.warnings if not d.path.startswith(drafts) or not drafts]
    failed = bool(report.errors) or (strict and bool(published_warnings))
    return 1 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from coursekit.app import validate
    from coursekit.export.command import run

    return run(args, validate(args.root))


def cmd_validate(args: argparse.Namespace) -> int:
    from coursekit.app import validate
    from coursekit.rules.sizes import LIMITS

    project = validate(args.root)
    status = _print_report(project.report, args.format, args.strict, project)
    if args.format != "json":
        print(f"course validate: {LIMITS} (see the editor guide)", file=sys.stderr)
    return status


def _engine(name: str) -> Engine | None:
    from coursekit.outputs import engine

    try:
        return engine.get(name)
    except LookupError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
    except ImportError as exc:
        # Installed from the project folder only: the distribution is not on the package index.
        extra = f" (in the course folder: pip install -e '.[{name}]')" if name != engine.DEFAULT else ""
        print(f"{PROG}: the site engine '{name}' is not installed{extra}: {exc}", file=sys.stderr)
    return None


def cmd_build(args: argparse.Namespace) -> int:
    from coursekit.app import validate_for_build

    start = time.perf_counter()
    engine = _engine(args.engine)
    if engine is None:
        return 1
    print(f"{PROG} build: validating…", file=sys.stderr)
    project = validate_for_build(args.root)
    if _print_report(project.report, "text", args.strict, project) != 0:
        if project.report.errors:
            why = "not built, fix the errors above first"
        else:  # --strict, and warnings only
            count = len(project.report.warnings)
            why = f"not built: --strict refuses warnings in published modules; fix the warning{'s' * (count != 1)} above first"
        print(f"{PROG} build: {why} (the previous site/ is unchanged)", file=sys.stderr)
        return 1
    drafts = [m.slug for m in project.course.modules if m.draft]
    if drafts:
        print(
            f"{PROG} build: left out {len(drafts)} draft module{'s' * (len(drafts) != 1)} ({', '.join(drafts)}); set 'status: published' to publish",
            file=sys.stderr,
        )
    languages = _build_languages(project, getattr(args, "lang", None))
    if languages is None:
        return 2
    print(f"{PROG} build: building the site with {args.engine}{_in_languages(languages)}…", file=sys.stderr)
    from coursekit.outputs.sitecache import SiteCache

    kept = SiteCache(project.root, project.validation_key, args.engine, args.root / args.site_dir, project.sources.read)
    cwd = Path.cwd()
    os.chdir(args.root)  # mkdocs-jupyter keeps its conversion cache relative to the working folder
    try:
        code = build_site(
            args.root,
            Path(args.site_dir),
            lambda config, out: _build_languages_into(engine, project, languages, out, args.quiet, kept),
        )
    finally:
        os.chdir(cwd)
    took = time.perf_counter() - start
    if code != 0:
        print(f"{PROG} build: the build failed after {took:.1f}s; the previous site/ is unchanged", file=sys.stderr)
        return 1
    from coursekit.outputs import cache

    if kept.reused == languages:  # nothing was built: the last build's outputs log stays as it was
        print(
            f"{PROG} build: built {args.site_dir}/ in {took:.1f}s (nothing changed since the last build: "
            f"{_every(languages)} copied from {kept.folder.relative_to(project.root)}/)",
            file=sys.stderr,
        )
        return 0
    outputs = cache.of(args.root)
    outputs.write_log()
    again = f"; {', '.join(kept.reused)} unchanged, copied from {kept.folder.relative_to(project.root)}/" if kept.reused else ""
    print(
        f"{PROG} build: built {args.site_dir}/ in {took:.1f}s ({len(outputs.served)} generated outputs reused from {cache.FOLDER}/, "
        f"{len(outputs.made)} made{again})",
        file=sys.stderr,
    )
    return 0


def _every(languages: list[str]) -> str:
    return f"every language's site ({', '.join(languages)})" if len(languages) > 1 else "the site"


def _build_languages(project: Project, chosen: str | None) -> list[str] | None:
    """The languages to build: all that course.yml declares, or the source and those ``--lang`` names
    (the source is always built: every other language's fallback pages link to it). None: an
    unknown language (said on stderr)."""
    course = project.course
    declared = list(course.languages) or [course.source_language]
    if chosen is None:
        return declared
    wanted = [code.strip() for code in chosen.split(",") if code.strip()]
    unknown = [code for code in wanted if code not in declared]
    if unknown:
        print(
            f"{PROG} build: error: --lang {', '.join(unknown)}: not a language of this course; course.yml declares: {', '.join(declared)}",
            file=sys.stderr,
        )
        return None
    return [code for code in declared if code == course.source_language or code in wanted]


def _in_languages(languages: list[str]) -> str:
    return f" in {len(languages)} languages ({', '.join(languages)})" if len(languages) > 1 else ""


def _build_languages_into(engine: Engine, project: Project, languages: list[str], out: Path, quiet: bool, kept: SiteCache) -> int:
    """One engine build per language, from that language's view of the one project (validated,
    read and converted once): the source language into ``out``, each other one into ``out/<lang>/``.
    A language whose site was built before from the same bytes is copied from ``kept`` instead
    (:mod:`coursekit.outputs.sitecache`)."""
    from coursekit.model.languages import site_prefix
    from coursekit.translation.localize import localized
    from coursekit.translation.status import Git

    git = Git(project.root)
    source = project.course.source_language
    site_url = os.environ.get("SITE_URL", "")
    for lang in languages:
        prefix = site_prefix(lang, source)
        dest = out / prefix if prefix else out
        key = kept.key(sys.modules[type(engine).__module__].__file__, languages, lang, out)
        if kept.restore(lang, key, dest):
            continue
        view = localized(project, lang, git)
        view.site_languages = tuple(languages)
        overrides: dict[str, object] | None = {"site_url": site_url.rstrip("/") + "/" + prefix} if prefix and site_url else None
        code = engine.build(view, dest, quiet=quiet, overrides=overrides)
        if code != 0:
            return code
        kept.store(lang, key, dest, leave_out=[site_prefix(other, source) for other in languages if other != lang])
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from coursekit.app import open_project
    from coursekit.model.languages import site_prefix
    from coursekit.outputs.pdf import PdfError, write_all
    from coursekit.translation.localize import localized

    project = open_project(args.root)
    source = project.course.source_language
    declared = list(project.course.languages) or [source]
    chosen = getattr(args, "lang", None)
    wanted = declared if chosen == "all" else [c.strip() for c in (chosen or source).split(",") if c.strip()]
    unknown = [code for code in wanted if code not in declared]
    if unknown:
        print(
            f"{PROG} pdf: error: --lang {', '.join(unknown)}: not a language of this course; course.yml declares: {', '.join(declared)}",
            file=sys.stderr,
        )
        return 2
    if chosen == "all":
        args.lang = None  # the build: every language
    if not args.no_build and cmd_build(args) != 0:
        return 1
    start = time.perf_counter()
    site = Path(args.site_dir) if Path(args.site_dir).is_absolute() else args.root / args.site_dir
    out = Path(args.out) if Path(args.out).is_absolute() else args.root / args.out
    print(
        f"{PROG} pdf: printing handouts, trainer packs and the course book with Chromium{_in_languages(wanted)}…",
        file=sys.stderr,
    )
    files: list[Path] = []
    for lang in [code for code in declared if code in wanted]:
        prefix = site_prefix(lang, source)  # each language's PDFs from its own site, into pdf/<lang>/
        try:
            files += write_all(localized(project, lang).course, site, out / prefix if prefix else out, lang_dir=prefix)
        except PdfError as exc:
            print(f"{PROG} pdf: {exc}", file=sys.stderr)
            return 1
    print(f"{PROG} pdf: wrote {len(files)} PDF files to {out}/ in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    return 0


def _announce_when_answering(host: str, port: int, message: str) -> None:
    """Print ``message`` once the server answers on host:port (not before: the first build comes first)."""
    import socket
    import threading

    def wait() -> None:
        while True:
            try:
                socket.create_connection((host or "127.0.0.1", port), timeout=1).close()
            except OSError:
                time.sleep(0.2)
                continue
            print(message, file=sys.stderr, flush=True)
            return

    threading.Thread(target=wait, name="announce", daemon=True).start()


def cmd_serve(args: argparse.Namespace) -> int:
    from coursekit.term import port_problem, split_address

    try:
        host, port = split_address(args.dev_addr)
    except ValueError:
        print(f"{PROG} serve: error: '{args.dev_addr}' is not an address such as 127.0.0.1:8000", file=sys.stderr)
        return 2
    if args.port is not None:
        port = args.port
        args.dev_addr = f"{host}:{port}"
    problem = port_problem(host, port)
    if problem:
        print(f"{PROG} serve: error: {problem}", file=sys.stderr)
        return 1
    from coursekit.app import open_project
    from coursekit.model.languages import name

    engine = _engine(args.engine)
    if engine is None:
        return 1
    project = open_project(args.root)
    source = project.course.source_language
    declared = list(project.course.languages) or [source]
    lang = args.lang or source
    if lang not in declared:
        print(
            f"{PROG} serve: error: --lang {lang}: not a language of this course; course.yml declares: {', '.join(declared)}",
            file=sys.stderr,
        )
        return 2
    if lang != source:
        from coursekit.translation.localize import localized

        project = localized(project, lang)  # that language's site alone, at the address's root
        project.site_languages = (lang,)
    others = [code for code in declared if code != lang]
    hint = f"; other languages: course serve --lang {others[0]}" if others else ""
    print(f"{PROG} serve: building the site first (about half a minute for the whole course)…", file=sys.stderr, flush=True)
    _announce_when_answering(
        host, port, f"{PROG} serve: serving on http://{args.dev_addr}/ the {name(lang)} site ({lang}), drafts shown (Ctrl+C stops{hint})"
    )
    # After the first full build, a save rebuilds only the pages whose sources changed (the page,
    # or a bank, glossary, run sheet or course.yml it uses), so an edit shows in about a second.
    # Serving is not strict: problems are reported in the terminal once per change, and
    # `course build` stays strict. A new module appears in the navigation without a restart.
    os.chdir(args.root)
    return engine.serve(project, args.dev_addr)


def cmd_links(args: argparse.Namespace) -> int:
    import json

    from coursekit.outputs.sitecheck import check_site, format_report

    site = Path(args.site_dir)
    site = site if site.is_absolute() else args.root / site
    if not (site / "index.html").is_file():
        print(f"{PROG} links: no built site in {site}; run `course build` first", file=sys.stderr)
        return 1
    report = check_site(site)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "pages": report.pages,
                    "checked": report.checked,
                    "broken": [{"page": p, "url": u, "why": w} for p, u, w in sorted(report.broken)],
                    "insecure": report.insecure,
                    "external": {u: sorted(p) for u, p in sorted(report.external.items())},
                    "embeds": {u: sorted(p) for u, p in sorted(report.embeds.items())},
                    "english": [{"page": p, "where": w, "text": t, "key": k} for p, w, t, k in sorted(report.english)],
                },
                indent=2,
            )
        )
    else:
        print(format_report(report))
    return 0 if report.ok else 1


def cmd_items(args: argparse.Namespace) -> int:
    from coursekit.app import open_project
    from coursekit.rules.itemquality import analyse, format_findings, table, table_csv

    project = open_project(args.root)
    analysis = analyse(project.course, project.banks)
    if args.format == "csv":
        print(table_csv(analysis))
        return 0
    print(table(analysis))
    if analysis.findings:
        print()
        print(format_findings(analysis, args.root))
    count = len(analysis.findings)
    print(
        f"{PROG} items: "
        + (f"{count} finding{'s' * (count != 1)} (thresholds in the editor guide)" if count else "every item-quality threshold is met"),
        file=sys.stderr,
    )
    return 0


def cmd_new_module(args: argparse.Namespace) -> int:
    from coursekit.scaffold import ScaffoldError, new_module

    try:
        folder = new_module(args.root, args.title)
    except ScaffoldError as exc:
        print(f"{PROG} new-module: {exc}", file=sys.stderr)
        return 1
    rel = folder.relative_to(args.root).as_posix()
    print(f"{PROG} new-module: created {rel}/index.md, {rel}/session.yml and quizzes/{folder.name}.yml")
    print(f"{PROG} new-module: added '{folder.name}' to course.yml as a draft; fill in every [FILL IN …] and set 'status: published'")
    return 0


def _version() -> str:
    from coursekit.term import version

    return version()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Validate, build and serve the course.")
    p.add_argument("--root", type=Path, default=None, help="the course folder (default: the nearest folder with course.yml)")
    p.add_argument("--version", action="version", version=f"{PROG} (coursekit) {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the whole course and report every problem")
    v.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    v.add_argument("--strict", action="store_true", help="fail on warnings too (in published modules; drafts never fail)")
    v.set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="validate, then build the site into site/ (replaced only on success)")
    b.add_argument("--site-dir", default="site", help="output folder (default: site)")
    b.add_argument("--strict", action="store_true", help="fail on validation warnings too")
    b.add_argument("-q", "--quiet", action="store_true", help="less MkDocs output")
    b.add_argument("--engine", default="mkdocs", help="the site engine: mkdocs (default) or zensical")
    b.add_argument(
        "--lang", default=None, help="build only these languages, e.g. 'en' or 'es,ca' (the source language is always built); default: all"
    )
    b.set_defaults(func=cmd_build)
    f = sub.add_parser("pdf", help="build the site, then print handouts, trainer packs and the course book as PDF (needs Chromium)")
    f.add_argument("--site-dir", default="site", help="the site folder (default: site)")
    f.add_argument("--out", default="pdf", help="where the PDF files go (default: pdf)")
    f.add_argument("--no-build", action="store_true", help="print from the site already built in --site-dir")
    f.add_argument(
        "--lang",
        default=None,
        metavar="LANGS",
        help="print from these languages' sites, e.g. 'es' or 'es,ca', or 'all'; each into --out/<lang>/ "
        "(default: the source language, into --out)",
    )
    f.add_argument("--strict", action="store_true", help="fail on validation warnings too")
    f.add_argument("-q", "--quiet", action="store_true", help="less MkDocs output")
    f.set_defaults(func=cmd_pdf, engine="mkdocs")  # printed from the default engine's site
    s = sub.add_parser("serve", help="serve the course with live reload (drafts shown)")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address and port (default: 127.0.0.1:8000)")
    s.add_argument(
        "--lang",
        default=None,
        help="the language of the site to serve, e.g. 'es' (default: the source language); one language per server",
    )
    s.add_argument("-p", "--port", type=int, default=None, help="the port to serve on (default: 8000); overrides the port in --dev-addr")
    s.add_argument("--engine", default="mkdocs", help="the site engine (default: mkdocs)")
    s.set_defaults(func=cmd_serve)
    k = sub.add_parser(
        "links", help="check every link in the built site; list external links; no English interface string on a translated page"
    )
    k.add_argument("--site-dir", default="site", help="the built site (default: site)")
    k.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    k.set_defaults(func=cmd_links)
    i = sub.add_parser("items", help="the item-quality report: a table per quiz bank, then every finding")
    i.add_argument("--format", choices=("text", "csv"), default="text", help="csv: the table only, for a spreadsheet")
    i.set_defaults(func=cmd_items)
    n = sub.add_parser("new-module", help="create a new draft module at the end of the course")
    n.add_argument("title", help='the module title, e.g. "Working with investors"')
    n.set_defaults(func=cmd_new_module)
    from coursekit.export.command import add_parser as add_export

    add_export(sub)
    sub.choices["export"].set_defaults(func=cmd_export)
    from coursekit.translations_cli import add_parser as add_translations

    add_translations(sub)
    return p


def _without_iri_grammars() -> None:
    """Leave out the optional IRI format checker of jsonschema (under nbformat, which notebook
    validation and mkdocs-jupyter import): when installed, rfc3987_syntax compiles 38 grammars on
    import, most of the cost of importing nbformat in every build; no course check validates IRIs."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # (None: "not installed" for import)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = (args.root or find_root(Path.cwd())).resolve()
    if not (args.root / "course.yml").is_file() and args.command != "validate":
        print(f"{PROG}: no course.yml in {args.root} or above; run this inside the course repository", file=sys.stderr)
        return 1
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    _without_iri_grammars()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - a last guard: an editor never sees a traceback
        import errno

        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:  # taken between our check and the server's start
            print(
                f"{PROG} {args.command}: error: the port is already in use; stop the other server or choose another port with --port",
                file=sys.stderr,
            )
            return 1
        print(
            f"{PROG} {args.command}: internal error ({type(exc).__name__}: {exc}); please report it with the command you ran",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
