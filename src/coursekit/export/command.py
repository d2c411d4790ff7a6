"""`course export`: question banks for Moodle (XML, GIFT) and SCORM 1.2 / 2004 packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.export.banks import select
from coursekit.export.registry import Job, formats
from coursekit.model.diagnostics import Report

if TYPE_CHECKING:
    from coursekit.model.project import Project


def _fail(report: Report, what: str) -> int:
    for diag in report.sorted():
        print(diag.format())
    errors = len(report.errors)
    print(f"course export: {what}: {errors} error{'s' * (errors != 1)}; nothing was written", file=sys.stderr)
    return 1


def run(args: argparse.Namespace, project: Project) -> int:
    """`course export` on a validated project (the command line validates it first)."""
    root: Path = args.root
    if project.report.errors:
        return _fail(project.report, "the course has errors, fix them first (`course validate` lists them)")
    fmt = formats()[args.format]
    lang = getattr(args, "lang", None)
    course = project.course
    if lang is not None and lang != course.source_language:
        if lang not in course.translated_languages:
            declared = ", ".join(course.languages or (course.source_language,))
            print(f"course export: error: --lang {lang}: not a language of this course; course.yml declares: {declared}", file=sys.stderr)
            return 2
        from coursekit.translation.localize import localized

        project = localized(project, lang)  # its banks and pages in that language (English where not translated)
    else:
        lang = None
    out = Path(args.output).resolve() if args.output else fmt.default_output(root, args.module)
    if lang and not args.output:  # course-scorm12.es.zip, questions-gift.es.txt
        out = out.with_name(f"{out.stem}.{lang}{out.suffix}")
    job = Job(project, args.module, out, Report(root), quiet=args.quiet)
    if "banks" in fmt.needs:
        job.banks.extend(select(project.course, project.banks, args.module, job.report))
        if job.report.errors:
            return _fail(job.report, "not exported")
    done = fmt.write(job)
    if done is None:
        return _fail(job.report, f"not exported to {fmt.name}")
    print(f"course export: {done}", file=sys.stderr)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser(
        "export",
        help="export the quiz banks (Moodle XML, GIFT) or the course as a SCORM package",
        description="Write the quiz banks for Moodle, or the whole course as a SCORM package for an LMS. "
        "Nothing in the course folder changes except the output file (default: exports/).",
    )
    known = formats()  # the export registry (coursekit.export.registry)
    e.add_argument("--format", required=True, choices=list(known), help="; ".join(f"{f.name}: {f.summary}" for f in known.values()))
    e.add_argument("--module", default=None, help="only this module, e.g. 03-target-markets")
    e.add_argument("-o", "--output", default=None, help="the file to write (default: exports/<name>)")
    e.add_argument("-q", "--quiet", action="store_true", help="less MkDocs output (SCORM)")
    e.add_argument("--lang", default=None, help="the language, e.g. es (default: the source language); untranslated parts stay in English")
