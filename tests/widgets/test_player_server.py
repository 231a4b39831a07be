"""The player finds the Jupyter server that started the kernel from its runtime file."""

from __future__ import annotations

import json
from pathlib import Path

from nemo_widgets.widgets.player import notebook_files_url


def _server_file(runtime: Path, pid: int, root: Path, base_url: str) -> None:
    runtime.mkdir(parents=True, exist_ok=True)
    info = {
        "pid": pid,
        "root_dir": str(root),
        "base_url": base_url,
        "token": "server-secret",
        "url": "http://127.0.0.1:8888/",
    }
    (runtime / f"jpserver-{pid}.json").write_text(json.dumps(info))


def test_url_from_the_server_runtime_file(tmp_path: Path) -> None:
    root = tmp_path / "root"
    result = root / "notebooks" / "nemo_exports" / "render 1.mp4"
    result.parent.mkdir(parents=True)
    result.write_bytes(b"x")
    _server_file(tmp_path / "runtime", 4242, root, "/user/ann/")
    env = {
        "JPY_PARENT_PID": "4242",
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JPY_SESSION_NAME": str(root / "notebooks" / "quickstart.ipynb"),
    }  # absolute, as jupyter_server 2 sets it
    url = notebook_files_url(result, env=env, cwd=root / "notebooks")
    assert url == "/user/ann/files/notebooks/nemo_exports/render%201.mp4"
    assert "server-secret" not in url


def test_no_url_for_a_file_outside_the_server_root(tmp_path: Path) -> None:
    _server_file(tmp_path / "runtime", 7, tmp_path / "root", "/")
    env = {"JPY_PARENT_PID": "7", "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    assert notebook_files_url(tmp_path / "elsewhere.mp4", env=env, cwd=tmp_path) is None


def test_no_url_when_the_parent_is_not_a_jupyter_server(tmp_path: Path) -> None:
    env = {"JPY_PARENT_PID": "99999", "JUPYTER_RUNTIME_DIR": str(tmp_path / "empty")}
    assert notebook_files_url(tmp_path / "a.mp4", env=env, cwd=tmp_path) is None


def test_url_from_classic_notebook_6s_nbserver_file(tmp_path: Path) -> None:
    """Notebook 6 writes ``nbserver-<pid>.json`` with ``notebook_dir`` (Jupyter Server 2: ``jpserver``, ``root_dir``)."""
    root = tmp_path / "root"
    result = root / "nemo_exports" / "render.mp4"
    result.parent.mkdir(parents=True)
    result.write_bytes(b"x")
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    info = {
        "pid": 5151,
        "notebook_dir": str(root),
        "base_url": "/",
        "token": "server-secret",
        "url": "http://127.0.0.1:8888/",
    }
    (runtime / "nbserver-5151.json").write_text(json.dumps(info))
    env = {"JPY_PARENT_PID": "5151", "JUPYTER_RUNTIME_DIR": str(runtime)}  # Notebook 6 sets no JPY_SESSION_NAME
    assert notebook_files_url(result, env=env, cwd=root) == "/files/nemo_exports/render.mp4"
