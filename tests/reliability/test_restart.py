"""Restarts: the engine restarted mid-poll, the kernel restarted mid-render, a Python process ending.

* Engine: stopped between two polls of a slow render and started again on
  the same port and data folder; the render is resumed by the new engine and
  the client (sync, async, Studio) gets it, without submitting it again.
* Kernel: a render is started, then everything on the client side goes away
  (client, session, Studio; with ``Studio.local()`` the engine too). A new
  Studio with a new client, the same config dir and the same JobBook finds
  the render, waits for it and shows it.
* Exit: a script that made a Studio ends (it used to hang at exit).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.session import StudioSession
from nemo_widgets.local import EngineSettings, LocalEngine
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.schedule import FixedSchedule
from nemo_widgets.widgets.studio import Studio

from helpers_media import probe

from ._support import WEB, Clients, RequestLog, Sleeps, StartEngines, Tap, call, record_fault, start_engine, wait_until

EDIT = "remove all audio from this video"
FAST_POLLS = FixedSchedule(interval=0.05, max_polls=5000)
SETTINGS = {"silent_ratio": 0.0, "chunk_delay_s": 0.0, "seed": 3}
#: Restarts timed by the client's sleeps between polls: polled as the cloud is, without the engine's held polls
CLOUD_LIKE = {**SETTINGS, "long_poll_max_s": 0}

pytestmark = pytest.mark.timeout(120)


class Restarter:
    """Stops the engine at the 2nd wait between polls and starts a new one (same port, same data) at the 3rd."""

    def __init__(self, engine: LocalEngine, log: RequestLog, data_dir: Path) -> None:
        self.engine, self.log, self.data_dir = engine, log, data_dir
        self.port = int(engine.url.rsplit(":", 1)[1])
        self.waits = 0
        self.restarted = False
        self.cut: list[str] = []  # the status of each render when the engine was stopped

    def __call__(self, _seconds: float) -> None:
        self.waits += 1
        if self.waits == 2:
            self.cut = [job.status for job in self.engine.app.state.engine.store.jobs.values()]
            self.engine.stop()
        elif self.waits == 3:
            self.engine, _ = start_engine(
                EngineSettings(**CLOUD_LIKE), data_dir=self.data_dir, port=self.port, log=self.log
            )
            self.restarted = True

    def stop(self) -> None:
        self.engine.stop()


@pytest.fixture
def restartable(tmp_path: Path) -> Any:
    made: list[Restarter] = []

    def make() -> Restarter:
        data = tmp_path / "engine-data"
        engine, log = start_engine(EngineSettings(**CLOUD_LIKE), data_dir=data)
        made.append(Restarter(engine, log, data))
        return made[-1]

    yield make
    for restarter in made:
        restarter.stop()


async def test_engine_restarted_mid_poll_client(
    make_client: Clients, restartable: Any, clip: Path, tmp_path: Path
) -> None:
    restart = restartable()
    client = make_client(restart.engine, sleeps=Sleeps(real=0.05, hook=restart), poll_schedule=FAST_POLLS)
    await call(client.connect())
    await call(client.upload(clip))
    await call(client.ask(EDIT))
    client.tap.arm("slow-render:1.5", "POST", "/api/render/proxy/lambda")
    job = await call(client.export())
    result = await call(client.wait_for_render(job))
    assert restart.cut == ["processing"]  # the engine went away in the middle of the render
    assert restart.restarted and result.job.id == job.id  # resumed by the new engine, not resubmitted
    assert restart.log.count("POST", "/api/render/proxy/lambda") == 1
    info = probe(await call(client.download(result, tmp_path)))
    assert info["duration"] == pytest.approx(2.0, abs=0.15) and info["audio"] == 0
    record_fault("engine restart mid-poll", f"{make_client.kind} client")


def test_engine_restarted_mid_poll_studio(restartable: Any, clip: Path, tmp_path: Path) -> None:
    from nemo_widgets.core.factory import open_session

    restart = restartable()
    tap = Tap()
    session = open_session(
        base_url=restart.engine.url,
        web_url=WEB,
        output_dir=tmp_path / "exports",
        book=JobBook(tmp_path / "book.json"),
        transport=tap.asynchronous(),
        sleep=Sleeps(real=0.05, hook=restart).asynchronous,
        poll_schedule=FAST_POLLS,
    )
    studio = Studio(session, mode="foreground")
    try:
        studio.upload(clip)
        studio.send(EDIT)
        tap.arm("slow-render:1.5", "POST", "/api/render/proxy/lambda")
        outcome = studio.export()
        assert restart.cut == ["processing"] and restart.restarted and outcome is not None
        assert studio.status.level == "ok" and "ready" in studio.status.message
        assert probe(outcome.path)["duration"] == pytest.approx(2.0, abs=0.15)
        assert session.book.pending(session.api_url) is None
    finally:
        studio.close()
    record_fault("engine restart mid-poll", "studio")


async def test_engine_restarted_during_a_held_poll(make_client: Clients, clip: Path, tmp_path: Path) -> None:
    """The engine's long poll: a poll held at the engine when it stops, then polls refused until it is back."""
    data = tmp_path / "engine-data"
    engines = [start_engine(EngineSettings(**SETTINGS), data_dir=data)[0]]
    port = int(engines[0].url.rsplit(":", 1)[1])
    client = make_client(engines[0], sleeps=Sleeps(real=2.0), poll_schedule=FixedSchedule(interval=1.0, max_polls=60))
    await call(client.connect())
    await call(client.upload(clip))
    await call(client.ask(EDIT))
    client.tap.arm("slow-render:2", "POST", "/api/render/proxy/lambda")
    job = await call(client.export())

    def restart() -> None:
        store = engines[0].app.state.engine.store
        wait_until(lambda: store.job(job.id) and store.job(job.id).status == "processing", what="the render")
        time.sleep(0.4)  # a poll is being held now
        engines[0].stop()
        time.sleep(1.0)  # down for a while: polls are refused at once, and must not use up their retries at once
        engines.append(start_engine(EngineSettings(**SETTINGS), data_dir=data, port=port)[0])

    restarter = threading.Thread(target=restart)
    restarter.start()
    try:
        result = await call(client.wait_for_render(job))
    finally:
        restarter.join(timeout=30)
        for engine in engines:
            engine.stop()
    assert len(engines) == 2 and result.job.id == job.id  # resumed by the new engine, not resubmitted
    held = [httpx.URL(u) for u in client.tap.urls if f"/lambda/{job.id}?wait=" in u]
    assert held and all(float(u.params["wait"]) == 1.0 for u in held)
    assert client.tap.count("POST", "/api/render/proxy/lambda") == 1
    assert client.sleeps.calls and max(client.sleeps.calls) <= 1.0  # refused polls spaced by the rest of a hold
    record_fault("engine restart during a held poll", f"{make_client.kind} client")


# -- a kernel restart -------------------------------------------------------------------------


async def _start_render_and_die(engine: LocalEngine, clip: Path, book: JobBook, out: Path) -> str:
    """The first kernel: upload, edit, export with a slow render; gone once the job id is in the book."""
    tap = Tap().arm("slow-render:2", "POST", "/api/render/proxy/lambda")
    client = AsyncNemoClient(base_url=engine.url, web_url=WEB, transport=tap.asynchronous(), poll_schedule=FAST_POLLS)
    session = StudioSession(client, output_dir=out, book=book)
    await session.connect()
    await session.upload(clip)
    await session.ask(EDIT)
    export = asyncio.ensure_future(session.export())
    while book.pending(session.api_url) is None:
        assert not export.done(), export
        await asyncio.sleep(0.02)
    export.cancel()  # the kernel dies: the task, the client, all of it
    await asyncio.gather(export, return_exceptions=True)
    await client.aclose()
    pending = book.pending(session.api_url)
    assert pending is not None
    return pending.job_id


def test_kernel_restart_resumed_by_a_new_studio(engines: StartEngines, clip: Path, tmp_path: Path) -> None:
    engine, log = engines(EngineSettings(**SETTINGS))
    book = JobBook(tmp_path / ".nemo_widgets.json")
    job_id = asyncio.run(_start_render_and_die(engine, clip, book, tmp_path / "exports"))
    assert engine.app.state.engine.store.job(job_id).status in ("pending", "processing")

    from nemo_widgets.core.factory import open_session

    session = open_session(
        base_url=engine.url,
        web_url=WEB,
        output_dir=tmp_path / "exports",
        book=JobBook(book.path),
        poll_schedule=FAST_POLLS,
    )  # a new client: same config dir, so the same account
    studio = Studio(session, mode="foreground")  # connects, then resumes
    try:
        outcome = session.last_outcome
        assert outcome is not None and outcome.job_id == job_id
        assert studio.status.level == "ok" and "ready" in studio.status.message
        assert studio.exporter.player.how == "embedded"  # the result plays in the Studio
        info = probe(outcome.path)
        assert info["duration"] == pytest.approx(2.0, abs=0.15) and info["audio"] == 0
        assert book.pending(session.api_url) is None  # done: nothing left to resume
        assert log.count("POST", "/api/render/proxy/lambda") == 1  # polled and fetched, never resubmitted
    finally:
        studio.close()
    record_fault("kernel restart mid-render", "studio")


def test_kernel_restart_with_the_embedded_engine(clip: Path, tmp_path: Path) -> None:
    """``Studio.local()``: the engine lives in the kernel, so it dies too; the next one resumes the render."""
    data = tmp_path / "engine-data"
    slow = EngineSettings(**SETTINGS, faults={"slow-render:2": 1})
    first = Studio.local(
        data_dir=data, engine_settings=slow, mode="background", client_options={"poll_schedule": FAST_POLLS}
    )
    try:
        first.wait(30)
        first.upload(clip)
        first.send(EDIT)
        first.exporter.button.click()  # the export runs in the background, as after a click
        book = first.session.book
        pending = wait_until(lambda: book.pending(first.session.api_url), 20, "the render in the book")
        job_id = pending.job_id
        assert first.engine is not None
        assert first.engine.app.state.engine.store.job(job_id).status in ("pending", "processing")
    finally:
        first.runner.cancel_all()  # the kernel dies: its tasks and its engine
        if first.engine is not None:
            first.engine.stop()
    second = Studio.local(
        data_dir=data,
        engine_settings=EngineSettings(**SETTINGS),
        mode="foreground",
        client_options={"poll_schedule": FAST_POLLS},
    )
    try:
        outcome = second.session.last_outcome
        assert outcome is not None and outcome.job_id == job_id
        assert second.status.level == "ok" and "ready" in second.status.message
        assert second.exporter.player.how == "embedded"
        assert probe(outcome.path)["duration"] == pytest.approx(2.0, abs=0.15)
    finally:
        second.close()
        first.close()


# -- a process with a Studio ends -------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "close"),
    [("foreground", True), ("foreground", False), ("background", False)],
    ids=["foreground-closed", "foreground-left-open", "background-left-open"],
)
def test_a_script_with_a_studio_exits(tmp_path: Path, mode: str, close: bool) -> None:
    """A Studio alive at exit used to hang the process (close() from __del__ at shutdown)."""
    script = textwrap.dedent(f"""
        from nemo_widgets.local import EngineSettings, start_in_background
        from nemo_widgets.core.factory import open_session
        from nemo_widgets.widgets.studio import Studio
        engine = start_in_background(EngineSettings())
        studio = Studio(open_session(base_url=engine.url), mode={mode!r})
        studio.wait(30)
        print(studio.status.message, flush=True)
        if {close}:
            studio.close()
        engine.stop()
    """)
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("the process did not end within 30 s: it hung at exit")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "Ready!"
