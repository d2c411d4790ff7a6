"""requirements/floor.txt holds the lowest version of every range in pyproject.toml, so that CI's
"ranges" job (.github/workflows/ranges.yml) tests the floor of each range as well as the newest
versions. Made by `python3 scripts/lock.py --floor`; this test fails when the two disagree."""

from __future__ import annotations

import importlib
import sys
import tomllib
from types import ModuleType

from conftest import ROOT


def _lock() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module("lock")
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_floor_txt_pins_the_lower_bound_of_every_range_in_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lines = [line for line in (ROOT / "requirements" / "floor.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == _lock().floors(pyproject), "run `python3 scripts/lock.py --floor` and commit requirements/floor.txt"
    project = tomllib.loads(pyproject)["project"]
    bounded = [r for r in [*project["dependencies"], *project["optional-dependencies"]["test"]] if ">=" in r or "==" in r]
    assert len(lines) >= 25 and len(lines) == len({r.split(">=")[0].split("==")[0].strip().lower() for r in bounded})
    assert "mkdocs==1.6" in lines and "pymdown-extensions==11.0" in lines  # ">=1.6,<2": the lower bound, not the upper


def test_floors_reads_each_form_of_a_lower_bound() -> None:
    pyproject = (
        '[project]\nname = "x"\ndependencies = ["a>=1.2,<2", "b[extra] >= 3", "c", "d==0.0.7", "e~=2.1", "f<4,>=1.0b3"]\n'
        '[project.optional-dependencies]\ntest = ["a>=1.2", "G>=5 ; python_version >= \'3.11\'"]\n'
    )
    assert _lock().floors(pyproject) == ["a==1.2", "b==3", "d==0.0.7", "e==2.1", "f==1.0b3", "G==5"]
