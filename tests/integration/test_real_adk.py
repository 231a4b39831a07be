"""The client against a real ADK API server (google-adk's own FastAPI app), not our engine's imitation.

The NemoVideo agent is an ADK agent behind ``POST /run_sse``. Here the same
server code (``google.adk.cli.fast_api.get_fast_api_app``) serves an
``LlmAgent`` with a real tool and a scripted model in place of Gemini (no
model or credentials on this machine): ADK itself runs the tool, writes the
``stateDelta``, streams the model's partial chunks and the aggregated final
text, and turns an exception into its ``{"error": ...}`` frame. Real HTTP on
127.0.0.1; the server stops at the end of the module.

Outside CI the module skips (saying why) when google-adk is not installed
(``pip install -e '.[adk]'``); with ``CI`` set it fails instead.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncGenerator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.errors import AgentError, SessionNotFound

try:
    import uvicorn
    from google.adk.agents import LlmAgent
    from google.adk.cli.fast_api import get_fast_api_app
    from google.adk.cli.utils.base_agent_loader import BaseAgentLoader
    from google.adk.models.base_llm import BaseLlm
    from google.adk.models.llm_request import LlmRequest
    from google.adk.models.llm_response import LlmResponse
    from google.adk.tools.tool_context import ToolContext
    from google.genai import types
except ImportError as missing:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        raise RuntimeError(f"CI is set, so the real-ADK tests must run, but google-adk is missing: {missing}") from None
    pytest.skip(f"google-adk is not installed ({missing}); pip install -e '.[adk]'", allow_module_level=True)

pytestmark = [
    pytest.mark.slow,  # google-adk's own API server per test
    pytest.mark.timeout(120),
    pytest.mark.filterwarnings("ignore:.*EXPERIMENTAL.*:UserWarning"),  # ADK's notes on its own API
    pytest.mark.filterwarnings("ignore:Please use create_session instead:DeprecationWarning"),
]

APP = "nemo_agent"
CHUNKS = ("Done! ", "I removed ", "the audio track.")
FINAL = "".join(CHUNKS)
THOUGHT = "The user wants silence; call remove_audio first."
#: A reply in several parts, as real models give them: a thought, then two text parts.
PARTS = ("First part. ", "Second part.")
SILENT_DRAFT = {"t": [{"tt": 0, "sg": [{"id": "s1", "st": 0, "d": 10000, "m": {"src": "m1"}}]}], "d": 10000}
TOKEN = "adk-test-bearer-value"


class ScriptedModel(BaseLlm):
    """Gemini's part, scripted: a tool call first, then the reply streamed as partial chunks + the full text."""

    model: str = "scripted"

    async def generate_content_async(
        self, llm_request: LlmRequest, stream: bool = False
    ) -> AsyncGenerator[LlmResponse, None]:
        asked = _user_text(llm_request)
        if "fail" in asked:
            raise RuntimeError("the editor crashed")
        last = llm_request.contents[-1]
        if not any(part.function_response for part in last.parts or []):
            call = types.FunctionCall(name="remove_audio", args={})
            yield LlmResponse(content=types.Content(role="model", parts=[types.Part(function_call=call)]))
            return
        if "quietly" in asked:  # the cloud's silent edits (~30 %): the tool ran, the model says nothing
            return
        if "in parts" in asked:  # one event with [thought, "First part. ", "Second part."]
            if stream:
                for text in PARTS:
                    yield LlmResponse(content=_content(types.Part(text=text)), partial=True)
            parts = [types.Part(text=THOUGHT, thought=True), *(types.Part(text=text) for text in PARTS)]
            yield LlmResponse(content=types.Content(role="model", parts=parts), turn_complete=True)
            return
        if stream:
            yield LlmResponse(content=_content(types.Part(text=THOUGHT, thought=True)), partial=True)
            for chunk in CHUNKS:
                yield LlmResponse(content=_content(types.Part(text=chunk)), partial=True)
        yield LlmResponse(content=_content(types.Part(text=FINAL)), turn_complete=True)


def _content(part: Any) -> Any:
    return types.Content(role="model", parts=[part])


def _user_text(request: Any) -> str:
    for content in request.contents:
        if content.role == "user":
            return " ".join(part.text for part in content.parts or [] if part.text)
    return ""


def remove_audio(tool_context: ToolContext) -> dict[str, Any]:
    """Remove every audio track from the draft."""
    tool_context.state["draft"] = SILENT_DRAFT
    return {"removed_tracks": 1}


class Loader(BaseAgentLoader):
    def load_agent(self, agent_name: str) -> Any:
        if agent_name != APP:
            raise ValueError(agent_name)
        return LlmAgent(name=APP, model=ScriptedModel(), instruction="Edit the user's video.", tools=[remove_audio])

    def list_agents(self) -> list[str]:
        return [APP]


@pytest.fixture(scope="module")
def adk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """google-adk's API server on 127.0.0.1 (a free port), in a thread; stopped after the module."""
    app = get_fast_api_app(agents_dir=str(tmp_path_factory.mktemp("agents")), agent_loader=Loader(), web=False)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the ADK server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def session_id(adk_url: str) -> str:
    """A new ADK session (the cloud's session endpoint is NemoVideo's own; ADK's is this one)."""
    sid = f"s-{uuid.uuid4().hex[:12]}"
    answer = httpx.post(f"{adk_url}/apps/{APP}/users/me/sessions/{sid}", json={}, timeout=10)
    assert answer.status_code == 200, answer.text
    return sid


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path / "config"))


def _client(url: str, sid: str) -> NemoClient:
    return NemoClient(base_url=url, token=TOKEN, session_id=sid, client_id="adk-test-client")


def test_chat_decodes_a_real_adk_stream(adk_url: str, session_id: str) -> None:
    with _client(adk_url, session_id) as client, client.chat("remove all audio from this video") as stream:
        events = list(stream)
    kinds = [e.kind for e in events]
    assert kinds == ["tool_call", "tool_result", "text_chunk", "text_chunk", "text_chunk", "text", "end"]
    assert events[0].name == events[1].name == "remove_audio" and events[0].id == events[1].id
    assert "".join(e.text for e in events if e.kind == "text_chunk") == FINAL == events[5].text
    assert all(THOUGHT not in (e.text or "") for e in events)  # the model's thoughts are not the reply


def test_ask_gives_the_final_text_and_hides_the_tool_calls(adk_url: str, session_id: str) -> None:
    shown: list[Any] = []
    with _client(adk_url, session_id) as client:
        reply = client.ask("remove all audio from this video", on_event=shown.append)
    assert reply.ok and reply.text == FINAL and not reply.silent
    assert [c.name for c in reply.tool_calls] == ["remove_audio"]
    assert "remove_audio" not in reply.text and "{" not in reply.text
    assert [e.text for e in shown if e.kind == "text_chunk"] == list(CHUNKS)  # live, chunk by chunk


def test_a_reply_in_several_parts_is_kept_whole(adk_url: str, session_id: str) -> None:
    with _client(adk_url, session_id) as client:
        with client.chat("remove the audio and answer in parts") as stream:
            events = list(stream)
        reply = client.ask("answer in parts again")
    finals = [e for e in events if e.kind == "text"]
    assert len(finals) == 1 and finals[0].text == "".join(PARTS) and finals[0].replaces
    assert [e.text for e in events if e.kind == "text_chunk"] == list(PARTS)
    assert reply.ok and reply.text == "First part. Second part."  # was "Second part." (the last part only)
    assert all(THOUGHT not in (e.text or "") for e in events) and THOUGHT not in reply.text


async def test_the_async_client_keeps_every_part(adk_url: str, session_id: str) -> None:
    async with AsyncNemoClient(base_url=adk_url, token=TOKEN, session_id=session_id,
                               client_id="adk-test-client") as client:  # fmt: skip
        reply = await client.ask("answer in parts")
    assert reply.ok and reply.text == "First part. Second part."


def test_the_tool_wrote_the_state_adk_keeps(adk_url: str, session_id: str) -> None:
    with _client(adk_url, session_id) as client:
        client.ask("remove all audio from this video")
    session = httpx.get(f"{adk_url}/apps/{APP}/users/me/sessions/{session_id}", timeout=10).json()
    assert session["state"]["draft"] == SILENT_DRAFT  # ADK applied the tool's stateDelta, as the cloud does


def test_a_silent_edit_is_a_silent_reply(adk_url: str, session_id: str) -> None:
    with _client(adk_url, session_id) as client:
        reply = client.ask("quietly remove all audio")
    assert reply.ok and reply.silent and reply.text == ""
    assert [c.name for c in reply.tool_calls] == ["remove_audio"]  # what happened, for the summary


async def test_the_async_client_reads_the_same_stream(adk_url: str, session_id: str) -> None:
    async with AsyncNemoClient(base_url=adk_url, token=TOKEN, session_id=session_id,
                               client_id="adk-test-client") as client:  # fmt: skip
        reply = await client.ask("remove all audio from this video")
    assert reply.ok and reply.text == FINAL and [c.name for c in reply.tool_calls] == ["remove_audio"]


def test_an_agent_failure_is_one_readable_error(adk_url: str, session_id: str) -> None:
    with _client(adk_url, session_id) as client:
        reply = client.ask("please fail")
        with client.chat("fail again") as stream:
            kinds = [e.kind for e in stream]
    assert not reply.ok and isinstance(reply.error, AgentError)
    assert reply.error.user_message == "The agent ran into a problem: the editor crashed."
    assert reply.error.code == "RuntimeError" and "Traceback" not in str(reply.error)
    assert kinds == ["error", "end"]


def test_an_unknown_session_is_session_not_found(adk_url: str) -> None:
    with _client(adk_url, "no-such-session") as client, pytest.raises(SessionNotFound) as caught:
        with client.chat("remove all audio") as stream:
            list(stream)
    assert "new session" in caught.value.user_message.lower() or "new_session" in str(caught.value)
