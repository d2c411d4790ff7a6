"""Runnable notebook downloads: one zip per notebook with the notebook, the data files it reads
and a README with the exact packages, made at build time from the module folder.

The zip unpacks into one folder (``<notebook>/``) that runs as is: the notebook reads its data
with paths relative to its own folder (``data/...``), so the data keep their place in the module
folder. Sources are only read, never changed. Zips are deterministic (fixed timestamps and
order), so a rebuild of unchanged sources gives the same bytes.
"""

from __future__ import annotations

import ast
import html
import io
import re
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from markupsafe import Markup

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.i18n.formats import number
from coursekit.model.course import MODULES_DIR, Module, page_title
from coursekit.model.languages import translation
from coursekit.model.reading import code_of, current, read_bytes, read_text, reading
from coursekit.model.sources import Sources, escapes
from coursekit.model.spreadsheets import SPREADSHEETS_FILE
from coursekit.outputs import cache, templates_docs, templates_xlsx
from coursekit.render.blocks.template import find

REQUIREMENTS_FILE = "notebook-requirements.txt"  # at the course root: pinned versions for the notebooks
ZIP_SUFFIX = "-notebook.zip"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
DATA_SUFFIXES = (".csv", ".tsv", ".json", ".xlsx", ".txt", ".parquet", ".geojson")
# Import names whose distribution on PyPI has another name.
DISTRIBUTIONS = {"sklearn": "scikit-learn", "yaml": "pyyaml", "PIL": "pillow", "bs4": "beautifulsoup4"}


@dataclass(frozen=True)
class Bundle:
    notebook: Path  # the file whose bytes the zip holds (a translation's, in a language's site)
    folder: str  # the zip's top folder, e.g. "screening"
    data: list[Path]  # data files the notebook reads, in the module folder
    packages: list[str]  # requirement lines, pinned where the course pins them
    name: str = ""  # the notebook's name in the zip: the English file's, in every language

    @property
    def file_name(self) -> str:
        return self.name or self.notebook.name

    @property
    def zip_name(self) -> str:
        return self.folder + ZIP_SUFFIX


def imports(code: str) -> list[str]:
    """Top-level names of the third-party modules the code imports, sorted."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        found = set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", code, re.MULTILINE))
    else:
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return sorted(name for name in found if name not in sys.stdlib_module_names)


def read_pins(root: Path) -> dict[str, str]:
    """``{distribution (lower case): "name==version"}`` from the course's notebook-requirements.txt."""
    path = root / REQUIREMENTS_FILE
    pins: dict[str, str] = {}
    if not path.is_file():
        return pins
    for raw in read_text(path).splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name = re.split(r"[<>=!~ \[;]", line, maxsplit=1)[0]
            pins[name.lower()] = line
    return pins


def data_files(notebook: Path, code: str, root: Path) -> list[Path]:
    """Files next to the notebook (or below it) whose name the notebook's code mentions (never a
    link out of the project ``root``)."""
    folder = notebook.parent
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts) or escapes(path, root):
            continue
        if path.suffix.lower() in DATA_SUFFIXES and path.name in code:
            out.append(path)
    return out


def bundle(notebook: Path, root: Path, english: Path | None = None) -> Bundle:
    """The runnable bundle of ``notebook``; with ``english``, ``notebook`` is its translation, bundled
    under the English file's name (the same zip, the same paths, in every language's site)."""
    code = code_of(notebook)
    pins = read_pins(root)
    packages = [pins.get(DISTRIBUTIONS.get(name, name).lower(), DISTRIBUTIONS.get(name, name)) for name in imports(code)]
    named = english or notebook
    return Bundle(notebook, named.stem, data_files(notebook, code, root), packages, named.name)


def readme(b: Bundle, title: str, lang: str = SOURCE) -> str:
    """The bundle's README.txt, in ``lang`` (the message ``downloads.readme``): what the folder
    holds, the exact packages, and how to run the notebook."""
    m = messages(lang)
    data = "\n".join(f"- `{p.relative_to(b.notebook.parent).as_posix()}`" for p in b.data) or f"- {m.t('downloads.readme_no_data')}"
    packages = "\n".join(f"    {p}" for p in b.packages) or f"    {m.t('downloads.readme_stdlib')}"
    text = m.t("downloads.readme", title=title, underline="=" * len(title), name=b.file_name, data=data, packages=packages)
    return text.rstrip("\n") + "\n"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def make_zip(b: Bundle, title: str, lang: str = SOURCE) -> bytes:
    """The zip's bytes: ``<folder>/<notebook>``, its data files, README.txt (in ``lang``) and requirements.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(_entry(f"{b.folder}/README.txt"), readme(b, title, lang))
        zf.writestr(_entry(f"{b.folder}/requirements.txt"), "".join(p + "\n" for p in b.packages))
        zf.writestr(_entry(f"{b.folder}/{b.file_name}"), read_bytes(b.notebook))
        for path in b.data:
            zf.writestr(_entry(f"{b.folder}/{path.relative_to(b.notebook.parent).as_posix()}"), read_bytes(path))
    return buffer.getvalue()


def after_title(box: str, page_html: str) -> str:
    """A notebook page's download box placed under its title (the first ``</h1>``), not above it;
    at the top when the page has no title."""
    end = page_html.find("</h1>")
    if end < 0:
        return box + page_html
    end += len("</h1>")
    return page_html[:end] + box + page_html[end:]


def download_html(notebook_name: str, zip_href: str, zip_bytes: int, lang: str = SOURCE) -> str:
    """The download box at the top of a notebook page: the runnable zip first, the bare notebook second."""
    m = messages(lang)
    href = html.escape(zip_href)
    size = m.t("downloads.kilobytes", size=number(max(1, round(zip_bytes / 1024)), lang))
    run = m.t("downloads.run", file=zip_href.rsplit("/", 1)[-1], size=size)
    code = Markup("<code>%s</code>") % notebook_name
    alone = Markup('<a href="%s" download>%s</a>') % (notebook_name, m.t("downloads.notebook_alone", file=notebook_name))
    return (
        '<div class="cq-download">'
        f'<p><a class="md-button md-button--primary" href="{href}" download>{html.escape(run)}</a> '
        f"{m.markup('downloads.run_note', notebook=code)}</p>"
        f"<p>{m.markup('downloads.or_alone', link=alone)}</p>"
        "</div>\n"
    )


Made = dict[str, tuple[object, dict[str, bytes]]]
"""What a project has made for downloads: ``{key: (what it was made from, {uri: bytes})}``; the
project owns it (:attr:`coursekit.model.project.Project.downloads`), so it lives as long as the build or
the serve session."""
PAGE_SUFFIXES = (".md", ".yml", ".yaml")  # pages and the run sheet: no download is made from them but the templates


def _stamp(module: Module, root: Path) -> tuple[tuple[str, int, int], ...]:
    """The module folder's files that downloads are made from (not its pages or run sheet), the pins,
    and the spreadsheet declarations (any module's spreadsheets.yml may declare a template's layout)."""
    paths = [p for p in sorted(module.dir.rglob("*")) if p.is_file() and p.suffix not in PAGE_SUFFIXES]
    paths.append(root / REQUIREMENTS_FILE)
    paths += sorted((root / MODULES_DIR).glob(f"*/{SPREADSHEETS_FILE}"))
    return tuple((str(p), s.st_mtime_ns, s.st_size) for p in paths if p.exists() for s in [p.stat()])


def _remembered(made: Made, key: str, stamp: object, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    hit = made.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    out = make()
    made[key] = (stamp, out)
    return out


def module_downloads(module: Module, root: Path, made: Made, lang: str | None = None) -> dict[str, bytes]:
    """Every file the build makes for a module's downloads: ``{uri in the site: bytes}``.

    Made again only when what they are made from changes: in this process (``mkdocs serve``
    rebuilds often) the zips when a notebook, data file or pin changes, the templates also when a
    ``/// template`` block of the page changes, not on every edit of the page; in a new process,
    when a byte of what they were made from changed (the on-disk cache, :mod:`coursekit.outputs.cache`)."""
    stamp = _stamp(module, root)
    blocks = [(t.id, t.title, t.formats, t.markdown) for t in find(module)]
    on_disk = cache.of(root)

    def zips() -> dict[str, bytes]:
        key = f"zips:{module.slug}" + (f":{lang}" if lang else "")
        return on_disk.outputs(key, _ZIP_SETTINGS, _zip_inputs(module, root), read_bytes, partial(_zips, module, root, lang))

    def templates() -> dict[str, bytes]:
        inputs = _template_inputs(module, root)
        return on_disk.outputs(f"templates:{module.slug}", _template_settings(root), inputs, read_bytes, partial(_templates, module, root))

    return {
        **_remembered(made, f"{module.dir}:zips:{lang or ''}", stamp, zips),
        **_remembered(made, f"{module.dir}:templates", (stamp, blocks), templates),
    }


_ZIP_SETTINGS = {"format": "zip", "date": ZIP_DATE, "python": sys.version_info[:2], "zlib": zlib.ZLIB_RUNTIME_VERSION}


def _template_settings(root: Path) -> dict[str, object]:
    """What shapes the templates besides their sources: the libraries that write them, and the names of the
    modules' files (a template may read another module's worksheet data)."""
    names = sorted(p.relative_to(root).as_posix() for p in (root / MODULES_DIR).rglob("*") if p.is_file())
    return {"libraries": cache.versions("openpyxl", "python-docx", "odfpy"), "files": names}


def _zip_inputs(module: Module, root: Path) -> list[Path]:
    """The module folder's files a zip may be made from (not its pages or run sheet), and the pins."""
    return [p for p in sorted(module.dir.rglob("*")) if p.is_file() and p.suffix not in PAGE_SUFFIXES] + [root / REQUIREMENTS_FILE]


def _template_inputs(module: Module, root: Path) -> list[Path]:
    """The module's first page (its ``/// template`` blocks); the worksheet files and data a template
    reads are inputs as they are read (coursekit.model.reading.note)."""
    return [module.index]


CACHE_DIR = Path(".cache") / "coursekit" / "downloads"


def cached_downloads(module: Module, root: Path, made: Made, sources: Sources | None = None, lang: str | None = None) -> dict[str, Path]:
    """The module's downloads as files under ``.cache/coursekit/downloads/`` (rewritten only when
    their bytes change), for the compiled docs tree to copy: ``{uri: path}``. With ``lang``, the
    notebook zips hold that language's translation of each notebook where there is one."""
    out: dict[str, Path] = {}
    with reading(sources):
        files = module_downloads(module, root, made, lang)
    for uri, content in files.items():
        path = root / CACHE_DIR / (lang or "") / uri
        try:
            same = path.read_bytes() == content
        except OSError:
            same = False
        if not same:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        out[uri] = path
    return out


def _zips(module: Module, root: Path, lang: str | None = None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for page in module.pages:
        if page.suffix == ".ipynb":
            translated = translation(page, lang) if lang else page
            try:
                b = bundle(translated, root, page) if translated.is_file() and translated != page else bundle(page, root)
            except (ValueError, OSError):  # not JSON, or unreadable: validation says so; serving goes on without its zip
                continue
            out[f"{MODULES_DIR}/{module.slug}/{b.zip_name}"] = make_zip(b, page_title(b.notebook, current()), lang or SOURCE)
    return out


def _templates(module: Module, root: Path) -> dict[str, bytes]:
    """Every template file of a module: ``{uri: bytes}``."""
    out: dict[str, bytes] = {}
    for template in find(module):
        nodes = templates_docs.parse(template.markdown)
        for fmt in template.formats:
            if fmt == "docx":
                out[template.uri(fmt)] = templates_docs.to_docx(template.title, nodes)
            elif fmt == "odt":
                out[template.uri(fmt)] = templates_docs.to_odt(template.title, nodes)
            elif fmt == "xlsx":
                out[template.uri(fmt)] = templates_xlsx.build(template, nodes, root)
    return out
