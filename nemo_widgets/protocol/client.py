"""``NemoClient``: the NemoVideo agent API over ``httpx.Client``.

The twin of :mod:`nemo_widgets.protocol.async_client` (same methods, same
order); both take their decisions from :mod:`nemo_widgets.protocol._base`.
One request loop (:meth:`NemoClient._request`) owns sending, recoveries,
error mapping and logging, so every endpoint method is a few lines.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import httpx

from nemo_widgets.protocol._base import (
    DEFAULT_TIMEOUT,
    DOWNLOAD_TIMEOUT,
    RECOVER_FIRST_WAIT,
    RECOVER_POLLS,
    RECOVER_WAIT,
    UPLOAD_TIMEOUT,
    Attempts,
    BaseClient,
    Call,
    shared_ssl_context,
)
from nemo_widgets.protocol._chat import ChatStream
from nemo_widgets.protocol._local_job import LocalJob, local_job_call
from nemo_widgets.protocol._redact import Secret
from nemo_widgets.protocol._turn import TurnNotes, state_changed
from nemo_widgets.protocol._upload import (
    PathLike,
    Progress,
    ProgressSteps,
    check_name,
    check_size,
    counting_files,
    plan_paths,
)
from nemo_widgets.protocol.constants import APP_NAME, LOCAL_FILES_HEADER
from nemo_widgets.protocol.draft import Draft
from nemo_widgets.protocol.errors import (
    APIError,
    DownloadFailed,
    EmptyMessage,
    NemoError,
    NemoTimeout,
    NothingToExport,
    ProtocolError,
    RenderCancelled,
    StreamDropped,
    TurnTimeout,
)
from nemo_widgets.protocol.events import ChatEvent
from nemo_widgets.protocol.models import (
    Credits,
    MediaInfo,
    RenderJob,
    RenderResult,
    RenderStatus,
    Reply,
    SessionInfo,
    SessionState,
)
from nemo_widgets.protocol.schedule import Poll, PollSchedule
from nemo_widgets.protocol.settings import Profile, Settings

__all__ = ["ChatStream", "NemoClient"]

_POLL_ERRORS_TOLERATED = 3


class NemoClient(BaseClient):
    """The NemoVideo API, synchronously. Makes no request until a method needs one.

    >>> client = NemoClient()                       # settings from the environment
    >>> client = NemoClient(token=..., session_id=...)  # resume a session

    ``sleep`` and ``clock`` replace :func:`time.sleep` / :func:`time.monotonic`
    (tests); ``transport`` replaces httpx's network transport.
    """

    _http: httpx.Client

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
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], float] | None = None,
        poll_schedule: PollSchedule | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url, token=token, session_id=session_id, profile=profile, client_id=client_id,
            web_url=web_url, language=language, settings=settings, sleep=sleep, clock=clock,
            poll_schedule=poll_schedule,
        )  # fmt: skip
        self._http = httpx.Client(
            transport=transport, timeout=timeout, follow_redirects=True, verify=shared_ssl_context()
        )
        self._token_lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> NemoClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _sleep(self, seconds: float) -> None:
        (self._sleep_fn or time.sleep)(seconds)

    # -- the request loop ---------------------------------------------------

    def _request(self, call: Call) -> Any:
        """Send ``call`` with the recoveries of protocol.md; its data (or, streaming, the open response)."""
        attempts = Attempts()
        while True:
            if call.auth and not self._token:
                self._acquire_token()
            used = self._token
            try:
                response = self._http.send(self._build(call), stream=call.stream)
            except httpx.HTTPError as exc:
                raise self._transport_error(exc) from exc
            self._note_response(call, response)
            if call.stream and response.status_code < 400:
                return response
            try:
                response.read()
            except httpx.HTTPError as exc:
                raise self._transport_error(exc) from exc
            finally:
                response.close()
            body = self._decode(response)
            error = self._error(call, response, body)
            if error is None:
                return self._result(call, body)
            recovery = self._recovery(call, error, attempts)
            if recovery is None:
                raise error
            if recovery == "reauth":
                self._acquire_token(stale=used)
            elif recovery == "wait":
                self._sleep(self._retry_after(response))

    def _acquire_token(self, stale: Secret | None = None) -> None:
        """An anonymous token for this client id (unless another thread just got one)."""
        with self._token_lock:
            if self._token is not None and self._token is not stale:
                return
            data = self._request(self._token_call())
            self._set_token(data.get("token") if isinstance(data, Mapping) else None, anonymous=True)

    # -- session --------------------------------------------------------------

    def connect(self) -> SessionInfo:
        """Get a token if there is none, then a session unless one was given."""
        self._acquire_token()
        if self.session_id:
            return SessionInfo(session_id=self.session_id, task_id=self.task_id, resumed=True)
        return self.new_session()

    def new_session(self) -> SessionInfo:
        """Open a new editing session (files of an earlier session stay behind)."""
        info = SessionInfo.from_data(self._request(self._session_call()))
        self._remember_session(info)
        return info

    def _ensure_session(self) -> str:
        if not self.session_id:
            self.connect()
        return self._require_session()

    def claim_link(self) -> str:
        """A browser link that opens this session in the web app (no bearer token in it)."""
        sid = self._ensure_session()
        body = {"task_id": self.task_id, "session_id": sid}
        data = self._request(Call("POST", "/api/auth/claim-token", json=body))
        claim = data.get("claim_token") if isinstance(data, Mapping) else None
        if not claim:
            raise NemoError("The service did not return a claim link.")
        return f"{self.settings.web_url}/workspace/claim?ct={claim}"

    # -- upload ---------------------------------------------------------------

    def upload(self, paths: PathLike | Sequence[PathLike], *, progress: Progress | None = None) -> list[MediaInfo]:
        """Upload local files, streamed from disk; ``progress(sent, total)`` as bytes go out.

        Type and size are checked before anything is sent.
        """
        items = plan_paths(paths)
        sid = self._ensure_session()
        with contextlib.ExitStack() as stack:
            handles: list[IO[bytes]] = [stack.enter_context(open(item.path, "rb")) for item in items]
            files = counting_files(((i.name, h, i.size) for i, h in zip(items, handles, strict=True)), progress)
            call = Call("POST", f"/api/upload-video/{APP_NAME}/me/{sid}", files=files,
                        timeout=UPLOAD_TIMEOUT, filename=items[0].name if len(items) == 1 else None)  # fmt: skip
            return list(MediaInfo.list_from(self._request(call)))

    def upload_local(self, paths: PathLike | Sequence[PathLike], *, key: str) -> list[MediaInfo]:
        """Hand files on this machine to an embedded engine this process started, by path: the engine copies
        them itself (no bytes through HTTP). ``key`` is that engine's ``file_key``; without it the engine
        refuses. The cloud has no such call: use :meth:`upload` there."""
        items = plan_paths(paths)
        sid = self._ensure_session()
        call = Call("POST", f"/api/upload-video/{APP_NAME}/me/{sid}", json={"local_files": [
            str(item.path.absolute()) for item in items]}, headers={LOCAL_FILES_HEADER: key}, timeout=UPLOAD_TIMEOUT,
            filename=items[0].name if len(items) == 1 else None)  # fmt: skip
        return list(MediaInfo.list_from(self._request(call)))

    def local_job(self, source: str | os.PathLike[str], instruction: str, *, key: str, job_id: str | None = None,
                  format: str | None = None, quality: str | None = None,
                  progress: Callable[[RenderStatus], Any] | None = None) -> LocalJob:  # fmt: skip
        """One file through an embedded engine this process started, in one request (``key``: its ``file_key``):
        a new session, the hand-off by path, the agent's turn, the render (see :mod:`._local_job`). When the
        engine's hold ends first, the render is waited for as :meth:`wait_for_render` does. ``result`` is
        None when the agent made no edit (``reply`` says why). The cloud has no such call."""
        if not instruction.strip():
            raise EmptyMessage()
        job_id = job_id or self.new_render_id()
        answer = LocalJob.from_data(self._request(local_job_call(
            source, instruction, key=key, job_id=job_id, format=format, quality=quality,
            language=self.settings.language)))  # fmt: skip
        self._remember_session(answer.session)
        if answer.status is None:
            return answer
        job = self._resumed_job(job_id, answer.status.format or format)
        done = answer.status.done
        result = self._render_result(job, answer.status) if done else self.wait_for_render(job, progress=progress)
        return dataclasses.replace(answer, result=result)

    def upload_bytes(self, data: bytes, filename: str, *, progress: Progress | None = None) -> list[MediaInfo]:
        """Upload in-memory bytes under ``filename`` (its extension decides the type)."""
        check_name(filename)
        check_size(filename, len(data))
        sid = self._ensure_session()
        files = counting_files([(filename, io.BytesIO(data), len(data))], progress)
        call = Call("POST", f"/api/upload-video/{APP_NAME}/me/{sid}", files=files, timeout=UPLOAD_TIMEOUT,
                    filename=filename)  # fmt: skip
        return list(MediaInfo.list_from(self._request(call)))

    def upload_url(self, url: str) -> list[MediaInfo]:
        """Have the service fetch a file from ``url``."""
        sid = self._ensure_session()
        call = Call("POST", f"/api/upload-video/{APP_NAME}/me/{sid}", json={"urls": [url], "source_type": "url"},
                    timeout=UPLOAD_TIMEOUT)  # fmt: skip
        return list(MediaInfo.list_from(self._request(call)))

    # -- chat -----------------------------------------------------------------

    def chat(self, text: str) -> ChatStream:
        """Send one message; iterate the returned stream for :class:`ChatEvent` s.

        ``with client.chat(text) as stream: for event in stream: ...`` closes
        the response however the loop ends. A dropped stream raises
        :class:`StreamDropped` and is never re-sent.
        """
        return ChatStream(self, text)

    def ask(
        self,
        text: str,
        *,
        on_event: Callable[[ChatEvent], Any] | None = None,
        on_still_working: Callable[[float], Any] | None = None,
        read_before: bool = True,
    ) -> Reply:
        """Send one message and wait for the whole reply (see :class:`Reply`).

        ``on_event`` sees every event as it comes (for live text);
        ``on_still_working(seconds)`` is called every 2 minutes of heartbeats.
        A silent turn is described from the state diff; a dropped stream is
        recovered by polling the state, never by sending again.
        ``read_before=False`` skips the state read before the turn (one request
        less for a caller that needs no diff: ``changes`` then lists nothing).
        """
        if not text or not text.strip():
            raise EmptyMessage()  # the engine would answer a technical 400
        self._ensure_session()
        before = self._state_or_none() if read_before else None
        notes = TurnNotes(self._clock)
        after: SessionState | None = None
        try:
            with self.chat(text) as stream:
                for event in stream:
                    if on_event is not None:
                        on_event(event)
                    if notes.add(event) and on_still_working is not None:
                        on_still_working(notes.elapsed)
        except (StreamDropped, ProtocolError) as exc:  # cut short: the edit may still be running
            notes.errors.append(exc)
            after = self._recover(before)
        except TurnTimeout as exc:
            notes.errors.append(exc)
            after = self._state_or_none()
        else:
            if notes.needs_state():
                after = self._state_or_none()
        return notes.reply(before, after)

    def _state_or_none(self) -> SessionState | None:
        try:
            return self.state()
        except NemoError:
            return None

    def _recover(self, before: SessionState | None) -> SessionState | None:
        """After a drop: wait 30 s, then poll every 60 s until the state changes (5 unchanged polls at most)."""
        self._sleep(RECOVER_FIRST_WAIT)
        latest = None
        for poll in range(RECOVER_POLLS):
            if poll:
                self._sleep(RECOVER_WAIT)
            latest = self._state_or_none() or latest
            if state_changed(before, latest):
                return latest
        return latest

    # -- credits and state ----------------------------------------------------

    def credits(self) -> Credits:
        """The credit balance."""
        return Credits.from_data(self._request(Call("GET", "/api/credits/balance/simple")))

    def state(self) -> SessionState:
        """The session's latest state (draft, media)."""
        sid = self._ensure_session()
        state = SessionState.from_data(self._request(Call("GET", f"/api/state/{APP_NAME}/me/{sid}/latest")))
        if state.bind_id:
            self._bind_id = state.bind_id
        return state

    # -- export ---------------------------------------------------------------

    def export(
        self,
        format: str | None = None,
        quality: str | None = None,
        draft: Mapping[str, Any] | None = None,
        *,
        job_id: str | None = None,
        session_draft: bool = False,
    ) -> RenderJob:
        """Submit an export of ``draft`` (default: the current one); a :class:`RenderJob`.

        ``format`` defaults to the profile's (mp4 / mp3), ``quality`` to
        "high" (192k for mp3). Raises :class:`NothingToExport` when the
        timeline is empty. ``job_id``: an id made beforehand with
        :meth:`new_render_id` (a caller that records it first can find the
        render again by it, whatever happens to this call).
        ``session_draft=True`` sends no draft and reads no state: the server
        renders the session's own draft (the embedded engine does; the cloud's
        documented call sends one) and refuses an empty one.
        """
        if session_draft:
            draft = {}
        elif draft is not None and not Draft.from_dict(draft).ready_for_export:
            raise NothingToExport()
        self._ensure_session()
        if draft is None:
            current = self.state().draft
            if not current.ready_for_export:
                raise NothingToExport()
            draft = current.to_dict()
        job = self._render_job(draft, format, quality, job_id)
        self._request(self._render_call(job))
        return job

    def poll_render(self, job: RenderJob | str, *, wait: float = 0.0) -> RenderStatus:
        """One look at a render: status, progress, the file's URL when done.

        ``wait``: where the server offers it (the embedded engine), hold the
        answer up to that many seconds until the render finishes.
        """
        job_id = job.id if isinstance(job, RenderJob) else job
        return RenderStatus.from_data(self._request(self._poll_call(job_id, self._hold_s(wait))))

    def wait_for_render(
        self,
        job: RenderJob,
        *,
        progress: Callable[[RenderStatus], Any] | None = None,
        schedule: PollSchedule | None = None,
        resubmitted: Callable[[RenderJob], Any] | None = None,
    ) -> RenderResult:
        """Poll until the render is done; on "failed" resubmit it once under a new id, unless the server
        said the failure is deterministic (``"retryable": false``: the same draft would fail again).

        ``resubmitted(job)`` hears of that new job (the one to cancel or resume from then on).
        Raises :class:`RenderFailed` after the retry fails, :class:`RenderCancelled` when the
        render was cancelled, :class:`NemoTimeout` when the schedule gives up (resume later
        with :meth:`resume_render`).
        """
        schedule = schedule or self.poll_schedule
        retried = False
        while True:
            status = self._poll_until_finished(job, schedule, progress)
            if status.done:
                return self._render_result(job, status)
            if status.cancelled:
                raise RenderCancelled(job_id=job.id)
            if retried or not self._worth_retrying(status):
                raise self._render_failed(job, status)
            retried = True
            draft = job.draft if job.draft is not None else self.state().draft.to_dict()
            job = self._render_job(draft, job.format, job.quality)
            self._request(self._render_call(job))
            if resubmitted is not None:
                resubmitted(job)

    def _poll_until_finished(
        self, job: RenderJob, schedule: PollSchedule, progress: Callable[[RenderStatus], Any] | None
    ) -> RenderStatus:
        polls: list[Poll] = []
        started, slept, failures = self._clock(), 0.0, 0
        while True:
            delay = schedule.next_delay(polls)
            if delay is None:
                raise NemoTimeout(
                    f"The export {job.id} is still running.", next_step=f"Resume it later: resume_render({job.id!r})."
                )
            hold = self._hold_s(delay)  # the embedded engine answers the moment the render finishes
            if not hold:
                self._sleep(delay)
            slept += delay
            asked = self._clock()
            try:
                status = self.poll_render(job, wait=hold)
            except NemoError:
                failures += 1
                if failures >= _POLL_ERRORS_TOLERATED:
                    raise
                if hold:  # spaced as plain looks are: a refused connection fails at once
                    self._sleep(self._rest_of_hold(hold, asked))
                continue
            failures = 0
            rest = self._rest_of_hold(hold, asked) if hold and not status.finished else 0.0
            if rest > 0.05:  # answered early yet unfinished (a server that did not hold): no busy loop
                self._sleep(rest)
            polls.append((max(self._clock() - started, slept), status))
            if progress is not None:
                progress(status)
            if status.finished:
                return status

    def cancel_render(self, job: RenderJob | str) -> RenderStatus | None:
        """Stop a render at the server: ``POST /api/render/proxy/lambda/<id>/cancel``.

        The status after it (``cancelled``; or ``completed`` / ``failed`` when it had
        ended already), or ``None`` when the server has no such endpoint or no such
        render (404, 405, 501: the cloud may lack it; its render then runs on). A poll
        loop waiting for a cancelled render raises :class:`RenderCancelled`.
        """
        try:
            data = self._request(self._cancel_call(job))
        except APIError as exc:
            if self._cancel_unsupported(exc):
                return None
            raise
        return self._cancel_answer(job, data)

    def resume_render(
        self,
        job_id: str,
        *,
        format: str | None = None,
        progress: Callable[[RenderStatus], Any] | None = None,
        schedule: PollSchedule | None = None,
        resubmitted: Callable[[RenderJob], Any] | None = None,
    ) -> RenderResult:
        """Wait for a render submitted earlier (e.g. before a kernel restart), by its id."""
        return self.wait_for_render(
            self._resumed_job(job_id, format), progress=progress, schedule=schedule, resubmitted=resubmitted
        )

    def download(self, result: RenderResult, dest: str | os.PathLike[str], *, progress: Progress | None = None) -> Path:
        """Stream the exported file to ``dest`` (a file, or a directory to put it in).

        ``progress(done, total)``; ``total`` is 0 when unknown. Falls back to
        the API's download URL when the file's URL fails.
        """
        target = Path(dest).expanduser()
        if target.is_dir():
            target = target / result.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        errors: list[BaseException] = []
        for url in [u for u in (result.url, result.fallback_url) if u]:
            try:
                self._download_one(url, target, progress)
                return target
            except (NemoError, OSError) as exc:
                errors.append(exc)
        raise DownloadFailed() from (errors[-1] if errors else None)

    def _download_one(self, url: str, target: Path, progress: Progress | None) -> None:
        ours = self._same_origin(url)
        call = Call("GET", url, auth=ours, bare=not ours, envelope=False, stream=True, timeout=DOWNLOAD_TIMEOUT)
        response = self._request(call)
        fd, tmp = tempfile.mkstemp(prefix=".download-", dir=target.parent)
        try:
            with contextlib.closing(response), os.fdopen(fd, "wb") as out:
                steps = ProgressSteps(int(response.headers.get("content-length") or 0))
                for chunk in response.iter_bytes():
                    out.write(chunk)
                    if steps.add(len(chunk)) and progress is not None:
                        progress(steps.done, steps.total)
                if steps.last() and progress is not None:
                    progress(steps.done, steps.total)
            os.replace(tmp, target)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc) from exc
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
