"""The engine's SQLite store: per-row writes, the schema version and migrations, the 0.1.0 import,
a corrupt file moved aside, and the event loop never calling the database."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background
from nemo_widgets.local.drafts import empty_draft
from nemo_widgets.local.state import db
from nemo_widgets.local.state.records import HISTORY_LIMIT, RenderJob, Session
from nemo_widgets.local.state.store import Store

from helpers_engine import Api


def _store(path: Path) -> Store:
    return Store(path, credits_per_token=100, token_ttl_s=3600)


def _changes(store: Store) -> int:
    return store.db.connection().total_changes


def _draft(n: int) -> dict[str, Any]:
    draft = empty_draft()
    draft["t"] = [{"tt": 0, "sg": [{"s": 0, "d": 1000 * n, "m": {"src": "med_1", "name": f"clip {n}"}}]}]
    return draft


def _pushing(draft: dict[str, Any]) -> Callable[[Session], None]:
    return lambda session: session.push_draft(draft)


def test_an_edit_writes_two_rows_whatever_the_store_holds(tmp_path: Path) -> None:
    store = _store(tmp_path)
    try:
        token, account = store.issue_token("machine")
        sessions = [store.create_session(account.id, "en") for _ in range(30)]
        for i, session in enumerate(sessions):
            store.update_session(account.id, session.id, _pushing(_draft(i)))
        target = sessions[7].id
        before = _changes(store)
        store.update_session(account.id, target, lambda s: s.push_draft(_draft(99)))
        assert _changes(store) - before == 2  # the session's row and one history row, nothing else
        before = _changes(store)
        store.update_session(account.id, target, lambda s: setattr(s, "draft", s.history.pop()))  # undo
        assert _changes(store) - before == 2  # the session's row, one history row deleted
        assert store.session(account.id, target).draft == _draft(7)
        assert store.account_for_token(token) == account
    finally:
        store.close()


def test_history_keeps_the_last_50_and_survives_reopening(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _, account = store.issue_token("machine")
    sid = store.create_session(account.id, "en").id
    for i in range(HISTORY_LIMIT + 10):
        store.update_session(account.id, sid, _pushing(_draft(i + 1)))
    store.close()
    again = _store(tmp_path)
    try:
        session = again.session(account.id, sid)
        assert len(session.history) == HISTORY_LIMIT
        assert session.history[-1] == _draft(HISTORY_LIMIT + 9) and session.draft == _draft(HISTORY_LIMIT + 10)
        rows = again.db.one("SELECT COUNT(*) FROM history WHERE session = ?", (sid,))
        assert rows == (HISTORY_LIMIT,)
    finally:
        again.close()


def test_what_an_undo_took_back_survives_reopening_until_the_next_edit(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _, account = store.issue_token("machine")
    sid = store.create_session(account.id, "en").id
    for i in (1, 2, 3):
        store.update_session(account.id, sid, _pushing(_draft(i)))
    for _ in range(2):  # undo twice: drafts 3 and 2 can be redone, the latest undone last
        store.update_session(account.id, sid, lambda s: s.undone(s.history.pop()))
    store.close()
    again = _store(tmp_path)
    try:
        session = again.session(account.id, sid)
        assert session.draft == _draft(1) and session.redo == [_draft(3), _draft(2)]
        again.update_session(account.id, sid, lambda s: s.redone(s.redo.pop()))
        session = again.session(account.id, sid)
        assert session.draft == _draft(2) and session.redo == [_draft(3)] and session.history[-1] == _draft(1)
        again.update_session(account.id, sid, _pushing(_draft(9)))  # a new edit: nothing left to redo
        assert again.session(account.id, sid).redo == []
        assert again.db.one("SELECT COUNT(*) FROM redo WHERE session = ?", (sid,)) == (0,)
    finally:
        again.close()


def test_a_failed_change_writes_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    try:
        _, account = store.issue_token("machine")
        sid = store.create_session(account.id, "en").id

        def broken(session: Session) -> None:
            session.push_draft(_draft(3))
            session.media["med_x"] = {"id": "med_x", "size": 1}
            raise RuntimeError("the edit failed half way")

        with pytest.raises(RuntimeError):
            store.update_session(account.id, sid, broken)
        session = store.session(account.id, sid)
        assert session.draft == empty_draft() and not session.media and not session.history
    finally:
        store.close()


def _legacy_state(token: str) -> dict[str, Any]:
    digest = hashlib.sha256(token.encode()).hexdigest()
    session = {
        "id": "sess-1",
        "task_id": "task_1",
        "account": "usr_1",
        "language": "zh",
        "created": 1.0,
        "draft": _draft(2),
        "history": [_draft(1)],
        "output_format": "mp3",
        "media": {"med_1": {"id": "med_1", "name": "a.mp4", "size": 10, "path": "media/sess-1/med_1.mp4"}},
        "generated": [{"id": "render_1", "format": "mp3"}],
    }
    job = {
        "id": "render_1",
        "session_id": "sess-1",
        "account": "usr_1",
        "format": "mp3",
        "draft": _draft(2),
        "status": "completed",
        "created": 2.0,
        "finished": 3.0,
        "size": 5,
        "url_key": "k",
        "legacy_field": 1,
    }
    return {
        "accounts": {
            "usr_1": {
                "id": "usr_1",
                "client_id": "machine",
                "credits_total": 100,
                "credits_used": 4,
                "frozen": 0,
                "created": 1.0,
            }
        },
        "clients": {"machine": "usr_1"},
        "tokens": {digest: {"account": "usr_1", "expires": 4e9}},
        "sessions": {"sess-1": session},
        "claims": {},
        "jobs": {"render_1": job},
    }


def test_a_0_1_0_state_json_is_imported_once_and_kept(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(json.dumps(_legacy_state("nmv_usr_old")), "utf-8")
    store = _store(tmp_path)
    try:
        account = store.account_for_token("nmv_usr_old")
        assert account is not None and account.credits_used == 4
        session = store.session("usr_1", "sess-1")
        assert (session.draft, session.history, session.language) == (_draft(2), [_draft(1)], "zh")
        assert list(session.media) == ["med_1"] and session.generated == [{"id": "render_1", "format": "mp3"}]
        job = store.job("render_1")
        assert job is not None and job.status == "completed" and job.url_key == "k"
        assert store.db.one("PRAGMA user_version") == (db.SCHEMA_VERSION,)
    finally:
        store.close()
    assert not (tmp_path / "state.json").exists() and (tmp_path / db.JSON_BACKUP).exists()
    (tmp_path / "state.json").write_text(json.dumps({"accounts": {}}), "utf-8")  # a later stray file: not imported
    again = _store(tmp_path)
    try:
        assert again.account_for_token("nmv_usr_old") is not None
    finally:
        again.close()


@pytest.mark.parametrize("damage", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_corrupt_database_is_moved_aside_with_one_log_line(
    tmp_path: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "state.db").write_bytes(damage)
    with caplog.at_level(logging.ERROR, logger="nemo_widgets.local"):
        store = _store(tmp_path)
    try:
        _, account = store.issue_token("machine")  # a working, empty store
        assert store.balance(account.id)["available"] == 100
    finally:
        store.close()
    moved = list(tmp_path.glob("state.db.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == damage
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 1 and "could not be read" in lines[0] and "moved to" in lines[0]
    _store(tmp_path).close()  # and the next start is a normal one
    assert len(list(tmp_path.glob("state.db.corrupt-*"))) == 1


def test_a_newer_database_is_refused_clearly_and_left_alone(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "state.db") as con:
        con.execute("PRAGMA user_version = 99")
    with pytest.raises(db.NewerDatabase, match="newer nemo-widgets"):
        _store(tmp_path)
    assert (tmp_path / "state.db").exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_forward_migration_runs_once_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    _, account = store.issue_token("machine")
    store.close()
    ran: list[int] = []

    new = db.SCHEMA_VERSION + 1

    def step_new(con: sqlite3.Connection, data_dir: Path) -> None:
        ran.append(new)
        con.execute("ALTER TABLE sessions ADD COLUMN note TEXT")

    monkeypatch.setitem(db.MIGRATIONS, new, step_new)
    monkeypatch.setattr(db, "SCHEMA_VERSION", new)
    for _ in range(2):
        again = _store(tmp_path)
        assert again.db.one("PRAGMA user_version") == (new,)
        assert again.balance(account.id)["total"] == 100  # the data came along
        again.close()
    assert ran == [new]


def test_long_poll_waiters_and_unfinished_jobs_survive_the_database(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _, account = store.issue_token("machine")
    sid = store.create_session(account.id, "en").id
    store.add_job(RenderJob("render_a", sid, account.id, "mp4", _draft(1)))
    woken = threading.Event()
    assert store.when_finished("render_a", woken.set)
    store.update_job("render_a", status="processing", progress=10)
    store.update_job("render_a", persist=False, progress=50)
    job = store.job("render_a")
    assert job is not None and job.progress == 50 and not woken.is_set()
    store.close()
    again = _store(tmp_path)  # a restarted engine resumes it from scratch
    try:
        (resumed,) = again.unfinished_jobs()
        assert (resumed.id, resumed.status, resumed.progress) == ("render_a", "pending", 0)
        assert again.when_finished("render_a", woken.set)
        again.update_job("render_a", status="cancelled", finished=1.0)  # a finished state (issue 13's too)
        assert woken.is_set() and not again.when_finished("render_a", woken.set)
    finally:
        again.close()


def test_the_event_loop_never_calls_the_database(
    tmp_path: Path, clip_short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: set[str] = set()
    connection = db.Database.connection

    def spy(self: db.Database) -> sqlite3.Connection:
        seen.add(threading.current_thread().name)
        return connection(self)

    monkeypatch.setattr(db.Database, "connection", spy)
    engine: LocalEngine = start_in_background(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0), data_dir=tmp_path)
    try:
        seen.clear()  # opening the store at start may use the loop: nothing runs yet
        api = Api(engine.url).login()
        api.new_session()
        assert api.upload(clip_short).status_code == 200
        api.chat("remove all audio from this video")
        assert api.wait(api.export("mp4"))["status"] == "completed"
        assert api.http.get("/api/credits/balance/simple").status_code == 200
        api.state()
        api.close()
    finally:
        engine.stop()
    loop_threads = {name for name in seen if name.startswith("nemo-engine-")}
    assert not loop_threads, seen
    assert any(name.startswith("nemo-store") for name in seen)


def test_cancel_job_frees_its_hold_once(tmp_path: Path) -> None:
    """The store side of issue 13's cancel: a finished state, the held credits back, a second cancel a no-op."""
    store = _store(tmp_path)
    try:
        _, account = store.issue_token("machine")
        sid = store.create_session(account.id, "en").id
        assert store.freeze(account.id, 3)
        store.add_job(RenderJob("render_c", sid, account.id, "mp4", _draft(1), frozen=3))
        woken = threading.Event()
        assert store.when_finished("render_c", woken.set)
        cancelled = store.cancel_job("render_c")
        assert cancelled is not None and cancelled.status == "cancelled" and woken.is_set()
        job = store.job("render_c")
        assert store.balance(account.id)["frozen"] == 0 and job is not None and job.frozen == 0
        assert store.cancel_job("render_c") is None and store.unfinished_jobs() == []
    finally:
        store.close()
