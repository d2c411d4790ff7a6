"""Trainer run sheets (modules/<slug>/session.yml): segments that add up to the session length."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coursekit.model.course import Module
from coursekit.model.diagnostics import Report
from coursekit.model.schema import SOURCE_COMMIT, Field, check_map, text
from coursekit.model.sources import Sources
from coursekit.model.yamlsafe import read_file

SESSION_FILE = "session.yml"
SESSION_FIELDS = (
    Field("length", int, required=True, help="minutes of the live session"),
    Field("segments", list, required=True, help="a list of timed segments"),
    SOURCE_COMMIT,
)
SEGMENT_FIELDS = (
    Field("minutes", int, required=True),
    Field("title", str, required=True),
    Field("trainer", str, required=True, help="what the trainer does"),
    Field("participants", str, required=True, help="what participants do"),
    Field("materials", list, help="pages, 'quiz:item-id' polls, exercises"),
)


@dataclass(frozen=True)
class Segment:
    minutes: int
    title: str
    trainer: str
    participants: str
    materials: tuple[str, ...]
    line: int


@dataclass
class Session:
    module: str
    path: Path
    length: int = 0
    segments: list[Segment] = field(default_factory=list)
    line: int = 1

    @property
    def total(self) -> int:
        return sum(s.minutes for s in self.segments)


def load(module: Module, report: Report, sources: Sources | None = None, path: Path | None = None) -> Session | None:
    """The module's run sheet (``path``: a translation of it instead)."""
    path = path or module.dir / SESSION_FILE
    if not path.is_file():
        return None
    node, problems, _ = read_file(path, "the session plan", sources.read if sources else None)
    for p in problems:
        report.add(path, p.line, p.message, rule="yaml", column=p.column)
    if node is None:
        return None
    top = check_map(node, SESSION_FIELDS, report, path, "the session plan", "session-keys")
    session = Session(module.slug, path, int(top["length"].value) if "length" in top else 0, line=node.key_lines.get("length", 1))
    for raw in top["segments"].value if "segments" in top else []:
        seg = check_map(raw, SEGMENT_FIELDS, report, path, "a segment", "session-keys")
        if "minutes" not in seg:
            continue
        materials = tuple(str(m.value) for m in seg["materials"].value) if "materials" in seg else ()
        session.segments.append(
            Segment(
                int(seg["minutes"].value),
                text(seg.get("title")),
                text(seg.get("trainer")),
                text(seg.get("participants")),
                materials,
                raw.line,
            )
        )
    return session
