"""Every notebook in notebooks/ runs headless (nbclient) without an error and shows its widgets."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers_media import probe

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNEL = "nemo-widgets-test"

pytestmark = pytest.mark.slow


def outputs(nb: Any) -> list[Any]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def stdout_of(nb: Any) -> str:
    return "".join(out.get("text", "") for out in outputs(nb) if out.output_type == "stream" and out.name == "stdout")


@pytest.fixture
def run_notebook(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Execute a copy of a notebook in ``isolated`` with this interpreter's kernel; returns the executed notebook."""
    import nbformat
    from nbclient import NotebookClient

    kernels = isolated / "jupyter" / "kernels" / KERNEL
    kernels.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "nemo-widgets tests", "language": "python"}  # fmt: skip
    (kernels / "kernel.json").write_text(json.dumps(spec))
    monkeypatch.setenv("JUPYTER_PATH", str(isolated / "jupyter"))
    monkeypatch.setenv("NEMO_ENGINE_DIR", str(isolated / "engine"))
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    monkeypatch.setenv("MPLBACKEND", "Agg")

    def run(source: Path) -> Any:
        copy = isolated / source.name
        shutil.copy(source, copy)
        nb = nbformat.read(copy, as_version=4)
        client = NotebookClient(nb, timeout=180, kernel_name=KERNEL, resources={"metadata": {"path": str(isolated)}})
        client.execute()
        nbformat.write(nb, copy)  # kept in the tmp folder for a look after a failure
        return nb

    return run


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_headless(run_notebook: Any, source: Path, isolated: Path) -> None:
    nb = run_notebook(source)
    errors = [out for out in outputs(nb) if out.output_type == "error"]
    assert not errors, "\n".join(f"{e.ename}: {e.evalue}" for e in errors)
    assert all(cell.execution_count for cell in nb.cells if cell.cell_type == "code"), "a cell did not run"
    views = [out for out in outputs(nb) if WIDGET_VIEW in out.get("data", {})]
    assert views, "no widget was shown"
    assert nb.metadata.get("widgets"), "no widget state was saved"
    exports = sorted((isolated / "nemo_exports").rglob("*.*")) if (isolated / "nemo_exports").exists() else []

    if source.stem == "audio_remover":
        assert len(exports) == 1
        info = probe(exports[0])
        assert exports[0].suffix == ".mp4" and info["video"] == 1 and info["audio"] == 0
    elif source.stem == "video_to_mp3":
        assert len(exports) == 1
        info = probe(exports[0])
        assert exports[0].suffix == ".mp3" and info["audio"] == 1 and info["video"] == 0
    elif source.stem == "batch":
        text = stdout_of(nb)
        first = [line for line in text.splitlines() if line.split()[:1] and line.split()[0].endswith(".mp4")
                 and not line.startswith("clip_")]  # fmt: skip
        assert len(first) == 3 and all(line.split()[1] == "done" for line in first), text
        assert len(exports) == 3
        stopped = re.search(r"stopped after (\d+) files", text)
        resumed = re.search(r"(\d+) from the earlier run, (\d+) finished now", text)
        assert stopped and resumed, text
        assert int(resumed[1]) >= int(stopped[1]) >= 3 and int(resumed[1]) + int(resumed[2]) == 8, text
        assert len(sorted((isolated / "many_exports").rglob("render_*.mp4"))) == 8
    elif source.stem == "quickstart":
        assert (isolated / "samples" / "sample_clip.mp4").is_file()


def test_notebooks_use_only_the_public_api() -> None:
    """A notebook is what users copy: it imports from ``nemo_widgets`` itself, never an engine module or a deep path."""

    folder = Path(__file__).resolve().parents[2] / "notebooks"
    books = sorted(folder.glob("*.ipynb"))
    assert books
    for book in books:
        for cell in json.loads(book.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            deep = re.findall(r"\bnemo_widgets\.[a-z_.]+", source)
            assert not deep, f"{book.name} reaches past the public API: {deep}"
