"""Files handed to the engine by path (issue 25): only with the engine's key, only regular files, a copy of its own."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.core.factory import local_client_settings
from nemo_widgets.local.media.local_files import REFUSED
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.constants import LOCAL_FILES_HEADER
from nemo_widgets.protocol.errors import APIError

from helpers_engine import Api, hostile_paths, inside


def _hand(api: Api, paths: list[str], key: str | None) -> httpx.Response:
    headers = {} if key is None else {LOCAL_FILES_HEADER: key}
    return api.http.post(f"/api/upload-video/nemo_agent/me/{api.sid}", json={"local_files": paths}, headers=headers)


def _leftovers(engine: Any, sid: str) -> list[str]:
    folder = inside(engine).data_dir / "media" / sid
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def api(engine) -> Any:
    api = Api(engine.url).login()
    api.new_session()
    yield api
    api.close()


def test_the_key_holder_hands_a_file_and_the_engine_keeps_its_own_copy(engine, api, clip_short, tmp_path) -> None:
    source = Path(shutil.copy(clip_short, tmp_path / "holiday clip.mp4"))
    answer = _hand(api, [str(source)], engine.file_key)
    assert answer.status_code == 200, answer.text
    media = answer.json()["data"]["media"]
    assert [(m["name"], m["type"], m["has_audio"], m["size"]) for m in media] == [
        ("holiday clip.mp4", "video", True, source.stat().st_size)
    ]
    record = inside(engine).store.snapshot(api_account(engine, api), api.sid)["media"][media[0]["id"]]
    kept = inside(engine).data_dir / record["path"]
    assert kept.read_bytes() == source.read_bytes() and not kept.samefile(source)
    source.write_bytes(b"changed afterwards")  # the engine's copy is its own
    assert kept.stat().st_size == media[0]["size"]
    assert api.state()["draft"]["t"][0]["sg"], "the clip is on the timeline"


def api_account(engine: Any, api: Api) -> str:
    account = inside(engine).store.account_for_token(api.token)
    assert account is not None
    return str(account.id)


@pytest.mark.parametrize("key", [None, "", "a-guess", "x" * 43])
def test_a_request_without_the_key_is_refused_and_reads_nothing(engine, api, clip_short, key) -> None:
    answer = _hand(api, [str(clip_short)], key)
    assert answer.status_code == 403
    assert answer.json()["msg"] == REFUSED
    assert _leftovers(engine, api.sid) == []
    assert api.state()["video_infos"] == []


def test_a_hostile_path_is_refused_with_a_sentence_and_leaves_nothing(engine, api, clip_short, tmp_path) -> None:
    for case, (path, telling) in hostile_paths(tmp_path, clip_short).items():
        answer = _hand(api, [path], engine.file_key)
        assert answer.status_code in (400, 415), (case, answer.text)
        message = answer.json()["msg"]
        assert telling in message, (case, message)
        assert "Traceback" not in message and "Errno" not in message and engine.file_key not in message
    assert _leftovers(engine, api.sid) == []
    assert api.state()["video_infos"] == []


def test_one_refused_file_takes_the_others_of_the_request_with_it(engine, api, clip_short, tmp_path) -> None:
    answer = _hand(api, [str(clip_short), str(tmp_path / "missing.mp4")], engine.file_key)
    assert answer.status_code == 400 and "'missing.mp4' was not found" in answer.json()["msg"]
    assert _leftovers(engine, api.sid) == []


def test_the_size_limit_holds_for_a_handed_file(make_engine, clip_short) -> None:
    small = make_engine(max_upload_bytes=1000)
    api = Api(small.url).login()
    api.new_session()
    answer = _hand(api, [str(clip_short)], small.file_key)
    api.close()
    assert answer.status_code == 413 and "larger than" in answer.json()["msg"]


def test_a_link_to_a_clip_is_taken_from_its_target(engine, api, clip_short, tmp_path) -> None:
    link = tmp_path / "shortcut.mp4"
    link.symlink_to(clip_short)
    answer = _hand(api, [str(link)], engine.file_key)
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["media"][0]["size"] == clip_short.stat().st_size


def test_the_client_call_hands_a_file_and_a_wrong_key_gets_the_sentence(engine, clip_short) -> None:
    async def go() -> tuple[Any, str]:
        async with AsyncNemoClient(settings=local_client_settings(engine.url)) as client:
            await client.connect()
            media = await client.upload_local(clip_short, key=engine.file_key)
            with pytest.raises(APIError) as refused:
                await client.upload_local(clip_short, key="not-the-key")
            return media, str(refused.value)

    media, refused = asyncio.run(go())
    assert [m.name for m in media] == [clip_short.name] and media[0].has_video
    assert REFUSED in refused and "not-the-key" not in refused


def test_the_key_is_never_shown(engine) -> None:
    assert engine.file_key not in repr(inside(engine)) and len(engine.file_key) >= 40


@pytest.mark.parametrize("kernel", ["copy_file_range", "none"])
def test_the_copy_is_whole_with_or_without_the_kernels_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: str
) -> None:
    """Without a reflink (ext4, tmpfs) the kernel's copy does it; on a file system it cannot serve, the read loop."""
    from nemo_widgets.local.media import local_files

    if kernel == "none":

        def refused(*_args: Any) -> int:
            raise OSError(18, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refused)
    data = os.urandom(3 * (1 << 20) + 12345)  # more than one read-loop chunk
    (tmp_path / "source.mp4").write_bytes(data)
    with open(tmp_path / "source.mp4", "rb") as src, open(tmp_path / "copy.mp4", "wb") as dst:
        local_files._copy(src.fileno(), dst.fileno(), len(data))
    assert (tmp_path / "copy.mp4").read_bytes() == data
