"""The one-request local job (issue 25): only with the engine's key, the upload's rules for the file, the chat
endpoint's reading of the instruction, and the agent's refusal as the answer."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.core.factory import local_client_settings
from nemo_widgets.local.http.api_local import REFUSED
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.constants import LOCAL_FILES_HEADER, LOCAL_JOB_PATH
from nemo_widgets.protocol.errors import APIError

from helpers_engine import Api, hostile_paths, inside
from helpers_media import probe

EDIT = "remove all audio from this video"


@pytest.fixture
def api(engine: Any) -> Any:
    api = Api(engine.url).login()
    yield api
    api.close()


def _job(api: Api, source: str, key: str | None, text: str = EDIT, **body: Any) -> httpx.Response:
    headers = {} if key is None else {LOCAL_FILES_HEADER: key}
    payload = {"source": source, "instruction": text, "wait": 20, **body}
    return api.http.post(LOCAL_JOB_PATH, json=payload, headers=headers)


def _sessions(engine: Any, api: Api) -> int:
    store = inside(engine).store
    account = store.account_for_token(api.token)
    with store.db.read() as con:
        return int(con.execute("SELECT COUNT(*) FROM sessions WHERE account = ?", (account.id,)).fetchone()[0])


def test_the_key_holder_gets_the_render_in_one_request(engine: Any, api: Api, clip_short: Path, tmp_path: Path) -> None:
    answer = _job(api, str(clip_short), engine.file_key, id="render_local_1")
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    render = data["render"]
    assert (render["id"], render["status"], render["output"]["format"]) == ("render_local_1", "completed", "mp4")
    assert data["session_id"] and data["task_id"] and data["reply"]  # the agent's own words on what it did
    api.sid = data["session_id"]
    assert api.state()["video_infos"][0]["name"] == clip_short.name  # the session holds the clip, as an upload
    result = api.download(render, tmp_path / "out.mp4")
    assert (probe(result)["video"], probe(result)["audio"]) == (1, 0)


def test_the_same_job_sent_again_gets_its_render_not_a_second(engine: Any, api: Api, clip_short: Path) -> None:
    first = _job(api, str(clip_short), engine.file_key, id="render_local_again").json()["data"]
    again = _job(api, str(clip_short), engine.file_key, id="render_local_again").json()["data"]
    assert again["render"]["id"] == first["render"]["id"] and again["session_id"] == first["session_id"]
    other = Api(engine.url).login()
    try:  # another account cannot take that id
        taken = _job(other, str(clip_short), engine.file_key, id="render_local_again")
    finally:
        other.close()
    assert taken.status_code == 409 and "taken" in taken.json()["msg"]


@pytest.mark.parametrize("key", [None, "", "a-guess", "x" * 43])
def test_without_the_key_it_is_refused_with_a_sentence_and_nothing_is_made(
    engine: Any, api: Api, clip_short: Path, key: str | None
) -> None:
    answer = _job(api, str(clip_short), key)
    assert answer.status_code == 403 and answer.json()["msg"] == REFUSED
    assert _sessions(engine, api) == 0


def test_a_hostile_path_is_refused_with_the_uploads_sentence(engine: Any, api: Api, clip_short: Path,
                                                             tmp_path: Path) -> None:  # fmt: skip
    for case, (path, telling) in hostile_paths(tmp_path, clip_short).items():
        answer = _job(api, path, engine.file_key)
        assert answer.status_code in (400, 415), (case, answer.text)
        message = answer.json()["msg"]
        assert telling in message, (case, message)
        assert "Traceback" not in message and "Errno" not in message and engine.file_key not in message
    media = inside(engine).data_dir / "media"
    assert not [p for p in media.rglob("*") if p.is_file() and p.name.startswith(("passwd", "zero", "hostname"))]


@pytest.mark.parametrize(("body", "telling"), [({"source": 7}, '"source"'), ({"instruction": "  "}, '"instruction"')])
def test_a_malformed_job_gets_a_sentence(engine: Any, api: Api, clip_short: Path, body: dict[str, Any],
                                         telling: str) -> None:  # fmt: skip
    answer = api.http.post(LOCAL_JOB_PATH, json={"source": str(clip_short), "instruction": EDIT, **body},
                           headers={LOCAL_FILES_HEADER: engine.file_key})  # fmt: skip
    assert answer.status_code == 400 and telling in answer.json()["msg"]


@pytest.mark.parametrize("text", ["how do I export this video?", "remove the wind noise", "cut from 50 s to 60 s"])
def test_when_the_agent_does_not_edit_its_reply_is_the_answer_and_nothing_renders(
    engine: Any, api: Api, clip_short: Path, text: str
) -> None:
    answer = _job(api, str(clip_short), engine.file_key, text=text)
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert data["render"] is None and data["reply"].strip()
    api.sid = data["session_id"]
    chat, _pings = api.chat(text)  # the chat endpoint reads the same message the same way
    said = " ".join(
        part.get("text", "") for e in chat for part in e.get("content", {}).get("parts", []) if "text" in part
    )
    assert said.strip() == data["reply"].strip()
    with inside(engine).store.db.read() as con:
        assert con.execute("SELECT COUNT(*) FROM renders WHERE session = ?", (api.sid,)).fetchone()[0] == 0


def test_the_clients_call_renders_and_a_wrong_key_gets_the_sentence(engine: Any, clip_short: Path,
                                                                    tmp_path: Path) -> None:  # fmt: skip
    source = Path(shutil.copy(clip_short, tmp_path / "my clip.mp4"))

    async def go() -> tuple[Any, str]:
        async with AsyncNemoClient(settings=local_client_settings(engine.url)) as client:
            job = await client.local_job(source, "extract the audio as mp3", key=engine.file_key)
            with pytest.raises(APIError) as refused:
                await client.local_job(source, EDIT, key="not-the-key")
            return job, str(refused.value)

    job, refused = asyncio.run(go())
    assert job.result is not None and job.result.format == "mp3" and job.session.session_id
    assert REFUSED in refused and "not-the-key" not in refused


def test_the_sync_twin_renders_and_says_the_agents_refusal(engine: Any, clip_short: Path) -> None:
    from nemo_widgets.protocol.client import NemoClient

    with NemoClient(settings=local_client_settings(engine.url)) as client:
        job = client.local_job(clip_short, EDIT, key=engine.file_key)
        asked = client.local_job(clip_short, "how do I export this video?", key=engine.file_key)
    assert job.result is not None and job.result.format == "mp4" and job.result.url
    assert asked.result is None and asked.status is None and "export" in asked.reply.lower()


def test_a_render_that_fails_once_is_submitted_again_by_the_client(make_engine: Any, clip_short: Path) -> None:
    """The job's render failed (an injected passing failure): the client resubmits it once, as after an export."""
    engine = make_engine()
    engine.inject("render-fail-once")

    async def go() -> Any:
        async with AsyncNemoClient(settings=local_client_settings(engine.url)) as client:
            return await client.local_job(clip_short, EDIT, key=engine.file_key, job_id="render_fails_once")

    job = asyncio.run(go())
    assert job.status is not None and job.status.status == "failed"  # what the held answer said
    assert job.result is not None and job.result.job.id != "render_fails_once" and job.result.url
