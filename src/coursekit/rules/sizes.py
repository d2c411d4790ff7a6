"""Size limits for the files a module publishes: every learner's offline copy keeps them all.

The whole course's offline copy is about 5 MB; one 20 MB photo would make it five times larger.
An image over :data:`IMAGE_LIMIT`, or any other file of a module (data, notebooks, downloads) over
:data:`DOWNLOAD_LIMIT`, is a warning that says the limit and how to get under it. ``course validate``
states both limits.
"""

from __future__ import annotations

from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.sitemap import module_files
from coursekit.render.safemd import IMAGE_TYPES

MB = 1024 * 1024
IMAGE_LIMIT = 1 * MB
DOWNLOAD_LIMIT = 5 * MB
LIMITS = f"size limits: {IMAGE_LIMIT // MB} MB for an image, {DOWNLOAD_LIMIT // MB} MB for any other file of a module"


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_all(course: Course, report: Report) -> None:
    for module in course.modules:
        for source in module_files(module):
            try:
                size = source.path.stat().st_size
            except OSError:
                continue  # reported by the rules that read it
            image = source.path.suffix.lower() in IMAGE_TYPES
            if image and size > IMAGE_LIMIT:
                report.add(
                    source.path,
                    0,
                    f"the image is {_mb(size)}, over the limit of {IMAGE_LIMIT // MB} MB (every learner's offline copy keeps it); "
                    "resize it to the width it is shown at (1600 pixels is plenty) and save it as JPEG or WebP at about 80% "
                    "quality, e.g. `convert photo.jpg -resize 1600x1600 -quality 80 photo.jpg`",
                    rule="file-size",
                    severity="warning",
                )
            elif not image and size > DOWNLOAD_LIMIT:
                report.add(
                    source.path,
                    0,
                    f"the file is {_mb(size)}, over the limit of {DOWNLOAD_LIMIT // MB} MB for a download (every learner's offline "
                    "copy keeps it); keep only the rows or pages the exercise needs, compress it (zip), or link to the full "
                    "version on the publisher's site instead",
                    rule="file-size",
                    severity="warning",
                )
