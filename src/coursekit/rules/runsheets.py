"""The run-sheet rules (modules/NN/session.yml): timing, polls and materials."""

from __future__ import annotations

from coursekit.model.project import Project
from coursekit.model.sitemap import all_files, resolve
from coursekit.rules.links import anchors_of_page


def check(project: Project, check_polls: bool = True) -> None:
    """Run sheets: segment minutes add up, polls are quiz items, materials are pages and anchors
    of the module (``check_polls`` is off while a bank cannot be read)."""
    course, banks, report = project.course, project.banks, project.report
    items = {i.id for b in banks for i in b.items} | {d for b in banks for d in b.dropped}  # a dropped item's error is reported
    files = all_files(course)
    for module in course.modules:
        session = project.session(module)
        if session is None:
            continue
        if session.segments and session.total != session.length:
            report.add(
                session.path,
                session.line,
                f"the segments add up to {session.total} minutes but 'length' is {session.length}; "
                "adjust a segment or the length so they match",
                rule="session-length",
            )
        for seg in session.segments:
            if seg.minutes <= 0:
                report.add(session.path, seg.line, f"segment '{seg.title}' needs a positive number of minutes", rule="session-length")
            for material in seg.materials:
                if check_polls and material.startswith("quiz:") and material[5:] not in items:
                    report.add(
                        session.path,
                        seg.line,
                        f"segment '{seg.title}' uses poll '{material[5:]}', which is not a quiz item id",
                        rule="session-materials",
                    )
                    continue
                page, _, anchor = material.partition("#")
                if not page.endswith((".md", ".ipynb")) or "://" in material:
                    continue  # free text such as "funnel.svg on screen" or "breakout rooms"
                uri = resolve(f"modules/{module.slug}/session.yml", page)
                target = files.get(uri)
                if target is None:
                    report.add(
                        session.path,
                        seg.line,
                        f"segment '{seg.title}' names '{page}', which is not a page of this module; fix the file name",
                        rule="session-materials",
                    )
                elif anchor:
                    known = anchors_of_page(target, project)
                    if known is not None and anchor not in known:
                        report.add(
                            session.path,
                            seg.line,
                            f"segment '{seg.title}' names '{material}', but {page} has no heading with the anchor '#{anchor}'; "
                            "use the heading's anchor (lower case, hyphens)",
                            rule="session-materials",
                        )
