"""The front-end modules (docs/assets/*.js): each @feature declaration is readable (one the build
cannot read would leave its feature unloaded), and the modules can be bundled (a form the bundler
does not take would stop the build). Both read the modules as the build does (coursekit.render)."""

from __future__ import annotations

from coursekit.model.project import Project
from coursekit.render import features
from coursekit.render.esmodules import BundleError, plan, project_sources


def check_features(project: Project) -> None:
    """The @feature declarations of docs/assets/*.js."""
    for problem in features.declared(project)[1]:
        project.report.add(problem.path, problem.line, problem.message, rule="feature-declaration")


def check_bundle(project: Project) -> None:
    """The ES modules can be bundled (coursekit.outputs.bundle)."""
    try:
        plan(project_sources(project))
    except BundleError as exc:
        where, _, message = str(exc).partition(": ")
        path, _, line = where.partition(":")
        name = path.removeprefix("assets/")
        project.report.add(project.root / features.ASSETS / name, int(line or 1), message, rule="bundle")
