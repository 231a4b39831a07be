"""The engine's HTTP contract: auth, ownership, credits, uploads, chat frames, faults."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers_engine import FIXTURES, Api, parse_sse

CHAT = {"app_name": "nemo_agent", "user_id": "me", "new_message": {"role": "user", "parts": [{"text": "mute"}]}}


def _keys(name: str) -> list[list[str]]:
    lines = (FIXTURES / name).read_text().splitlines()
    return [list(json.loads(line[6:])) for line in lines if line.startswith("data")]


def _parts(event: dict[str, Any]) -> list[str]:
    return [next(iter(part)) for part in event.get("content", {}).get("parts", [])]


# auth, sessions, credits ----------------------------------------------------------------------
def test_token_needs_a_client_id_and_gives_100_credits(engine) -> None:
    assert httpx.post(f"{engine.url}/api/auth/anonymous-token").status_code == 400
    api = Api(engine.url).login()
    assert api.token.startswith("nmv_usr_")
    balance = api.http.get("/api/credits/balance/simple").json()
    assert balance == {"code": 0, "data": {"available": 100, "frozen": 0, "total": 100}}
    again = Api(engine.url, client_id=api.client_id).login()
    assert again.token != api.token and again.http.get("/api/credits/balance/simple").json()["data"]["total"] == 100
    api.close()
    again.close()


@pytest.mark.parametrize("auth", [None, "Bearer nmv_usr_forged", "Basic abc"])
def test_missing_or_unknown_token_is_1001(engine, auth: str | None) -> None:
    headers = {"Authorization": auth} if auth else {}
    for method, path in [
        ("GET", "/api/credits/balance/simple"),
        ("POST", "/api/tasks/me/with-session/nemo_agent"),
        ("GET", "/api/state/nemo_agent/me/x/latest"),
        ("POST", "/run_sse"),
        ("GET", "/api/render/proxy/lambda/render_1"),
    ]:
        answer = httpx.request(method, f"{engine.url}{path}", headers=headers, json={})
        assert (answer.status_code, answer.json()["code"]) == (401, 1001), path


def test_another_tokens_session_is_1002(api: Api, engine) -> None:
    stranger = Api(engine.url).login()
    for answer in (
        stranger.http.get(f"/api/state/nemo_agent/me/{api.sid}/latest"),
        stranger.http.post("/run_sse", json={**CHAT, "session_id": api.sid}),
        stranger.http.post(f"/api/upload-video/nemo_agent/me/{api.sid}", files={"files": ("a.mp4", b"x")}),
    ):
        assert (answer.status_code, answer.json()["code"]) == (404, 1002)
    stranger.close()


def test_edits_cost_credits_and_none_left_is_2001(make_engine, api_for, clip_short: Path) -> None:
    api = api_for(make_engine(credits_per_token=2, edit_cost=1))
    api.upload(clip_short)
    api.chat("set the volume to 50%")
    api.chat("hello")  # a help reply is free
    assert api.http.get("/api/credits/balance/simple").json()["data"]["available"] == 1
    api.chat("trim the first 0.5 seconds")
    answer = api.http.post("/run_sse", json={**CHAT, "session_id": api.sid})
    body = answer.json()
    assert (answer.status_code, body["code"]) == (403, 2001) and body["data"]["bind_id"].startswith("usr_")
    assert api.wait(api.export("mp4"))["status"] == "completed"  # export stays free


def test_claim_link_works_locally(api: Api) -> None:
    data = api.http.post("/api/auth/claim-token", json={"task_id": None, "session_id": api.sid}).json()["data"]
    assert data["claim_token"].startswith("clm_") and data["expires_in"] > 0 and api.token not in data["claim_url"]
    page = httpx.get(f"{api.url}/workspace/claim", params={"ct": data["claim_token"]})
    assert page.status_code == 200 and api.sid in page.text
    assert httpx.get(f"{api.url}/workspace/claim", params={"ct": "clm_nope"}).status_code == 404
    assert "usr_x" in httpx.get(f"{api.url}/", params={"bind": "usr_x"}).text


def test_export_without_attribution_is_402(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    body = {"id": "render_x", "sessionId": api.sid, "draft": {}, "output": {"format": "mp4"}}
    headers = {"Authorization": f"Bearer {api.token}"}
    assert httpx.post(f"{api.url}/api/render/proxy/lambda", json=body, headers=headers).status_code == 402


# uploads ----------------------------------------------------------------------------------------
def test_upload_names_are_shown_as_given_never_as_a_path(api: Api, clip_short: Path) -> None:
    data = clip_short.read_bytes()
    names = ["../../evil.mp4", "/etc/abs.mp4", "nul\x00l.mp4", "y" * 300 + ".mp4"]
    body = (
        b"".join(  # built by hand: httpx would percent-encode the NUL byte
            b'--B0UND\r\nContent-Disposition: form-data; name="files"; filename="' + n.encode() + b'"\r\n'
            b"Content-Type: video/mp4\r\n\r\n" + data + b"\r\n"
            for n in names
        )
        + b"--B0UND--\r\n"
    )
    answer = api.http.post(
        f"/api/upload-video/nemo_agent/me/{api.sid}",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=B0UND"},
    )
    got = [m["name"] for m in answer.json()["data"]["media"]]
    assert got == ["evil.mp4", "abs.mp4", "null.mp4", "y" * 300 + ".mp4"]  # a long name too (stored apart)


def _media_files(engine, sid: str) -> list[Path]:
    folder = engine.data_dir / "media" / sid
    return list(folder.iterdir()) if folder.exists() else []


def test_non_media_named_mp4_is_4001(api: Api, engine, tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"this is a text file pretending to be a video " * 10)
    answer = api.upload(fake)
    assert (answer.status_code, answer.json()["code"]) == (415, 4001) and "mp4" in answer.json()["msg"]
    odd = tmp_path / "notes.txt"
    odd.write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * 100)
    assert api.upload(odd).json()["code"] == 4001
    noise = tmp_path / "noise.mp4"  # binary that no magic number names: ffmpeg's probe has the last word
    noise.write_bytes(bytes(range(1, 255)) * 40)
    said = api.upload(noise).json()
    assert (said["code"], said["msg"]) == (4001, "'noise.mp4' is not really an MP4 file: its content is not media.")
    assert _media_files(engine, api.sid) == []


def test_too_large_is_4002_and_leaves_nothing(make_engine, api_for, clip_short: Path, tmp_path: Path) -> None:
    running = make_engine(max_upload_bytes=64 * 1024)
    api = api_for(running)
    small = tmp_path / "small.mp4"
    small.write_bytes(clip_short.read_bytes()[: 32 * 1024])
    big = tmp_path / "big.mp4"
    big.write_bytes(clip_short.read_bytes() * 2)
    assert big.stat().st_size > 64 * 1024
    answer = api.upload(small, big)
    assert (answer.status_code, answer.json()["code"]) == (413, 4002)
    assert _media_files(running, api.sid) == []


def test_url_upload_http_only(api: Api, clip_short: Path) -> None:
    payload = clip_short.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/clips/remote.mp4"
        answer = api.http.post(f"/api/upload-video/nemo_agent/me/{api.sid}", json={"urls": [url], "source_type": "url"})
        assert answer.json()["data"]["media"][0]["name"] == "remote.mp4"
        bad = api.http.post(f"/api/upload-video/nemo_agent/me/{api.sid}", json={"urls": ["file:///etc/passwd"]})
        assert bad.json()["code"] == 4001
    finally:
        server.shutdown()


# chat frames ------------------------------------------------------------------------------------
def test_frames_match_the_captures(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    events, _ = api.chat("remove all audio from this video")
    assert [_parts(e) for e in events] == [["functionCall"], ["functionResponse"], ["text"]]
    silent = _keys("silent_edit.sse")
    assert [list(e) for e in events[:2]] == silent and list(events[2]) == _keys("plain_text.sse")[0]
    assert events[1]["actions"]["stateDelta"]["draft"]["t"][0]["tt"] == 0
    assert len({e["invocationId"] for e in events}) == 1
    streamed, _ = api.chat("undo", streaming=True)
    texts = [e for e in streamed if _parts(e) == ["text"]]
    chunks, final = texts[:-1], texts[-1]
    assert [list(e) for e in chunks] == _keys("streamed_text.sse")[: len(chunks)]
    assert list(final) == _keys("streamed_text.sse")[-1] and all(c["partial"] for c in chunks)
    assert {c["id"] for c in chunks} == {final["id"]} and final["partial"] is False
    assert "".join(c["content"]["parts"][0]["text"] for c in chunks) == final["content"]["parts"][0]["text"]


def test_silent_ratio_and_help(make_engine, api_for, clip_short: Path) -> None:
    api = api_for(make_engine(silent_ratio=1.0))
    events, _ = api.chat("what can you do?")
    assert "remove all audio" in events[0]["content"]["parts"][0]["text"]
    api.upload(clip_short)
    events, _ = api.chat("去掉音频")
    assert [_parts(e) for e in events] == [["functionCall"], ["functionResponse"]]
    events, _ = api.chat("提取音频", headers={"X-Nemo-Silent": "0"})
    assert _parts(events[-1]) == ["text"] and "音频" in events[-1]["content"]["parts"][0]["text"]


def test_heartbeats_while_a_slow_step_runs(make_engine, api_for) -> None:
    api = api_for(make_engine(heartbeat_s=0.1))
    # 1.5 s of a step that pings every 0.1 s: ~14 pings; 3 leave room for a loaded machine, where the
    # response (and so the relay) can start a few tenths of a second after the step (0.6 s gave 2 in CI)
    events, pings = api.chat("hello", headers={"X-Nemo-Fault": "slow-chat:1.5"})
    assert pings >= 3 and len(events) == 1


def test_agent_error_frames(api: Api) -> None:
    events, _ = api.chat("hello", headers={"X-Nemo-Fault": "agent-error"})
    assert [list(e) for e in events] == _keys("agent_error.sse")
    assert list(events[1]["error_details"]) == ["error_type", "error_message", "timestamp"]


def test_drop_stream_cuts_mid_turn_after_the_edit(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    body = {
        **CHAT,
        "session_id": api.sid,
        "streaming": True,
        "new_message": {"role": "user", "parts": [{"text": "remove all audio"}]},
    }
    lines = []
    with pytest.raises(httpx.RemoteProtocolError):
        with api.http.stream("POST", "/run_sse", json=body, headers={"X-Nemo-Fault": "drop-stream"}) as answer:
            for line in answer.iter_lines():
                lines.append(line)
    events, _ = parse_sse("\n\n".join(lines))
    assert any(e.get("partial") for e in events) and not any(e.get("turnComplete") for e in events)
    assert [t["tt"] for t in api.state()["draft"]["t"]] == [0]  # the edit was applied


# faults -----------------------------------------------------------------------------------------
def _call(api: Api, kind: str, headers: dict[str, str]) -> httpx.Response:
    sid = api.sid
    if kind == "token":
        return api.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c", **headers})
    if kind == "state":
        return api.http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=headers)
    if kind == "chat":
        return api.http.post("/run_sse", json={**CHAT, "session_id": sid}, headers=headers)
    if kind == "upload":
        return api.http.post(
            f"/api/upload-video/nemo_agent/me/{sid}", files={"files": ("a.mp4", b"x")}, headers=headers
        )
    body = {"id": "render_f", "sessionId": sid, "draft": {}, "output": {"format": "mp4"}}
    return api.http.post("/api/render/proxy/lambda", json=body, headers=headers)


FAULTS = [
    ("400", "token", 400, 400),
    ("1001", "state", 401, 1001),
    ("1002", "state", 404, 1002),
    ("1002", "chat", 404, 1002),
    ("2001", "chat", 403, 2001),
    ("4001", "upload", 415, 4001),
    ("4002", "upload", 413, 4002),
    ("402", "export", 402, 402),
    ("429", "state", 429, 429),
    ("429", "chat", 429, 429),
    ("500", "upload", 500, 500),
]


@pytest.mark.parametrize(("fault", "kind", "status", "code"), FAULTS)
def test_faults_by_header(api: Api, fault: str, kind: str, status: int, code: int) -> None:
    answer = _call(api, kind, {"X-Nemo-Fault": fault})
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert answer.json()["msg"]
    if fault == "429":
        assert answer.headers["retry-after"] == "30"


def test_faults_armed_in_settings(make_engine, api_for, clip_short: Path) -> None:
    running = make_engine(faults={"render-fail-once": 1, "drop-stream": 1})
    api = api_for(running)
    running.settings.faults["429"] = 2
    assert [_call(api, "state", {}).status_code for _ in range(3)] == [429, 429, 200]
    running.inject("1001")
    assert _call(api, "token", {}).status_code == 200  # token calls cannot be 1001: still armed
    assert _call(api, "state", {}).json()["code"] == 1001 and _call(api, "state", {}).status_code == 200
    armed = httpx.post(f"{running.url}/api/_local/faults", json={"500": 1}).json()
    assert armed["data"]["armed"] == {"500": 1, "drop-stream": 1, "render-fail-once": 1}
    assert _call(api, "chat", {}).status_code == 500
    with pytest.raises(httpx.RemoteProtocolError):
        api.chat("hello")  # the armed drop-stream: the real client sends no header
    api.upload(clip_short)
    assert api.wait(api.export("mp4"))["status"] == "failed"
    assert api.wait(api.export("mp4"))["status"] == "completed"
