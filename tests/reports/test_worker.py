"""One report on papermill's own engine: one write, private sockets, a failed notebook kept
when the kernel dies or times out, figures staged (compare.reports.worker, in-process)."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import nbformat
import pytest

from compare.reports import Report, worker
from test_reports_pipeline import notebook

pytestmark = pytest.mark.slow

PROBE = (
    "import json, os, stat\n"
    "from ipykernel import get_connection_file\n"
    "f = get_connection_file()\n"
    "info = json.load(open(f))\n"
    "print(json.dumps({'file': f, 'transport': info['transport'], 'ip': info['ip'],\n"
    "    'file_mode': stat.S_IMODE(os.stat(f).st_mode),\n"
    "    'dir_mode': stat.S_IMODE(os.stat(os.path.dirname(f)).st_mode),\n"
    "    'figures': os.environ.get('COMPARE_FIGURES_ROOT'), 'cwd': os.getcwd()}))"
)


def report(tmp_path: Path, *cells: tuple[str, str], name: str = "r", **parameters) -> Report:
    path = notebook(tmp_path / "notebooks" / f"{name}.ipynb", ("params", 'x: str = "a"'), *cells)
    return Report(name, path.resolve(), name.upper(), dict(parameters))


def outputs_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_the_notebook_is_written_once(tmp_path, monkeypatch):
    import papermill.engines
    import papermill.execute

    writes = []
    for module in (papermill.execute, papermill.engines):
        real = module.write_ipynb

        def counting(nb, path, *args, _real=real, **kwargs):
            writes.append(path)
            return _real(nb, path, *args, **kwargs)

        monkeypatch.setattr(module, "write_ipynb", counting)
    r = report(tmp_path, ("code", "print(1)"), ("code", "print(2)"), ("code", "print(3)"))
    result = worker.render(r, tmp_path / "stage")
    assert result.ok, result.message
    assert [w for w in writes if w] == [str(tmp_path / "stage" / "r.ipynb")]


def test_kernels_use_private_unix_sockets_and_leave_nothing(tmp_path):
    r = report(tmp_path, ("code", PROBE))
    result = worker.render(r, tmp_path / "stage")
    assert result.ok, result.message
    probe = json.loads(outputs_text(tmp_path / "stage" / "r.ipynb").strip().splitlines()[-1])
    assert probe["transport"] == "ipc"
    assert probe["file_mode"] == 0o600 and probe["dir_mode"] & 0o777 == 0o700  # (+ sticky bit)
    folder = Path(probe["file"]).parent
    assert folder.parent == worker.runtime_root() and folder.name.startswith(f"w{os.getpid()}-")
    assert probe["ip"].startswith(str(folder))
    assert probe["figures"] == str(tmp_path / "stage")
    assert probe["cwd"] == str(r.notebook.parent)
    assert list(folder.iterdir()) == []  # sockets and connection file removed with the kernel
    worker.remove_runtime_dir()
    assert not folder.exists()


def test_a_runtime_folder_too_deep_for_a_unix_socket_runs_its_kernel_over_tcp(tmp_path, monkeypatch):
    """A kernel whose socket path would not fit ``sun_path`` was started and never reached:
    the run waited for ever (seen under pytest-xdist, whose folders are ten bytes deeper)."""
    deep = tmp_path / ("d" * 60)
    monkeypatch.setenv(worker.ROOT_ENV, str(deep))
    assert not worker.ipc_fits(deep / "w1234567-abcdefgh" / "k1")
    assert worker.ipc_fits(Path("/tmp/compare-0/w1234567-abcdefgh/k1"))
    r = report(tmp_path, ("code", PROBE))
    result = worker.render(r, tmp_path / "stage")
    assert result.ok, result.message
    probe = json.loads(outputs_text(tmp_path / "stage" / "r.ipynb").strip().splitlines()[-1])
    assert probe["transport"] == "tcp" and probe["ip"] == "127.0.0.1"
    assert Path(probe["file"]).parent.parent == deep
    worker.remove_runtime_dir()


def test_kernels_stop_at_once_without_exit_handlers(tmp_path):
    marker = tmp_path / "atexit-ran"
    r = report(
        tmp_path, ("code", f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).touch)")
    )
    assert worker.render(r, tmp_path / "stage").ok
    time.sleep(1.0)
    assert not marker.exists()


def test_a_kernel_that_dies_leaves_its_notebook_with_a_marker(tmp_path):
    r = report(
        tmp_path,
        ("code", "print('before')"),
        ("code", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
    )
    result = worker.render(r, tmp_path / "stage")
    assert not result.ok and result.stage == "execute"
    assert result.ename == "DeadKernelError" and result.cell == 2
    assert result.outputs == {"ipynb": "r.failed.ipynb", "html": "r.failed.html"}
    assert result.files == ["r.failed.html", "r.failed.ipynb"]
    nb = nbformat.read(tmp_path / "stage" / "r.failed.ipynb", as_version=4)
    assert "Execution stopped" in nb.cells[0].source and "DeadKernelError" in nb.cells[0].source
    assert "before" in outputs_text(tmp_path / "stage" / "r.failed.ipynb")
    assert "Execution stopped" in (tmp_path / "stage" / "r.failed.html").read_text(encoding="utf-8")


def test_a_cell_that_times_out_leaves_its_notebook(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "EXECUTION_TIMEOUT", 3)
    r = report(tmp_path, ("code", "print('before')"), ("code", "import time\ntime.sleep(60)"))
    t0 = time.perf_counter()
    result = worker.render(r, tmp_path / "stage")
    assert time.perf_counter() - t0 < 40
    assert not result.ok and result.ename == "CellTimeoutError" and result.cell == 2
    assert "before" in outputs_text(tmp_path / "stage" / "r.failed.ipynb")


def test_figures_are_written_to_the_staging_folder(tmp_path):
    code = (
        "from matplotlib.figure import Figure\n"
        "from compare.figures import saving\n"
        "fig = Figure(figsize=(2, 2)); fig.add_subplot().plot([1, 2])\n"
        "saving.save(fig, figures_dir, 'line')"
    )
    path = notebook(tmp_path / "notebooks" / "f.ipynb", ("params", 'figures_dir: str = ""'), ("code", code))
    r = Report("f", path.resolve(), "F", {"figures_dir": "figures/f"})
    result = worker.render(r, tmp_path / "stage")
    assert result.ok, result.message
    assert "figures/f/line.png" in result.files
    assert (tmp_path / "stage" / "figures" / "f" / "line.png").read_bytes().startswith(b"\x89PNG")
    assert stat.S_ISREG((tmp_path / "stage" / "f.pdf").stat().st_mode)


def test_a_report_made_as_html_only_has_no_pdf_or_word_copy_and_links_none(tmp_path):
    from dataclasses import replace

    r = replace(report(tmp_path, ("code", "print(1)"), name="r-en", lang="en"), formats=("html",))
    result = worker.render(r, tmp_path / "stage")
    assert result.ok, result.message
    assert set(result.outputs) == {"ipynb", "html"} and "pdf" not in result.seconds
    assert sorted(result.files) == ["r-en.html", "r-en.ipynb"]
    page = (tmp_path / "stage" / "r-en.html").read_text(encoding="utf-8")
    assert 'href="r-zh.html"' in page and 'href="r-en.pdf"' not in page and 'href="r-en.docx"' not in page
