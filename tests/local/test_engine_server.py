"""Starting the engine: the ``nemo-widgets serve`` command and the in-process start."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from nemo_widgets.local import EngineSettings, start_in_background


def test_serve_prints_the_url_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "nemo_widgets.apps.cli", "serve", "--port", "0", "--data-dir", str(tmp_path)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert url, first
        assert httpx.get(f"{url.group(0)}/api/_local/health", timeout=10).json()["code"] == 0
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        assert "Traceback" not in proc.stderr.read()  # type: ignore[union-attr]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (tmp_path / "state.json").exists()


def test_in_process_engine_binds_loopback_and_cleans_its_temp_dir() -> None:
    engine = start_in_background(EngineSettings())
    with engine:
        assert engine.url.startswith("http://127.0.0.1:") and not engine.url.endswith(":0")
        data_dir = engine.data_dir
        assert data_dir.is_dir()
        assert httpx.get(f"{engine.url}/api/_local/health").status_code == 200
    assert not data_dir.exists()
