"""The course's ES modules (docs/assets/*.js) as the build's bundler reads them: their static imports
and exports, the forms it does not take, and which modules go in the bundle (:func:`plan`). The
bundler that writes the bundle is coursekit.outputs.bundle; the rule that checks the modules can be
bundled is coursekit.rules.assets. Both read the modules here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.render import features

if TYPE_CHECKING:
    from coursekit.model.project import Project

LOADER = "course.js"
ALWAYS = ("registry.js", "i18n.js")  # the loader imports these on every page (registry statically, i18n with import())

IMPORT_RE = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*[\"']\./([\w.-]+\.js)[\"'];?[ \t]*\n?", re.MULTILINE)
OTHER_IMPORT_RE = re.compile(r"^import\b(?!\s*\()(?!\.meta)[^;]*?[\"']\./([\w.-]+\.js)[\"']", re.MULTILINE)
EXPORT_DECL_RE = re.compile(r"^export\s+((?:async\s+)?function\*?\s+|class\s+|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)", re.MULTILINE)
OTHER_EXPORT_RE = re.compile(r"^export\b", re.MULTILINE)
REEXPORT_RE = re.compile(r"^export\s*\{[^}]*\}\s*from\s*[\"']\./([\w.-]+\.js)[\"']", re.MULTILINE)
DYNAMIC_IMPORT_RE = re.compile(r"(?<![\w$.])import\(")


class BundleError(Exception):
    """A module the bundler cannot read: ``str()`` is file:line: what is wrong and how to fix it."""


@dataclass
class Module:
    name: str  # "quiz.js"
    text: str
    imports: list[tuple[str, str]] = field(default_factory=list)  # (the names inside the braces, module name)
    exports: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what stops it being bundled (file:line: ...)
    other_imports: list[tuple[int, str]] = field(default_factory=list)  # (line, module) imported in another form

    @property
    def var(self) -> str:
        """The bundle's name for the module's initializer: "__m_trainer_slides"."""
        return "__m_" + re.sub(r"\W", "_", self.name[: -len(".js")])


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def read_module(name: str, text: str, where: str) -> Module:
    """The module's static imports and exported names, and the forms the bundler does not take (its problems:
    they matter only for a module in the bundle, see :func:`bundle_sources`)."""
    module = Module(name, text)
    for match in IMPORT_RE.finditer(text):
        module.imports.append((match.group(1), match.group(2)))
    imports = {m.start() for m in IMPORT_RE.finditer(text)}
    for match in OTHER_IMPORT_RE.finditer(text):
        if match.start() not in imports:
            module.other_imports.append((_line(text, match.start()), match.group(1)))
            module.problems.append(
                f'{where}:{_line(text, match.start())}: the bundler reads only named imports of a module next to this one; write it as import {{ name }} from "./other.js";'
            )
    declared = {m.start(): m.group(2) for m in EXPORT_DECL_RE.finditer(text)}
    reexports = {m.start() for m in REEXPORT_RE.finditer(text)}
    for match in OTHER_EXPORT_RE.finditer(text):
        if match.start() in declared:
            after = text[match.end() : match.end() + 80]
            if re.match(r"\s+(?:const|let|var)\s+[\w$]+\s*=[^;\n]*,\s*[\w$]+\s*=", after):
                module.problems.append(
                    f"{where}:{_line(text, match.start())}: export one name per declaration (export const a = 1; export const b = 2;)"
                )
            module.exports.append(declared[match.start()])
        elif match.start() not in reexports:
            module.problems.append(
                f"{where}:{_line(text, match.start())}: the bundler reads only exported declarations (export function name, export const name = ...); "
                "export each name where it is declared"
            )
    return module


def _bundled_set(modules: dict[str, Module], roots: list[str]) -> list[str]:
    """The modules reachable from ``roots`` through static imports, each after what it imports (as the browser evaluates them)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str, chain: list[str]) -> None:
        if name in order:
            return
        if name in visiting:
            raise BundleError(
                f"assets/{name}: the modules import each other in a circle ({' -> '.join([*chain, name])}); move what they share into a third module"
            )
        if name not in modules:
            raise BundleError(f"assets/{chain[-1]}: it imports ./{name}, which is not in docs/assets/; fix the import")
        visiting.add(name)
        for _, dep in modules[name].imports:
            visit(dep, [*chain, name])
        visiting.discard(name)
        order.append(name)

    for root in roots:
        if root in modules:
            visit(root, [])
    return order


def plan(sources: dict[str, str], leave_out: tuple[str, ...] = ()) -> tuple[dict[str, Module], list[str]]:
    """The modules read from ``sources`` ({file name: text}) and the names of those in the bundle, each
    after what it imports; BundleError (file:line: what to write instead) for the first form the
    bundler does not take. ``leave_out``: features kept out of the bundle whatever they declare."""
    modules = {name: read_module(name, text, f"assets/{name}") for name, text in sources.items()}
    declared = [features.parse(Path(name), text)[0] for name, text in sorted(sources.items())]
    roots = [*ALWAYS, *(f.module[2:] for f in declared if f is not None and f.bundle and f.module[2:] not in leave_out), LOADER]
    inside = _bundled_set(modules, roots)
    for name in inside:
        if modules[name].problems:
            raise BundleError(modules[name].problems[0])
    for name, module in modules.items():
        if name in inside:
            continue
        for line, dep in module.other_imports:
            if dep in inside:
                raise BundleError(f'assets/{name}:{line}: ./{dep} is in the bundle: import its names as import {{ name }} from "./{dep}";')
        for match in REEXPORT_RE.finditer(module.text):
            if match.group(1) in inside:
                raise BundleError(
                    f"assets/{name}:{_line(module.text, match.start())}: it re-exports from ./{match.group(1)}, which is in the bundle; "
                    "import the names and export them from a declaration instead"
                )
    return modules, inside


def project_sources(project: Project) -> dict[str, str]:
    """The ES modules of docs/assets/ as their sources say, with the registry the build generates."""
    folder = project.root / features.ASSETS
    sources = {p.name: project.sources.read(p).decode("utf-8") for p in sorted(folder.glob("*.js")) if p.is_file()}
    sources[Path(features.REGISTRY_JS).name] = features.registry_js(project)
    return sources
