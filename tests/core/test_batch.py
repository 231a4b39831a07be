"""process_many: several files, each in its own session with its own render, at most N at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.batch import BatchItem, process_many
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_media import make_clip, probe

pytestmark = pytest.mark.usefixtures("isolated")

FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)
ACTIVE = ("uploading", "editing", "rendering")


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("batch")
    first = make_clip(folder / "first.mp4", seconds=3, size="320x180")
    second = make_clip(folder / "second.mp4", seconds=2, size="320x180")
    broken = folder / "broken.mp4"
    broken.write_bytes(b"this is not a video\n" * 50)
    return [first, broken, second]


async def test_three_files_two_at_a_time_one_bad_file_fails_alone(engine: Any, clips: list[Path],
                                                                   isolated: Path) -> None:  # fmt: skip
    assert len(clips) == 3  # good, broken, good
    updates: list[tuple[str, str, float]] = []
    running: set[str] = set()
    most = 0

    def on_update(item: BatchItem) -> None:
        nonlocal most
        updates.append((item.name, item.status, item.progress))
        (running.add if item.status in ACTIVE else running.discard)(item.name)
        most = max(most, len(running))

    instructions = {
        "first.mp4": "remove all audio from this video",
        "broken.mp4": "remove all audio from this video",
        "second.mp4": "extract the audio from this video as an MP3 file",
    }
    items = await process_many(clips, instructions, concurrency=2, on_update=on_update, base_url=engine.url,
                               web_url=engine.url, poll_schedule=FAST_POLLS, output_dir=isolated / "out")  # fmt: skip

    by_name = {item.name: item for item in items}
    assert [item.name for item in items] == ["first.mp4", "broken.mp4", "second.mp4"]  # the order given
    assert by_name["first.mp4"].status == "done" and by_name["second.mp4"].status == "done"
    assert by_name["broken.mp4"].status == "failed" and by_name["broken.mp4"].outcome is None
    error = by_name["broken.mp4"].error or ""
    assert "mp4" in error and "Traceback" not in error  # a sentence listing the formats

    silent = by_name["first.mp4"].outcome
    assert silent is not None and silent.format == "mp4"
    assert probe(silent.path)["video"] == 1 and probe(silent.path)["audio"] == 0
    mp3 = by_name["second.mp4"].outcome
    assert mp3 is not None and mp3.format == "mp3"  # the agent's choice of format was followed
    assert probe(mp3.path)["audio"] == 1 and probe(mp3.path)["video"] == 0
    assert silent.path.parent != mp3.path.parent  # each file has its own folder
    assert by_name["first.mp4"].progress == 100

    assert most == 2  # two at once, never three
    for name in by_name:
        shown = [progress for n, status, progress in updates if n == name and status != "failed"]
        assert shown == sorted(shown), (name, shown)  # progress only moves forward


async def test_a_list_of_instructions_and_a_missing_one(engine: Any, clips: list[Path], isolated: Path) -> None:
    first, _broken, second = clips
    items = await process_many([first, second], ["remove all audio from this video"], concurrency=1,
                               base_url=engine.url, web_url=engine.url, poll_schedule=FAST_POLLS,
                               output_dir=isolated / "out")  # fmt: skip
    assert items[0].status == "done"
    assert items[1].status == "failed" and items[1].error == "No instruction for this file."


async def test_concurrency_must_be_positive(clips: list[Path]) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        await process_many(clips, "remove all audio", concurrency=0)
