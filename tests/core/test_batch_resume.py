"""The batch manifest and resume: what finished is skipped, a submitted render is resumed by its id, never resubmitted.

Renders are counted on the wire (``helpers_batch.RenderCounter``): a resume
that rendered something again would show in the count.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.batch import process_many
from nemo_widgets.core.manifest import MANIFEST_NAME, file_checksum
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_batch import interruptible, make_clips, read_manifest, start_counted_engine
from helpers_media import make_clip, probe

pytestmark = pytest.mark.usefixtures("isolated")

FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)
EDIT = "remove all audio from this video"


@pytest.fixture
def counted(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    engine, counter = start_counted_engine(tmp_path / "engine-data")
    yield engine, counter
    engine.stop()


async def test_a_second_run_skips_what_finished_and_a_fresh_run_redoes_it(counted: Any, isolated: Path) -> None:
    engine, counter = counted
    clips = make_clips(isolated / "clips", 3)
    options = {
        "base_url": engine.url,
        "web_url": engine.url,
        "poll_schedule": FAST_POLLS,
        "output_dir": isolated / "out",
    }
    first = await process_many(clips, EDIT, concurrency=2, **options)
    assert [item.status for item in first] == ["done"] * 3 and counter.submitted == 3
    rows = read_manifest(isolated / "out" / MANIFEST_NAME)
    assert [Path(row["source"]).name for row in rows] == ["clip_000.mp4", "clip_001.mp4", "clip_002.mp4"]
    for row, item in zip(rows, first, strict=True):
        assert row["status"] == "done" and row["render_id"] == item.render_id and row["session_id"]
        assert row["instruction"] == EDIT and row["checksum"] == file_checksum(row["output"])
        assert probe(row["output"])["audio"] == 0

    again = await process_many(clips, EDIT, concurrency=2, resume=True, **options)
    assert all(item.earlier and item.ok for item in again) and counter.submitted == 3  # nothing redone
    assert [item.outcome.path for item in again if item.outcome] == [
        item.outcome.path for item in first if item.outcome
    ]

    Path(rows[1]["output"]).unlink()  # a result removed by hand is fetched again, by its render id
    third = await process_many(clips, EDIT, concurrency=2, resume=True, **options)
    assert [item.earlier for item in third] == [True, False, True] and third[1].ok
    assert counter.submitted == 3 and Path(rows[1]["output"]).is_file()

    await process_many(clips, EDIT, concurrency=2, resume=False, **options)  # a fresh run: everything again
    assert counter.submitted == 6


async def test_bad_input_fails_its_item_with_a_sentence_and_the_batch_goes_on(counted: Any, isolated: Path) -> None:
    engine, counter = counted
    good = make_clip(isolated / "good.mp4", seconds=1, size="160x90")
    notes = isolated / "notes.txt"
    notes.write_text("not a video")
    missing = isolated / "gone.mp4"
    paths = [good, notes, missing, isolated / "good_copy.mp4"]
    paths[3].write_bytes(good.read_bytes())
    instructions = {"good.mp4": EDIT, "notes.txt": EDIT, "gone.mp4": EDIT, "good_copy.mp4": "   "}
    items = await process_many(paths, instructions, base_url=engine.url, web_url=engine.url,
                               poll_schedule=FAST_POLLS, output_dir=isolated / "out")  # fmt: skip
    assert [item.status for item in items] == ["done", "failed", "failed", "failed"]
    errors = [item.error or "" for item in items[1:]]
    assert "'notes.txt' is not a supported file type" in errors[0] and "mp4" in errors[0]
    assert errors[1] == f"There is no file {str(missing)!r}."  # an absolute path: no folder it was read from
    assert errors[2] == "No instruction for this file."
    assert not any(item.retryable for item in items[1:]) and counter.submitted == 1
    assert all("Traceback" not in e and "{" not in e for e in errors)

    missing.write_bytes(good.read_bytes())  # the user fixes one input: a resume does that one, not the others
    again = await process_many(paths, instructions, base_url=engine.url, web_url=engine.url, resume=True,
                               poll_schedule=FAST_POLLS, output_dir=isolated / "out")  # fmt: skip
    assert [item.status for item in again] == ["done", "failed", "done", "failed"]
    assert [item.earlier for item in again] == [True, False, False, False] and counter.submitted == 2


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from nemo_widgets.core.batch import process_many_sync
    from nemo_widgets.protocol.schedule import FixedSchedule

    url, out = sys.argv[1], sys.argv[2]
    clips = sorted(Path(sys.argv[3]).glob("*.mp4"))
    try:
        process_many_sync(clips, "remove all audio from this video", concurrency=2, output_dir=out,
                          base_url=url, web_url=url, poll_schedule=FixedSchedule(interval=0.05, max_polls=2400))
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
    print("finished", flush=True)
""")


def _statuses(manifest: Path) -> list[str]:
    if not manifest.exists():
        return []
    try:
        return [row["status"] for row in read_manifest(manifest)]
    except sqlite3.OperationalError:  # not created yet
        return []


def _run_and_interrupt(url: str, out: Path, clips: Path, submitted: Callable[[], int]) -> None:
    """The batch in a child process, stopped with SIGINT (Ctrl-C) once 3 clips are done and a render has
    reached the engine but not finished (``submitted()``: the engine's count of renders received)."""
    manifest = out / MANIFEST_NAME
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(out), str(clips)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=dict(os.environ), preexec_fn=interruptible)  # fmt: skip
    deadline = time.monotonic() + 240
    while child.poll() is None and time.monotonic() < deadline:
        statuses = _statuses(manifest)
        if statuses.count("done") >= 3 and "rendering" in statuses and submitted() > statuses.count("done"):
            break
        time.sleep(0.02)
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130 and b"interrupted" in stdout, stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()


@pytest.mark.slow
async def test_ctrl_c_half_way_leaves_the_manifest_consistent_and_a_resume_renders_nothing_twice(
    tmp_path: Path, isolated: Path
) -> None:
    engine, counter = start_counted_engine(tmp_path / "engine-data", render_delay_s=1.5)
    try:
        clips = make_clips(isolated / "clips", 8)
        out, manifest = isolated / "out", isolated / "out" / MANIFEST_NAME
        await asyncio.to_thread(_run_and_interrupt, engine.url, out, isolated / "clips", lambda: counter.submitted)

        db = sqlite3.connect(manifest)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        before = read_manifest(manifest)
        assert len(before) == 8 and all(row["render_id"] for row in before)
        done = [row for row in before if row["status"] == "done"]
        assert 3 <= len(done) < 8
        for row in done:
            assert file_checksum(row["output"]) == row["checksum"]
        unfinished = [row for row in before if row["status"] != "done"]
        assert all(row["status"] in ("waiting", "failed") for row in unfinished)  # in flight: marked interrupted
        assert all(row["retryable"] for row in unfinished if row["status"] == "failed")
        assert any(row["status"] == "failed" and "Interrupted" in row["error"] for row in unfinished)
        submitted_before = counter.submitted
        assert submitted_before > len(
            done
        )  # a render was running at the Ctrl-C: the resume must finish it, not redo it

        items = await process_many(clips, EDIT, concurrency=2, resume=True, output_dir=out, base_url=engine.url,
                                   web_url=engine.url, poll_schedule=FAST_POLLS)  # fmt: skip
        assert all(item.ok for item in items), [item.error for item in items]
        assert counter.submitted == 8, (submitted_before, counter.submitted)  # every clip rendered exactly once
        assert sum(item.earlier for item in items) == len(done)
        after = {row["key"]: row for row in read_manifest(manifest)}
        for row in before:  # a render submitted before the Ctrl-C is the one that was finished
            if row["status"] != "waiting":
                assert after[row["key"]]["render_id"] == row["render_id"]
        assert all(after[key]["checksum"] == file_checksum(after[key]["output"]) for key in after)
    finally:
        engine.stop()
