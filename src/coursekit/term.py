"""Terminal output for the `course` command: colour (only in a terminal, honouring NO_COLOR),
the version string and a check that a port is free before serving."""

from __future__ import annotations

import errno
import os
import re
import socket
from typing import TextIO

RED, YELLOW, RESET = "\x1b[31m", "\x1b[33m", "\x1b[0m"
LABEL_RE = re.compile(r"(?<=: )(error|warning)(?=: )")


def use_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, never when NO_COLOR is set (https://no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colour_line(line: str, enabled: bool) -> str:
    """The diagnostic line with its 'error' label in red or its 'warning' label in yellow."""
    if not enabled:
        return line
    return LABEL_RE.sub(lambda m: f"{RED if m.group(1) == 'error' else YELLOW}{m.group(1)}{RESET}", line, count=1)


DISTRIBUTIONS = ("cluster-course-kit", "coursekit")
"""The project's distribution name, then the name of installs made before it was renamed."""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    for name in DISTRIBUTIONS:
        try:
            return package_version(name)
        except PackageNotFoundError:
            continue
    return "unknown (not installed)"  # running from a source checkout that is not installed


def split_address(address: str) -> tuple[str, int]:
    """('127.0.0.1', 8000) from '127.0.0.1:8000'; ValueError when the port is not a number."""
    host, _, port = address.rpartition(":")
    return host or "127.0.0.1", int(port)


def port_problem(host: str, port: int) -> str:
    """'' when ``host:port`` can be served on, else a sentence saying why not and what to do."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            probe.bind((host, port))
        except PermissionError:
            return f"port {port} needs administrator rights; choose a port above 1023, e.g. `course serve --port 8001`"
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is already in use (another `course serve` or web server?); "
                    f"stop it, or choose another port: `course serve --port {port + 1}`"
                )
            return f"cannot serve on {host}:{port} ({exc.strerror}); check the address, or choose another port with --port"
    return ""
