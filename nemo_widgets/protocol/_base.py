"""What the sync and the async client share.

The I/O loops live in the twins (:mod:`.client`, :mod:`.async_client`);
everything they decide is here, written once: building requests (headers,
bodies, timeouts), reading envelopes, mapping errors, choosing a recovery
(:meth:`BaseClient._recovery`), the turn bookkeeping of ``ask`` and the
bodies and results of the render calls.

Recoveries, each at most once per call (protocol.md):

* 1001 / HTTP 401: a fresh anonymous token with the same client id, retry;
* HTTP 400 "missing client id": a new client id, retry;
* HTTP 429: wait 30 s (or the server's ``Retry-After``, at most 120 s), retry;
* 1002: no retry: :class:`SessionNotFound` tells the caller to open a new
  session (earlier uploads are gone).
"""

from __future__ import annotations

import functools
import itertools
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx

from nemo_widgets.protocol._redact import Secret, redact
from nemo_widgets.protocol.constants import (
    APP_NAME,
    DEFAULT_AUDIO_QUALITY,
    DEFAULT_VIDEO_QUALITY,
    LONG_POLL_HEADER,
    export_format,
)
from nemo_widgets.protocol.errors import (
    APIError,
    AuthError,
    ConnectionFailed,
    MissingClientId,
    NemoError,
    NemoTimeout,
    ProtocolError,
    RateLimited,
    RenderFailed,
    SessionNotFound,
    TransportError,
    error_from_response,
)
from nemo_widgets.protocol.models import RenderJob, RenderResult, RenderStatus
from nemo_widgets.protocol.schedule import AdaptiveSchedule, PollSchedule
from nemo_widgets.protocol.settings import Profile, Settings, load_client_id

if TYPE_CHECKING:
    import ssl

__all__ = ["DEFAULT_TIMEOUT", "BaseClient", "shared_ssl_context"]

log = logging.getLogger("nemo_widgets.protocol")

#: Ordinary calls: 30 s; connecting: 10 s.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: A chat turn may run 15 minutes; heartbeats (when sent) arrive far more often.
CHAT_TIMEOUT = httpx.Timeout(connect=10.0, read=15 * 60 + 30.0, write=60.0, pool=30.0)
#: Uploads: no limit on writing a big body; the answer may take a while.
UPLOAD_TIMEOUT = httpx.Timeout(connect=10.0, read=300.0, write=None, pool=30.0)
DOWNLOAD_TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=30.0, pool=30.0)

RATE_LIMIT_WAIT = 30.0
STILL_WORKING_EVERY = 120.0
TURN_TIMEOUT = 600.0
#: Recovering from a dropped stream: first wait, later waits, unchanged polls before giving up.
RECOVER_FIRST_WAIT = 30.0
RECOVER_WAIT = 60.0
RECOVER_POLLS = 5
RENDER_PATH = "/api/render/proxy/lambda"

Sleep = Callable[[float], Any]
Clock = Callable[[], float]


@functools.lru_cache(maxsize=1)
def shared_ssl_context() -> ssl.SSLContext:
    """The TLS context every client of this process uses, made once as httpx makes its default (certifi's CA
    bundle, or ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` as set at the first use). Making one reads the whole CA
    bundle, 20-30 ms of CPU: each new client paid it, even one that only ever talks to a local engine."""
    return httpx.create_ssl_context()


@dataclass
class Call:
    """One logical API call, possibly sent several times by the request loop."""

    method: str
    path: str
    json: Any = None
    files: Any = None
    auth: bool = True
    envelope: bool = True
    stream: bool = False
    timeout: httpx.Timeout | None = None
    headers: dict[str, str] = field(default_factory=dict)
    #: Named in the 4001/4002 messages.
    filename: str | None = None
    #: The anonymous-token call: a 400 there means the client id.
    token_call: bool = False
    #: A request to another host (a CDN): no token, no client id, no attribution.
    bare: bool = False


@dataclass
class Attempts:
    """Which recoveries a call has used (each at most once)."""

    reauth: bool = False
    client_id: bool = False
    wait: bool = False


Recovery = Literal["reauth", "client_id", "wait"]

_RENDER_IDS = itertools.count()  # apart within one millisecond in this process


def _inner_status(data: Mapping[str, Any]) -> Any:
    inner = data.get("data")
    return inner.get("status") if isinstance(inner, Mapping) else None


def default_quality(fmt: str, profile: Profile) -> str:
    """The profile's quality for its own format; else 192k for compressed audio, "high" otherwise."""
    if fmt == profile.default_format:
        return profile.default_quality
    return DEFAULT_AUDIO_QUALITY if fmt in ("mp3", "m4a") else DEFAULT_VIDEO_QUALITY


class BaseClient:
    """State and decisions shared by :class:`NemoClient` and :class:`AsyncNemoClient`."""

    _http: httpx.Client | httpx.AsyncClient

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | Secret | None = None,
        session_id: str | None = None,
        profile: Profile | str | None = None,
        client_id: str | None = None,
        web_url: str | None = None,
        language: str | None = None,
        settings: Settings | None = None,
        sleep: Sleep | None = None,
        clock: Clock | None = None,
        poll_schedule: PollSchedule | None = None,
    ) -> None:
        if settings is None:
            settings = Settings.from_env(
                api_url=base_url, web_url=web_url, token=token, client_id=client_id,
                language=language, profile=profile,
            )  # fmt: skip
        else:
            overrides = {
                "api_url": base_url.rstrip("/") if base_url else None, "web_url": web_url, "token": token,
                "client_id": client_id, "language": language, "profile": profile,
            }  # fmt: skip
            settings = settings.with_changes(**{k: v for k, v in overrides.items() if v is not None})
        self.settings = settings
        self._token: Secret | None = settings.token
        self._supplied_token: Secret | None = settings.token
        self._user_token_refused = False
        self._anonymous: bool | None = None if settings.token else True
        self._client_id: str | None = settings.client_id
        self.session_id: str | None = session_id
        self.task_id: str | None = None
        self._bind_id: str | None = None
        self._clock: Clock = clock or time.monotonic
        self._sleep_fn = sleep
        self.poll_schedule: PollSchedule = poll_schedule or AdaptiveSchedule()
        #: Longest hold the server offers on an export poll (the embedded engine's
        #: ``X-Nemo-Long-Poll``); 0: an ordinary server, polls are plain looks.
        self._long_poll_max = 0.0

    # -- identity ------------------------------------------------------------

    @property
    def user_token_refused(self) -> bool:
        """True once the token you gave (``NEMO_TOKEN`` or ``token=``) was refused and replaced.

        protocol.md's recovery from 1001 takes a new anonymous token, so from
        then on this client works in a different account: other credits, and
        earlier sessions of the refused token are not reachable.
        """
        return self._user_token_refused

    @property
    def profile(self) -> Profile:
        return self.settings.profile

    @property
    def base_url(self) -> str:
        return self.settings.api_url

    @property
    def token(self) -> Secret | None:
        """The bearer token as a :class:`Secret` (``token.get()`` to save it for a resume)."""
        return self._token

    @property
    def client_id(self) -> str:
        """This machine's client id (read or created on first use)."""
        if self._client_id is None:
            self._client_id = load_client_id(self.settings.config_dir)
        return self._client_id

    def _set_token(self, value: Any, *, anonymous: bool) -> None:
        if not isinstance(value, str) or not value:
            raise ProtocolError("The service answered the token request without a token.")
        self._token = Secret(value)
        self._anonymous = anonymous

    def adopt_token(self, token: Secret) -> None:
        """Use the anonymous token another client with this client id was given (a batch asks once, not per file).

        Ignored when this client already has a token (``NEMO_TOKEN`` or its own).
        """
        if self._token is None and isinstance(token, Secret) and token:
            self._token = token
            self._anonymous = True

    def _rotate_client_id(self) -> None:
        self._client_id = str(uuid.uuid4())
        log.info("the service asked for a client id; using a new one for this client")

    def __repr__(self) -> str:
        token = "[secure]" if self._token else None
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, session_id={self.session_id!r}, "
            f"profile={self.profile.name!r}, token={token!r})"
        )

    # -- requests -----------------------------------------------------------

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + path

    def _headers(self, call: Call) -> dict[str, str]:
        if call.bare:
            return dict(call.headers)
        headers = self.settings.attribution_headers()
        headers["X-Client-Id"] = self.client_id
        if call.auth and self._token:
            headers["Authorization"] = f"Bearer {self._token.get()}"
        headers.update(call.headers)
        return headers

    def _build(self, call: Call) -> httpx.Request:
        return self._http.build_request(
            call.method, self._url(call.path), json=call.json, files=call.files,
            headers=self._headers(call), timeout=call.timeout or httpx.USE_CLIENT_DEFAULT,
        )  # fmt: skip

    @staticmethod
    def _decode(response: httpx.Response) -> Any:
        """The answer's JSON, else its text, else ``None``."""
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return response.text[:2000]

    def _error(self, call: Call, response: httpx.Response, body: Any) -> APIError | None:
        return error_from_response(
            response.status_code, body, filename=call.filename, web_url=self.settings.web_url,
            bind_id=self._bind_id or self.task_id, anonymous=self._anonymous, client_id_expected=call.token_call,
        )  # fmt: skip

    def _recovery(self, call: Call, error: APIError, attempts: Attempts) -> Recovery | None:
        """The recovery for ``error``, or ``None`` to raise it (marks it used)."""
        if isinstance(error, AuthError) and not call.token_call and not attempts.reauth:
            attempts.reauth = True
            if self._token is not None and self._token is self._supplied_token:
                self._user_token_refused = True
                log.warning(
                    "the token you supplied was refused; continuing with a new anonymous token (a different account)"
                )
            else:
                log.info("the token was refused; asking for a fresh anonymous token (same client id)")
            return "reauth"
        if isinstance(error, MissingClientId) and not attempts.client_id:
            attempts.client_id = True
            self._rotate_client_id()
            return "client_id"
        if isinstance(error, RateLimited) and not attempts.wait:
            attempts.wait = True
            return "wait"
        return None

    @staticmethod
    def _retry_after(response: httpx.Response) -> float:
        value = response.headers.get("retry-after", "")
        try:
            return min(120.0, max(1.0, float(value)))
        except ValueError:
            return RATE_LIMIT_WAIT

    def _result(self, call: Call, body: Any) -> Any:
        """The ``data`` of a successful envelope (tolerant: a bare body is its own data)."""
        if not call.envelope:
            return body
        if isinstance(body, Mapping) and "data" in body and ("code" in body or len(body) <= 3):
            return body["data"]
        if body is None or isinstance(body, str):
            raise ProtocolError()
        return body

    @staticmethod
    def _transport_error(exc: httpx.HTTPError) -> NemoError:
        """An httpx failure as a toolkit error (its text may name a URL: redacted)."""
        if isinstance(exc, httpx.TimeoutException):
            return NemoTimeout()
        if isinstance(exc, (httpx.ConnectError, httpx.NetworkError, httpx.ProxyError, httpx.UnsupportedProtocol)):
            return ConnectionFailed()
        if isinstance(exc, httpx.TransportError):
            return TransportError(f"The connection failed: {redact(type(exc).__name__)}.")
        return ProtocolError()

    def _note_response(self, call: Call, response: httpx.Response) -> None:
        """Log an answer; remember whether the server holds export polls (the engine's long poll)."""
        log.debug("%s %s -> %s", call.method, urlsplit(self._url(call.path)).path, response.status_code)
        if call.path.startswith(RENDER_PATH) and not call.bare:
            self._long_poll_max = self._offered_hold(response.headers.get(LONG_POLL_HEADER))

    @staticmethod
    def _offered_hold(value: str | None) -> float:
        try:
            seconds = float(value or 0)
        except ValueError:
            return 0.0
        return min(seconds, 300.0) if seconds > 0 else 0.0  # nan > 0 is False

    def _hold_s(self, delay: float) -> float:
        """How long the next export poll may wait at the server (0: a plain look after ``delay``)."""
        return min(delay, self._long_poll_max) if self._long_poll_max > 0 else 0.0

    def _rest_of_hold(self, hold: float, asked: float) -> float:
        """What is left of a hold asked for at ``asked`` (a poll that came back early or failed)."""
        return max(0.0, hold - (self._clock() - asked))

    @staticmethod
    def _cancel_call(job: RenderJob | str) -> Call:
        job_id = job.id if isinstance(job, RenderJob) else job
        return Call("POST", f"{RENDER_PATH}/{job_id}/cancel", json={}, envelope=False)

    @staticmethod
    def _cancel_unsupported(error: APIError) -> bool:
        """A cloud without the cancel endpoint (or that forgot the render): its render runs on, nothing to do."""
        return error.http_status in (404, 405, 501) and not isinstance(error, SessionNotFound)

    @staticmethod
    def _cancel_answer(job: RenderJob | str, data: Any) -> RenderStatus:
        """The cancel's answer as a status; an answer without a status means it was cancelled."""
        status = RenderStatus.from_data(data)
        if not isinstance(data, Mapping) or not (data.get("status") or _inner_status(data)):
            job_id = job.id if isinstance(job, RenderJob) else job
            status = RenderStatus(status="cancelled", job_id=job_id, raw=data)
        return status

    def _poll_call(self, job_id: str, hold: float = 0.0) -> Call:
        if hold <= 0:
            return Call("GET", f"{RENDER_PATH}/{job_id}", envelope=False)
        timeout = httpx.Timeout(hold + 30.0, connect=10.0)
        return Call("GET", f"{RENDER_PATH}/{job_id}?wait={hold:.3f}", envelope=False, timeout=timeout)

    # -- bodies -------------------------------------------------------------

    def _token_call(self) -> Call:
        return Call("POST", "/api/auth/anonymous-token", auth=False, token_call=True)

    def _session_call(self) -> Call:
        body = {"task_name": "project", "language": self.settings.language}
        return Call("POST", f"/api/tasks/me/with-session/{APP_NAME}", json=body)

    def _remember_session(self, info: Any) -> None:
        self.session_id = info.session_id or self.session_id
        self.task_id = info.task_id
        if info.bind_id:
            self._bind_id = info.bind_id
        if not self.session_id:
            raise ProtocolError("The service did not return a session id.")

    def _require_session(self) -> str:
        if not self.session_id:
            raise RuntimeError("no session: call connect() first")  # only reached when misused
        return self.session_id

    def _chat_body(self, text: str) -> dict[str, Any]:
        return {
            "app_name": APP_NAME,
            "user_id": "me",
            "session_id": self.session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]},
            "streaming": True,
        }

    def _new_render_id(self) -> str:
        return self.new_render_id()

    @staticmethod
    def new_render_id() -> str:
        """A fresh render id, for :meth:`export`'s ``job_id`` (record it before submitting; no client needed)."""
        # render_<ms> and 6 random digits: sessions (or kernels) exporting in the same millisecond
        # must not share an id, since a server answers an id it already knows with that render.
        return f"render_{int(time.time() * 1000) + next(_RENDER_IDS)}{uuid.uuid4().int % 1_000_000:06d}"

    def _render_job(
        self, draft: Mapping[str, Any], fmt: str | None, quality: str | None, job_id: str | None = None
    ) -> RenderJob:
        fmt = export_format(fmt or self.profile.default_format)
        quality = quality or default_quality(fmt, self.profile)
        return RenderJob(job_id or self._new_render_id(), self.session_id, fmt, quality, time.time(), dict(draft))

    @staticmethod
    def _render_call(job: RenderJob) -> Call:
        body = {
            "id": job.id,
            "sessionId": job.session_id,
            "draft": dict(job.draft or {}),
            "output": {"format": job.format, "quality": job.quality},
        }
        return Call("POST", RENDER_PATH, json=body)

    def _render_result(self, job: RenderJob, status: RenderStatus) -> RenderResult:
        url = urljoin(self.base_url + "/", status.url) if status.url else None
        fallback = self._url(f"/api/render/proxy/{job.id}/download")
        fmt = export_format(status.format or job.format or self.profile.default_format)
        return RenderResult(job=job, url=url, fallback_url=fallback, format=fmt, status=status, note=status.note)

    @staticmethod
    def _worth_retrying(status: RenderStatus) -> bool:
        """A failed render is resubmitted once, unless the server marked it deterministic.

        The embedded engine sends ``"retryable": false`` (and an ``error_code``) for failures the same
        draft would meet again (no audio to extract, nothing to export...). The cloud sends neither: retried.
        """
        return status.retryable is not False

    def _render_failed(self, job: RenderJob, status: RenderStatus) -> RenderFailed:
        return RenderFailed(status.error, job_id=job.id, retryable=self._worth_retrying(status))

    def _same_origin(self, url: str) -> bool:
        """The bearer token goes only to the API's own origin."""
        a, b = urlsplit(url), urlsplit(self.base_url)
        return (a.scheme, a.netloc) == (b.scheme, b.netloc)

    def _resumed_job(self, job_id: str, fmt: str | None) -> RenderJob:
        fmt = export_format(fmt or self.profile.default_format)
        return RenderJob(job_id, self.session_id, fmt, default_quality(fmt, self.profile), time.time(), None)

    def engine_picks_format(self) -> bool:
        """Whether an embedded engine left to pick the format (``export(session_draft=True)``) picks what this
        client would after reading the state: the profile's own default is MP4 at the default quality."""
        return self.profile.default_format == "mp4" and self.profile.default_quality == DEFAULT_VIDEO_QUALITY
