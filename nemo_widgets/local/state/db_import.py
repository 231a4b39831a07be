"""The one-time import of a 0.1.0 engine's ``state.json`` into the SQLite database.

Runs inside the migration that creates the schema (one transaction: a crash
in the middle imports nothing and the next start tries again). A file that
is not readable JSON is moved aside (``state.json.corrupt``) with a log line;
the engine then starts empty instead of failing at every start.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from nemo_widgets.local.drafts import empty_draft
from nemo_widgets.local.state.records import dumps

__all__ = ["import_json"]

log = logging.getLogger("nemo_widgets.local")


def import_json(con: sqlite3.Connection, path: Path) -> None:
    try:
        raw = json.loads(path.read_text("utf-8"))
        if not isinstance(raw, dict):
            raise TypeError("not a JSON object")
    except (OSError, ValueError, TypeError) as exc:
        aside = path.with_name(path.name + ".corrupt")
        path.replace(aside)
        log.error(
            "nemo-widgets engine: %s could not be read (%s); it was moved to %s and not imported", path, exc, aside.name
        )
        return
    _accounts(con, raw.get("accounts") or {})
    for digest, entry in (raw.get("tokens") or {}).items():
        con.execute("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)", (digest, entry["account"], entry["expires"]))
    for digest, entry in (raw.get("claims") or {}).items():
        con.execute(
            "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?)",
            (digest, entry["session"], entry["account"], entry["expires"]),
        )
    for session in (raw.get("sessions") or {}).values():
        _session(con, session)
    for job in (raw.get("jobs") or {}).values():
        _job(con, job)
    log.info(
        "nemo-widgets engine: importing %s (%d sessions, %d renders)",
        path.name,
        len(raw.get("sessions") or {}),
        len(raw.get("jobs") or {}),
    )


def _accounts(con: sqlite3.Connection, accounts: dict[str, Any]) -> None:
    for acc in accounts.values():
        con.execute(
            "INSERT OR REPLACE INTO accounts VALUES (?, ?, ?, ?, ?, ?)",
            (
                acc["id"],
                acc["client_id"],
                acc["credits_total"],
                acc.get("credits_used", 0),
                acc.get("frozen", 0),
                acc.get("created", time.time()),
            ),
        )


def _session(con: sqlite3.Connection, s: dict[str, Any]) -> None:
    created = s.get("created", time.time())
    con.execute(
        "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            s["id"],
            s["task_id"],
            s["account"],
            s.get("language", "en"),
            created,
            max(created, time.time()),
            s.get("output_format"),
            dumps(s.get("draft") or empty_draft()),
        ),
    )
    for seq, draft in enumerate(s.get("history") or []):
        con.execute("INSERT INTO history VALUES (?, ?, ?)", (s["id"], seq, dumps(draft)))
    for seq, record in enumerate((s.get("media") or {}).values()):
        con.execute(
            "INSERT INTO media VALUES (?, ?, ?, ?, ?)",
            (s["id"], record["id"], seq, int(record.get("size") or 0), dumps(record)),
        )
    for seq, entry in enumerate(s.get("generated") or []):
        con.execute("INSERT INTO generated VALUES (?, ?, ?)", (s["id"], seq, dumps(entry)))


def _job(con: sqlite3.Connection, j: dict[str, Any]) -> None:
    created = j.get("created", time.time())
    used = j.get("finished") or created
    con.execute(
        "INSERT OR REPLACE INTO renders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            j["id"],
            j["session_id"],
            j["account"],
            j.get("status", "pending"),
            created,
            max(used, time.time()),
            j.get("size"),
            dumps(j),
        ),
    )
