"""Validation rules for the whole course. Reads files only; never writes.

Each ``check_*`` function is one rule (or a family of closely related rules).
All problems are collected in a :class:`Report`; nothing stops at the first one.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from coursekit.i18n import catalogue
from coursekit.model import glossary
from coursekit.model.course import (
    ID_RE,
    MODULES_MARKER,
    NAV_MARKERS,
    PLACEHOLDER,
    SLUG_RE,
    Course,
    Module,
)
from coursekit.model.diagnostics import Report, Severity
from coursekit.model.project import Project
from coursekit.model.quiz import Bank, Item
from coursekit.model.sources import LINK_FIX, escapes
from coursekit.rules import (
    assets,
    itemquality,
    links,
    notebooks,
    privacy,
    rules_acronyms,
    rules_chars,
    rules_links,
    rules_notebooks,
    rules_sources,
    runsheets,
    sizes,
    templates,
)

VAGUE_VERBS = ("understand", "know", "learn", "appreciate", "be", "become", "realise", "realize", "see", "grasp")
ABOVE_RE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|those|the options|the answers)\b", re.IGNORECASE)


def run(project: Project) -> Report:
    """Run every validation rule once on ``project`` (again only after a refresh that changed
    something); returns its report."""
    if not project.validated:
        run_rules(project)
        project.validated = True
    return project.report


Rule = Callable[[Project], None]
"""A validation rule: reads the project, adds what it finds to ``project.report``."""


def _course(project: Project) -> None:
    check_course(project.course, project.report)
    check_site_name(project)


def _modules(project: Project) -> None:
    for module in project.course.modules:
        check_module(module, project.course, project.report, project)


def _banks(project: Project) -> None:
    check_banks(project.course, project.banks, project.report, project.broken_banks)


def _item_quality(project: Project) -> None:
    itemquality.check(project.course, project.banks, project.report)


def _blocks(project: Project) -> None:
    check_blocks(project, project.broken_banks)


def _notebooks(project: Project) -> None:
    notebooks.check_all(project.course, project.report, project)


def _links(project: Project) -> None:
    links.check_all(project.course, project.report, project)
    links.check_languages(project.course, project.report, project)  # each translated page, in its language's site (issue 19)


def _privacy(project: Project) -> None:
    privacy.check_all(project, project.report)  # nothing loads from another website; no raw script (issue 24)


def _sizes(project: Project) -> None:
    sizes.check_all(project.course, project.report)  # images and downloads within the offline copy's limits (issue 24)


def _run_sheets(project: Project) -> None:
    runsheets.check(project, check_polls=not project.broken_banks)


def _glossary(project: Project) -> None:
    glossary.check(project.course, project.report, project.glossary)


def _quiz_links(project: Project) -> None:
    text_of = project.sources.text_only  # read once; a reading problem is reported by the file's loader
    rules_links.check_all(project.course, project.banks, project.report, terms=project.glossary, text_of=text_of, sources=project.sources)


def _notebook_links(project: Project) -> None:
    rules_notebooks.check_all(project.course, project.report, text_of=project.sources.text_only)


def _sources(project: Project) -> None:
    rules_sources.check_all(project.course, project.report, project)  # copy sites and mirrors; DOIs in Sources


def _acronyms(project: Project) -> None:
    if not load_failed(glossary.path_of(project.course.root), project.report):  # else every acronym would be a knock-on warning
        rules_acronyms.check_all(project.course, project.report, project)
        rules_acronyms.check_languages(project.course, project.report, project)  # translated pages, their language's glossary


def _skipped(project: Project) -> None:
    check_skipped(project)


def _links_out(project: Project) -> None:
    check_links_out(project.course, project.report)


def _hidden_chars(project: Project) -> None:
    rules_chars.check_banks(project.course, project.report, project)  # invisible and control characters in quiz text


def _data_files(project: Project) -> None:
    rules_chars.check_data(project.course, project.report, project)  # data files' rows as long as their header


def _translations(project: Project) -> None:
    from coursekit.translation import checks

    checks.check_all(project)  # every translated file keeps the English ids (issue 19)


def _interface_strings(project: Project) -> None:
    """The interface of every translated language is in that language (issue 19): its message file
    has every key of the English one, with the same {variables}, and no message with words reads
    as in English unless messages/same.yml says it is the same word on purpose. (The built pages
    are checked by `course links`: coursekit.outputs.sitecheck.)"""
    for finding in catalogue.findings(project.course.translated_languages):
        project.report.add(
            catalogue.message_file(finding.lang),
            catalogue.key_line(finding.lang, finding.key) if finding.key else 1,
            finding.text,
            rule="interface-strings",
            severity="warning" if finding.severity == "warning" else "error",
        )


def _worksheet_translations(project: Project) -> None:
    from coursekit.model.languages import split
    from coursekit.render.worksheets import check_translations
    from coursekit.translation import status

    if not project.course.translated_languages:
        return
    git = status.Git(project.root)

    def held(path: Path) -> bool:
        """An outdated translation lags its English file by design (see coursekit.translation.checks)."""
        source, lang = split(path, project.course.languages)
        return lang is None or status.status_of(project, source, lang, git).state != status.OUTDATED

    for path, line, message in check_translations(project.root, project.course.languages, held):
        project.report.add(path, line, message, rule="translation")


RULES: tuple[Rule, ...] = (
    _course,
    _links_out,
    _hidden_chars,
    _data_files,
    _modules,
    _banks,
    _item_quality,
    _blocks,
    _notebooks,
    templates.check,  # `/// template` and `/// worksheet` blocks, spreadsheets.yml
    assets.check_features,  # the @feature declarations of docs/assets/*.js
    assets.check_bundle,  # the ES modules can be bundled (coursekit.outputs.bundle)
    _links,
    _privacy,
    _sizes,
    _run_sheets,
    _glossary,
    _quiz_links,
    _notebook_links,
    _sources,
    _acronyms,
    _translations,
    _interface_strings,
    _worksheet_translations,
    _skipped,
)
"""Every rule, in the order its findings are most useful; each is one function of the project."""


def run_rules(project: Project) -> None:
    """Every rule, once, on a loaded project (called by :func:`run`)."""
    course, report = project.course, project.report
    if manifest_unreadable(course, report):
        # Banks that cannot be read, or no module list: their problem is reported once, and the
        # checks that depend on it are skipped rather than reported as knock-on errors.
        if not course.manifest.is_file():
            check_course(course, report)  # says once that course.yml is missing
        _glossary(project)  # the files that stand alone are still checked
        return
    for rule in RULES:
        rule(project)


SOURCE_FOLDERS = ("docs", "modules", "quizzes")


def check_links_out(course: Course, report: Report) -> None:
    """A source path that resolves outside the project, or into its .git folder, is never read or
    published (the build and every export leave it out): it is an error naming the link."""
    root = course.root
    found: list[Path] = []
    for name in SOURCE_FOLDERS:
        top = root / name
        if top.is_symlink():
            found.append(top)
            continue
        for folder, dirs, files in os.walk(top):  # links to folders are not followed, but named
            here = Path(folder)
            found += [here / n for n in sorted(dirs + files) if (here / n).is_symlink()]
    for path in [root / "course.yml", *found]:
        why = escapes(path, root) if path.is_symlink() or path in found else None
        if why:
            report.add(
                path, 0, f"this {'folder' if path.is_dir() else 'file'} {why}, so it is not published; {LINK_FIX}", rule="outside-project"
            )


def manifest_unreadable(course: Course, report: Report) -> bool:
    """True when course.yml is missing, or cannot be read or parsed: its error is reported once, and
    the rules that need the module list are skipped instead of reporting every module as a stranger."""
    if not course.manifest.is_file():
        return True
    return (not course.lines and load_failed(course.manifest, report)) or course.module_list_broken


def load_failed(path: Path, report: Report) -> bool:
    """True when ``path`` could not be read or parsed (its error is in the report)."""
    where = report.rel(path)
    return any(d.path == where and d.rule in ("yaml", "encoding", "read") for d in report.errors)


def check_skipped(project: Project) -> None:
    """One line per module whose dependent rules were skipped because a file failed to load."""
    course, report = project.course, project.report
    for module in course.modules:
        if not module.loaded and module.index.is_file():
            report.add(
                module.index,
                0,
                "the checks that need this page's front matter (objectives, quiz coverage, prerequisites) were "
                "skipped for this module; they run again once that error is fixed",
                rule="skipped",
                severity="warning",
            )
        if module.slug in project.broken_banks:
            report.add(
                course.bank_path(module.slug),
                0,
                "the checks that need this bank's items (objective coverage, quiz blocks, polls) were skipped "
                "for this module; they run again once that error is fixed",
                rule="skipped",
                severity="warning",
            )


def completeness(module: Module | None) -> Severity:
    """Completeness problems block a published module but only warn for a draft."""
    return "warning" if module is not None and module.draft else "error"


def check_course(course: Course, report: Report) -> None:
    if not course.manifest.is_file():
        report.add(
            course.manifest,
            0,
            "course.yml is missing; it declares the course title and module order: run the command in the course folder, or restore the file (`git checkout course.yml`)",
            rule="course-order",
        )
        return
    listed = {m.slug for m in course.modules}
    if course.modules_dir.is_dir():
        for folder in sorted(course.modules_dir.iterdir()):
            if folder.is_dir() and not folder.name.startswith((".", "_")) and folder.name not in listed:
                hint = "" if SLUG_RE.match(folder.name) else " (and rename it NN-words-with-hyphens)"
                report.add(
                    course.manifest,
                    course.lines.get("modules", 1),
                    f"the folder modules/{folder.name}/ is not in the course order; add '- {folder.name}' under 'modules:'{hint}, "
                    "or delete the folder if it is left over",
                    rule="course-order",
                )
    # Each module needs its own number, and its own name after the number: learners' reading marks
    # and answers are kept under that name (docs/assets/data.js, moduleKey), so renumbering keeps them.
    unique: tuple[tuple[Callable[[Module], object], Callable[[object], str]], ...] = (
        (lambda m: m.number, lambda v: f"module number {v} is used by more than one module; give each module its own number"),
        (
            lambda m: m.slug.split("-", 1)[-1],
            lambda v: (
                f"two modules are named '{v}' after their number; learners' saved work is kept by that name, so give each module its own name"
            ),
        ),
    )
    for key, message in unique:
        counts = Counter(key(m) for m in course.modules)
        for module in course.modules:
            if counts[key(module)] > 1:
                report.add(course.manifest, module.lines.get("order", 1), message(key(module)), rule="course-order")
    for part in course.nav:
        for page in part.pages:
            if page in NAV_MARKERS:
                continue
            if not (course.docs_dir / page).is_file():
                report.add(
                    course.manifest,
                    part.line,
                    f"nav part '{part.title}' lists '{page}', but docs/{page} does not exist; fix the name or add the page",
                    rule="course-nav",
                )
    if course.nav and not any(MODULES_MARKER in p.pages for p in course.nav):
        report.add(
            course.manifest,
            course.lines.get("nav", 1),
            "the nav has no 'Modules: modules' part, so no module would be reachable; add it",
            rule="course-nav",
        )


def check_site_name(project: Project) -> None:
    """The course has one name, course.yml's title: the site header takes it from there. A different
    site_name in mkdocs.yml is a leftover that would mislead whoever reads that file."""
    from coursekit.model.siteconfig import project_config

    course, report = project.course, project.report
    config, lines = project_config(project.sources, course.root) if course.title else ({}, [])
    name = config.get("site_name")
    config_path = course.root / "mkdocs.yml"
    if isinstance(name, str) and name.strip() and " ".join(name.split()) != " ".join(course.title.split()):
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("site_name:")), 1)
        report.add(
            config_path,
            line,
            f"site_name '{name}' differs from the course title '{course.title}' in course.yml; the site shows the title from "
            f"course.yml everywhere (header, print page, certificate), so write 'site_name: {course.title}' here too",
            rule="site-name",
            severity="warning",
        )


def check_module(module: Module, course: Course, report: Report, project: Project) -> None:
    if not module.loaded:
        return
    index = module.index
    for page in module.pages:
        if page.name.lower() == "index.md" and page.name != "index.md":
            report.add(
                page,
                0,
                f"{page.name} and index.md differ only in case, so the site would publish both as two pages (and Windows or "
                f"macOS treat them as one file); move what {page.name} holds into index.md, then delete {page.name}",
                rule="module-index",
            )
    if not module.objectives:
        report.add(
            index,
            module.lines.get("objectives", 1),
            "the module has no learning objectives; add at least one under 'objectives:'",
            rule="module-objectives",
        )
    if module.minutes <= 0 and "minutes" in module.lines:
        report.add(
            index,
            module.lines["minutes"],
            "the module has no timing; set 'minutes: teaching:' and 'exercises:' (whole minutes)",
            rule="module-timing",
        )
    seen: set[str] = set()
    for obj in module.objectives:
        if not ID_RE.match(obj.id):
            report.add(
                index,
                obj.line,
                f"objective id '{obj.id}' must be lowercase words joined by hyphens, e.g. rank-markets",
                rule="module-objectives",
            )
        if obj.id in seen:
            report.add(
                index, obj.line, f"objective id '{obj.id}' is used twice in this module; make each id unique", rule="module-objectives"
            )
        seen.add(obj.id)
        first = obj.text.split()[0].lower().strip(",.:") if obj.text.split() else ""
        if first in VAGUE_VERBS:
            report.add(
                index,
                obj.text_line,
                f"objective '{obj.id}' starts with '{obj.text.split()[0]}', which a learner cannot show; "
                "start with an action verb such as identify, explain, rank or draft",
                rule="module-objectives",
            )
    order = [m.slug for m in course.modules]
    for pre in module.prerequisites:
        line = module.lines.get("prerequisites", 1)
        if pre == module.slug:
            report.add(
                index,
                line,
                f"the module lists itself ('{pre}') as a prerequisite; remove '{pre}' from 'prerequisites:' "
                "(list only modules that come before this one)",
                rule="module-prerequisites",
            )
        elif pre not in order:
            report.add(
                index, line, f"prerequisite '{pre}' is not a module in course.yml; use a module folder name", rule="module-prerequisites"
            )
        elif order.index(pre) >= order.index(module.slug):
            report.add(
                index,
                line,
                f"prerequisite '{pre}' comes after this module in the course order; move it or drop it",
                rule="module-prerequisites",
            )
    check_placeholders(module, course, report, project)


def check_placeholders(module: Module, course: Course, report: Report, project: Project) -> None:
    paths = [p for p in module.pages if p.suffix == ".md"]
    bank = course.bank_path(module.slug)
    if bank.is_file():
        paths.append(bank)
    for path in paths:
        content = project.sources.text(path, "the page")[0]
        if content is None:
            continue  # reported by the loaders
        for number, line in enumerate(content.splitlines(), 1):
            if PLACEHOLDER in line:
                report.add(
                    path,
                    number,
                    "unfinished: replace the [FILL IN ...] placeholder with real content" + (" before publishing" if module.draft else ""),
                    rule="placeholder",
                    severity=completeness(module),
                )


def check_banks(course: Course, banks: list[Bank], report: Report, broken: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    first_seen: dict[str, Item] = {}
    assessed: dict[str, Counter[str]] = defaultdict(Counter)
    for bank in banks:
        module = course.module(bank.id)
        if module is None:
            report.add(
                bank.path,
                0,
                f"no module '{bank.id}' in course.yml; name the bank after its module folder, or delete it if that module was removed",
                rule="bank-module",
            )
        if bank.module and bank.module != bank.id:
            report.add(
                bank.path, bank.line, f"'module: {bank.module}' does not match the file name; write 'module: {bank.id}'", rule="bank-module"
            )
        if not bank.items:
            report.add(bank.path, bank.line, "the bank has no items; add at least one under 'items:'", rule="bank-items")
        for item in bank.items:
            earlier = first_seen.get(item.id)
            if earlier is not None:
                where = report.rel(earlier.path)
                report.add(
                    bank.path,
                    item.line,
                    f"item id '{item.id}' is already used at {where}:{earlier.line}; ids must be unique across all banks",
                    rule="item-id",
                )
            else:
                first_seen[item.id] = item
            check_item(item, module if module is None or module.loaded else None, report)
            if module is not None:
                assessed[module.slug][item.objective] += 1
        for objective in bank.dropped.values():
            if module is not None:
                assessed[module.slug][objective] += 1  # its own error is reported; coverage would only echo it
    for module in course.modules:
        if not module.loaded or module.slug in broken:
            continue
        bank_path = course.bank_path(module.slug)
        if not bank_path.is_file():
            report.add(
                module.index, 1, f"the module has no quiz bank; create quizzes/{module.slug}.yml", rule="bank-missing", severity="warning"
            )
            continue
        for obj in module.objectives:
            if assessed[module.slug][obj.id] == 0:
                report.add(
                    module.index,
                    obj.line,
                    f"objective '{obj.id}' is not assessed by any quiz item; add an item with 'objective: {obj.id}'",
                    rule="objective-coverage",
                    severity=completeness(module),
                )


def check_item(item: Item, module: Module | None, report: Report) -> None:
    path, where = item.path, f"item '{item.id}'"
    line = item.line
    if not ID_RE.match(item.id):
        report.add(path, line, f"{where}: the id must be lowercase letters, digits and hyphens, e.g. mkt-funnel-order", rule="item-id")
    if item.incomplete:
        return  # its structural problems are reported; counting its options would only echo them
    correct = len(item.correct)
    if item.type in ("single", "true-false") and correct != 1:
        report.add(
            path,
            item.key_lines.get("options", line),
            f"{where} has {correct} correct options; a {item.type} item needs exactly one 'correct: true'",
            rule="item-correct",
        )
    if item.type == "multiple" and correct == 0:
        report.add(
            path,
            item.key_lines.get("options", line),
            f"{where} has no correct option; mark at least one with 'correct: true'",
            rule="item-correct",
        )
    if item.type == "true-false":
        texts = sorted(o.text.lower() for o in item.options)
        if texts != ["false", "true"]:
            report.add(
                path,
                item.key_lines.get("options", line),
                f"{where} is true-false, so it needs exactly two options, 'True' and 'False'",
                rule="item-options",
            )
    elif len(item.options) < 2:
        report.add(path, item.key_lines.get("options", line), f"{where} needs at least two options", rule="item-options")
    seen: dict[str, int] = {}
    for option in item.options:
        norm = " ".join(option.text.lower().split())
        if norm in seen:
            report.add(
                path,
                option.line,
                f"{where}: the option '{_short(option.text)}' repeats the option at line {seen[norm]}; make each option different",
                rule="option-repeated",
            )
        else:
            seen[norm] = option.line
        if ABOVE_RE.search(option.text):
            report.add(
                path,
                option.line,
                f"{where}: avoid '{ABOVE_RE.search(option.text).group(0)}'; write a real, plausible option instead",  # type: ignore[union-attr]
                rule="option-above",
            )
    if module is not None and module.loaded and item.objective and module.objective(item.objective) is None:
        known = ", ".join(o.id for o in module.objectives) or "none yet"
        report.add(
            path,
            item.key_lines.get("objective", line),
            f"{where} assesses unknown objective '{item.objective}'; use one of this module's objectives: {known}",
            rule="item-objective",
        )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_blocks(project: Project, broken: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Quiz blocks name a bank and items that exist; every `///` block is closed; every `///`
    header made a block (pymdownx.blocks drops one it cannot take, and its content with it)."""
    report = project.report
    for page in project.pages():
        for refused in page.info.refused:
            report.add(
                page.path,
                page.line(refused.line),
                f"this block header makes no block, so the block is lost from the page: {refused.problem}",
                rule="block-header",
            )
        lines = page.text.split("\n")
        for block in page.info.unclosed:
            line = page.line(block.line)
            opener = lines[line - 1].strip() if 0 < line <= len(lines) else "///"
            fence = "/" * (len(opener) - len(opener.lstrip("/"))) or "///"
            if len(fence) > 3:
                message = (
                    f"the '{fence} {block.name}' block is never closed: a block opened with '{fence}' closes only with a line "
                    f"'{fence}' (a line '///' closes the blocks opened with '///' inside it); end it with a line '{fence}'"
                )
            else:
                message = (
                    f"the '/// {block.name}' block is never closed, so it swallows the rest of the page; "
                    "add a line with '///' where the block ends (nested blocks close from the inside out)"
                )
            report.add(page.path, line, message, rule="block-unclosed")
        for block in page.info.quizzes():
            bank_id, item_ids = block.argument, str(block.options.get("items", "")).split()
            line = page.line(block.line)
            if bank_id in broken:
                continue
            bank = project.bank(bank_id)
            if bank is None:
                report.add(
                    page.path,
                    line,
                    f"the quiz block names bank '{bank_id}', but quizzes/{bank_id}.yml does not exist or cannot be read",
                    rule="quiz-block",
                )
                continue
            for item_id in item_ids:
                if bank.item(item_id) is None:
                    report.add(
                        page.path,
                        line + 1 if line else 0,
                        f"the quiz block asks for item '{item_id}', which is not in quizzes/{bank_id}.yml",
                        rule="quiz-block",
                    )
