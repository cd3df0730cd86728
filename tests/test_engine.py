"""The papermill engine reports run with: one write per run, kernels on private sockets."""

from __future__ import annotations

import json
import threading

import nbformat
import papermill
import pytest

from compare.reports import engine

CONNECTION = (
    "from ipykernel import get_connection_file\n"
    "import json\n"
    "print(json.dumps(json.load(open(get_connection_file()))))"
)


def notebook(tmp_path, *sources: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "in.ipynb"
    nbformat.write(nb, path)
    return path


def count_writes(monkeypatch) -> list[str]:
    import papermill.engines

    writes: list[str] = []
    real = papermill.engines.write_ipynb

    def counting(nb, path):
        writes.append(str(path))
        real(nb, path)

    monkeypatch.setattr(papermill.engines, "write_ipynb", counting)
    return writes


def execute(src, out, **kwargs):
    return papermill.execute_notebook(
        str(src), str(out), kernel_name="python3", progress_bar=False, cwd=str(src.parent), **kwargs
    )


def test_the_output_notebook_is_written_once_with_every_output(tmp_path, monkeypatch):
    src = notebook(tmp_path, "x = 1", "print(x + 1)", "x * 3")
    writes = count_writes(monkeypatch)
    execute(src, tmp_path / "default.ipynb")
    assert len(writes) > 3  # papermill's own engine: before and after every cell
    writes.clear()
    execute(src, tmp_path / "once.ipynb", engine_name=engine.register())
    assert writes == [str(tmp_path / "once.ipynb")]
    cells = nbformat.read(tmp_path / "once.ipynb", as_version=4).cells
    assert cells[1].outputs[0]["text"] == "2\n"
    assert cells[2].outputs[0]["data"]["text/plain"] == "3"
    assert all(c.metadata.papermill["duration"] is not None for c in cells)


def test_a_failing_notebook_is_still_written_with_its_error(tmp_path):
    src = notebook(tmp_path, "print('before')", "1 / 0", "print('never')")
    out = tmp_path / "out.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute(src, out, engine_name=engine.register())
    assert info.value.ename == "ZeroDivisionError"
    code = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "before\n"
    assert code[1].outputs[0]["ename"] == "ZeroDivisionError"
    assert code[2].outputs == []  # not run


def test_kernels_listen_on_private_unix_sockets(tmp_path):
    src = notebook(tmp_path, CONNECTION)
    results: list = []

    def run(k: int) -> None:
        nb = execute(src, tmp_path / f"out{k}.ipynb", engine_name=engine.register())
        results.append(json.loads(nb.cells[0].outputs[0]["text"]))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    for info in results:
        assert info["transport"] == "ipc"
        assert info["ip"].startswith("/") and "compare-kernel-" in info["ip"]
    assert results[0]["ip"] != results[1]["ip"]  # two kernels side by side never share one
    assert not list(tmp_path.glob("kernel-ipc*"))  # nothing left in the working directory


def test_kernels_are_stopped_at_once_without_exit_handlers(tmp_path):
    # Reports write every output inside their cells; nothing may rely on the kernel's exit.
    marker = tmp_path / "exited"
    src = notebook(tmp_path, f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).touch)")
    execute(src, tmp_path / "default.ipynb")
    assert marker.exists()  # a graceful shutdown runs the handler
    marker.unlink()
    execute(src, tmp_path / "once.ipynb", engine_name=engine.register())
    assert not marker.exists()
