"""Real kernels (nbclient): the quickstart run headless with a known token, and a kernel restarted mid-render.

* Secrets: ``notebooks/quickstart.ipynb`` is copied, a first cell turns on
  DEBUG logging to a file (root, httpx, httpcore, nemo_widgets), and the
  quickstart's own "prefer code?" steps are appended (upload, edit, export,
  the claim link, a refused upload, reprs). The known token is one the
  engine issued (its data folder is ``NEMO_ENGINE_DIR``); it is in
  ``NEMO_TOKEN`` and, since ``Studio.local()`` ignores that variable (a
  cloud token stays with the cloud), handed to ``Studio.local(client_options=
  {"token": ...})`` in the copy. The saved .ipynb (widget state included),
  the log, the job book, the config and engine folders must not hold it.
* Restart: a first kernel starts an export with a slow render and is then
  restarted (``restart_kernel(now=True)``: killed, engine and all); cells run
  in the new kernel make a new ``Studio.local()``, which finds the render in
  the book, waits for the resumed render and shows it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import nbformat
import pytest
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.util import run_sync
from nemo_widgets.local import EngineSettings, start_in_background

from helpers_media import probe

from ._support import record, record_fault

ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "notebooks" / "quickstart.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


def code(source: str) -> Any:
    return nbformat.v4.new_code_cell(source.strip())


def outputs_text(cell: Any) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output:
            parts.append(str(output["data"].get("text/plain", "")))
        elif output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])))
    return "".join(parts)


LOGGING = """
import logging, os
handler = logging.FileHandler("debug.log")
handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
for name in ("", "httpx", "httpcore", "nemo_widgets", "uvicorn", "starlette"):
    logger = logging.getLogger(name)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
"""

STEPS = [
    """
studio.wait(60)
studio.upload("samples/sample_clip.mp4")
studio.send("remove all audio from this video")
outcome = studio.export()
studio.wait(60)
print("STATUS", studio.status.message)
print("RESULT", outcome.path, outcome.size)
""",
    """
link = studio.runner.run_foreground(studio.session.claim_link)
print("CLAIM", link)
print("CLAIM-WIDGET", studio.exporter.claim.value)
""",
    """
open("notes.mp4", "wb").write(b"not a video at all " * 100)
studio.upload("notes.mp4")
print("ERROR-STATUS", studio.last_error)
from nemo_widgets.protocol.errors import error_from_response
echoed = error_from_response(401, {"code": 1001, "msg": "token " + os.environ["NEMO_TOKEN"] + " is bad"})
print("ECHOED", repr(echoed), str(echoed), echoed.args, echoed.server_message)
""",
    """
client = studio.session.client
print("REPRS", repr(studio), repr(studio.session), repr(client), repr(client.settings), repr(client.token))
print("TOKEN-USED", client.token.get() == os.environ["NEMO_TOKEN"])
studio
""",
]


def _engine_dump(engine_dir: Path) -> str:
    """The engine's database as SQL text, and its files' raw bytes (the WAL included)."""
    with sqlite3.connect(engine_dir / "state.db") as con:
        dump = "\n".join(con.iterdump())
    raw = [p.read_bytes().decode("latin-1") for p in engine_dir.glob("state.db*")]
    return "\n".join([dump, *raw])


def test_quickstart_headless_never_shows_the_token(
    tmp_path: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine_dir = tmp_path / "engine"
    engine = start_in_background(EngineSettings(), data_dir=engine_dir)  # the engine issues the known token
    try:
        answer = httpx.post(engine.url + "/api/auth/anonymous-token", headers={"X-Client-Id": "notebook-machine"})
        token = answer.json()["data"]["token"]
    finally:
        engine.stop()
    work = tmp_path / "nb"
    work.mkdir()
    monkeypatch.setenv("NEMO_TOKEN", token)
    monkeypatch.setenv("NEMO_ENGINE_DIR", str(engine_dir))
    monkeypatch.setenv("NEMO_CLIENT_ID", "notebook-machine")

    nb = nbformat.read(QUICKSTART, as_version=4)
    # Studio.local() keeps NEMO_TOKEN (a cloud token) away from the embedded engine: hand it the known token
    made = [cell for cell in nb.cells if cell.cell_type == "code" and "Studio.local()" in cell.source]
    assert len(made) == 1
    made[0].source = made[0].source.replace(
        "Studio.local()", 'Studio.local(client_options={"token": os.environ["NEMO_TOKEN"]})', 1
    )
    nb.cells = [code(LOGGING), *nb.cells, *(code(step) for step in STEPS)]
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    saved = work / "quickstart.ipynb"
    nbformat.write(nb, saved)

    shown = "\n".join(outputs_text(cell) for cell in nb.cells if cell.cell_type == "code")
    assert "TOKEN-USED True" in shown, shown[-3000:]  # the notebook really ran with the known token
    assert "STATUS Video ready!" in shown
    claim = re.search(r"CLAIM (\S+)", shown)
    assert claim and re.fullmatch(r"http://127\.0\.0\.1:\d+/workspace/claim\?ct=clm_[\w-]+", claim.group(1))
    assert "is not really an MP4 file" in shown  # the refused upload's reason reached the user
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    assert len(widgets.get("state", {})) > 20  # the widget state is in the saved notebook
    log = (work / "debug.log").read_text("utf-8", "replace")
    assert "httpx" in log and "httpcore" in log and "nemo_widgets" in log

    places = {
        "saved notebook": saved.read_text("utf-8"),
        "debug log": log,
        "job book": (work / ".nemo_widgets.json").read_text("utf-8") if (work / ".nemo_widgets.json").exists() else "",
        "engine state": _engine_dump(engine_dir),
    }
    for folder in (isolated, work / "nemo_exports"):
        for path in folder.rglob("*"):
            if path.is_file() and path.stat().st_size < 5_000_000:
                places[str(path)] = path.read_bytes().decode("latin-1")
    random_part = token[len("nmv_usr_") :]  # may itself contain "_": never split on it
    assert token.startswith("nmv_usr_") and len(random_part) >= 12
    for where, text in places.items():
        for part in (token, random_part):
            assert part not in text, f"the token is in the {where}"
    # the engine knew the token only as its digest, and the notebook's session is that account's
    with sqlite3.connect(engine_dir / "state.db") as con:
        (account,) = con.execute(
            "SELECT account FROM tokens WHERE digest = ?", (hashlib.sha256(token.encode()).hexdigest(),)
        ).fetchone()
        assert (
            con.execute(
                "SELECT COUNT(*) FROM sessions s JOIN media m ON m.session = s.id WHERE s.account = ?", (account,)
            ).fetchone()[0]
            > 0
        )
    record("notes", "secrets: places searched in the headless quickstart run", len(places))


FIRST_KERNEL = [
    """
import time
from nemo_widgets import Studio
from nemo_widgets.local import EngineSettings
settings = EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, faults={"slow-render:5": 1})
studio = Studio.local(data_dir=DATA, engine_settings=settings)
studio.wait(60)
studio.upload(CLIP)
studio.send("remove all audio from this video")
print("EDIT", studio.status.message)
""",
    """
studio.exporter.button.click()  # the export runs in the background, as after a click
deadline = time.monotonic() + 30
while studio.session.book.pending(studio.session.api_url) is None and time.monotonic() < deadline:
    time.sleep(0.05)
print("PENDING", studio.session.book.pending(studio.session.api_url).job_id)
""",
]
SECOND_KERNEL = [
    """
from nemo_widgets import Studio
studio = Studio.local(data_dir=DATA)  # connects, finds the render in the book, waits for it
studio.wait(90)
outcome = studio.session.last_outcome
print("STATUS", studio.status.message)
print("RESULT", outcome.job_id, outcome.path, studio.exporter.player.how)
studio
""",
]


def test_kernel_restart_mid_render(tmp_path: Path, clip: Path) -> None:
    work = tmp_path / "nb"
    work.mkdir()
    data = tmp_path / "engine"
    local_clip = shutil.copy(clip, work / "clip.mp4")
    header = f"DATA = {str(data)!r}\nCLIP = {str(local_clip)!r}\n"
    cells = [code(header + FIRST_KERNEL[0]), code(FIRST_KERNEL[1]), code(header + SECOND_KERNEL[0])]
    nb = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    )
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}})
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)
        client.execute_cell(nb.cells[1], 1)
        pending = re.search(r"PENDING (\S+)", outputs_text(nb.cells[1]))
        assert pending, outputs_text(nb.cells[0]) + outputs_text(nb.cells[1])
        km, kc = client.km, client.kc
        assert isinstance(km, AsyncKernelManager) and isinstance(kc, AsyncKernelClient)  # nbclient's, async
        run_sync(km.restart_kernel)(now=True)  # killed mid-render: the kernel, its engine, its tasks
        run_sync(kc.wait_for_ready)(timeout=60)
        client.execute_cell(nb.cells[2], 2)
    shown = outputs_text(nb.cells[2])
    assert "STATUS Video ready!" in shown, shown
    found = re.search(r"RESULT (\S+) (.+) (\w+)$", shown, re.M)  # the file is named after the clip: spaces
    assert found and found.group(1) == pending.group(1) and found.group(3) == "embedded"
    info = probe(work / found.group(2))  # the kernel's working folder is the notebook's
    assert info["duration"] == pytest.approx(2.0, abs=0.15) and info["audio"] == 0
    book = json.loads((work / ".nemo_widgets.json").read_text())
    assert not book.get("renders")  # delivered: nothing left to resume
    record_fault("kernel restart mid-render", "real kernel (nbclient)")
