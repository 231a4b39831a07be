"""``nemo-widgets run / mute / mp3``: the real command in a subprocess, on the embedded engine (real ffmpeg, generated
clips), on an engine standing in for the cloud, with Ctrl-C (SIGINT) and ``--resume``, piped and on a terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.manifest import MANIFEST_NAME, file_checksum

from helpers_batch import interruptible, make_clips, read_manifest
from helpers_engine import Api
from helpers_media import probe

pytestmark = pytest.mark.usefixtures("isolated")

COMMAND = [sys.executable, "-m", "nemo_widgets.apps.cli"]
TIMEOUT = 240


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command, run in the test's folder with stdout a pipe (not a terminal)."""
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=TIMEOUT,
                          env=env or dict(os.environ), cwd=os.getcwd())  # fmt: skip


def engine_renders(engine_dir: Path) -> list[tuple[str, str]]:
    """(id, status) of every render the CLI's embedded engine was given, read from its store."""
    rows: list[tuple[str, str]] = []
    for db in engine_dir.glob("batch-workers/slot-*/state.db"):
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows += connection.execute("SELECT id, status FROM renders").fetchall()
        except sqlite3.OperationalError:  # another SQLite file of the engine's
            pass
        finally:
            connection.close()
    return rows


def no_leaks(text: str) -> None:
    assert "Traceback" not in text and '{"' not in text and "ffmpeg version" not in text, text


def test_mute_gives_silent_mp4s_named_after_their_sources_and_bad_input_a_sentence_each(isolated: Path) -> None:
    clips = make_clips(isolated / "clips", 3)
    (isolated / "clips" / "notes.txt").write_text("not a video")
    done = cli("mute", *clips, "clips/notes.txt", "clips/gone.mp4", "--out", "out", "--concurrency", "2")
    assert done.returncode == 1, done.stderr  # two files failed: not a success
    no_leaks(done.stdout + done.stderr)
    lines = done.stdout.splitlines()
    assert re.search(r"^\[\d/5\] failed notes\.txt: 'notes\.txt' is not a supported file type", done.stdout, re.M)
    gone = re.escape(f"There is no file 'clips/gone.mp4' (looked for {isolated / 'clips' / 'gone.mp4'}).")
    assert re.search(rf"^\[\d/5\] failed gone\.mp4: {gone}$", done.stdout, re.M), done.stdout  # where it looked
    for clip in clips:
        result = isolated / "out" / clip.name
        assert any(line.endswith(f"ok     {clip.name} -> out/{clip.name}") or f"{clip.name} -> out/{clip.name} (" in line
                   for line in lines)  # fmt: skip
        found = probe(result)
        assert found["video"] == 1 and found["audio"] == 0
    assert "3 of 5 done, 2 failed" in done.stdout and f"Manifest: out/{MANIFEST_NAME}" in done.stdout
    assert "\x1b[" not in done.stdout  # a pipe gets plain text, no colour codes, no bar
    rows = read_manifest(isolated / "out" / MANIFEST_NAME)
    assert sorted(row["status"] for row in rows) == ["done"] * 3 + ["failed"] * 2
    assert len(engine_renders(isolated / "engine-default")) == 3  # the bad files never reached the engine


def test_mp3_of_a_folder_and_run_with_an_empty_instruction(isolated: Path) -> None:
    make_clips(isolated / "clips", 2)
    done = cli("mp3", "clips", "--out", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("clip_000", "clip_001"):
        found = probe(isolated / "out" / f"{name}.mp3")
        assert found["audio"] == 1 and found["video"] == 0
    assert "2 of 2 done" in done.stdout

    empty = cli("run", "  ", "clips/clip_000.mp4", "clips/clip_001.mp4", "--out", "again")
    assert empty.returncode == 1
    assert empty.stdout.count("No instruction for this file.") >= 2  # its line, and again in the table
    assert "0 of 2 done, 2 failed" in empty.stdout


def test_an_instruction_the_agent_does_not_do_is_each_files_sentence_and_nothing_renders(isolated: Path) -> None:
    make_clips(isolated / "clips", 2)
    done = cli("run", "how do I export this video?", "clips", "--out", "out")
    assert done.returncode == 1, done.stdout + done.stderr
    no_leaks(done.stdout + done.stderr)
    assert len(re.findall(r"^\[\d/2\] failed clip_00\d\.mp4: .*Export button", done.stdout, re.M)) == 2, done.stdout
    assert "0 of 2 done, 2 failed" in done.stdout
    assert engine_renders(isolated / "engine-default") == []  # the agent's answer, no render


def test_usage_errors_exit_2_with_argparse_words() -> None:
    done = cli("run", "remove all audio")  # no file
    assert done.returncode == 2 and "FILE" in done.stderr
    assert cli("mute", "a.mp4", "--concurrency", "0").returncode == 2


def _statuses(manifest: Path) -> list[str]:
    try:
        return [row["status"] for row in read_manifest(manifest)]
    except (sqlite3.OperationalError, sqlite3.DatabaseError):  # not created yet
        return []


def _interrupt_half_way(args: list[str], manifest: Path) -> tuple[str, str]:
    """Run the command, send SIGINT (Ctrl-C) once 2 files are done and another is in flight."""
    child = subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible
    )  # Ctrl-C as in a terminal, even when CI ignores SIGINT
    deadline = time.monotonic() + TIMEOUT
    while child.poll() is None and time.monotonic() < deadline:
        statuses = _statuses(manifest)
        if statuses.count("done") >= 2 and any(s not in ("done", "waiting", "failed") for s in statuses):
            break
        time.sleep(0.01)  # polling a file another process writes: a condition, not a wait for time to pass
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stdout + stderr
    return stdout, stderr


@pytest.mark.slow
def test_ctrl_c_leaves_the_manifest_consistent_says_how_to_resume_and_resume_renders_nothing_twice(
    isolated: Path,
) -> None:
    make_clips(isolated / "clips", 10, seconds=2, size="320x180")
    manifest = isolated / "out" / MANIFEST_NAME
    args = ["mute", "clips", "--out", "out", "--concurrency", "2"]
    stdout, stderr = _interrupt_half_way(args, manifest)
    no_leaks(stdout + stderr)
    assert "Stopped: " in stdout and "To finish, run:" in stdout
    assert "nemo-widgets mute clips --out out --concurrency 2 --resume" in stdout
    db = sqlite3.connect(manifest)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    before = {row["key"]: row for row in read_manifest(manifest)}
    done_before = [row for row in before.values() if row["status"] == "done"]
    assert 2 <= len(done_before) < 10
    assert all(row["status"] in ("done", "waiting", "failed") for row in before.values())  # nothing left "running"
    assert all(row["retryable"] for row in before.values() if row["status"] == "failed")

    again = cli(*args, "--resume")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{len(done_before)} of 10 files were done in an earlier run; not redone." in again.stdout
    assert f"10 of 10 done ({len(done_before)} in an earlier run)" in again.stdout
    after = {row["key"]: row for row in read_manifest(manifest)}
    for key, row in after.items():
        assert row["status"] == "done" and file_checksum(row["output"]) == row["checksum"]
        assert probe(row["output"])["audio"] == 0
        if before[key]["status"] == "done":  # finished before the Ctrl-C: the same file, untouched
            assert row["render_id"] == before[key]["render_id"] and row["checksum"] == before[key]["checksum"]
    renders = engine_renders(isolated / "engine-default")
    assert len(renders) == 10 and {status for _id, status in renders} == {"completed"}, renders


def test_cloud_flag_uses_the_api_address_and_token_from_the_environment_and_never_prints_the_token(
    isolated: Path, engine: Any
) -> None:
    clips = make_clips(isolated / "clips", 2)
    api = Api(engine.url).login()
    try:
        env = {**os.environ, "NEMO_API_URL": engine.url, "NEMO_WEB_URL": engine.url, "NEMO_TOKEN": api.token}
        done = cli("mute", *clips, "--out", "out", "--cloud", env=env)
    finally:
        api.close()
    assert done.returncode == 0, done.stdout + done.stderr
    assert api.token not in done.stdout + done.stderr
    assert not engine_renders(isolated / "engine-default")  # no embedded engine was started
    assert probe(isolated / "out" / "clip_000.mp4")["audio"] == 0


def test_a_terminal_gets_a_progress_bar_and_the_same_lines(isolated: Path) -> None:
    make_clips(isolated / "clips", 2)
    leader, follower = pty.openpty()
    child = subprocess.Popen([*COMMAND, "mute", "clips", "--out", "out"], stdin=subprocess.DEVNULL,
                             stdout=follower, stderr=follower, env={**os.environ, "COLUMNS": "120"})  # fmt: skip
    os.close(follower)
    output = b"".join(_read_all(leader, child)).decode("utf-8", "replace")
    os.close(leader)
    assert child.wait(timeout=TIMEOUT) == 0, output
    assert "━" in output and "finished" in output  # rich's bar was drawn, with its description
    assert "\x1b[" in output  # a terminal gets colour and cursor codes
    assert re.search(r"ok.*clip_000\.mp4 -> out/clip_000\.mp4", output)
    assert "2 of 2 done" in output


def _read_all(fd: int, child: subprocess.Popen[bytes]) -> Iterator[bytes]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            yield chunk
        elif child.poll() is not None:
            return
