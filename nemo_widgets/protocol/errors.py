"""The errors of nemo-widgets, one tree::

    NemoError                          every error the toolkit raises
    ├── APIError                       the API answered with an error (.code, .http_status)
    │   ├── AuthError                  1001 / HTTP 401: bad or expired token
    │   ├── SessionNotFound            1002 / ADK 404 "Session not found"
    │   ├── NoCredits                  2001 (.link: the registration link when known)
    │   ├── UnsupportedFile            4001 / HTTP 415, also checked before sending
    │   ├── FileTooLarge               4002 / HTTP 413, also checked before sending
    │   ├── MissingClientId            HTTP 400: no (valid) X-Client-Id
    │   ├── PlanLimit                  HTTP 402: the free plan cannot export
    │   ├── RateLimited                HTTP 429
    │   └── ServerError                HTTP 5xx
    │       └── DiskFull               HTTP 507: the server's (the local engine's) disk is full
    ├── TransportError                 no usable answer from the network
    │   ├── ConnectionFailed           (also a ConnectionError) cannot reach the API
    │   ├── NemoTimeout                (also a TimeoutError) the API took too long
    │   │   └── TurnTimeout            10 minutes of heartbeats and nothing else
    │   └── StreamDropped              the chat stream broke mid-turn
    ├── AgentError                     the agent failed inside a chat turn (.code, .detail)
    ├── RenderFailed                   an export ended "failed" (after the retry)
    ├── RenderCancelled                an export was cancelled (by you, or at the server)
    ├── NothingToExport                the timeline is empty
    ├── DownloadFailed                 the rendered file could not be fetched
    ├── LocalFileMissing               (also a FileNotFoundError) no such file to upload
    └── ProtocolError                  data the toolkit cannot read (bad SSE, bad JSON)

Every error carries ``user_message`` (a plain sentence) and ``next_step``
(what to do about it); ``str(error)`` is the two joined. No error ever holds
a token or a raw JSON body in its text, its ``args`` or its ``repr``: server
messages are redacted and kept short (``server_message``).

:func:`error_from_response` is the one place that maps an HTTP status and a
JSON body (the envelope, or ADK's ``{"detail": …}``) to an error.
"""

from __future__ import annotations

from typing import Any

from nemo_widgets.protocol._redact import short_text
from nemo_widgets.protocol.constants import (
    ACCEPTED_EXTENSIONS,
    HTTP_STATUS,
    MAX_UPLOAD_LABEL,
    SAVE_AS_HINTS,
    Code,
    file_extension,
)

__all__ = [
    "APIError",
    "AgentError",
    "AuthError",
    "ConnectionFailed",
    "DiskFull",
    "DownloadFailed",
    "EmptyMessage",
    "FileTooLarge",
    "LocalFileMissing",
    "MissingClientId",
    "NemoError",
    "NemoTimeout",
    "NoCredits",
    "NothingToExport",
    "PlanLimit",
    "ProtocolError",
    "RateLimited",
    "RenderCancelled",
    "RenderFailed",
    "ServerError",
    "SessionNotFound",
    "StreamDropped",
    "TransportError",
    "TurnTimeout",
    "UnsupportedFile",
    "error_from_response",
]


class NemoError(Exception):
    """Base of every toolkit error: ``user_message`` + ``next_step``, safe to show."""

    default_message = "Something went wrong while talking to NemoVideo."
    default_next_step = "Try again in a moment."

    def __init__(self, user_message: str | None = None, *, next_step: str | None = None) -> None:
        self.user_message = user_message or self.default_message
        self.next_step = self.default_next_step if next_step is None else next_step
        super().__init__(self._text())

    def _text(self) -> str:
        return f"{self.user_message} {self.next_step}".strip()

    def __str__(self) -> str:
        return self._text()


# -- answers from the API ---------------------------------------------------


class APIError(NemoError):
    """The API answered with an error. ``code`` is the envelope code (or None)."""

    default_message = "The NemoVideo service refused the request."

    def __init__(
        self,
        user_message: str | None = None,
        *,
        next_step: str | None = None,
        code: int | None = None,
        http_status: int | None = None,
        server_message: str | None = None,
    ) -> None:
        self.code = code
        self.http_status = http_status
        self.server_message = short_text(server_message)
        super().__init__(user_message, next_step=next_step)


class AuthError(APIError):
    default_message = "The access token was refused (it is missing, wrong or expired)."
    default_next_step = "Reconnect to get a fresh token, or set NEMO_TOKEN to a valid one."


class SessionNotFound(APIError):
    default_message = "This editing session no longer exists, so files uploaded to it are gone."
    default_next_step = "Start a new session (client.new_session()) and upload your files again."


class NoCredits(APIError):
    """Out of credits. ``link`` is the registration link ``<WEB>?bind=<id>`` when known."""

    default_message = "You have run out of credits."

    def __init__(self, *, link: str | None = None, anonymous: bool | None = None, **kwargs: Any) -> None:
        self.link = link
        if link and anonymous is not False:
            step = f"Register at {link} to get more credits (or top up credits in your account)."
        else:
            step = "Top up credits in your account."
        kwargs.setdefault("next_step", step)
        super().__init__(**kwargs)


class UnsupportedFile(APIError):
    """A file the API does not take; ``formats`` lists the accepted types.

    When the server said why (a damaged file, text named ``.mp4``, an empty file), its reason is the
    message; a bare type refusal gives the list of supported formats.
    """

    reason_next_step = "Check that it plays on your computer; if it does, save it again (e.g. as MP4) and upload that."

    def __init__(self, filename: str | None = None, **kwargs: Any) -> None:
        self.filename = filename
        self.formats: tuple[str, ...] = ACCEPTED_EXTENSIONS
        reason = _reason(kwargs.get("server_message"))
        if reason:  # "... is really an AVIF image, not a JPG file. Save it as JPG or PNG first, ...": its own step
            what, said, step = reason.partition(" Save it as ")
            kwargs.setdefault("next_step", f"Save it as {step}" if said else self.reason_next_step)
        else:
            what = f"'{filename}' is not a supported file type." if filename else "This file type is not supported."
            kwargs.setdefault("next_step", _supported_step(filename))
        super().__init__(what, **kwargs)


def _supported_step(filename: str | None) -> str:
    """The formats list, after what to save a file of a known other type as (``.heic`` -> JPG or PNG)."""
    formats = "Supported formats: " + ", ".join(ACCEPTED_EXTENSIONS) + "."
    hint = SAVE_AS_HINTS.get(file_extension(filename)) if filename else None
    return f"Save it as {hint} first, then upload that. {formats}" if hint else formats


def _reason(server_message: Any) -> str | None:
    """A server's message that explains a refusal (not a generic "unsupported" line), as a sentence."""
    text = short_text(server_message)
    if not text or any(word in text.lower() for word in ("supported formats", "unsupported", "not supported")):
        return None
    return text if text.endswith((".", "!", "?")) else text + "."


class FileTooLarge(APIError):
    def __init__(self, filename: str | None = None, size: int | None = None, **kwargs: Any) -> None:
        self.filename = filename
        self.size = size
        shown = f" ({size / 1_048_576:.0f} MB)" if size else ""
        what = f"'{filename}'{shown} is larger than" if filename else "The file is larger than"
        kwargs.setdefault("next_step", "Compress it or trim it to a shorter part, then upload again.")
        super().__init__(f"{what} the {MAX_UPLOAD_LABEL} limit.", **kwargs)


class MissingClientId(APIError):
    default_message = "The service asked for a client id this toolkit did not send."
    default_next_step = "Try again; a new client id is made automatically."


class PlanLimit(APIError):
    default_message = "Your plan cannot export videos (a plan limit, not a credits problem)."
    default_next_step = "Register or upgrade your plan to unlock export."


class RateLimited(APIError):
    default_message = "Too many requests were sent in a short time."
    default_next_step = "Wait a minute and try again."


class ServerError(APIError):
    default_message = "The NemoVideo service had an internal problem."
    default_next_step = "Try again in a minute."


class DiskFull(ServerError):
    default_message = "The server's disk is full, so nothing was saved."
    default_next_step = (
        "Free some space (for the local engine, `nemo-widgets clean` removes old sessions and renders), then try again."
    )


# -- the network ------------------------------------------------------------


class TransportError(NemoError):
    """No usable answer: the connection failed, timed out or broke."""


class ConnectionFailed(TransportError, ConnectionError):
    default_message = "Could not reach the NemoVideo service."
    default_next_step = "Check the network connection (and NEMO_API_URL), then try again."


class NemoTimeout(TransportError, TimeoutError):
    default_message = "The NemoVideo service took too long to answer."
    default_next_step = "Try again in a moment."


class TurnTimeout(NemoTimeout):
    default_message = "The agent worked for 10 minutes without replying, so the turn was stopped."
    default_next_step = "Check the timeline (it may hold the result); your message was not sent again."


class StreamDropped(TransportError):
    default_message = "The connection to the agent dropped before its reply finished."
    default_next_step = (
        "Your message was not sent again (the edit may still be running); check the timeline for its result."
    )


# -- the work ---------------------------------------------------------------


class AgentError(NemoError):
    """The agent failed inside a chat turn. ``code`` is its error type (not shown)."""

    default_message = "The agent ran into a problem."
    default_next_step = "Try again, or say it differently."

    def __init__(self, detail: str | None = None, *, code: str | None = None, next_step: str | None = None) -> None:
        self.code = code
        self.detail = short_text(detail)
        message = f"The agent ran into a problem: {self.detail.rstrip('.')}." if self.detail else None
        super().__init__(message, next_step=next_step)


class RenderFailed(NemoError):
    """An export ended "failed". ``retryable`` is false when the server said the same draft would fail
    again (then its reason, a sentence with what to do, is the whole message and it was not resubmitted)."""

    default_message = "The export failed on the server."
    default_next_step = "Try exporting again in a minute; if it keeps failing, change the edit first."

    def __init__(
        self,
        reason: str | None = None,
        *,
        job_id: str | None = None,
        next_step: str | None = None,
        retryable: bool = True,
    ) -> None:
        self.job_id = job_id
        self.reason = short_text(reason)
        self.retryable = retryable
        if not retryable and self.reason:
            final = self.reason if self.reason.endswith((".", "!", "?")) else self.reason + "."
            super().__init__(final, next_step="" if next_step is None else next_step)
            return
        message = f"The export failed on the server: {self.reason.rstrip('.')}." if self.reason else None
        super().__init__(message, next_step=next_step)


class RenderCancelled(NemoError):
    """A render that ended ``cancelled``: nothing to download, nothing to retry."""

    default_message = "Export cancelled."
    default_next_step = "Export again when you are ready; the timeline is unchanged."

    def __init__(self, *, job_id: str | None = None) -> None:
        self.job_id = job_id
        super().__init__()


class NothingToExport(NemoError):
    default_message = "There is nothing to export yet: the timeline is empty."
    default_next_step = "Upload a clip (and describe an edit) first."


class EmptyMessage(NemoError, ValueError):
    """``ask("")`` / ``ask("   ")``: caught before anything is sent."""

    default_message = "There is nothing to send: the message is empty."
    default_next_step = 'Type what you would like to change, for example "remove all audio".'


class DownloadFailed(NemoError):
    default_message = "The exported file could not be downloaded."
    default_next_step = "Try the download again; the render is kept on the server for a while."


class LocalFileMissing(NemoError, FileNotFoundError):
    """A path given to upload does not exist (or is not a file) on the kernel's disk."""

    default_message = "That file is not on the kernel's disk."
    default_next_step = "Check the path: it is relative to the notebook's folder."

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        message = f"There is no file {path!r} on the kernel's disk." if path else None
        super().__init__(message)


class ProtocolError(NemoError):
    default_message = "The NemoVideo service sent data this toolkit could not read."
    default_next_step = "Try again; if it keeps happening, update nemo-widgets."


# -- mapping answers to errors ----------------------------------------------

_BY_CODE: dict[int, type[APIError]] = {
    Code.BAD_TOKEN: AuthError,
    Code.SESSION_NOT_FOUND: SessionNotFound,
    Code.NO_CREDITS: NoCredits,
    Code.UNSUPPORTED_FILE: UnsupportedFile,
    Code.FILE_TOO_LARGE: FileTooLarge,
}
#: An HTTP status alone (no envelope code) names these; 403 and 404 say too little on their own.
_BY_STATUS: dict[int, type[APIError]] = {
    **{HTTP_STATUS[code]: _BY_CODE[code] for code in (Code.BAD_TOKEN, Code.UNSUPPORTED_FILE, Code.FILE_TOO_LARGE)},
    402: PlanLimit,
    429: RateLimited,
    507: DiskFull,
}


def _server_message(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("msg", "message", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value
    if isinstance(body, str):
        return body
    return None


def _envelope_code(body: Any) -> int | None:
    if isinstance(body, dict) and "code" in body:
        try:
            return int(body["code"])
        except (TypeError, ValueError):
            return None
    return None


def error_from_response(
    status: int,
    body: Any,
    *,
    filename: str | None = None,
    web_url: str | None = None,
    bind_id: str | None = None,
    anonymous: bool | None = None,
    client_id_expected: bool = False,
) -> APIError | None:
    """The error an answer means, or ``None`` for a success.

    ``body`` is the decoded JSON (or the text, or ``None``). The envelope code
    wins over the HTTP status; a code-less 4xx/5xx maps by status. A 400 is
    read as a missing client id when its message speaks of the client id,
    and always when ``client_id_expected`` (the anonymous-token call).
    """
    code = _envelope_code(body)
    message = _server_message(body)
    if status < 400 and code in (None, 0):
        return None
    common: dict[str, Any] = {"code": code, "http_status": status, "server_message": message}
    cls = _BY_CODE.get(code) if code is not None else None
    if cls is None and status == 404 and message and "session not found" in message.lower():
        cls = SessionNotFound
    if cls is None and status == 400:
        about_client = message is not None and "client" in message.lower()
        if about_client or client_id_expected:
            cls = MissingClientId
    if cls is None:
        cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else None)
    if cls is NoCredits:
        data = body.get("data") if isinstance(body, dict) else None
        if isinstance(data, dict) and data.get("bind_id"):
            bind_id = str(data["bind_id"])
        link = f"{web_url.rstrip('/')}?bind={bind_id}" if web_url and bind_id else None
        return NoCredits(link=link, anonymous=anonymous, **common)
    if cls in (UnsupportedFile, FileTooLarge):
        return cls(filename, **common)
    if cls is not None:
        return cls(**common)
    safe = short_text(message)
    text = f"The NemoVideo service refused the request: {safe.rstrip('.')}." if safe else None
    return APIError(text, **common)
