"""Diagnostics: what the validator says about one place in one file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located at ``path:line`` (line 0 when it concerns the whole file)."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    rule: str = ""
    column: int = 0

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.column and self.line:
            where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Report:
    """Collects diagnostics; never stops at the first one."""

    root: Path
    items: list[Diagnostic] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        p = Path(path)
        try:  # the folder resolved, not the file: a link is named as itself, not as its target
            return (p.parent.resolve() / p.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def add(
        self,
        path: Path | str,
        line: int,
        message: str,
        *,
        rule: str,
        severity: Severity = "error",
        column: int = 0,
    ) -> None:
        self.items.append(Diagnostic(self.rel(path), line, message, severity, rule, column))

    def extend(self, other: list[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.column, d.message))

    def to_json(self) -> str:
        return json.dumps(
            {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "diagnostics": [d.as_dict() for d in self.sorted()],
            },
            indent=2,
        )
