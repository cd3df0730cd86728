"""Executed notebooks to pages: nbconvert HTML with the code hidden, a PDF of the same HTML
by WeasyPrint with the Noto Sans CJK font embedded (see design/RENDERING-NOTES.md for why
this route), and the landing page (`index.html`) that lists every report.

Every page opens with its front matter (date, data version, code version) in the report's
language. Pages link only relative paths (figure files, the web font, the data downloads),
so the ``reports/`` folder still works when it is zipped and opened elsewhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as htmlmod
import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, faults, paths
from ..figures import fonts
from ..files import atomic_path, write_bytes, write_text
from ..words import check_lang, wide, word
from . import layout
from .cover import COVER_CSS, PLAN_KINDS, add_cover, manifest_rows
from .gloss import GLOSS_CSS, gloss_english
from .pack import pack

if TYPE_CHECKING:
    from .result import Result

#: The web font every page links (relative to the page), a subset of Noto Sans CJK SC
#: holding the characters the pages use; written by `write_web_font` with the index.
WEB_FONT = layout.WEB_FONT
#: Data downloads the landing page links, copied beside the reports.
DOWNLOADS = {
    "download_csv": "indicators.csv",
    "download_xlsx": "indicators.xlsx",
    "download_datapackage": "datapackage.json",
    "download_codebook": "codebook.csv",
    "download_observations": "observations.csv",
}


def font_css() -> str:
    """@font-face for the CJK OTF shipped by mplfonts, for WeasyPrint only (a file:// URL:
    works offline and never reaches an HTML page)."""
    url = fonts.cjk_font_path().resolve().as_uri()
    return (
        f'@font-face {{ font-family: "{fonts.FAMILY}"; '
        f'src: local("{fonts.FAMILY}"), url("{url}") format("opentype"); }}\n'
    )


def web_font_css(prefix: str = "") -> str:
    """@font-face for browsers: a locally installed Noto Sans CJK SC, else the subset shipped
    in ``reports/fonts/`` (a relative URL)."""
    return (
        f'@font-face {{ font-family: "{fonts.FAMILY}"; src: local("{fonts.FAMILY}"), '
        f'local("NotoSansCJKsc-Regular"), url("{prefix}{WEB_FONT}") format("woff"); }}\n'
    )


PAGE_CSS = """
html { font-family: "%(family)s", "DejaVu Sans", sans-serif; font-size: 10.5pt;
       line-height: 1.5; color: #1a1a1a; }
body { max-width: 60em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4 { line-height: 1.25; break-after: avoid; }
h1 { font-size: 1.8em; string-set: report-title content(); margin-bottom: 0.3em; }
h2 { font-size: 1.4em; } h3 { font-size: 1.15em; }
p { orphans: 2; widows: 2; }
pre, code { font-family: "DejaVu Sans Mono", monospace, "%(family)s"; font-size: 0.85em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.4em 0; }
img, svg { max-width: 100%%; height: auto; }
figure.report-figure { margin: 0.6em 0 0.9em 0; break-inside: avoid; }
figure.report-figure img { display: block; }
figcaption.figure-files { font-size: 0.8em; color: #555; margin-top: 0.2em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.85em;
        font-variant-numeric: tabular-nums; }
th, td { border: 0.5pt solid #bbb; padding: 0.15em 0.35em; text-align: right;
         vertical-align: top; white-space: normal; }
th { background: #f0f0f0; font-weight: bold; min-width: 2.5em; }
td.nowrap { white-space: nowrap; }
/* break-word, not anywhere: WeasyPrint's min-content pass re-lays out a cell's text once per
   break opportunity, so "anywhere" is quadratic in a long cell (alignment-en: 64 s -> 2.6 s) */
td.text { min-width: 6em; text-align: left; overflow-wrap: break-word; }
th.row_heading { text-align: left; min-width: 4em; overflow-wrap: anywhere; }
th.col_heading { overflow-wrap: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
/* a table's last rows stay with the rows before them (no page holding a table's tail alone) */
tbody tr:nth-last-child(-n+3) { break-before: avoid; }
tbody tr:nth-child(even) { background: #fafafa; }
.front-matter { font-size: 0.8em; color: #444; border-top: 0.5pt solid #bbb;
                border-bottom: 0.5pt solid #bbb; padding: 0.3em 0; margin: 0.2em 0 1em 0; }
.front-matter span { margin-right: 1.2em; display: inline-block; }
.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"],
.output_stderr { background: #fff5f5; }
.jp-OutputArea-output, .output_area { margin: 0.3em 0; }
.ansi-red-fg { color: #c33; } .ansi-green-fg { color: #2a2; }
.ansi-cyan-fg { color: #288; } .ansi-blue-fg { color: #25a; }
.ansi-bold { font-weight: bold; }
nav.toc ol { columns: 2; font-size: 0.9em; }
div.section-cell { break-after: avoid; }
@media print { h2.new-page { break-before: page; } }
nav.toc a { text-decoration: none; color: inherit; }
nav.report-nav { font-size: 0.85em; margin-bottom: 0.6em; }
@media print { nav.report-nav { display: none; } }
@page { size: A4; margin: 16mm 15mm 16mm 15mm;
        @top-left { content: string(report-title); font-family: "%(family)s"; font-size: 7.5pt;
                    color: #777; }
        @bottom-center { content: counter(page) " / " counter(pages);
                         font-family: "%(family)s"; font-size: 8pt; color: #666; } }
@page landscape { size: A4 landscape; margin: 14mm 15mm 14mm 15mm; }
@media print {
  body { max-width: none; padding: 0; }
  table { font-size: 0.78em; }
  table.landscape, div.landscape-page { page: landscape; }
  table.tight { font-size: 0.68em; }
  figcaption.figure-files { display: none; }
  nav.toc a::after { content: leader(".") target-counter(attr(href), page); }
  nav.toc ol { columns: 1; }
}
"""


def page(title: str, body: str, lang: str = "zh", head: str = "") -> str:
    """A full, self-contained HTML page (UTF-8, CJK font stack) around ``body``.

    The web font sits in its own ``<style id="web-font">`` block, which `html_to_pdf`
    replaces by the font file itself.
    """
    css = PAGE_CSS % {"family": fonts.FAMILY}
    return (
        f'<!DOCTYPE html>\n<html lang="{word("page_texts.html_lang", lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmlmod.escape(title)}</title>\n"
        f'<style id="web-font">\n{web_font_css()}</style>\n<style>\n{css}</style>\n{head}</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _notebook_title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "remove-cell" not in cell.metadata.get("tags", []):
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return fallback


# ----------------------------------------------------------------------- front matter


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@lru_cache(maxsize=1)
def _code_version() -> tuple[str, str, bool]:
    """(package version, short git commit or '', uncommitted changes?) of the code."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(paths.ROOT), "rev-parse", "--short=10", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(paths.ROOT), "status", "--porcelain", "--untracked-files=no", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        return __version__, commit, bool(dirty)
    except (OSError, subprocess.SubprocessError):
        return __version__, "", False


def _documents() -> tuple[int, int]:
    """(plan documents, secondary sources) the manifest registers: a ``facts`` CSV of a
    press report or an ``observations`` CSV is a source, not a plan."""
    rows = manifest_rows()
    secondary = sum(1 for row in rows if row.get("kind") not in PLAN_KINDS)
    return len(rows) - secondary, secondary


def front_matter(lang: str = "zh", date: str | None = None) -> str:
    """The block every report opens with: date, data version (the table's short sha256 and
    the source manifest's) and code version, in ``lang``."""
    check_lang(lang)
    date = date or dt.date.today().isoformat()
    table = _sha256(paths.TABLE_CSV)[:12]
    manifest = _sha256(paths.MANIFEST)[:12]
    version, commit, dirty = _code_version()
    t = lambda key: htmlmod.escape(page_word(key, lang))  # noqa: E731
    sep = word("punct.colon", lang)
    data = f"{paths.TABLE_CSV.name} {table}" if table else "—"
    if manifest:
        count, secondary = _documents()
        docs = word("page_texts.document_count", lang, count=count)
        if secondary:
            docs += word("page_texts.secondary_count", lang, count=secondary)
        data += f" · {paths.MANIFEST.name} {manifest}" + word("punct.paren", lang, text=htmlmod.escape(docs))
    code = version + (f" · {commit}" if commit else "") + (t("uncommitted") if dirty else "")
    return (
        '<div class="front-matter">'
        f"<span>{t('date')}{sep}{htmlmod.escape(date)}</span>"
        f"<span>{t('data_version')}{sep}{htmlmod.escape(data)}</span>"
        f"<span>{t('code_version')}{sep}{htmlmod.escape(code)}</span>"
        "</div>"
    )


def _insert_front_matter(body: str, block: str) -> str:
    """The front matter right under the page's first heading (or at the top)."""
    m = re.search(r"</h1>", body)
    if m:
        return body[: m.end()] + "\n" + block + body[m.end() :]
    return block + "\n" + body


def _report_parameters(nb: Any) -> dict[str, Any]:
    return dict(nb.metadata.get("papermill", {}).get("parameters") or {})


def _report_lang(nb: Any) -> str:
    lang = (nb.metadata.get("papermill", {}).get("parameters") or {}).get("lang", "zh")
    return lang if lang in ("zh", "en") else "zh"


def _run_date(nb: Any) -> str:
    end = str(nb.metadata.get("papermill", {}).get("end_time") or "")
    return end[:10] if re.match(r"\d{4}-\d\d-\d\d", end) else dt.date.today().isoformat()


def to_html(
    nb_path: str | Path,
    title: str | None = None,
    base_dir: str | Path | None = None,
    *,
    with_front_matter: bool = True,
    formats: Sequence[str] = ("pdf", "docx"),
) -> str:
    """The executed notebook as a full HTML page, code hidden, images embedded (base64).

    ``base_dir`` is where relative image paths in markdown are looked up (the source
    notebook's directory); cells tagged ``remove-cell``/``remove-output`` are dropped. The
    page opens with the front matter in the report's language (its ``lang`` parameter);
    its links name the documents made beside it (``formats``: pdf, docx).
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb_path = Path(nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        exclude_anchor_links=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            # the injected cell shows nothing and has a random id: the page would differ per run
            remove_cell_tags={"remove-cell", "remove_cell", "injected-parameters"},
            remove_all_outputs_tags={"remove-output", "remove_output"},
            remove_input_tags={"remove-input", "remove_input"},
        ),
        enabled=True,
    )
    resources = {"metadata": {"path": str(base_dir or nb_path.parent), "name": nb_path.stem}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    lang = _report_lang(nb)
    body = _landscape_sections(body)
    title = title or _notebook_title(nb, nb_path.stem)
    head = ""
    if with_front_matter:
        block = front_matter(lang, _run_date(nb))
        body = _insert_front_matter(body, block)
        body = add_cover(body, _notebook_title(nb, title), lang, _report_parameters(nb), block)
        head = f"<style>{COVER_CSS}</style>\n"
    if with_front_matter and ".failed" not in nb_path.stem:
        body = report_nav(nb_path.stem, lang, formats) + link_addresses(body)
    if not wide(lang):  # the plans' Chinese glossed for a reader of English
        body = gloss_english(body)
        head += f"<style>{GLOSS_CSS}</style>\n"
    return page(title, body, lang, head=head)


_ADDRESS = re.compile(r"https?://[^\s<>\"'，。；、）)\]]+[^\s<>\"'，。；、）)\].,;:]")


def link_addresses(body: str) -> str:
    """Published source addresses written in the page's text become links."""
    if not _ADDRESS.search(body):
        return body
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(body, "html.parser")
    for node in list(soup.find_all(string=_ADDRESS)):
        if node.find_parent(["a", "script", "style", "title"]) is not None:
            continue
        text, parts, last = str(node), [], 0
        for m in _ADDRESS.finditer(text):
            parts.append(htmlmod.escape(text[last : m.start()], quote=False))
            parts.append(
                f'<a href="{htmlmod.escape(m.group(0))}">{htmlmod.escape(m.group(0), quote=False)}</a>'
            )
            last = m.end()
        parts.append(htmlmod.escape(text[last:], quote=False))
        fragment = BeautifulSoup("".join(parts), "html.parser")
        for child in list(fragment.contents):
            node.insert_before(
                child if not isinstance(child, NavigableString) else NavigableString(str(child))
            )
        node.extract()
    return str(soup)


def report_nav(name: str, lang: str, formats: Sequence[str] = ("pdf", "docx")) -> str:
    """The links at the top of a report's web page: the index, the report in the other
    language, its PDF and its Word copy where ``formats`` makes them (relative; shown on
    screen, not in print)."""
    t = lambda key: htmlmod.escape(page_word(key, lang))  # noqa: E731
    links = [("index.html", t("link_index"))]
    for mine, other in (("-zh", "-en"), ("-en", "-zh")):
        if name.endswith(mine):
            links.append((f"{name[: -len(mine)]}{other}.html", t("link_other_lang")))
    links += [(f"{name}.{kind}", t(f"link_{kind}")) for kind in ("pdf", "docx") if kind in formats]
    items = " · ".join(f'<a href="{htmlmod.escape(href)}">{label}</a>' for href, label in links)
    return f'<nav class="report-nav">{items}</nav>\n'


def _add_class(tag: Any, name: str) -> None:
    classes = tag.get("class") or []
    tag["class"] = [*(classes if isinstance(classes, list) else str(classes).split()), name]


def _landscape_sections(body: str) -> str:
    """Headings stay with what follows them: a cell showing only headings and paragraphs
    is kept on the page of the next cell, and a table set on a landscape page takes the
    heading cells before it along, so no page is left holding a heading alone."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    cells = soup.find_all("div", class_="cell")
    changed = False
    for cell in cells:
        # key findings are content, not a heading to keep with the next cell (kept, their last
        # lines would be pushed onto the page of a figure that does not fit below them)
        content = cell.find(["table", "img", "figure", "pre"]) or cell.find("div", class_="findings")
        if cell.find(["h2", "h3", "h4"]) and not content:
            _add_class(cell, "section-cell")
            changed = True
    for k, cell in enumerate(cells):
        table = cell.find("table", class_="landscape")
        if table is None:
            continue
        _add_class(cell, "landscape-page")
        changed = True
        j = k - 1
        while j >= 0:
            prev = cells[j]
            blocks = prev.find_all(["table", "img", "figure"])
            if blocks or not prev.find(["h1", "h2", "h3", "h4", "p"]) or prev.find("h1"):
                break
            _add_class(prev, "landscape-page")
            j -= 1
    return str(soup) if changed else body


_WEB_FONT_BLOCK = re.compile(r'<style id="web-font">.*?</style>\n?', flags=re.S)


def html_to_pdf(html: str, pdf_path: str | Path, base_url: str | Path | None = None) -> None:
    """Render ``html`` to an A4 PDF (atomically), embedding a subset of the CJK font.

    The page's web font (a relative URL for browsers) is swapped for the installed OTF.
    The FontConfiguration must reach both CSS() and write_pdf(), else WeasyPrint silently
    ignores the @font-face.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    pdf_path = Path(pdf_path)
    with faults.phase("pdf"):
        font_config = FontConfiguration()  # its font folder: see worker.temp_folder
        css = CSS(string=font_css(), font_config=font_config)
        base = str(base_url or pdf_path.parent)

        def render(text: str) -> Any:
            page = HTML(string=_WEB_FONT_BLOCK.sub("", text), base_url=base)
            return page.render(stylesheets=[css], font_config=font_config)

        document = pack(html, render)  # no near-empty page before a landscape table
        with atomic_path(pdf_path) as tmp:
            document.write_pdf(str(tmp))
            faults.point("pdf")


def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (~0.7 s/PDF) rather than fontTools (~16 s)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

        return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except Exception:
        return False


# ------------------------------------------------------------------------- web font


def write_web_font(out_dir: str | Path, pages: list[Path]) -> Path:
    """``out_dir/fonts/…subset.woff``: Noto Sans CJK SC cut to the characters ``pages`` use.

    The subset only grows: characters already in it stay, so a page written earlier keeps
    its glyphs; it is rewritten only when a page brings a new character.
    """
    from fontTools import subset

    out_dir = Path(out_dir)
    target = out_dir / WEB_FONT
    chars_file = target.with_suffix(".chars.txt")
    have = set(chars_file.read_text(encoding="utf-8")) if chars_file.is_file() and target.is_file() else set()
    want = set(have)
    for p in pages:
        try:
            text = p.read_text(encoding="utf-8")
        except OSError:
            continue
        want |= {ch for ch in re.sub(r"data:[^\"')]+", "", text) if ord(ch) > 0x7F}
    want |= set("".join(page_word(k, lang) for k in ("index_title", "filter") for lang in ("zh", "en")))
    if want == have and target.is_file():
        return target
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(fonts.cjk_font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(want)) + "".join(chr(c) for c in range(0x20, 0x7F)))
    subsetter.subset(font)
    with atomic_path(target) as tmp:
        subset.save_font(font, str(tmp), options)
    write_text(chars_file, "".join(sorted(want)))
    return target


# ---------------------------------------------------------------------------- the index

#: Report kinds of the landing page, in order, and the notebooks that make them.
INDEX_KINDS = {
    "summaries": ("10-overview", "40-review", "60-alignment", "70-ambition", "80-methods", "90-progress"),
    "districts": ("15-brief", "30-region-profile", "31-municipal-profile", "35-pair"),
    "indicators": ("20-indicator",),
    "maps": ("50-atlas", "50-map"),
}


def page_word(key: str, lang: str) -> str:
    """A word of the page frame (catalog group ``page_texts``) in ``lang``."""
    return word(f"page_texts.{key}", lang)


def card_description(notebook: str, lang: str) -> str:
    """The landing page's one line on what a report of ``notebook`` holds ('' if none)."""
    from ..words import has_word

    key = "page_texts.card_" + Path(notebook).stem.split("-", 1)[-1].replace("-", "_")
    return word(key, lang) if has_word(key) else ""


def _kind(notebook: str) -> str:
    stem = Path(notebook).stem
    for kind, stems in INDEX_KINDS.items():
        if stem in stems:
            return kind
    return "summaries"


def _catalog_parameters(catalog: Path | None) -> dict[str, dict[str, Any]]:
    """Report name -> its catalog parameters (empty if the catalog cannot be read)."""
    import yaml

    try:
        data = yaml.safe_load(Path(catalog or paths.CATALOG).read_text(encoding="utf-8"))
        return {
            str(e["name"]): dict(e.get("parameters") or {})
            for e in data["reports"]
            if isinstance(e, dict) and "name" in e
        }
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return {}


def _search_terms(parameters: dict[str, Any]) -> list[str]:
    """Indicator and region names (zh and en) a reader may filter a report by."""
    from ..figures import labels

    terms: list[str] = []
    try:
        ids: list[str] = []
        if parameters.get("indicator_id") not in (None, "", "all"):
            ids.append(str(parameters["indicator_id"]))
        regions = [str(parameters[k]) for k in ("region", "region_a", "region_b") if parameters.get(k)]
        if ids or regions:
            for lang in ("zh", "en"):
                terms += [labels.indicator_name(None, i, lang) for i in ids]
                terms += [labels.region_name(r, lang) for r in regions]
            terms += ids
    except Exception:  # no codebook or manifest: the title is still searchable
        return terms
    return terms


def _region_indicators(parameters: dict[str, Any]) -> list[str]:
    """The indicator names (zh and en) a district report covers, for the filter."""
    regions = [str(parameters[k]) for k in ("region", "region_a", "region_b") if parameters.get(k)]
    if not regions:
        return []
    try:
        from ..figures import labels
        from ..ingest.load import load_table

        table = _table_cached(load_table)
        ids = sorted(
            set(table.loc[table["region"].isin(regions) & (table["period"] == "14th"), "indicator_id"])
        )
        return [labels.indicator_name(None, i, lang) for i in ids for lang in ("zh", "en")]
    except Exception:
        return []


_TABLE: dict[str, Any] = {}


def _table_cached(loader: Any) -> Any:
    if "table" not in _TABLE:
        _TABLE["table"] = loader()
    return _TABLE["table"]


def _thumbnail(nb_path: Path, target: Path, width: int = 640) -> bool:
    """A small PNG of the report's first figure (from the executed notebook); False if none."""
    import base64
    import io

    if target.is_file() and nb_path.is_file() and target.stat().st_mtime >= nb_path.stat().st_mtime:
        return True
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    png: bytes | None = None
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                png = base64.b64decode("".join(data["image/png"]))
            else:
                html = "".join(data.get("text/html", ""))
                m = re.search(r'src="data:image/png;base64,([^"]+)"', html)
                if m:
                    png = base64.b64decode(m.group(1))
            if png:
                break
        if png:
            break
    if not png:
        return False
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        im = im.convert("RGB")
        im.thumbnail((width, width * 2))
        buf = io.BytesIO()
        im.save(buf, format="PNG", optimize=True)
    write_bytes(target, buf.getvalue())
    return True


def _copy_downloads(out_dir: Path) -> dict[str, str]:
    """Copy the table's exports into ``out_dir/data/`` (only when changed); key -> href."""
    found: dict[str, str] = {}
    for key, name in DOWNLOADS.items():
        src = paths.PROCESSED / name
        if not src.is_file():
            continue
        dest = out_dir / layout.DOWNLOADS_DIR / name
        if not dest.is_file() or dest.read_bytes() != src.read_bytes():
            with atomic_path(dest) as tmp:
                shutil.copyfile(src, tmp)
        found[key] = f"{layout.DOWNLOADS_DIR}/{name}"
    return found


INDEX_CSS = """
body { max-width: 75em; }
header.top { display: flex; justify-content: space-between; align-items: baseline; flex-wrap: wrap; gap: 1em; }
.switch button { font: inherit; border: 1px solid #999; background: #fff; padding: 0.2em 0.8em; cursor: pointer; }
.switch button[aria-pressed="true"] { background: #1f5f8b; color: #fff; border-color: #1f5f8b; }
.filter { margin: 1em 0; } .filter input { font: inherit; width: 22em; max-width: 100%%; padding: 0.3em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(19em, 1fr)); gap: 1em; }
.card { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em; background: #fff; }
.card img { width: 100%%; height: 13em; object-fit: contain; object-position: top; background: #fafafa; }
.card .noimg { height: 13em; background: #f3f3f3; display: flex; align-items: center; padding: 0 1em;
               color: #555; font-size: 1.05em; }
.card p.description { font-size: 0.85em; color: #444; margin: 0.1em 0 0.3em 0; }
.card h3 { font-size: 1em; margin: 0.4em 0; } .card .links { font-size: 0.9em; margin: 0; }
.card.failed { border-color: #c33; }
.downloads li { display: inline; margin-right: 1.5em; }
details table td { text-align: left; } tr.failed td { background: #fff0f0; }
body[data-lang="zh"] [data-lang="en"], body[data-lang="en"] [data-lang="zh"] { display: none; }
.hidden { display: none !important; }
"""

INDEX_JS = """
(function () {
  var body = document.body;
  function setLang(lang) {
    body.setAttribute("data-lang", lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll(".switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-set-lang") === lang ? "true" : "false");
    });
    if (location.hash !== "#" + lang) { history.replaceState(null, "", "#" + lang); }
    filter();
  }
  function filter() {
    var input = document.querySelector(".filter input[data-lang='" + body.getAttribute("data-lang") + "']");
    var q = (input ? input.value : "").trim().toLowerCase();
    document.querySelectorAll("section.kind").forEach(function (section) {
      var shown = 0;
      section.querySelectorAll(".card").forEach(function (card) {
        var match = !q || card.getAttribute("data-search").toLowerCase().indexOf(q) >= 0;
        card.classList.toggle("hidden", !match);
        var lang = card.getAttribute("data-lang");
        if (match && (!lang || lang === body.getAttribute("data-lang"))) { shown++; }
      });
      section.classList.toggle("hidden", shown === 0);
    });
    var none = document.querySelectorAll(".no-match");
    var any = document.querySelectorAll("section.kind:not(.hidden)").length > 0;
    none.forEach(function (n) { n.classList.toggle("hidden", any); });
  }
  document.querySelectorAll(".switch button").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-set-lang")); });
  });
  document.querySelectorAll(".filter input").forEach(function (i) { i.addEventListener("input", filter); });
  setLang(location.hash === "#en" ? "en" : "zh");
})();
"""


def _both(key: str, tag: str = "span", attrs: str = "") -> str:
    """``key`` in both languages, each element shown only in its language."""
    return "".join(
        f'<{tag} data-lang="{lang}"{attrs}>{htmlmod.escape(page_word(key, lang))}</{tag}>'
        for lang in ("zh", "en")
    )


def _card(r: Result, parameters: dict, out_dir: Path) -> str:
    """One report's card on the landing page: thumbnail (or its description), title, links."""
    lang = parameters.get("lang")
    lang_attr = f' data-lang="{htmlmod.escape(str(lang))}"' if lang in ("zh", "en") else ""
    search = " ".join([r.title, r.name, *_search_terms(parameters), *_region_indicators(parameters)])
    thumb = ""
    if "ipynb" in r.outputs:
        target = out_dir / layout.THUMBS_DIR / f"{r.name}.png"
        if _thumbnail(out_dir / r.outputs["ipynb"], target):
            thumb = f"{layout.THUMBS_DIR}/{r.name}.png"
    main = r.outputs.get("html") or r.outputs.get("pdf") or ""
    description = htmlmod.escape(card_description(r.notebook, str(lang or "zh")))
    img = (
        f'<img src="{htmlmod.escape(thumb)}" alt="{htmlmod.escape(r.title, quote=True)}" loading="lazy">'
        if thumb
        else f'<div class="noimg"><p>{description}</p></div>'  # a report without a figure
    )
    picture = f'<a href="{htmlmod.escape(main)}">{img}</a>' if main else img
    links = " · ".join(
        f'<a href="{htmlmod.escape(r.outputs[k])}">{_both("link_" + k)}</a>'
        for k in ("html", "pdf", "docx")
        if k in r.outputs
    )
    if not r.ok:
        links += f' <span class="state">✗ {_both("failed")}</span>'
    heading = (
        f'<a href="{htmlmod.escape(main)}">{htmlmod.escape(r.title)}</a>' if main else htmlmod.escape(r.title)
    )
    return (
        f'<article class="card {r.status}"{lang_attr} data-name="{htmlmod.escape(r.name, quote=True)}" '
        f'data-search="{htmlmod.escape(search, quote=True)}">{picture}<h3>{heading}</h3>'
        f'<p class="description">{description}</p><p class="links">{links}</p></article>'
    )


def _status_row(r: Result) -> str:
    """One report's row of the build status table."""
    state = _both("ok") if r.ok else _both("failed")
    files = " · ".join(
        f'<a href="{htmlmod.escape(r.outputs[k])}">{k.upper()}</a>'
        for k in ("html", "pdf", "docx", "ipynb")
        if k in r.outputs
    )
    return (
        f'<tr class="{r.status}"><td>{htmlmod.escape(r.title)}</td>'
        f"<td><code>{htmlmod.escape(r.name)}</code></td><td>{state}</td><td>{files}</td>"
        f"<td>{sum(r.seconds.values()):.1f}</td>"
        f"<td>{htmlmod.escape(r.message)}</td><td>{htmlmod.escape(r.finished)}</td></tr>"
    )


def _index_body(groups: dict[str, list[str]], status_rows: list[str], downloads: dict[str, str]) -> str:
    """The landing page's body: header and language switch, downloads, filter, the cards by
    kind, the build status and the script."""
    sections = "".join(
        f'<section class="kind" data-kind="{kind}"><h2>{_both("kind_" + kind)}</h2>'
        f'<div class="cards">{"".join(cards)}</div></section>\n'
        for kind, cards in groups.items()
        if cards
    )
    download_items = "".join(
        f'<li><a href="{htmlmod.escape(href)}">{_both(key)}</a></li>' for key, href in downloads.items()
    )
    filters = "".join(
        f'<input type="search" data-lang="{lang}" aria-label="{htmlmod.escape(page_word("filter", lang))}" '
        f'placeholder="{htmlmod.escape(page_word("filter_placeholder", lang))}">'
        for lang in ("zh", "en")
    )
    return (
        '<header class="top">'
        f"<h1>{_both('index_title')}</h1>"
        '<div class="switch" role="group">'
        '<button type="button" data-set-lang="zh" aria-pressed="true">中文</button>'
        '<button type="button" data-set-lang="en" aria-pressed="false">English</button></div></header>\n'
        f"<p>{_both('index_intro')}</p>\n"
        + (
            f'<section class="downloads"><h2>{_both("downloads")}</h2><ul>{download_items}</ul></section>\n'
            if download_items
            else ""
        )
        + f'<div class="filter"><label>{_both("filter")}</label> {filters}</div>\n'
        + f'<p class="no-match hidden">{_both("no_match")}</p>\n'
        + sections
        + f"<details><summary>{_both('status')}</summary><table><thead><tr>"
        + "".join(f"<th>{_both(k)}</th>" for k in ("status_name",))
        + f"<th>name</th><th>{_both('status_state')}</th><th>{_both('status_files')}</th>"
        f"<th>{_both('status_seconds')}</th>"
        f"<th>{_both('status_error')}</th><th>{_both('status_finished')}</th></tr></thead>\n<tbody>\n"
        + "\n".join(status_rows)
        + "\n</tbody></table></details>\n"
        + f"<script>{INDEX_JS}</script>"
    )


def write_index(
    results: list[Result],
    out_dir: str | Path | None = None,
    title: str = "报告 / Reports",
    *,
    catalog: str | Path | None = None,
) -> Path:
    """`out_dir/index.html`: the reports by kind with thumbnails and a filter by indicator
    name (zh/en), a language switch, the data downloads, and the build status.

    Every link is relative, the data files and the web font are copied beside it, so the
    folder works when zipped and opened on another machine.
    """
    out_dir = paths.project().reports if out_dir is None else out_dir
    out_dir = Path(out_dir)
    params_by_name = _catalog_parameters(Path(catalog) if catalog else None)
    downloads = _copy_downloads(out_dir)
    groups: dict[str, list[str]] = {k: [] for k in INDEX_KINDS}
    status_rows = []
    for r in results:
        groups[_kind(r.notebook)].append(_card(r, params_by_name.get(r.name, {}), out_dir))
        status_rows.append(_status_row(r))
    body = _index_body(groups, status_rows, downloads)
    target = out_dir / layout.INDEX
    text = page(title, body, "zh", head=f"<style>{INDEX_CSS % {}}</style>\n").replace(
        "<body>", '<body data-lang="zh">', 1
    )
    write_text(target, text, point="index")
    pages = sorted(out_dir.glob("*.html"))
    try:
        write_web_font(out_dir, pages)
    except Exception as exc:  # the pages still show with the reader's own CJK font
        import sys

        print(f"warning: web font not written: {exc}", file=sys.stderr)
    return target
