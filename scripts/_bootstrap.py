"""Shared by the scripts: make sure .venv exists with the course installed, then run inside it.

Only the standard library is used here, so the scripts work on a fresh machine with
Python 3.11+ and git. The install is repeated only when pyproject.toml or requirements/lock.txt changes, and every
version comes from requirements/lock.txt (refresh it with `python3 scripts/lock.py`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Two environments: .venv for building, serving and validating (what editors use), and
# .venv-test with the test tools as well. pytest-notebook's dependencies would otherwise slow
# every site build (rfc3987-syntax costs about a second to import), so they stay out of .venv.
VENV = ROOT / ".venv"
# Every version the environments install, pinned (made by scripts/lock.py; see the editor guide).
LOCK = ROOT / "requirements" / "lock.txt"


def venv_for(extras: str) -> Path:
    return ROOT / (f".venv-{extras}" if extras else ".venv")


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _say(script: str, message: str) -> None:
    print(f"{script}: {message}", file=sys.stderr, flush=True)


def ensure(script: str, extras: str = "") -> None:
    """Re-run the calling script inside .venv, installing the project (with ``extras``) if needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - the bootstrap runs under any python3 and says what it needs
        _say(script, f"Python 3.11 or newer is needed (this is {sys.version.split()[0]})")
        raise SystemExit(1)
    env_dir = venv_for(extras)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (LOCK.read_bytes() if LOCK.is_file() else b"")).hexdigest()
    stamp = env_dir / ".installed"
    if not _python(env_dir).exists():
        start = time.perf_counter()
        _say(script, f"creating the Python environment in {env_dir.name}/ …")
        venv.EnvBuilder(with_pip=True).create(env_dir)
        _say(script, f"created {env_dir.name}/ in {time.perf_counter() - start:.0f}s")
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        start = time.perf_counter()
        target = f".[{extras}]" if extras else "."
        _say(script, f"installing the course tools ({target}) into {env_dir.name}/; the first time takes a few minutes …")
        quiet = [] if os.environ.get("CI") else ["-q"]
        pip = [str(_python(env_dir)), "-m", "pip", "install", *quiet, "--disable-pip-version-check"]
        subprocess.run(pip + ["--upgrade", "pip"], check=False, cwd=ROOT)
        # Installs made before the distribution was renamed (coursekit -> cluster-course-kit): remove the old name.
        subprocess.run([*pip[:3], "uninstall", "-y", "-q", "coursekit"], check=False, cwd=ROOT, capture_output=True)
        constraints = ["-c", str(LOCK)] if LOCK.is_file() else []
        result = subprocess.run(pip + [*constraints, "-e", target], check=False, cwd=ROOT)
        if result.returncode != 0:
            _say(script, "the install failed (see pip's message above); check your network connection and try again")
            raise SystemExit(1)
        stamp.write_text(wanted + "\n")
        _say(script, f"installed in {time.perf_counter() - start:.0f}s")
    if Path(sys.prefix).resolve() != env_dir.resolve():
        os.chdir(ROOT)
        args = [str(_python(env_dir)), str(Path(sys.argv[0]).resolve()), *sys.argv[1:]]
        if os.name == "nt":  # pragma: no cover - execv is unreliable on Windows
            raise SystemExit(subprocess.run(args, check=False).returncode)
        os.execv(args[0], args)
