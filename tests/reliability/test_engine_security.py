"""The engine's security: loopback only, tokens checked, accounts apart, names and sizes tamed, no shell.

Driven over real HTTP with plain httpx (:class:`helpers_engine.Api`), not
with the toolkit's client, so the engine is checked against requests the
client would never make: no token, a wrong one, another account's ids,
hand-made multipart bodies with hostile file names, a 600 MB stream.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.local import EngineSettings, LocalEngine
from nemo_widgets.protocol.errors import FileTooLarge

from helpers_engine import ATTRIBUTION, Api
from helpers_media import make_clip, probe

from ._support import Tap, record, start_engine

pytestmark = pytest.mark.timeout(120)

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"


def multipart(filename: bytes, payload: bytes, boundary: bytes = b"nemo-boundary-7") -> tuple[bytes, str]:
    """A one-file multipart body with the file name exactly as given (bytes: NULs, quotes, slashes...)."""
    body = (
        b"--"
        + boundary
        + b'\r\nContent-Disposition: form-data; name="files"; filename="'
        + filename
        + b'"\r\nContent-Type: video/mp4\r\n\r\n'
        + payload
        + b"\r\n--"
        + boundary
        + b"--\r\n"
    )
    return body, f"multipart/form-data; boundary={boundary.decode()}"


def upload_raw(api: Api, filename: bytes, payload: bytes) -> httpx.Response:
    body, content_type = multipart(filename, payload)
    return api.http.post(
        f"/api/upload-video/nemo_agent/me/{api.sid}", content=body, headers={"Content-Type": content_type}
    )


@pytest.fixture
def apis(engine: LocalEngine) -> Iterator[Any]:
    made: list[Api] = []

    def make() -> Api:
        api = Api(engine.url).login()
        api.new_session()
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


# -- loopback only ------------------------------------------------------------------------------


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe_socket:
            probe_socket.connect(("10.255.255.255", 1))
            address = probe_socket.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_binds_loopback_by_default(engine: LocalEngine, tmp_path: Path) -> None:
    from nemo_widgets.apps.cli import build_parser
    from nemo_widgets.local.server import serve_forever, start_in_background

    assert engine.url.startswith("http://127.0.0.1:")
    assert inspect.signature(start_in_background).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve_forever).parameters["host"].default == "127.0.0.1"
    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"
    default = start_in_background(EngineSettings(), data_dir=tmp_path / "data")
    try:
        assert default.url.startswith("http://127.0.0.1:")
        port = int(default.url.rsplit(":", 1)[1])
        outward = _outward_address()
        if outward is not None:  # the same port on the machine's other address: nobody listens there
            with pytest.raises(OSError):
                socket.create_connection((outward, port), timeout=2).close()
        record("notes", "security: engine reachable from another interface", "no" if outward else "not checked")
    finally:
        default.stop()


# -- tokens -------------------------------------------------------------------------------------------

PROTECTED = [
    ("POST", "/api/tasks/me/with-session/nemo_agent", {"task_name": "project"}),
    ("GET", "/api/credits/balance/simple", None),
    ("GET", "/api/state/nemo_agent/me/{sid}/latest", None),
    ("POST", "/api/upload-video/nemo_agent/me/{sid}", {"urls": ["http://127.0.0.1:9/x.mp4"]}),
    ("POST", "/run_sse", {"session_id": "{sid}", "new_message": {"parts": [{"text": "remove all audio"}]}}),
    ("POST", "/api/auth/claim-token", {"session_id": "{sid}"}),
    ("POST", "/api/render/proxy/lambda", {"id": "render_x1", "sessionId": "{sid}"}),
    ("GET", "/api/render/proxy/lambda/{job}", None),
    ("GET", "/api/render/proxy/{job}/download", None),
]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer nmv_usr_not-a-real-token-000000000000", "Bearer", "Basic dXNlcjpwYXNz", "{token}x", "bearer{token}"],
)
def test_missing_or_wrong_token_refused(apis: Any, clip: Path, authorization: str | None) -> None:
    owner = apis()
    owner.upload(clip)
    job = owner.export()
    owner.wait(job)
    before = owner.state()
    http = httpx.Client(base_url=owner.url, headers=ATTRIBUTION, timeout=30)
    for method, path, body in PROTECTED:
        headers = {"X-Client-Id": str(uuid.uuid4())}
        if authorization is not None:
            headers["Authorization"] = authorization.replace("{token}", owner.token)
        filled = path.replace("{sid}", owner.sid).replace("{job}", job)
        payload = None if body is None else eval_body(body, owner.sid)
        answer = http.request(method, filled, json=payload, headers=headers)
        assert answer.status_code == 401, (method, path, answer.status_code, answer.text)
        assert answer.json()["code"] == 1001
    http.close()
    assert owner.state() == before


def eval_body(body: dict[str, Any], sid: str) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(body).replace("{sid}", sid))


# -- accounts apart ------------------------------------------------------------------------------


def test_one_token_cannot_touch_another_session(
    apis: Any, engine: LocalEngine, clip: Path, clip_b: Path, tmp_path: Path
) -> None:
    alice, mallory = apis(), apis()
    alice.upload(clip)
    alice.chat("remove all audio from this video")
    job = alice.export()
    done = alice.wait(job)
    assert done["status"] == "completed"
    alice_state = alice.state()
    alice_credits = alice.http.get("/api/credits/balance/simple").json()["data"]
    media_id = next(iter(alice_state["video_infos"]))["id"]
    mallory.upload(clip_b)

    def as_mallory(method: str, path: str, **kw: Any) -> httpx.Response:
        return mallory.http.request(method, path, **kw)

    sid = alice.sid
    refused = {
        "read": as_mallory("GET", f"/api/state/nemo_agent/me/{sid}/latest"),
        "upload": as_mallory(
            "POST",
            f"/api/upload-video/nemo_agent/me/{sid}",
            files=[("files", ("x.mp4", clip_b.read_bytes(), "video/mp4"))],
        ),
        "chat": as_mallory(
            "POST",
            "/run_sse",
            json={
                "app_name": "nemo_agent",
                "user_id": "me",
                "session_id": sid,
                "new_message": {"role": "user", "parts": [{"text": "undo"}]},
            },
        ),
        "export": as_mallory(
            "POST",
            "/api/render/proxy/lambda",
            json={"id": f"render_m{uuid.uuid4().hex[:8]}", "sessionId": sid, "draft": {}, "output": {"format": "mp4"}},
        ),
        "claim": as_mallory("POST", "/api/auth/claim-token", json={"task_id": "", "session_id": sid}),
    }
    for action, answer in refused.items():
        assert answer.status_code == 404 and answer.json()["code"] == 1002, (action, answer.text)
    poll = as_mallory("GET", f"/api/render/proxy/lambda/{job}")
    assert poll.status_code == 404 and "output" not in poll.json()
    assert as_mallory("GET", f"/api/render/proxy/{job}/download").status_code == 404
    taken = as_mallory(
        "POST",
        "/api/render/proxy/lambda",
        json={"id": job, "sessionId": mallory.sid, "draft": mallory.state()["draft"]},
    )
    assert taken.status_code == 409  # another account's render id: refused, not handed over
    signed = done["output"]["url"]
    forged = signed.rsplit("/", 2)[0] + "/AAAAAAAAAAAAAAAAAAAAAAAA/" + signed.rsplit("/", 1)[1]
    assert httpx.get(forged).status_code == 404  # the file URL needs the job's own key
    assert httpx.get(alice.url + "/workspace/claim?ct=clm_guess").status_code == 404

    # a draft of Mallory's own session that names Alice's media renders only Mallory's
    draft = mallory.state()["draft"]
    draft["t"][0]["sg"].append({"s": 3000, "d": 2000, "m": {"src": media_id, "name": "stolen"}})
    own = mallory.export(job_id=f"render_m{uuid.uuid4().hex[:8]}")
    body = {
        "id": f"render_m{uuid.uuid4().hex[:8]}",
        "sessionId": mallory.sid,
        "draft": draft,
        "output": {"format": "mp4"},
    }
    crafted = as_mallory("POST", "/api/render/proxy/lambda", json=body)
    assert crafted.status_code == 200
    result = mallory.wait(body["id"])
    assert result["status"] == "completed" and mallory.wait(own)["status"] == "completed"
    got = mallory.download(result, tmp_path / "crafted.mp4")
    assert probe(got)["duration"] == pytest.approx(3.0, abs=0.15)  # Mallory's 3 s clip, nothing of Alice's

    assert alice.state() == alice_state  # nothing changed on Alice's side
    assert alice.http.get("/api/credits/balance/simple").json()["data"] == alice_credits
    assert len(list((engine.data_dir / "media" / sid).iterdir())) == 1


# -- file names -----------------------------------------------------------------------------------

HOSTILE_NAMES = [
    b"../../escaped.mp4",
    b"../../../../../../tmp/escaped-abs.mp4",
    b"/etc/nemo-escaped.mp4",
    b"..\\..\\windows-escaped.mp4",
    b"nul\x00byte.mp4",
    b"a" * 300 + b".mp4",
    b"clip; rm -rf ~; touch pwned-semicolon.mp4",
    b"$(touch pwned-subshell).mp4",
    b"`touch pwned-backtick`.mp4",
    b"quote' \\\" name.mp4",
    b"  spaces   and\ttabs .mp4",
    b".hidden.mp4",
    b"-y.mp4",
    "ünïcödé 名前 🎬.mp4".encode(),
    b"CON.mp4",
    b"%00%2e%2e%2fencoded.mp4",
]


def test_hostile_upload_names_are_neutralised(tmp_path: Path, clip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    box = tmp_path / "box"
    data = box / "data"
    monkeypatch.chdir(box.parent)
    engine, _ = start_engine(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0), data_dir=data)
    api = Api(engine.url).login()
    api.new_session()
    payload = clip.read_bytes()
    try:
        names = []
        for raw in HOSTILE_NAMES:
            answer = upload_raw(api, raw, payload)
            assert answer.status_code == 200, (raw, answer.text)
            (media,) = answer.json()["data"]["media"]
            name = media["name"]
            names.append(name)
            assert "/" not in name and "\\" not in name and "\x00" not in name, name
            # the name shown is the name given, at any length (only a path before it and control characters go);
            # what reaches the disk is the engine's own name, checked below
            assert len(name) > 0 and name.isprintable(), name
        stored = sorted(p.name for p in (data / "media" / api.sid).iterdir())
        assert len(stored) == len(HOSTILE_NAMES)
        assert all(n.startswith("med_") and n.endswith(".mp4") for n in stored)  # the disk never sees a user's name
        assert sorted(p.name for p in box.iterdir()) == ["data"]  # nothing beside the data dir
        assert not list(tmp_path.rglob("*escaped*")) and not Path("/etc/nemo-escaped.mp4").exists()
        assert not Path("/tmp/escaped-abs.mp4").exists()
        job = api.export()  # the first clip's (hostile) name becomes the output's: rendered fine
        assert api.wait(job)["status"] == "completed"
        assert not list(tmp_path.rglob("pwned*")) and not list(Path.cwd().glob("pwned*"))
        record("notes", "security: hostile upload names tried", len(HOSTILE_NAMES))
    finally:
        api.close()
        engine.stop()


# -- content and size -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        b"these are my notes, not a video\n" * 64,
        b"\x00" * 4096,
        os.urandom(4096),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,  # an image named .mp4
        MP4_HEAD + os.urandom(4096),  # looks like an MP4, is not one
        b"",
    ],
    ids=["text", "zeros", "random", "png", "fake-mp4-head", "empty"],
)
def test_non_media_named_mp4_is_4001(apis: Any, engine: LocalEngine, payload: bytes) -> None:
    api = apis()
    answer = upload_raw(api, b"movie.mp4", payload)
    assert answer.status_code == 415 and answer.json()["code"] == 4001, answer.text
    assert "mp4" in answer.json()["msg"]
    folder = engine.data_dir / "media" / api.sid
    assert not folder.exists() or not any(folder.iterdir())  # the refused bytes were removed
    assert api.state()["video_infos"] == []


@pytest.mark.slow
def test_600_mb_upload_refused_while_streaming(tmp_path: Path) -> None:
    """The default 500 MB limit: refused at the limit, the partial file removed at once, memory flat."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.bench_load import EngineProcess

    data = tmp_path / "data"
    engine = EngineProcess(data)
    api = Api(engine.url).login()
    api.new_session()
    media = data / "media" / api.sid
    chunk = b"\x00" * (4 << 20)
    seen: dict[str, Any] = {"sent": 0, "peak": 0.0, "refused_at": None, "partial_max": 0}
    base = engine.rss_mb()[0]

    def body() -> Iterator[bytes]:
        head, _ = multipart(b"big.mp4", b"")
        yield head[: head.index(b"\r\n\r\n") + 4]
        yield MP4_HEAD
        while seen["sent"] < 600 * 1024 * 1024:
            seen["sent"] += len(chunk)
            if seen["sent"] % (32 << 20) == 0:
                seen["peak"] = max(seen["peak"], engine.rss_mb()[0])
                partial = sum(p.stat().st_size for p in media.glob(".incoming-*")) if media.exists() else 0
                seen["partial_max"] = max(seen["partial_max"], partial)
                if seen["refused_at"] is None and seen["sent"] > 520 * 1024 * 1024 and partial == 0:
                    seen["refused_at"] = seen["sent"]
            yield chunk
        yield b"\r\n--nemo-boundary-7--\r\n"

    started = time.monotonic()
    try:
        answer = api.http.post(
            f"/api/upload-video/nemo_agent/me/{api.sid}",
            content=body(),
            headers={"Content-Type": "multipart/form-data; boundary=nemo-boundary-7"},
        )
        assert answer.status_code == 413 and answer.json()["code"] == 4002, answer.text
        assert seen["refused_at"] is not None, seen  # the partial file was gone before the stream ended
        assert seen["partial_max"] <= 500 * 1024 * 1024  # never more than the limit on disk
        assert not media.exists() or not any(media.iterdir())  # nothing left
        growth = seen["peak"] - base
        assert growth < 50, f"engine RSS grew {growth:.0f} MB"
        assert api.state()["video_infos"] == []
    finally:
        api.close()
        engine.stop()
    record(
        "notes",
        "security: 600 MB upload",
        f"refused with 4002 after {seen['refused_at'] / 2**20:.0f} MB "
        f"sent, engine RSS +{seen['peak'] - base:.0f} MB, {time.monotonic() - started:.1f} s",
    )


def test_600_mb_file_refused_by_the_client_before_sending(engine: LocalEngine, tmp_path: Path) -> None:
    from nemo_widgets.protocol.client import NemoClient

    big = tmp_path / "big.mp4"
    with open(big, "wb") as handle:
        handle.truncate(600 * 1024 * 1024)  # sparse: no disk used
    tap = Tap()
    with NemoClient(base_url=engine.url, transport=tap.sync()) as client:
        client.connect()
        with pytest.raises(FileTooLarge) as caught:
            client.upload(big)
    assert "600 MB" in caught.value.user_message
    assert tap.count("POST", "/api/upload-video/.*") == 0


# -- no shell -----------------------------------------------------------------------------------------


class ProcessWatch:
    """Every process started (subprocess, asyncio, os): its arguments, and whether a shell was asked for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[Any, bool]] = []
        original = subprocess.Popen
        watch = self

        class WatchedPopen(original):  # type: ignore[misc, valid-type]  # the real Popen, held in a variable
            def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
                watch.calls.append((args, bool(kwargs.get("shell"))))
                super().__init__(args, *rest, **kwargs)

        def refuse(*args: Any, **kwargs: Any) -> Any:
            watch.calls.append((args, True))
            raise AssertionError(f"a shell was asked for: {args!r}")

        async def refuse_async(*args: Any, **kwargs: Any) -> Any:
            refuse(*args, **kwargs)

        monkeypatch.setattr(subprocess, "Popen", WatchedPopen)
        monkeypatch.setattr(os, "system", refuse)
        monkeypatch.setattr(os, "popen", refuse)
        monkeypatch.setattr(asyncio, "create_subprocess_shell", refuse_async)


def test_ffmpeg_never_runs_through_a_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clip = make_clip(tmp_path / "src.mp4", seconds=2, size="160x90")
    engine, _ = start_engine(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0), data_dir=tmp_path / "data")
    watch = ProcessWatch(monkeypatch)
    monkeypatch.chdir(tmp_path)
    api = Api(engine.url).login()
    api.new_session()
    try:
        for raw in (b"a; touch pwned-1 #.mp4", b"$(touch pwned-2) `touch pwned-3`.mp4", b'it\'s "quoted" & | >x.mp4'):
            assert upload_raw(api, raw, clip.read_bytes()).status_code == 200
        api.chat('add the title "$(touch pwned-4); rm -rf ~ \' \\" %{n} [x]" at 0s for 1 second')
        api.chat("make the audio volume 50%")
        titles = [t for t in api.state()["draft"]["t"] if t.get("tt") == 7]
        assert titles and "pwned-4" in str(titles)  # the hostile title is on the timeline, to be drawn
        for fmt in ("mp4", "mp3"):
            job = api.export(fmt)
            assert api.wait(job)["status"] == "completed", api.poll(job)
    finally:
        api.close()
        engine.stop()
    ffmpeg_calls = [(args, shell) for args, shell in watch.calls if "ffmpeg" in str(args)]
    # the 2 renders at least (an MP4 upload is read from its header, without ffmpeg)
    assert len(ffmpeg_calls) >= 2
    for args, shell in watch.calls:
        assert not shell, args
        assert isinstance(args, (list, tuple)) and all(isinstance(a, str) for a in args), args
    for args, _ in ffmpeg_calls:
        for arg in args:
            assert "pwned-4" not in arg  # the title's text goes through a file, never the command line
            if "touch" in arg:  # a user's file name only as the output's name: one argument, a path in the data dir
                assert arg.startswith(str(tmp_path / "data" / "renders")) and arg.endswith((".mp4", ".mp3")), arg
    assert not list(tmp_path.rglob("pwned*")) and not list(Path.home().glob("pwned*"))
    record("notes", "security: processes started in the no-shell test", len(watch.calls))
