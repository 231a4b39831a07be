"""A render's end is one fact: no reader sees ``completed`` without the result in the session's state.

The render thread is held after every transaction it commits, and while it is
held a reader (the client's own calls over HTTP) polls the job and reads the
state. With the job's end and the session's result written apart, the reader
finds a completed job that the state does not list (what made a test that
read the state right after the poll fail now and then).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from nemo_widgets.local import EngineSettings, start_in_background
from nemo_widgets.local.state.db import Database

from helpers_engine import Api

HOLD_S = 30.0


class HeldRenders:
    """Hold each render thread after each write it commits, until the test has looked."""

    def __init__(self) -> None:
        self.written = threading.Event()
        self.looked = threading.Event()
        self.holds = 0

    def after_commit(self) -> None:
        if threading.current_thread().name.startswith("render-"):
            self.holds += 1
            self.written.set()
            assert self.looked.wait(HOLD_S), "the test never looked"
            self.looked.clear()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldRenders:
    holds = HeldRenders()
    real = Database.write

    @contextmanager
    def write(self: Database) -> Iterator[object]:
        with real(self) as con:
            yield con
        holds.after_commit()  # committed: the window a reader may fall into

    monkeypatch.setattr(Database, "write", write)
    return holds


def _look(api: Api, job_id: str) -> str:
    """The job's status as the poll says, checked against the state read right after it."""
    status = str(api.poll(job_id)["status"])
    listed = [entry["id"] for entry in api.state()["generated_media"]]
    if status == "completed":
        assert job_id in listed, "the poll says completed, the state has no result"
    return status


def test_no_reader_sees_a_render_completed_without_its_result(
    held: HeldRenders, clip_short: Path, tmp_path: Path
) -> None:
    with start_in_background(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0), data_dir=tmp_path / "e") as engine:
        api = Api(engine.url).login()
        api.new_session()
        assert api.upload(clip_short).status_code == 200
        job_id = api.export("mp4")
        seen: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if held.written.wait(0.05):  # a render thread is held right after a commit: look now
                held.written.clear()
                seen.append(_look(api, job_id))
                held.looked.set()
            elif _look(api, job_id) == "completed":
                break
        else:
            pytest.fail(f"the render did not finish; seen {seen}")
        api.close()
    assert held.holds >= 2 and "processing" in seen, seen  # the window was opened at each of its writes
