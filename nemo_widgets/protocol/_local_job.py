"""The embedded engine's one-request job (an engine extension; the cloud has no such call).

The process that started an engine holds its ``file_key``; with it, one
``POST`` (:data:`~nemo_widgets.protocol.constants.LOCAL_JOB_PATH`) carries a
file's path, the instruction and the format, and the engine does what a batch
item otherwise asks in five requests: a session, the hand-off by path, the
agent's turn (the same reading as the chat endpoint's), the render, and a
hold until it finishes. The answer is the session, the agent's reply and the
render as a poll answers it, or no render when the agent did not edit (its
reply says why: a question, a refusal, something it cannot do).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import httpx

from nemo_widgets.protocol._base import Call
from nemo_widgets.protocol.constants import LOCAL_FILES_HEADER, LOCAL_JOB_PATH
from nemo_widgets.protocol.models import RenderResult, RenderStatus, SessionInfo

__all__ = ["HOLD_S", "LocalJob", "local_job_call"]

#: How long the engine may hold the answer until the render finishes (it caps it at its own long-poll limit).
HOLD_S = 20.0


@dataclass(frozen=True)
class LocalJob:
    """What the engine did with one file: its session, the agent's reply, and the render (``None``: no edit)."""

    session: SessionInfo
    reply: str
    status: RenderStatus | None
    result: RenderResult | None = None  # filled by the client once the render is complete

    @classmethod
    def from_data(cls, data: Any) -> LocalJob:
        body = data if isinstance(data, dict) else {}
        render = body.get("render")
        status = RenderStatus.from_data(render) if isinstance(render, dict) else None
        return cls(SessionInfo.from_data(body), str(body.get("reply") or ""), status)


def local_job_call(source: str | os.PathLike[str], instruction: str, *, key: str, job_id: str,
                   format: str | None, quality: str | None, language: str) -> Call:  # fmt: skip
    body = {
        "source": os.path.abspath(source),
        "instruction": instruction,
        "id": job_id,
        "output": {"format": format, "quality": quality},
        "language": language,
        "wait": HOLD_S,
    }
    timeout = httpx.Timeout(HOLD_S + 60.0, connect=10.0)  # the copy, the probe and the turn, then the hold
    return Call("POST", LOCAL_JOB_PATH, json=body, headers={LOCAL_FILES_HEADER: key}, timeout=timeout,
                filename=os.path.basename(source))  # fmt: skip
