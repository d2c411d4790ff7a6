"""`course export`: question banks for Moodle (XML, GIFT) and SCORM 1.2 / 2004 packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.export.files import write_atomically
from coursekit.model.diagnostics import Report

if TYPE_CHECKING:
    from coursekit.model.project import Project

FORMATS = ("moodle-xml", "gift", "scorm12", "scorm2004")
DEFAULT_NAMES = {
    "moodle-xml": "questions-moodle.xml",
    "gift": "questions-gift.txt",
    "scorm12": "course-scorm12.zip",
    "scorm2004": "course-scorm2004.zip",
}
EXPORTS_DIR = "exports"


def default_output(root: Path, fmt: str, module: str | None) -> Path:
    name = DEFAULT_NAMES[fmt]
    if module:
        name = f"{module}-{name}"
    return root / EXPORTS_DIR / name


def _fail(report: Report, what: str) -> int:
    for diag in report.sorted():
        print(diag.format())
    errors = len(report.errors)
    print(f"course export: {what}: {errors} error{'s' * (errors != 1)}; nothing was written", file=sys.stderr)
    return 1


def run(args: argparse.Namespace, project: Project) -> int:
    """`course export` on a validated project (the command line validates it first)."""
    root: Path = args.root
    course, banks, report = project.course, project.banks, project.report
    if report.errors:
        return _fail(report, "the course has errors, fix them first (`course validate` lists them)")
    out = Path(args.output).resolve() if args.output else default_output(root, args.format, args.module)
    export_report = Report(root)
    if args.format in ("moodle-xml", "gift"):
        from coursekit.export import banks as bank_select
        from coursekit.export import gift, moodle_xml

        chosen = bank_select.select(course, banks, args.module, export_report)
        if export_report.errors:
            return _fail(export_report, "not exported")
        writer = moodle_xml.write if args.format == "moodle-xml" else gift.write
        data = writer(course, chosen, export_report)
        if data is None:
            return _fail(export_report, f"not exported to {args.format}")
        write_atomically(out, data)
        count = sum(len(e.bank.items) for e in chosen)
        print(f"course export: wrote {count} questions in {len(chosen)} categories to {out} ({len(data):,} bytes)", file=sys.stderr)
        return 0
    from coursekit.export import scorm

    version = "1.2" if args.format == "scorm12" else "2004"
    result = scorm.export(project, version, out, export_report, module=args.module, quiet=args.quiet)
    if result is None:
        return _fail(export_report, f"no SCORM {version} package")
    print(
        f"course export: wrote the SCORM {version} package {out} ({result.scos} modules, {result.files} files, {result.size:,} bytes)",
        file=sys.stderr,
    )
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser(
        "export",
        help="export the quiz banks (Moodle XML, GIFT) or the course as a SCORM package",
        description="Write the quiz banks for Moodle, or the whole course as a SCORM package for an LMS. "
        "Nothing in the course folder changes except the output file (default: exports/).",
    )
    e.add_argument("--format", required=True, choices=FORMATS, help="moodle-xml, gift, scorm12 or scorm2004")
    e.add_argument("--module", default=None, help="only this module, e.g. 03-choosing-markets")
    e.add_argument("-o", "--output", default=None, help="the file to write (default: exports/<name>)")
    e.add_argument("-q", "--quiet", action="store_true", help="less MkDocs output (SCORM)")
