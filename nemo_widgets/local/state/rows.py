"""Rows of the engine's database to and from the store's objects, and the per-row diff of a session change.

:class:`Before` remembers a session as read; after a change it writes only what
differs: the session's row when its draft, format or language changed (and its
"last used" time), one ``history`` / ``generated`` row per entry added or
removed, one ``media`` row per record added, changed or removed.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from nemo_widgets.local.state.records import HISTORY_LIMIT, Account, Session, dumps

__all__ = ["Before", "account", "history", "redo", "session"]

_SESSION_COLUMNS = "id, task_id, account, language, created, used, output_format, draft"


def account(con: sqlite3.Connection, account_id: str) -> Account | None:
    row = con.execute(
        "SELECT id, client_id, credits_total, credits_used, frozen, created FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    return Account(*row) if row else None


def session(con: sqlite3.Connection, account_id: str, session_id: str, parts: bool = True) -> Session | None:
    """The account's session (with its media and results when ``parts``), else ``None``; no history yet."""
    row = con.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ? AND account = ?", (session_id, account_id)
    ).fetchone()
    if row is None:
        return None
    sid, task_id, acc, language, created, used, output_format, draft = row
    found = Session(sid, task_id, acc, language, created, json.loads(draft), output_format=output_format, used=used)
    if parts:
        found.media = {
            mid: json.loads(rec)
            for mid, rec in con.execute("SELECT id, record FROM media WHERE session = ? ORDER BY seq", (sid,))
        }
        found.generated = [
            json.loads(e) for (e,) in con.execute("SELECT entry FROM generated WHERE session = ? ORDER BY seq", (sid,))
        ]
    return found


def redo(con: sqlite3.Connection, session_id: str) -> list[dict[str, Any]]:
    """The drafts an undo took back (the most recently undone last), for a redo."""
    return [
        json.loads(d) for (d,) in con.execute("SELECT draft FROM redo WHERE session = ? ORDER BY seq", (session_id,))
    ]


def history(con: sqlite3.Connection, session_id: str) -> list[tuple[int, dict[str, Any]]]:
    return [
        (seq, json.loads(d))
        for seq, d in con.execute("SELECT seq, draft FROM history WHERE session = ? ORDER BY seq", (session_id,))
    ]


def _numbered(con: sqlite3.Connection, table: str, session_id: str) -> list[int]:
    return [seq for (seq,) in con.execute(f"SELECT seq FROM {table} WHERE session = ? ORDER BY seq", (session_id,))]


@dataclass
class _Listed:
    """A list kept as numbered rows (``history``, ``generated``): the objects as read, with their numbers."""

    table: str
    column: str
    seqs: list[int]
    items: list[dict[str, Any]]

    def sync(self, con: sqlite3.Connection, session_id: str, now: list[dict[str, Any]]) -> None:
        """Write the difference between the rows and ``now``: entries kept (by identity), dropped, appended."""
        numbers = {id(item): seq for seq, item in zip(self.seqs, self.items, strict=False)}
        kept = [numbers.get(id(item)) for item in now]
        head = next((i for i, seq in enumerate(kept) if seq is None), len(kept))
        prefix = [seq for seq in kept[:head] if seq is not None]
        in_order = all(seq is None for seq in kept[head:]) and prefix == sorted(set(prefix))
        if not in_order:  # reordered or duplicated in place: rewrite the list
            con.execute(f"DELETE FROM {self.table} WHERE session = ?", (session_id,))
            head, kept, self.seqs = 0, [], []
        dropped = set(self.seqs) - set(prefix if in_order else [])
        con.executemany(
            f"DELETE FROM {self.table} WHERE session = ? AND seq = ?", [(session_id, seq) for seq in sorted(dropped)]
        )
        start = max(self.seqs, default=-1) + 1
        con.executemany(
            f"INSERT INTO {self.table} (session, seq, {self.column}) VALUES (?, ?, ?)",
            [(session_id, start + i, dumps(item)) for i, item in enumerate(now[head:])],
        )


def _append_history(con: sqlite3.Connection, session_id: str, drafts: list[dict[str, Any]]) -> None:
    """Add history rows without reading the others, then drop the oldest beyond the limit."""
    last = con.execute("SELECT COALESCE(MAX(seq), -1) FROM history WHERE session = ?", (session_id,)).fetchone()[0]
    con.executemany(
        "INSERT INTO history VALUES (?, ?, ?)", [(session_id, last + 1 + i, dumps(d)) for i, d in enumerate(drafts)]
    )
    newest = last + len(drafts)
    con.execute("DELETE FROM history WHERE session = ? AND seq <= ?", (session_id, newest - HISTORY_LIMIT))


@dataclass
class Before:
    """A session as it was read, to write only what a change touched."""

    row: tuple[Any, ...]
    media: dict[str, str]
    history: _Listed | None
    generated: _Listed

    @classmethod
    def of(cls, con: sqlite3.Connection, found: Session) -> Before:
        generated = _Listed("generated", "entry", _numbered(con, "generated", found.id), list(found.generated))
        media = {mid: dumps(rec) for mid, rec in found.media.items()}
        before = cls((dumps(found.draft), found.output_format, found.language), media, None, generated)

        def load() -> list[dict[str, Any]]:  # only when the change reads the history (an undo)
            numbered = history(con, found.id)
            before.history = _Listed("history", "draft", [s for s, _ in numbered], [d for _, d in numbered])
            return list(before.history.items)

        found._history_loader = load
        found._redo_loader = functools.partial(redo, con, found.id)
        return before

    def write_changes(self, con: sqlite3.Connection, after: Session, now: float) -> None:
        draft = dumps(after.draft)
        if (draft, after.output_format, after.language) != self.row:
            con.execute(
                "UPDATE sessions SET draft = ?, output_format = ?, language = ?, used = ? WHERE id = ?",
                (draft, after.output_format, after.language, now, after.id),
            )
        else:
            con.execute("UPDATE sessions SET used = ? WHERE id = ?", (now, after.id))
        if self.history is not None:
            self.history.sync(con, after.id, after.history)
        elif after._pushed:
            _append_history(con, after.id, after._pushed)
        if after._redo is not None:  # read (an undo, a redo) or cleared (an edit): written whole, it is short
            con.execute("DELETE FROM redo WHERE session = ?", (after.id,))
            con.executemany(
                "INSERT INTO redo VALUES (?, ?, ?)", [(after.id, i, dumps(d)) for i, d in enumerate(after._redo)]
            )
        self.generated.sync(con, after.id, after.generated)
        self._sync_media(con, after)

    def _sync_media(self, con: sqlite3.Connection, after: Session) -> None:
        gone = set(self.media) - set(after.media)
        con.executemany("DELETE FROM media WHERE session = ? AND id = ?", [(after.id, mid) for mid in gone])
        seq = con.execute("SELECT COALESCE(MAX(seq), -1) FROM media WHERE session = ?", (after.id,)).fetchone()[0]
        for mid, record in after.media.items():
            text = dumps(record)
            if mid not in self.media:
                seq += 1
                con.execute(
                    "INSERT INTO media VALUES (?, ?, ?, ?, ?)", (after.id, mid, seq, int(record.get("size") or 0), text)
                )
            elif text != self.media[mid]:
                con.execute(
                    "UPDATE media SET record = ?, size = ? WHERE session = ? AND id = ?",
                    (text, int(record.get("size") or 0), after.id, mid),
                )
