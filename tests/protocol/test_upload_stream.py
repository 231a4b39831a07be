"""Uploads stream from disk in constant memory, with progress."""

from __future__ import annotations

import inspect
import itertools
import json
import tracemalloc

import httpx
import pytest
from nemo_widgets.protocol import errors
from nemo_widgets.protocol._upload import ProgressSteps, plan_paths
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.settings import Settings

from .conftest import BASE, TOKEN

SIZE = 24 * 1024 * 1024


class Sink(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Consumes request bodies chunk by chunk without keeping them."""

    def __init__(self) -> None:
        self.chunk_sizes: list[int] = []
        self.headers: list[httpx.Headers] = []

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.headers.append(request.headers)
        return httpx.Response(200, json={"code": 0, "data": {"files": [{"id": "m1", "name": "big.mp4"}]}})

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        for chunk in request.stream:
            self.chunk_sizes.append(len(chunk))
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        async for chunk in request.stream:
            self.chunk_sizes.append(len(chunk))
        return self._answer(request)


@pytest.fixture(params=["sync", "async"])
def kind(request):
    return request.param


async def run(kind, tmp_path, transport, method, *args, **kwargs):
    settings = Settings.from_env(env={}, home=tmp_path, api_url=BASE)
    cls = NemoClient if kind == "sync" else AsyncNemoClient
    client = cls(settings=settings.with_changes(token=TOKEN), session_id="sess_1", transport=transport)
    try:
        result = getattr(client, method)(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result
    finally:
        closing = client.close()
        if inspect.isawaitable(closing):
            await closing


async def test_big_file_streams_in_constant_memory_with_progress(kind, tmp_path):
    path = tmp_path / "big.mp4"
    with open(path, "wb") as handle:
        handle.truncate(SIZE)
    sink = Sink()
    progress: list[tuple[int, int]] = []
    tracemalloc.start()
    try:
        media = await run(kind, tmp_path, sink, "upload", path, progress=lambda d, t: progress.append((d, t)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert media[0].name == "big.mp4"
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes: the file was read whole"
    assert max(sink.chunk_sizes) <= 1024 * 1024
    assert len(sink.chunk_sizes) <= SIZE // (1024 * 1024) + 4  # a MiB a piece, not httpx's 64 KiB
    assert sum(sink.chunk_sizes) > SIZE
    assert int(sink.headers[0]["content-length"]) == sum(sink.chunk_sizes)  # sized from fstat, not by reading
    sent = [d for d, _ in progress]
    assert sent == sorted(sent) and sent[-1] == SIZE
    assert {t for _, t in progress} == {SIZE}
    assert max(b - a for a, b in itertools.pairwise(sent)) <= 1024 * 1024


async def test_several_files_progress_counts_their_total(kind, tmp_path):
    paths = []
    for i, size in enumerate((300_000, 500_000)):
        path = tmp_path / f"f{i}.wav"
        path.write_bytes(b"a" * size)
        paths.append(path)
    progress: list[tuple[int, int]] = []
    await run(kind, tmp_path, Sink(), "upload", paths, progress=lambda d, t: progress.append((d, t)))
    assert progress[-1] == (800_000, 800_000)


def test_plan_paths_checks_everything_first(tmp_path):
    good = tmp_path / "a.mp4"
    good.write_bytes(b"x")
    huge = tmp_path / "b.webm"
    with open(huge, "wb") as handle:
        handle.truncate(600 * 1024 * 1024)
    with pytest.raises(errors.FileTooLarge):
        plan_paths([good, huge])
    with pytest.raises(errors.UnsupportedFile):
        plan_paths([good, tmp_path / "c.docx"])
    with pytest.raises(FileNotFoundError) as caught:
        plan_paths([tmp_path / "missing.mp4"])
    assert isinstance(caught.value, errors.LocalFileMissing)  # the toolkit's own error, shown as a sentence
    assert "missing.mp4" in caught.value.user_message
    folder = tmp_path / "clips.mp4"
    folder.mkdir()
    with pytest.raises(errors.LocalFileMissing):
        plan_paths([folder])  # a folder (even one named like a clip) is not a file to upload
    with pytest.raises(ValueError):
        plan_paths([])
    items = plan_paths(str(good))
    assert (items[0].name, items[0].size) == ("a.mp4", 1)


def test_exactly_500_mb_is_accepted(tmp_path):
    path = tmp_path / "limit.mov"
    with open(path, "wb") as handle:
        handle.truncate(500 * 1024 * 1024)
    assert plan_paths(path)[0].size == 500 * 1024 * 1024


async def test_url_upload_body(kind, tmp_path):
    sink = Sink()
    seen: list[bytes] = []

    class Recorder(Sink):
        def handle_request(self, request):
            seen.append(request.read())
            return self._answer(request)

        async def handle_async_request(self, request):
            seen.append(await request.aread())
            return self._answer(request)

    await run(kind, tmp_path, Recorder(), "upload_url", "https://e.test/a.mp4")
    assert json.loads(seen[0]) == {"urls": ["https://e.test/a.mp4"], "source_type": "url"}
    assert sink.chunk_sizes == []


@pytest.mark.parametrize("total", [0, 5 * 1024 * 1024 + 123], ids=["length unknown", "length known"])
def test_download_progress_steps_are_a_mib_apart_and_end_on_the_last_byte(total):
    steps, told = ProgressSteps(total), []
    for size in [64 * 1024] * 80 + [123]:
        if steps.add(size):
            told.append(steps.done)
    if steps.last():
        told.append(steps.done)
    assert told[-1] == 5 * 1024 * 1024 + 123 and len(told) == 6
    assert all(b - a >= ProgressSteps.STEP for a, b in itertools.pairwise([0, *told[:-1]]))
    assert not steps.last()
