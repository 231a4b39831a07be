"""The bearer token never shows: not in a repr, an error, a log line (httpx's and httpcore's
DEBUG logging included, over a real loopback connection), nor a URL."""

from __future__ import annotations

import json
import logging
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest
from nemo_widgets.protocol import errors
from nemo_widgets.protocol._redact import Secret, redact
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.settings import Settings

from .conftest import TOKEN, capture, envelope

SECRET = "nmv_usr_LOOPBACK_SECRET_42abcdef"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: object, code: int = 0, status: int = 200) -> None:
        self._send(status, json.dumps({"code": code, "data": data}).encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        Handler.seen.append((self.path, self.headers.get("Authorization", "")))
        if self.path == "/api/auth/anonymous-token":
            self._json({"token": SECRET, "credits": 100})
        elif self.path.startswith("/api/tasks/"):
            self._json({"task_id": "t1", "session_id": "s1"})
        elif self.path == "/api/auth/claim-token":
            self._json({"claim_token": "clm_loop12345", "expires_in": 60})
        elif self.path == "/run_sse":
            self._send(200, capture("streamed_text"), "text/event-stream")
        else:
            self._json(None, code=1001, status=401)

    def do_GET(self) -> None:
        Handler.seen.append((self.path, self.headers.get("Authorization", "")))
        if self.path.startswith("/api/credits"):
            self._json({"available": 1, "frozen": 0, "total": 1})
        elif self.path.startswith("/api/state"):
            self._json({"state": {"draft": {"t": []}}})
        else:
            self._send(404, b'{"detail": "Not Found"}')


@pytest.fixture
def loopback():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_token_never_logged_over_real_http(loopback, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "nemo_widgets"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    Handler.seen = []
    with NemoClient(settings=Settings.from_env(env={}, home=tmp_path, api_url=loopback)) as client:
        client.connect()
        client.credits()
        client.state()
        link = client.claim_link()
        events = list(client.chat("hello"))
        with pytest.raises(errors.APIError) as info:
            client.poll_render("render_1")
        assert SECRET not in repr(client) + str(client) + link
        assert SECRET not in str(info.value) + repr(info.value)
        assert SECRET not in "".join(traceback.format_exception(info.value))
    assert [e.kind for e in events][-2:] == ["text", "end"]
    assert any(auth == f"Bearer {SECRET}" for _, auth in Handler.seen)  # it was sent, in the header only
    assert all(SECRET not in path for path, _ in Handler.seen)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HTTP Request" in logged and "send_request_headers" in logged  # httpx and httpcore did log
    assert SECRET not in logged
    assert SECRET not in caplog.text


async def test_token_not_in_reprs_errors_or_urls(api, fake):
    await api.call("connect")
    client = api.client
    assert TOKEN not in repr(client) and TOKEN not in str(client)
    assert repr(client.token) == "Secret('[secure]')" and str(client.token) == "[secure]"
    assert f"{client.token}" == "[secure]"
    assert client.token.get() == TOKEN
    assert TOKEN not in repr(client.settings)
    await api.call("credits")
    await api.call("export")
    assert all(TOKEN not in str(request.url) for request in fake.requests)
    fake.fail("credits", envelope(None, code=1001, status=401, msg=f"token {TOKEN} is expired"), times=2)
    with pytest.raises(errors.AuthError) as info:
        await api.call("credits")
    text = str(info.value) + repr(info.value) + repr(info.value.args) + (info.value.server_message or "")
    assert TOKEN not in text
    fake.fail("credits", httpx.ConnectError(f"failed with Authorization: Bearer {TOKEN}"))
    with pytest.raises(errors.ConnectionFailed) as failed:
        await api.call("credits")
    assert TOKEN not in str(failed.value) + repr(failed.value)


def test_secret_cannot_be_pickled():
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(Secret("nmv_usr_pickle_me_123"))


def test_redact_known_secrets_and_token_shapes():
    Secret("plain-secret-value-1234")
    assert redact("x plain-secret-value-1234 y") == "x [secure] y"
    assert redact("Authorization: Bearer abc.def") == "Authorization: [secure]"
    assert redact("tok nmv_usr_abcdefgh and clm_zzzzzz") == "tok [secure] and [secure]"
    assert redact("eyJhbGciOi.eyJzdWIiOiIx.sig") == "[secure]"
    assert redact("") == ""
