"""Executed notebooks to pages: nbconvert HTML with the code hidden, a PDF of the same HTML
by WeasyPrint with the Noto Sans CJK font embedded (see design/RENDERING-NOTES.md for why
this route), and the index page linking every report."""

from __future__ import annotations

import html as htmlmod
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..figures import fonts
from ..files import atomic_path, write_text

if TYPE_CHECKING:
    from .run import Result


def font_css() -> str:
    """@font-face for the CJK OTF shipped by mplfonts (a file:// URL: works offline)."""
    url = fonts.cjk_font_path().resolve().as_uri()
    return (
        f'@font-face {{ font-family: "{fonts.FAMILY}"; '
        f'src: local("{fonts.FAMILY}"), url("{url}") format("opentype"); }}\n'
    )


PAGE_CSS = """
:root { --sans: "Noto Sans", "DejaVu Sans", "%(family)s", sans-serif; }
html { font-family: "%(family)s", "DejaVu Sans", sans-serif; font-size: 10.5pt;
       line-height: 1.5; color: #1a1a1a; }
body { max-width: 60em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4 { line-height: 1.25; page-break-after: avoid; }
h1 { font-size: 1.8em; } h2 { font-size: 1.4em; } h3 { font-size: 1.15em; }
pre, code { font-family: "DejaVu Sans Mono", monospace, "%(family)s"; font-size: 0.85em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.4em 0; }
img, svg { max-width: 100%%; height: auto; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.85em;
        font-variant-numeric: tabular-nums; }
th, td { border: 0.5pt solid #bbb; padding: 0.15em 0.35em; text-align: right;
         vertical-align: top; overflow-wrap: break-word; }
th, td { white-space: normal; } td:last-child { min-width: 9em; }
@media print { table { font-size: 0.78em; } }
th { background: #f0f0f0; font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
tbody tr:nth-child(even) { background: #fafafa; }
.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"],
.output_stderr { background: #fff5f5; }
.jp-OutputArea-output, .output_area { margin: 0.3em 0; }
.ansi-red-fg { color: #c33; } .ansi-green-fg { color: #2a2; }
.ansi-cyan-fg { color: #288; } .ansi-blue-fg { color: #25a; }
.ansi-bold { font-weight: bold; }
@page { size: A4; margin: 18mm 15mm 18mm 15mm;
        @bottom-center { content: counter(page) " / " counter(pages);
                         font-family: "%(family)s"; font-size: 8pt; color: #666; } }
footer.report-params { margin-top: 2em; padding-top: 0.5em; border-top: 0.5pt solid #bbb;
                        font-size: 0.8em; color: #666; }
@media print { body { max-width: none; padding: 0; } }
"""


def page(title: str, body: str) -> str:
    """A full, self-contained HTML page (UTF-8, CJK font stack) around ``body``."""
    css = font_css() + PAGE_CSS % {"family": fonts.FAMILY}
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmlmod.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _notebook_title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return fallback


def to_html(nb_path: str | Path, title: str | None = None, base_dir: str | Path | None = None) -> str:
    """The executed notebook as a full HTML page, code hidden, images embedded (base64).

    ``base_dir`` is where relative image paths in markdown are looked up (the source
    notebook's directory); cells tagged ``remove-cell``/``remove-output`` are dropped.
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
    return page(title or _notebook_title(nb, nb_path.stem), body + _footer(nb))


def _footer(nb: Any) -> str:
    """Which notebook and parameters produced the page (the code itself is hidden)."""
    meta = nb.metadata.get("papermill", {})
    values = ", ".join(f"{k} = {v!r}" for k, v in (meta.get("parameters") or {}).items())
    source = Path(meta.get("input_path") or "").name
    if not (values or source):
        return ""
    return (
        f'\n<footer class="report-params">{htmlmod.escape(source)}'
        f"{' · ' if source and values else ''}<code>{htmlmod.escape(values)}</code></footer>\n"
    )


def html_to_pdf(html: str, pdf_path: str | Path, base_url: str | Path | None = None) -> None:
    """Render ``html`` to an A4 PDF (atomically), embedding a subset of the CJK font.

    The FontConfiguration must reach both CSS() and write_pdf(), else WeasyPrint silently
    ignores the @font-face.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    pdf_path = Path(pdf_path)
    font_config = FontConfiguration()
    css = CSS(string=font_css(), font_config=font_config)
    document = HTML(string=html, base_url=str(base_url or pdf_path.parent))
    with atomic_path(pdf_path) as tmp:
        document.write_pdf(str(tmp), stylesheets=[css], font_config=font_config)


def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (~0.7 s/PDF) rather than fontTools (~16 s)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

        return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except Exception:
        return False


def write_index(
    results: list[Result], out_dir: str | Path = paths.REPORTS, title: str = "报告 / Reports"
) -> Path:
    """`out_dir/index.html`: every report with its title, status and links (UTF-8)."""
    out_dir = Path(out_dir)
    rows = []
    for r in results:
        links = " · ".join(
            f'<a href="{htmlmod.escape(r.outputs[k])}">{k.upper()}</a>'
            for k in ("html", "pdf", "ipynb")
            if k in r.outputs
        )
        status = "✓ ok" if r.ok else "✗ failed"
        rows.append(
            f'<tr class="{r.status}"><td>{htmlmod.escape(r.title)}</td>'
            f"<td><code>{htmlmod.escape(r.name)}</code></td><td>{status}</td>"
            f"<td>{links}</td><td>{sum(r.seconds.values()):.1f}</td>"
            f"<td>{htmlmod.escape(r.message)}</td><td>{htmlmod.escape(r.finished)}</td></tr>"
        )
    body = (
        f"<h1>{htmlmod.escape(title)}</h1>\n<table>\n<thead><tr><th>标题 / Title</th>"
        "<th>name</th><th>状态 / status</th><th>文件 / files</th><th>s</th>"
        "<th>错误 / error</th><th>run at</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        "<style>td { text-align: left; } tr.failed td { background: #fff0f0; }</style>"
    )
    target = out_dir / "index.html"
    write_text(target, page(title, body))
    return target
