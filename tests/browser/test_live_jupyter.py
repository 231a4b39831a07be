"""The browser tests' Jupyter server dies with the test process that started it, kernels included.

A runner process (standing in for a pytest run) starts a ``LiveJupyter`` and a kernel in it, says their
process ids, and is then killed from outside with SIGKILL: no teardown, no atexit. The server and the kernel
must be gone soon after (before the fix they stayed up, serving, until someone killed them by hand).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_kit import require
from live_jupyter import REPO

HERE = Path(__file__).resolve().parent

RUNNER = """
import json, sys
from pathlib import Path
import httpx
sys.path.insert(0, {here!r})
from live_jupyter import LiveJupyter

server = LiveJupyter(Path({base!r})).start()
with httpx.Client(base_url=server.url, timeout=120) as http:  # a page's visit gives the XSRF cookie a POST needs
    http.get("/lab").raise_for_status()
    http.post("/api/kernels", json={{"name": "python3"}}, headers={{"X-XSRFToken": http.cookies["_xsrf"]}}).raise_for_status()
print(json.dumps({{"server": server.pid, "kernels": server.kernel_pids()}}), flush=True)
sys.stdin.read()  # until killed: the test decides when this process ends
"""


def _alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Polls the processes' state (a condition, not a fixed wait) until they ended or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while (alive := [pid for pid in pids if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the guarantee is Linux's prctl")
def test_the_server_and_its_kernels_end_when_the_test_process_is_killed(tmp_path: Path) -> None:
    require(None if _has_jupyterlab() else "JupyterLab (pip install -e '.[browser]')", "this test needs")
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER.format(here=str(HERE), base=str(tmp_path / "jupyter"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])},
    )
    pids: list[int] = []
    try:
        assert runner.stdout is not None
        said = json.loads(runner.stdout.readline())  # the runner says its server's and kernel's ids once both run
        server, kernels = int(said["server"]), [int(pid) for pid in said["kernels"]]
        pids = [server, *kernels]
        assert kernels and all(map(_alive, pids)), said

        runner.send_signal(signal.SIGKILL)  # from outside: no teardown, no atexit in the runner
        runner.wait(timeout=30)

        left = _wait_gone(pids, timeout=60)
        assert not left, f"still running after the test process was killed: {left} (server {server})"
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait(timeout=30)
        for pid in filter(_alive, pids):  # only when the test failed: nothing of it outlives the test
            os.kill(pid, signal.SIGKILL)


def _has_jupyterlab() -> bool:
    import importlib.util

    return importlib.util.find_spec("jupyterlab") is not None
