"""What a `course serve` rebuild does less of than a build, so that a saved edit shows sooner.

* The theme's file list is made once per session and compiled templates are kept, the theme's and
  nbconvert's: these change MkDocs and nbconvert from outside, so they live with every other such
  change in :mod:`coursekit_mkdocs.patches` (``ThemeListing``, ``keep_nbconvert_templates``).
* The problems report runs after the rebuild, in the background: the rebuilt pages are served
  and the browser reloads without waiting for every validation rule. The next rebuild waits for it.

The theme's file list is made once per process in `course build` too (one list for every language);
the background problems report applies only to serving.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Background:
    """One job at a time in a background thread; :meth:`wait` before the state it reads changes."""

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        self.thread: threading.Thread | None = None
        self.on_error = on_error

    def start(self, job: Callable[[], None]) -> None:
        self.wait()

        def run() -> None:
            try:
                job()
            except Exception as exc:  # noqa: BLE001  # reported, never lost in the thread
                self.on_error(exc)

        self.thread = threading.Thread(target=run, name="course-check", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
