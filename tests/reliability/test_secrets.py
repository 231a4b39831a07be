"""Secrets, in this process: a known token never reaches a log line, a repr, an error text or a link.

The flow runs the sync and the async client and a StudioSession against the
engine with every logger at DEBUG (httpx, httpcore, nemo_widgets, the root
logger), through faults that make the client re-authenticate, wait, recover
from a drop and report errors. Then every captured log record, every repr,
every error text (with its chained causes and formatted traceback) and the
claim link are searched for the token and for its random part alone. The
headless notebook run (``test_notebooks.py``) checks the saved .ipynb too.
"""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.session import StudioSession, describe_error
from nemo_widgets.local import LocalEngine
from nemo_widgets.protocol._redact import Secret
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.errors import NemoError, error_from_response
from nemo_widgets.protocol.schedule import FixedSchedule
from nemo_widgets.protocol.settings import Settings

from ._support import WEB, Sleeps, Tap, record

LOGGERS = ("", "httpx", "httpcore", "nemo_widgets", "nemo_widgets.protocol", "nemo_widgets.core", "uvicorn")
FAST_POLLS = FixedSchedule(interval=0.05, max_polls=5000)


MACHINE = "secret-test-machine"  # the client id the known token was issued to (a 1001 re-auth keeps the account)


def issue_token(engine: LocalEngine) -> str:
    answer = httpx.post(engine.url + "/api/auth/anonymous-token", headers={"X-Client-Id": MACHINE})
    token = answer.json()["data"]["token"]
    assert token.startswith("nmv_usr_") and len(token) > 30
    return str(token)


class Leaks:
    """Everything that could show a token: log records, texts, reprs, errors with their causes."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, value: Any) -> None:
        self.texts.append((where, value if isinstance(value, str) else repr(value)))

    def error(self, where: str, exc: BaseException) -> None:
        self.add(where + " str", str(exc))
        self.add(where + " repr", repr(exc))
        self.add(where + " args", repr(exc.args))
        self.add(where + " traceback", "".join(traceback.format_exception(exc)))
        if isinstance(exc, NemoError):
            self.add(where + " shown", " ".join(str(p) for p in describe_error(exc) if p))

    def check(self, secrets: Iterable[str]) -> int:
        for secret in secrets:
            # the token, and its random part alone (after the "nmv_usr_" prefix: the random part itself may
            # contain "_", so splitting on "_" could leave a one-character fragment that matches anything)
            random_part = secret[len("nmv_usr_") :] if secret.startswith("nmv_usr_") else secret
            assert len(random_part) >= 12, "a token this short cannot be searched for meaningfully"
            for part in (secret, random_part):
                for where, text in self.texts:
                    at = max(0, text.find(part) - 60)
                    assert part not in text, f"a token leaked into {where}: …{text[at : at + 160]}…"
        return len(self.texts)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def _log_texts(caplog: pytest.LogCaptureFixture, leaks: Leaks) -> None:
    for entry in caplog.records:
        leaks.add(f"log {entry.name}", entry.getMessage())
        leaks.add(f"log {entry.name} args", repr(entry.args))
        if entry.exc_info and entry.exc_info[1] is not None:
            leaks.error(f"log {entry.name} exception", entry.exc_info[1])


def test_sync_client_never_shows_the_token(
    engine: LocalEngine, debug_logs: pytest.LogCaptureFixture, clip: Path, not_media: Path, tmp_path: Path
) -> None:
    token = issue_token(engine)
    tap = Tap()
    leaks = Leaks()
    client = NemoClient(
        base_url=engine.url,
        web_url=WEB,
        token=token,
        client_id=MACHINE,
        transport=tap.sync(),
        sleep=Sleeps().sync,
        poll_schedule=FAST_POLLS,
    )
    with client:
        leaks.add("client repr", client)
        leaks.add("settings repr", client.settings)
        leaks.add("token repr", client.token)
        leaks.add("token str", str(client.token))
        leaks.add("token format", f"{client.token}")
        client.connect()
        client.upload(clip)
        tap.arm("drop-stream", "POST", "/run_sse")
        reply = client.ask("remove all audio from this video")
        leaks.add("reply", reply)
        leaks.add("reply str", str(reply))
        for error in reply.errors:
            leaks.error("reply error", error)
        for fault, call in (
            ("4001", lambda: client.upload(not_media)),
            ("402", client.export),
            ("2001", lambda: client.ask('add the title "x"')),
            ("500", client.credits),
        ):
            engine.inject(fault)
            with pytest.raises(NemoError) as caught:
                call()
            leaks.error(f"error {fault}", caught.value)
        engine.inject("429")
        client.credits()
        engine.inject("1001")  # the known token is refused: a fresh one is fetched (and must not show either)
        client.credits()
        assert client.token is not None
        fresh = client.token.get()
        assert fresh != token
        job = client.export()
        result = client.wait_for_render(job)
        leaks.add("render result", result)
        leaks.add("download", client.download(result, tmp_path))
        link = client.claim_link()
        assert link.startswith(f"{WEB}/workspace/claim?ct=clm_")
        leaks.add("claim link", link)
        leaks.add("client repr after", client)
    _log_texts(debug_logs, leaks)
    assert any(r.name.startswith("httpx") for r in debug_logs.records)  # the loggers were on
    assert any(r.name.startswith("httpcore") for r in debug_logs.records)
    searched = leaks.check([token, fresh])
    assert searched > 50
    record("notes", "secrets: texts searched (sync client flow)", searched)


async def test_async_client_and_session_never_show_the_token(
    engine: LocalEngine, debug_logs: pytest.LogCaptureFixture, clip: Path, tmp_path: Path
) -> None:
    token = issue_token(engine)
    leaks = Leaks()
    statuses: list[tuple[Any, ...]] = []
    client = AsyncNemoClient(
        base_url=engine.url,
        web_url=WEB,
        token=token,
        client_id=MACHINE,
        sleep=Sleeps().asynchronous,
        poll_schedule=FAST_POLLS,
    )
    session = StudioSession(client, output_dir=tmp_path / "out", book=JobBook(tmp_path / "book.json"))
    session.events.on("status", lambda *args: statuses.append(args))
    for kind in ("reply_text", "reply", "connected", "result"):
        session.events.on(kind, lambda *args, kind=kind: leaks.add(f"event {kind}", args))
    leaks.add("session repr", session)
    await session.guarded(session.connect())
    await session.guarded(session.upload(clip))
    await session.guarded(session.handle("remove all audio from this video"))
    engine.inject("2001")
    await session.guarded(session.handle('add the title "x"'))
    engine.inject("1001")
    await session.guarded(session.handle("credits"))
    assert client.token is not None
    fresh = client.token.get()
    await session.guarded(session.export())
    leaks.add("claim link", await session.claim_link())
    leaks.add("book file", Path(session.book.path).read_text() if Path(session.book.path).exists() else "")
    await session.aclose()
    for args in statuses:
        leaks.add("status line", " ".join(str(a) for a in args if a))
    assert any(args[1] == "error" for args in statuses) and any(args[1] == "ok" for args in statuses)
    _log_texts(debug_logs, leaks)
    searched = leaks.check([token, fresh])
    assert searched > 20
    record("notes", "secrets: texts searched (StudioSession flow)", searched)


def test_errors_redact_a_token_the_server_echoes() -> None:
    token = Secret("nmv_usr_" + "Zq3" * 14).get()
    shapeless = Secret("opaque-credential-" + "k7" * 12).get()  # not token-shaped: known secrets are masked too
    leaks = Leaks()
    bodies: list[Any] = [
        {"code": 1001, "msg": f"token {token} expired"},
        {"code": 2001, "msg": f"Bearer {shapeless} has no credits", "data": {"bind_id": "usr_1"}},
        {"detail": f"Session not found for {token}"},
        {"code": 4001, "message": f"{shapeless} cannot upload"},
        f"<html>{token}</html>",
        {"error": f"Authorization: Bearer {token}"},
        {"code": 9999, "msg": f"weird {shapeless}"},
    ]
    for status in (400, 401, 402, 403, 404, 413, 415, 429, 500, 502):
        for body in bodies:
            error = error_from_response(status, body, web_url=WEB, bind_id="usr_1")
            assert error is not None
            leaks.error(f"error {status} {type(error).__name__}", error)
            leaks.add("server message", getattr(error, "server_message", ""))
    assert leaks.check([token, shapeless]) == 10 * len(bodies) * 6


def test_settings_and_secret_hold_the_token_safely(tmp_path: Path) -> None:
    token = "nmv_usr_" + "Ab9" * 14
    settings = Settings.from_env(env={"NEMO_TOKEN": token}, home=tmp_path)
    leaks = Leaks()
    leaks.add("settings repr", settings)
    leaks.add("settings str", str(settings))
    leaks.add("secret", settings.token)
    leaks.add("with_changes", settings.with_changes(language="zh"))
    leaks.add("client", NemoClient(settings=settings))
    with pytest.raises(TypeError):
        pickle.dumps(settings.token)
    assert settings.token is not None and settings.token.get() == token
    leaks.check([token])


def test_the_token_never_goes_into_a_url(engine: LocalEngine, clip: Path) -> None:
    """Every request the client sent: the token only in the Authorization header, never in a URL or body."""
    token = issue_token(engine)
    tap = Tap()
    with NemoClient(
        base_url=engine.url, web_url=WEB, token=token, transport=tap.sync(), poll_schedule=FAST_POLLS
    ) as client:
        client.connect()
        client.upload(clip)
        client.ask("remove all audio from this video")
        result = client.wait_for_render(client.export())
        assert token not in (result.url or "") and token not in result.fallback_url
        link = client.claim_link()
    assert token not in link
    assert len(tap.urls) >= 6 and all(token not in url for url in tap.urls)
    assert tap.bodies and all(token.encode() not in body for body in tap.bodies)
