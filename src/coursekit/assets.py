"""The course's own CSS and JavaScript, minified in the built site (the sources stay readable)."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

OWN_ASSETS = (
    "assets/course.css",
    "assets/course.js",
    "assets/progress.js",
    "assets/trainer.css",
    "assets/trainer.js",
    # the course's other ES modules (started by course.js)
    "assets/dom.js",
    "assets/store.js",
    "assets/scrollers.js",
    "assets/view.js",
    "assets/quiz.js",
    # the trainer tools' own modules (imported by trainer.js) and the print stylesheet
    "assets/trainer-overlay.js",
    "assets/trainer-slides.js",
    "assets/trainer-present.js",
    "assets/trainer-poll.js",
    "assets/print.css",
    "assets/order.js",
    "assets/schedule.js",
    "assets/data.js",
    "assets/track.js",
    "assets/badge.js",
    "assets/home.js",
    "assets/review.js",
    "assets/transfer.js",
    "assets/workbook.js",
    "assets/certificate.js",
    "assets/learner.css",
    # worksheets (started by worksheets.js on pages with a `/// worksheet` block)
    "assets/worksheets.js",
    "assets/worksheet-kit.js",
    "assets/worksheet-market-screening.js",
    "assets/worksheet-results-tracker.js",
    "assets/worksheet.css",
)
# Issue 12's reading features (each its own ES module) and their stylesheet.
OWN_ASSETS += tuple(f"assets/{n}" for n in ("reading.css", "offline.js", "scrollcue.js", "diagrams.js", "glossary.js", "header.js", "start.js"))


def minify_site_assets(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Minify the course's own assets in ``site_dir`` in place; returns {path: (before, after)} in bytes."""
    sizes = {}
    for relative in OWN_ASSETS:
        path = site_dir / relative
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text) if path.suffix == ".css" else rjsmin.jsmin(text)
        path.write_text(small, encoding="utf-8")
        sizes[relative] = (len(text.encode()), len(small.encode()))
    return sizes
