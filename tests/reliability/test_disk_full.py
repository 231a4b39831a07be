"""A full disk (ENOSPC) while uploading and while rendering: a clear sentence, no partial file, a consistent state.

The engine's folder is a real 8 MiB tmpfs (root can mount one; CI runs as root). Outside CI, where the mount
is refused, those tests skip; the injected-error test below runs everywhere.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background
from nemo_widgets.local.state.db import DISK_FULL
from nemo_widgets.local.state.store import Store
from nemo_widgets.protocol.errors import DiskFull, error_from_response

from helpers_engine import Api
from helpers_media import make_clip

from ._support import record, record_fault

DISK = "8m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK}", "tmpfs", str(where)], check=False, capture_output=True, text=True
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a {DISK} tmpfs here: {mounted.stderr.strip() or 'not root'}"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI runs as root and must run this test)")
        pytest.skip(reason)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


@pytest.fixture
def disk_engine(small_disk: Path) -> Iterator[LocalEngine]:
    settings = EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, keep_days=0, max_size_bytes=0)
    with start_in_background(settings, data_dir=small_disk / "engine") as engine:
        yield engine


def _fill(disk: Path, leave: int) -> Path:
    """A ballast file that leaves about ``leave`` bytes free on ``disk``."""
    ballast = disk / "ballast"
    free = shutil.disk_usage(disk).free
    with open(ballast, "wb") as out:
        out.write(b"\0" * max(0, free - leave))
    return ballast


def _incoming(engine: LocalEngine) -> list[Path]:
    return [p for p in (engine.data_dir / "media").rglob("*") if p.name.startswith(".incoming-")]


def _state_ok(api: Api, engine: LocalEngine, media: int) -> None:
    """The session lists ``media`` uploads and the database passes SQLite's integrity check."""
    assert len(api.state()["video_infos"]) == media
    with sqlite3.connect(engine.data_dir / "state.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_disk_full_while_uploading(disk_engine: LocalEngine, small_disk: Path, tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "clip.mp4", seconds=2, size="320x180", audio=True)
    api = Api(disk_engine.url).login()
    api.new_session()
    assert api.upload(clip).status_code == 200
    big = tmp_path / "big.mp4"
    big.write_bytes(clip.read_bytes() + b"\0" * 12_000_000)  # a real head (passes the type check), then more
    answer = api.upload(big)  # than the whole disk
    assert answer.status_code == 507, answer.text
    body = answer.json()
    assert body["msg"] == DISK_FULL and "Traceback" not in answer.text
    assert _incoming(disk_engine) == []  # the partial file is gone
    assert shutil.disk_usage(small_disk).free > 6_000_000
    _state_ok(api, disk_engine, media=1)
    error = error_from_response(answer.status_code, body)
    assert isinstance(error, DiskFull) and "nemo-widgets clean" in str(error)
    assert api.upload(clip).status_code == 200  # the engine goes on once there is room
    _state_ok(api, disk_engine, media=2)
    api.close()
    record_fault("ENOSPC while uploading (tmpfs)", "engine")


def test_disk_full_while_rendering(disk_engine: LocalEngine, small_disk: Path, tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "clip.mp4", seconds=6, size="640x360", audio=True)
    api = Api(disk_engine.url).login()
    api.new_session()
    assert api.upload(clip).status_code == 200
    ballast = _fill(small_disk, leave=clip.stat().st_size // 4)  # room for the database, not the result
    job_id = api.export("mp4")
    answer = api.wait(job_id)
    assert answer["status"] == "failed" and answer["error"] == DISK_FULL, answer
    assert not (disk_engine.data_dir / "renders" / job_id).exists()  # no partial result left
    _state_ok(api, disk_engine, media=1)
    ballast.unlink()
    again = api.wait(api.export("mp4"))
    assert again["status"] == "completed", again  # same session, same draft: it renders now
    assert api.state()["generated_media"][0]["id"] != job_id
    api.close()
    record_fault("ENOSPC while rendering (tmpfs)", "engine")


def test_disk_full_in_the_database_is_said_and_rolled_back(
    tmp_path: Path, clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Injected where the engine writes its state: the SQLite error a full disk gives."""
    engine = start_in_background(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0), data_dir=tmp_path / "e")
    try:
        api = Api(engine.url).login()
        api.new_session()
        real = Store.update_session

        def full(*args: object, **kwargs: object) -> object:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(Store, "update_session", full)
        answer = api.upload(clip)
        assert answer.status_code == 507 and answer.json()["msg"] == DISK_FULL
        assert not [p for p in (engine.data_dir / "media").rglob("*") if p.is_file()]  # the upload's file went too
        monkeypatch.setattr(Store, "update_session", real)
        assert api.state()["video_infos"] == []
        assert api.upload(clip).status_code == 200
        api.close()
    finally:
        engine.stop()
    record("notes", "disk full: injected SQLite 'disk is full' answered 507", 1)


def test_a_full_disk_that_fails_the_close_too_is_still_a_507(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write fails with ENOSPC, and closing the file (which flushes its buffer) fails again: the upload is
    still answered 507 with its sentence and the partial file goes (it was a 500 one run in a few on the 8 MiB
    tmpfs, depending on how much the buffer held when the disk filled)."""
    import asyncio
    import errno

    from nemo_widgets.local.media import uploads

    class _Full:
        def __init__(self, path: Path) -> None:
            self.path = path
            path.write_bytes(b"")

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    real = uploads.new_file

    def full_file(name: str, dest: Path) -> tuple[uploads.ReceivedFile, _Full]:
        received, _handle = real(name, dest)
        _handle.close()
        return received, _Full(received.path)

    monkeypatch.setattr(uploads, "new_file", full_file)
    head = make_clip(tmp_path / "clip.mp4", seconds=1, size="160x90").read_bytes()  # a real head: passes the type check
    (tmp_path / "clip.mp4").unlink()
    part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.mp4"\r\n\r\n'
    body = part + head + b"\r\n--b--\r\n"

    async def chunks() -> AsyncIterator[bytes]:
        yield body

    with pytest.raises(uploads.UploadRejected) as rejected:
        asyncio.run(uploads.receive_multipart(chunks(), "multipart/form-data; boundary=b", tmp_path / "media", 10**9))
    assert rejected.value.code == 507 and rejected.value.message == DISK_FULL
    assert list((tmp_path / "media").iterdir()) == []  # the partial file went
