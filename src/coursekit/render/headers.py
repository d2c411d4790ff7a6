"""Why pymdownx.blocks refused a ``///`` block header, in words an editor can act on.

pymdownx.blocks drops a header it cannot take (an unknown block name, a missing or unexpected
argument, an unknown option, an option value of the wrong type) without a word: the lines stay
on the page as text, and a ``/// quiz`` whose ``items:`` is misspelt simply vanishes. The course
extension watches the block processor's test (:func:`watch`): each header it refuses is handed to
a callback with the reason and a fix (the page parser records it, and `course validate` reports it
as an error; a page rendered without the parser logs a warning, which `mkdocs build --strict`
counts).
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coursekit.render import patches


@dataclass(frozen=True)
class Refusal:
    """A block header that pymdownx.blocks did not take."""

    header: str  # the header line, as written ('/// quiz | 01-alpha')
    name: str
    problem: str  # what is wrong and how to fix it


def _close(word: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else ""


def explain(processor: Any, chunk: str, arguments: dict[str, str] | None = None) -> Refusal | None:
    """Why ``processor`` (pymdownx's BlocksProcessor) refuses the block header that starts ``chunk``,
    or None when it does not start with one (or would take it). ``arguments``: block name -> what
    its argument is, for the hint ('bank id')."""
    match = processor.start.search(chunk)
    if match is None:
        return None
    header = match.group(0).strip()
    name = match.group(2).lower()
    argument = match.group(3)
    known = sorted(processor.blocks)
    if name not in known:
        near = _close(name, known)
        hint = f"did you mean '/// {near}'?" if near else "use one of: " + ", ".join(known)
        return Refusal(header, name, f"unknown block '/// {name}'; {hint}")
    cls = processor.blocks[name]
    block = cls(len(match.group(1)), {}, processor, processor.config.get(name, {}))
    options, _ = processor.split_header(chunk[match.end() :], block.length)
    what = (arguments or {}).get(name) or "argument"
    if block.arg_spec is True and not argument:
        return Refusal(header, name, f"the '/// {name}' block needs an argument; write '/// {name} | <{what}>'")
    if block.arg_spec is False and argument:
        return Refusal(header, name, f"the '/// {name}' block takes no argument; remove '| {argument}' from its first line")
    if options is None:
        return Refusal(
            header,
            name,
            f"the options under '/// {name}' are not valid YAML; write one 'option: value' per line, indented by four spaces",
        )
    spec = {k: v for k, v in block.option_spec.items() if k != "attrs"}
    for key, value in options.items():
        if key not in block.option_spec:
            near = _close(str(key), list(spec))
            hint = f"did you mean '{near}'?" if near else ("it takes: " + ", ".join(spec) if spec else "it takes no options")
            return Refusal(header, name, f"unknown option '{key}' in the '/// {name}' block; {hint}")
        parser = block.option_spec[key][1]
        try:
            if parser is not None:
                parser(value)
        except Exception:  # noqa: BLE001  (pymdownx's option parsers raise anything on a bad value, as its own _validate expects)
            kind = "text on one line" if key in spec else "a list of attributes"
            return Refusal(header, name, f"the option '{key}' of the '/// {name}' block must be {kind}, not {value!r}")
    return Refusal(header, name, f"the '/// {name}' block cannot stand here; move it out of the block around it")


def watch(processor: Any, refused: Callable[[Refusal], None], arguments: dict[str, str] | None = None) -> None:
    """Call ``refused`` for each block header ``processor`` refuses while a page is parsed."""

    def tested(parent: etree.Element, block: str, taken: bool) -> None:
        if not taken and "///" in block:  # (a block header needs three slashes: most chunks have none)
            refusal = explain(processor, block, arguments)
            if refusal is not None:
                refused(refusal)

    patches.after_block_test(processor, tested)
