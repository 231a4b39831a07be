"""Binder as it really builds: JupyterLab served from an environment made from ``binder/`` alone.

``.ci/run``'s Binder phase builds that environment as repo2docker does (a fresh Python of
``binder/runtime.txt``'s version, ``pip install -r binder/requirements.txt`` from the repository's root,
then ``binder/postBuild``, whose failure fails the build) and points ``NEMO_BINDER_PYTHON`` at its
Python. This test serves the quickstart from it and runs the flow a Binder visitor runs; Playwright and
the test run from this venv. Without ``NEMO_BINDER_PYTHON`` it skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_jupyter import REPO, LiveJupyter
from studio_page import STDERR, Shots, StudioPage, mp3_flow, silent_mp4_flow
from test_lab_flow import open_and_run_all

BINDER_PYTHON = os.environ.get("NEMO_BINDER_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not BINDER_PYTHON, reason="set NEMO_BINDER_PYTHON to the Python of an environment built from binder/ (.ci/run does)"
)


def _own_env() -> dict[str, str]:
    """This process's environment without what would make the Binder Python import from elsewhere."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


class BinderJupyter(LiveJupyter):
    """The sealed JupyterLab, but only what the Binder environment installed is importable in it."""

    def env(self) -> dict[str, str]:
        return {k: v for k, v in super().env().items() if k in _own_env() or k not in os.environ}


def _installed(python: str) -> dict[str, Any]:
    """What the Binder environment holds: the packages a notebook needs, and where nemo_widgets comes from."""
    code = (
        "import importlib.metadata as m, json, nemo_widgets; print(json.dumps({'nemo_widgets': nemo_widgets.__file__,"
        " **{n: m.version(n) for n in ('jupyterlab', 'ipywidgets', 'ipykernel', 'anywidget', 'starlette')}}))"
    )
    done = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True, timeout=120, env=_own_env())
    return dict(json.loads(done.stdout))


@pytest.fixture
def jupyter(tmp_path: Path, artifacts: Path) -> Iterator[LiveJupyter]:
    """JupyterLab from the Binder environment (its kernel is that environment's Python too)."""
    server = BinderJupyter(tmp_path / "jupyter", python=BINDER_PYTHON, startup_timeout=120.0)
    try:
        yield server.start()
    finally:
        server.stop()
        if server.log_path.exists():
            shutil.copy2(server.log_path, artifacts / "jupyter.log")


def test_the_quickstart_runs_in_the_binder_environment(page: Any, jupyter: LiveJupyter, artifacts: Path) -> None:
    installed = _installed(BINDER_PYTHON)
    (artifacts / "binder-environment.json").write_text(json.dumps(installed, indent=2), encoding="utf-8")
    assert Path(installed["nemo_widgets"]).resolve().is_relative_to(REPO), installed  # postBuild's install of this repo
    assert (REPO / "notebooks" / "samples" / "sample_clip.mp4").is_file(), "postBuild made no sample clips"

    shots = Shots(page, artifacts)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    silent = silent_mp4_flow(studio)
    mp3 = mp3_flow(studio, after_silent_edit=True)
    assert silent.video_bytes and mp3.audio_bytes, (silent, mp3)
    stderr = page.locator(STDERR)
    assert not stderr.count(), stderr.first.inner_text()
