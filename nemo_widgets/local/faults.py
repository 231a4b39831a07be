"""Faults on demand, so the client's error paths can be tested against the engine.

Two ways to force a fault:

* per request, with the header ``X-Nemo-Fault: <name>[, <name>…]`` (it hits
  that request only, when the request is of a kind the fault applies to);
* per engine, armed in the settings: ``EngineSettings(faults={"429": 1})``
  hits the next 1 matching request; on a running engine
  ``engine.inject("429", times=1)``, ``engine.settings.faults["429"] = 1``
  or ``POST /api/_local/faults`` with ``{"429": 1}`` (no token needed; GET
  lists what is armed). Use this form when the real client (which never
  sends the header) drives the engine.

=====================  ==========================  ===========================================
name                   hits                        answer
=====================  ==========================  ===========================================
``400``                anonymous-token             HTTP 400, as if X-Client-Id were missing
``1001``               every call needing a token  HTTP 401, ``{"code": 1001, ...}``
``1002``               calls naming a session      HTTP 404, ``{"code": 1002, ...}``
                       (chat, upload, state,
                       claim-token, export)
``2001``               chat                        HTTP 403, ``{"code": 2001, "data": {"bind_id"}}``
``4001``               upload                      HTTP 415, ``{"code": 4001, ...}``
``4002``               upload                      HTTP 413, ``{"code": 4002, ...}``
``402``                export                      HTTP 402, ``{"code": 402, ...}`` (plan limit)
``429``                every /api/ call and chat   HTTP 429, ``Retry-After: 30``
``500``                every /api/ call and chat   HTTP 500, ``{"code": 500, ...}``
``drop-stream``        chat                        the edit is applied, some partial text is
                                                   sent, then the connection is cut mid-turn
``agent-error``        chat                        an ``errorCode`` event, then an
                                                   ``{"error": ...}`` frame (no edit)
``slow-chat:N``        chat                        the step takes N s; ``: ping`` heartbeats
``slow-render:N``      export                      the render takes at least N s, with progress
``render-fail-once``   export                      that job ends ``failed``; a retry works
``render-never``       export                      that job stays ``processing`` forever
=====================  ==========================  ===========================================

An armed fault hits one request at a time (one fault per request; when
several are armed for the same kind of request, the table's order per scope
decides: 429 and 500 first). A name may carry an argument after a colon (``slow-render:5``); armed in the
settings it is the whole key: ``{"slow-render:5": 1}``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

__all__ = ["FAULT_NAMES", "SCOPES", "Fault", "FaultPlan"]

FAULT_HEADER = "x-nemo-fault"

#: Request kinds, and the faults each can suffer, in the order they are checked.
SCOPES: dict[str, tuple[str, ...]] = {
    "token": ("429", "500", "400"),
    "session": ("429", "500", "1001"),
    "credits": ("429", "500", "1001"),
    "claim": ("429", "500", "1001", "1002"),
    "state": ("429", "500", "1001", "1002"),
    "upload": ("429", "500", "1001", "1002", "4001", "4002"),
    "chat": ("429", "500", "1001", "1002", "2001", "drop-stream", "agent-error", "slow-chat"),
    "export": ("429", "500", "1001", "1002", "402", "slow-render", "render-fail-once", "render-never"),
    "poll": ("429", "500", "1001"),
    "cancel": ("429", "500", "1001"),
    "local-job": ("429", "500", "1001", "slow-render", "render-fail-once", "render-never"),
}

FAULT_NAMES: tuple[str, ...] = (
    "400",
    "1001",
    "1002",
    "2001",
    "4001",
    "4002",
    "402",
    "429",
    "500",
    "drop-stream",
    "agent-error",
    "slow-chat",
    "slow-render",
    "render-fail-once",
    "render-never",
)


@dataclass(frozen=True)
class Fault:
    """A fault that hits the current request."""

    name: str
    arg: str | None = None

    def seconds(self, default: float = 5.0) -> float:
        try:
            return float(self.arg) if self.arg is not None else default
        except ValueError:
            return default

    @classmethod
    def parse(cls, text: str) -> Fault:
        name, _, arg = text.strip().partition(":")
        return cls(name.strip().lower(), arg.strip() or None)


class FaultPlan:
    """Decides which fault, if any, hits a request; consumes armed ones thread-safely."""

    def __init__(self, armed: MutableMapping[str, int]) -> None:
        self._armed = armed  # the settings' dict itself: arming it later works
        self._lock = threading.Lock()

    def arm(self, name: str, times: int = 1) -> None:
        with self._lock:
            self._armed[name] = self._armed.get(name, 0) + times

    def armed(self) -> dict[str, int]:
        with self._lock:
            return {name: count for name, count in self._armed.items() if count > 0}

    def take(self, scope: str, headers: Mapping[str, str]) -> list[Fault]:
        """The faults hitting a request of ``scope``: its header's, else the armed ones (consumed)."""
        allowed = SCOPES.get(scope, ())
        header = headers.get(FAULT_HEADER, "")
        if header:
            wanted = [Fault.parse(part) for part in header.split(",") if part.strip()]
            return sorted((f for f in wanted if f.name in allowed), key=lambda f: allowed.index(f.name))
        return self._take_armed(allowed)

    def _take_armed(self, allowed: tuple[str, ...]) -> list[Fault]:
        with self._lock:
            if not any(count > 0 for count in self._armed.values()):
                return []
            ready = [
                (allowed.index(Fault.parse(k).name), k)
                for k, n in self._armed.items()
                if n > 0 and Fault.parse(k).name in allowed
            ]
            if not ready:
                return []
            key = min(ready)[1]  # the scope's order: 429 and 500 first
            self._armed[key] -= 1
            if self._armed[key] <= 0:
                del self._armed[key]
            return [Fault.parse(key)]
