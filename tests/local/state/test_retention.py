"""Retention: old sessions, uploads and renders go; the folder stays under its cap; the running session stays."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nemo_widgets.local.settings import parse_size
from nemo_widgets.local.state.records import RenderJob
from nemo_widgets.local.state.retention import DAY_S, GRACE_S, _Sweep, folder_size, sweep
from nemo_widgets.local.state.store import Store


def _store(path: Path) -> Store:
    return Store(path, credits_per_token=100, token_ttl_s=3600)


def _session_with_files(store: Store, account: str, size: int, used: float, render: bool = True) -> str:
    """A session holding one uploaded file of ``size`` bytes and (maybe) one finished render, last used at ``used``."""
    sid = store.create_session(account, "en").id
    media = store.data_dir / "media" / sid
    media.mkdir(parents=True)
    (media / "med_1.mp4").write_bytes(b"\0" * size)
    record = {"id": "med_1", "name": "a.mp4", "size": size, "path": f"media/{sid}/med_1.mp4"}
    store.update_session(account, sid, lambda s: s.media.__setitem__("med_1", record))
    if render:
        job_id = f"render_{sid[:8]}"
        out = store.data_dir / "renders" / job_id
        out.mkdir(parents=True)
        (out / "a_edited.mp4").write_bytes(b"\0" * (size // 2))
        store.add_job(RenderJob(job_id, sid, account, "mp4", {}, status="completed", size=size // 2))
        store.update_session(account, sid, lambda s: s.generated.append({"id": job_id}))
        with store.db.write() as con:
            con.execute("UPDATE renders SET used = ? WHERE id = ?", (used, job_id))
    with store.db.write() as con:
        con.execute("UPDATE sessions SET used = ? WHERE id = ?", (used, sid))
    return sid


def test_sessions_and_renders_unused_for_n_days_are_removed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    try:
        _, acc = store.issue_token("machine")
        now = time.time()
        old = _session_with_files(store, acc.id, 1000, now - 8 * DAY_S)
        recent = _session_with_files(store, acc.id, 1000, now - 2 * DAY_S)
        report = sweep(store, keep_days=7, max_bytes=0)
        assert (report.sessions, report.renders) == (1, 0) and report.freed >= 1500
        assert not (tmp_path / "media" / old).exists() and not (tmp_path / "renders" / f"render_{old[:8]}").exists()
        assert store.db.one("SELECT COUNT(*) FROM renders WHERE session = ?", (old,)) == (0,)
        assert (tmp_path / "media" / recent / "med_1.mp4").exists()
        assert store.job(f"render_{recent[:8]}") is not None
    finally:
        store.close()


def test_the_size_cap_removes_least_recently_used_first_never_the_running_session(tmp_path: Path) -> None:
    store = _store(tmp_path)
    try:
        _, acc = store.issue_token("machine")
        now = time.time()
        sids = [_session_with_files(store, acc.id, 200_000, now - (5 - i) * 3 * 3600) for i in range(5)]
        running = _session_with_files(store, acc.id, 400_000, now)  # used just now: the notebook's session
        cap = 900_000
        assert folder_size(tmp_path) > cap
        report = sweep(store, keep_days=7, max_bytes=cap)
        assert folder_size(tmp_path) <= cap and report.size_after <= cap and not report.over_cap
        left = [sid for sid in sids if (tmp_path / "media" / sid).exists()]
        assert left == sids[len(sids) - len(left) :]  # the oldest went first
        assert (tmp_path / "media" / running / "med_1.mp4").exists()
        assert store.job(f"render_{running[:8]}") is not None
        tiny = sweep(store, keep_days=7, max_bytes=1000)  # a cap below what is in use: the running session stays
        assert tiny.over_cap and (tmp_path / "media" / running / "med_1.mp4").exists()
        assert "still over the size cap" in tiny.sentence()
    finally:
        store.close()


def test_a_session_made_while_a_sweep_runs_is_never_removed(tmp_path: Path) -> None:
    """The sweep reads which sessions are in use when it starts; one made (or used) after that, while the folder is
    over its cap, is the notebook's newest session, not the least recently used one (a long bench run once lost
    its session this way: "Session not found")."""
    store = _store(tmp_path)
    try:
        _, acc = store.issue_token("machine")
        now = time.time()
        for i in range(3):  # the recent ones, all in use, keep the folder over the cap
            _session_with_files(store, acc.id, 200_000, now - i)
        run = _Sweep(store, now)  # the sweep has read what is in use
        newest = _session_with_files(store, acc.id, 200_000, now + 1)  # then a session comes
        run.by_size(1000)
        assert run.report.over_cap and newest not in run.report.removed
        assert (tmp_path / "media" / newest / "med_1.mp4").exists()
        assert store.db.one("SELECT COUNT(*) FROM sessions WHERE id = ?", (newest,)) == (1,)
    finally:
        store.close()


def test_stray_files_of_a_crash_go_after_an_hour(tmp_path: Path) -> None:
    store = _store(tmp_path)
    try:
        _, acc = store.issue_token("machine")
        sid = _session_with_files(store, acc.id, 100, time.time(), render=False)
        partial = tmp_path / "media" / sid / ".incoming-abc.mp4"
        partial.write_bytes(b"x" * 50)
        fresh = tmp_path / "media" / sid / ".incoming-def.mp4"
        fresh.write_bytes(b"x" * 50)  # an upload in progress
        unknown = tmp_path / "renders" / "render_gone"
        unknown.mkdir(parents=True)
        (unknown / "half.mp4").write_bytes(b"x" * 50)
        past = time.time() - GRACE_S - 60
        for path in (partial, unknown):
            os.utime(path, (past, past))
        report = sweep(store, keep_days=7, max_bytes=0)
        assert report.orphans == 2 and not partial.exists() and not unknown.exists()
        assert fresh.exists() and (tmp_path / "media" / sid / "med_1.mp4").exists()
    finally:
        store.close()


def test_parse_size() -> None:
    assert parse_size("2G") == 2 * 1024**3 and parse_size("500M") == 500 * 1024**2
    assert parse_size("1.5GB") == int(1.5 * 1024**3) and parse_size("1234") == 1234 and parse_size("0") == 0
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_nemo_widgets_clean_says_what_it_removed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _, acc = store.issue_token("machine")
    old = _session_with_files(store, acc.id, 5000, time.time() - 3 * DAY_S)
    store.close()
    args = [sys.executable, "-m", "nemo_widgets.apps.cli", "clean", "--data-dir", str(tmp_path), "--keep-days", "2"]
    done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "removed 1 sessions, 0 renders" in done.stdout and "Traceback" not in done.stderr
    assert not (tmp_path / "media" / old).exists()
    bad = subprocess.run([*args[:-2], "--max-size", "lots"], check=False, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "not a size" in bad.stderr
    empty = subprocess.run(
        [*args[:4], "--data-dir", str(tmp_path / "none")], check=False, capture_output=True, text=True, timeout=60
    )
    assert empty.returncode == 0 and "nothing to do" in empty.stdout
