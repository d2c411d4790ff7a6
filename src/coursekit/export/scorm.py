"""SCORM 1.2 and 2004 packages: the site built for packaging (relative links, page files instead
of folder URLs, the SCORM runtime loaded), one SCO per module in course order, zipped with an
imsmanifest.xml. Nothing is written outside a temporary folder and the output file."""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from coursekit.export.files import checked
from coursekit.export.registry import ExportFormat, Job, register
from coursekit.model.course import Course, Module
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Bank
from coursekit.model.siteconfig import read_mkdocs_yml
from coursekit.model.sources import write_atomically
from coursekit.outputs import offline
from coursekit.outputs.build import build_site

if TYPE_CHECKING:
    from coursekit.model.project import Project

RUNTIME = "assets/scorm.js"
CONFIG = "assets/scorm-config.js"
OFFLINE_SCRIPTS = offline.SCRIPTS
LEFT_OUT = ("404.html", "sitemap.xml.gz", *OFFLINE_SCRIPTS)
"""Files of the built site that have no use in an LMS (404.html also links from the site root; the
offline copy's scripts, which no page of a package loads (it links no web manifest), would register a
service worker)."""

Builder = Callable[[Path, Path, dict[str, object]], int]


@dataclass(frozen=True)
class Package:
    scos: int
    files: int
    size: int


@dataclass(frozen=True)
class Sco:
    module: Module
    items: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"SCO-{self.module.slug}"

    @property
    def launch(self) -> str:
        return f"modules/{self.module.slug}/index.html"


def overrides(root: Path) -> dict[str, object]:
    """mkdocs.yml settings for the package build: page files (index.html) rather than folder URLs,
    no instant navigation (each page is a full load the LMS can see), and the SCORM runtime."""
    config = read_mkdocs_yml(root / "mkdocs.yml")
    # No offline copy inside a package: the LMS serves it, and a service worker must not take over its pages.
    scripts: list[object] = [s for s in config.get("extra_javascript") or [] if _script_path(s) not in OFFLINE_SCRIPTS]
    scripts.append({"path": RUNTIME, "type": "module"})
    theme = dict(config.get("theme") or {"name": "material"})
    theme["features"] = [f for f in theme.get("features") or [] if f != "navigation.instant"]
    extra = dict(config.get("extra") or {})
    extra.setdefault("homepage", "index.html")  # the logo link: a page, not the site's folder
    extra["offline"] = False  # the course plugin then writes no service worker or web manifest, and no offline box
    return {"use_directory_urls": False, "extra_javascript": scripts, "theme": theme, "extra": extra}


def _script_path(entry: object) -> str:
    """The path of an ``extra_javascript`` entry (a string, or a mapping with ``path``)."""
    return str(entry.get("path", "")) if isinstance(entry, dict) else str(entry)


def _mkdocs_builder(project: Project, quiet: bool) -> Builder:
    def build(config: Path, out: Path, extra: dict[str, object]) -> int:
        # The default engine (MkDocs), found by name: coursekit imports nothing from the glue.
        from coursekit.outputs import engine

        return engine.get(engine.DEFAULT).build(project, out, quiet=quiet, overrides=extra)

    return build


def scos(course: Course, banks: list[Bank], module: str | None, report: Report) -> list[Sco]:
    """One SCO per published module in course order (or for the one ``module``), with its quiz's item ids."""
    by_module = {b.module: b for b in banks}
    return [
        Sco(m, tuple(i.id for i in by_module[m.slug].items) if m.slug in by_module else ()) for m in course.export_modules(module, report)
    ]


def export(
    project: Project,
    version: str,
    out: Path,
    report: Report,
    *,
    module: str | None = None,
    quiet: bool = False,
    builder: Builder | None = None,
) -> Package | None:
    """Build the validated ``project``'s site for packaging and write the SCORM ``version`` package to ``out``.

    The site is built with MkDocs (the default engine): the package needs its page-file URLs."""
    course = project.course
    units = scos(course, project.banks, module, report)
    if not units:
        if not report.errors:
            report.add(course.manifest, 0, "the course has no published module to package", rule="export")
        return None
    build = builder or _mkdocs_builder(project, quiet)
    with tempfile.TemporaryDirectory(prefix="course-scorm-") as tmp:
        site = Path(tmp) / "site"
        print(f"course export: building the site for SCORM {version} in a temporary folder…", file=sys.stderr)
        cwd = Path.cwd()
        os.chdir(course.root)  # mkdocs-jupyter keeps its conversion cache relative to the working folder
        try:
            extra = overrides(course.root)
            code = build_site(course.root, site, lambda config, dest: build(config, dest, extra))
        finally:
            os.chdir(cwd)
        if code != 0:
            report.add(
                course.root / "mkdocs.yml",
                0,
                "the site did not build for packaging (MkDocs' messages above say why); `course build` shows the same problems",
                rule="export-scorm",
            )
            return None
        for name in LEFT_OUT:
            (site / name).unlink(missing_ok=True)
        (site / CONFIG).write_text(runtime_config(course, units, version), encoding="utf-8")
        files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        for problem in check_site(site, files, units):
            report.add(course.root / "mkdocs.yml", 0, problem, rule="export-scorm")
        if report.errors:
            return None
        manifest = manifest_xml(course, units, files, version)
        data = _zip(site, files, manifest, Path(tmp) / "package.zip")
    if not checked("scorm12" if version == "1.2" else "scorm2004", out, data, report):
        return None
    write_atomically(out, data)
    return Package(len(units), len(files) + 1, len(data))


def runtime_config(course: Course, units: list[Sco], version: str) -> str:
    """The settings scorm.js reads: SCORM version, pass mark, and each SCO's quiz items."""
    config = {
        "version": version,
        "mastery": course.mastery,  # a percent, as the site's course data gives it (docs/assets/grading.js)
        "modules": {u.module.slug: {"items": list(u.items)} for u in units},
    }
    return (
        "// Written by `course export`: the SCORM runtime's settings for this package.\nexport default "
        + json.dumps(config, indent=1)
        + ";\n"
    )


class _Refs(html.parser.HTMLParser):
    """Collects the URLs a page loads (scripts, styles, images, frames) and links to."""

    LOADS: ClassVar[frozenset[tuple[str, str]]] = frozenset(
        {
            ("script", "src"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
            ("embed", "src"),
            ("object", "data"),
            ("link", "href"),
        }
    )

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in self.LOADS and not (tag == "link" and dict(attrs).get("rel") in ("canonical", "alternate")):
                self.loads.append(value)
            elif name == "srcset":
                self.loads.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif tag == "a" and name == "href":
                self.links.append(value)


_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def _folder_link(url: str) -> bool:
    if _ABSOLUTE.match(url) or url.startswith("#"):
        return False
    path = url.split("#", 1)[0].split("?", 1)[0]
    return path.endswith("/") or path.rsplit("/", 1)[-1] in ("", ".", "..")


def check_site(site: Path, files: list[str], units: list[Sco]) -> list[str]:
    """What would break inside an LMS: a missing launch page, a service worker, a request to
    another host, or a link from the site root."""
    problems: list[str] = []
    present = set(files)
    for unit in units:
        if unit.launch not in present:
            problems.append(f"the package has no launch page {unit.launch} for module '{unit.module.slug}'")
    for rel in files:
        path = site / rel
        if rel.endswith((".js", ".html")) and "serviceWorker.register" in path.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"{rel} registers a service worker, which an LMS cannot host; remove it")
        if rel.endswith(".html"):
            refs = _Refs()
            refs.feed(path.read_text(encoding="utf-8", errors="replace"))
            problems += [
                f"{rel} loads {u} from another host; keep every file in the course"
                for u in refs.loads
                if _ABSOLUTE.match(u) and not u.startswith("data:")
            ]
            problems += [
                f"{rel} links to {u} from the site root; use a relative link"
                for u in refs.loads + refs.links
                if u.startswith("/") and not u.startswith("//")
            ]
            problems += [
                f"{rel} links to the folder {u}, which an LMS does not serve; link to a page" for u in refs.links if _folder_link(u)
            ]
        elif rel.endswith(".css"):
            urls = _CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace"))
            problems += [
                f"{rel} loads {u} from another host; keep every file in the course"
                for u in urls
                if _ABSOLUTE.match(u) and not u.startswith("data:")
            ]
    return problems


def manifest_xml(course: Course, units: list[Sco], files: list[str], version: str) -> bytes:
    """imsmanifest.xml: one organisation in course order, one SCO resource per module (its own
    files), and one shared asset resource with every other file of the site."""
    if version == "1.2":
        ns = {
            "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
            "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
            "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        }
        locations = "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
        schema_version, type_attr = "1.2", "scormtype"
    else:
        ns = {
            "": "http://www.imsglobal.org/xsd/imscp_v1p1",
            "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
            "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
            "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
            "imsss": "http://www.imsglobal.org/xsd/imsss",
            "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        }
        locations = (
            "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
            "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
            "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"
        )
        schema_version, type_attr = "2004 4th Edition", "scormType"

    def q(prefix: str, tag: str) -> str:
        return f"{{{ns[prefix]}}}{tag}"

    for prefix, uri in ns.items():
        ET.register_namespace(prefix, uri)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", course.title).strip("-").lower() or "course"
    manifest = ET.Element(q("", "manifest"), {"identifier": f"MANIFEST-{slug}", "version": "1", q("xsi", "schemaLocation"): locations})
    metadata = ET.SubElement(manifest, q("", "metadata"))
    ET.SubElement(metadata, q("", "schema")).text = "ADL SCORM"
    ET.SubElement(metadata, q("", "schemaversion")).text = schema_version
    orgs = ET.SubElement(manifest, q("", "organizations"), default="ORG-course")
    org = ET.SubElement(orgs, q("", "organization"), identifier="ORG-course")
    ET.SubElement(org, q("", "title")).text = course.title or "Course"
    for unit in units:
        item = ET.SubElement(org, q("", "item"), identifier=f"ITEM-{unit.module.slug}", identifierref=unit.id)
        ET.SubElement(item, q("", "title")).text = f"{unit.module.number}. {unit.module.title}"
        if unit.items and version == "1.2":
            ET.SubElement(item, q("adlcp", "masteryscore")).text = str(course.mastery)
        elif unit.items:
            seq = ET.SubElement(item, q("imsss", "sequencing"))
            objectives = ET.SubElement(seq, q("imsss", "objectives"))
            primary = ET.SubElement(
                objectives, q("imsss", "primaryObjective"), objectiveID=f"PASS-{unit.module.slug}", satisfiedByMeasure="true"
            )
            ET.SubElement(primary, q("imsss", "minNormalizedMeasure")).text = f"{course.mastery / 100:.2f}"
    if version != "1.2":
        seq = ET.SubElement(org, q("imsss", "sequencing"))
        ET.SubElement(seq, q("imsss", "controlMode"), choice="true", flow="true")
    resources = ET.SubElement(manifest, q("", "resources"))
    owned: set[str] = set()
    for unit in units:
        res = ET.SubElement(
            resources, q("", "resource"), {"identifier": unit.id, "type": "webcontent", q("adlcp", type_attr): "sco", "href": unit.launch}
        )
        prefix = f"modules/{unit.module.slug}/"
        for rel in files:
            if rel.startswith(prefix):
                ET.SubElement(res, q("", "file"), href=rel)
                owned.add(rel)
        ET.SubElement(res, q("", "dependency"), identifierref="SHARED")
    shared = ET.SubElement(resources, q("", "resource"), {"identifier": "SHARED", "type": "webcontent", q("adlcp", type_attr): "asset"})
    for rel in files:
        if rel not in owned:
            ET.SubElement(shared, q("", "file"), href=rel)
    ET.indent(manifest)
    body: bytes = ET.tostring(manifest, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _zip(site: Path, files: list[str], manifest: bytes, dest: Path) -> bytes:
    """The package: imsmanifest.xml at the root, then the site's files in a fixed order."""
    stamp = (2020, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo("imsmanifest.xml", stamp), manifest, compress_type=zipfile.ZIP_DEFLATED)
        for rel in files:
            info = zipfile.ZipInfo(rel, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with (site / rel).open("rb") as src, archive.open(info, "w") as out:
                shutil.copyfileobj(src, out)
    return dest.read_bytes()


def _writer(version: str) -> Callable[[Job], str | None]:
    def write(job: Job) -> str | None:
        result = export(job.project, version, job.out, job.report, module=job.module, quiet=job.quiet)
        if result is None:
            return None
        return f"wrote the SCORM {version} package {job.out} ({result.scos} modules, {result.files} files, {result.size:,} bytes)"

    return write


for _name, _version in (("scorm12", "1.2"), ("scorm2004", "2004")):
    register(
        ExportFormat(_name, ".zip", f"course-{_name}", frozenset({"site"}), _writer(_version), f"the course as a SCORM {_version} package")
    )
