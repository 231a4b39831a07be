"""Managing the uploaded media in the Studio: a duplicate is asked about, a clip comes off the timeline (and back
with undo), the list says what is on the timeline. A real local engine over HTTP, ipywidgets' dummy comm."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.widgets.chunked import remove_received
from widget_kit import browser_upload, pick_on_disk, serve_folder

from helpers_media import make_clip

UPLOAD_PREFIX = "/api/upload-video/"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("manage") / "beach.mp4", seconds=2, size="320x180", audio=True)


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("manage-b") / "forest.mp4", seconds=3, size="320x180", audio=True)


def uploads_sent(studio: Any) -> int:
    return sum(1 for path in studio.http.paths("POST") if path.startswith(UPLOAD_PREFIX))


def video_clips(studio: Any) -> list[str]:
    """The clips on the timeline's video track, in order, as the chart's summary names them."""
    draft = studio.session.state.draft
    return [seg.name for track in draft.tracks if track.kind == "video" for seg in track.segments]


def answer(studio: Any, label: str) -> None:
    """Click ``label`` in the (only) duplicate question."""
    (question,) = studio.uploads.questions.children
    (button,) = [b for b in question.children if getattr(b, "description", None) == label]
    button.click()


def remove_button(studio: Any, name: str) -> Any:
    (row,) = [r for r in studio.uploads.media.rows if name in r.children[0].value and "<s>" not in r.children[0].value]
    return row.children[-1]


def test_a_duplicate_from_the_disk_is_asked_about_and_can_be_left_out(make_studio: Any, clip: Path) -> None:
    studio = make_studio("foreground")
    pick_on_disk(studio.uploads.disk, clip)
    pick_on_disk(studio.uploads.disk, clip)
    assert uploads_sent(studio) == 1 and video_clips(studio) == ["beach.mp4"]  # the timeline did not double
    assert studio.status.level == "warn" and "beach.mp4 is already on the timeline, 2.0 s" in studio.status.message
    (question,) = studio.uploads.questions.children
    assert "Upload it again?" in question.children[0].value
    answer(studio, "Leave it out")
    assert studio.uploads.questions.children == () and uploads_sent(studio) == 1
    assert studio.status.message == "beach.mp4 was not uploaded again." and studio.session.held == {}


def test_a_duplicate_added_again_on_purpose(make_studio: Any, clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(clip)
    studio.upload(clip)  # a script: the same question in the panel
    assert uploads_sent(studio) == 1
    answer(studio, "Upload again")
    assert uploads_sent(studio) == 2 and video_clips(studio) == ["beach.mp4", "beach.mp4"]
    assert [row.split(" | ")[0] for row in studio.uploads.media.texts] == ["beach.mp4", "beach.mp4"]
    assert studio.upload(clip, if_duplicate="skip") == () and uploads_sent(studio) == 2
    assert studio.upload(clip, if_duplicate="add") and uploads_sent(studio) == 3


def test_another_file_of_the_same_name_is_not_a_duplicate(make_studio: Any, clip: Path, other: Path,
                                                          tmp_path: Path) -> None:  # fmt: skip
    renamed = tmp_path / "beach.mp4"
    shutil.copy(other, renamed)  # same name, other content (other size)
    studio = make_studio("foreground")
    studio.upload(clip)
    studio.upload(renamed)
    assert uploads_sent(studio) == 2 and studio.uploads.questions.keys == []


def test_a_received_copy_waits_for_the_answer_then_goes(make_studio: Any, clip: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import tempfile

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    studio = make_studio("foreground")
    studio.upload(clip)

    def received() -> Path:  # what the chunked uploader hands over: a copy in a private temporary folder
        folder = Path(tempfile.mkdtemp(prefix="nemo-upload-", dir=root))
        return Path(shutil.copy(clip, folder / clip.name))

    copy = received()
    studio.runner.run_foreground(lambda: studio.session.guarded(studio._upload_received(copy)))
    assert copy.exists(), "the held copy was removed before the user chose"
    answer(studio, "Upload again")
    assert not copy.exists() and uploads_sent(studio) == 2
    copy = received()
    studio.runner.run_foreground(lambda: studio.session.guarded(studio._upload_received(copy)))
    answer(studio, "Leave it out")
    assert not copy.exists() and uploads_sent(studio) == 2
    remove_received(copy)


def test_a_duplicate_from_a_link_is_found_after_it_came(make_studio: Any, clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(clip)
    with serve_folder(clip.parent) as base:
        studio.uploads.url.value = f"{base}/beach.mp4"
        studio.uploads.url_button.click()
    assert uploads_sent(studio) == 2 and video_clips(studio) == ["beach.mp4", "beach.mp4"]
    (question,) = studio.uploads.questions.children
    assert "it is there twice now" in question.children[0].value
    answer(studio, "Remove the new copy")
    assert video_clips(studio) == ["beach.mp4"], studio.chat.messages[-1]
    assert studio.session.state.draft.duration_s == pytest.approx(2, abs=0.1)


def test_remove_takes_the_clip_off_the_timeline_and_undo_brings_it_back(make_studio: Any, clip: Path,
                                                                       other: Path) -> None:  # fmt: skip
    studio = make_studio("foreground")
    studio.upload(clip)
    studio.upload(other)
    assert video_clips(studio) == ["beach.mp4", "forest.mp4"]
    assert studio.uploads.media.texts == [
        "beach.mp4 | 2.0 s | video 320x180, audio | Remove",
        "forest.mp4 | 3.0 s | video 320x180, audio | Remove",
    ]
    remove_button(studio, "beach.mp4").click()
    assert video_clips(studio) == ["forest.mp4"], studio.chat.messages
    assert studio.session.state.draft.duration_s == pytest.approx(3, abs=0.1)  # forest moved to the start
    assert studio.chat.messages[-2] == ("user", "Remove beach.mp4 from the timeline")
    assert "beach.mp4" in studio.chat.messages[-1][1] and studio.chat.messages[-1][0] == "agent"
    assert studio.uploads.media.texts[0] == "beach.mp4 | 2.0 s | video 320x180, audio | not on the timeline"
    studio.send("undo")
    assert video_clips(studio) == ["beach.mp4", "forest.mp4"], studio.chat.messages[-1]
    assert studio.uploads.media.texts[0].endswith("| Remove")


def test_undo_after_an_upload_takes_the_upload_back(make_studio: Any, clip: Path, other: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(clip)
    studio.send("remove all audio")
    studio.upload(other)
    studio.send("undo")
    reply = studio.chat.messages[-1][1]
    assert "nothing to undo" not in reply.lower()
    assert video_clips(studio) == ["beach.mp4"], reply
    assert studio.session.state.draft.has_audio is False  # the earlier edit stays
    assert "forest.mp4" in reply  # the reply says what was undone, as the chart shows it


def test_the_undo_reply_never_contradicts_the_chart(make_studio: Any, clip: Path, other: Path) -> None:
    """The reply's account of the timeline after an undo is the chart's summary, a clip per segment (before, it
    named the first clip of a track over the whole track's span: one clip said, three drawn)."""
    studio = make_studio("foreground")
    for path in (clip, other, clip):
        studio.upload(path, if_duplicate="add")
    studio.send("remove all audio")
    for _ in range(2):
        studio.send("undo")
        reply = studio.chat.messages[-1][1]
        summary = studio.session.state.draft.summary()
        assert summary.split(": ", 1)[1] in reply, (reply, summary)
    assert video_clips(studio) == ["beach.mp4", "forest.mp4"]


def test_remove_controls_wait_while_an_action_runs(make_studio: Any, clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(clip)
    studio._set_busy(True)
    assert remove_button(studio, "beach.mp4").disabled
    studio._set_busy(False)
    assert not remove_button(studio, "beach.mp4").disabled


def test_the_browser_picker_flags_a_duplicate_too(make_studio: Any, clip: Path) -> None:
    studio = make_studio("foreground")
    data = clip.read_bytes()
    browser_upload(studio.uploads.browser, [("beach.mp4", data)])
    browser_upload(studio.uploads.browser, [("beach.mp4", data)])
    assert uploads_sent(studio) == 1 and len(studio.uploads.questions.keys) == 1


def test_no_widget_is_made_when_a_module_is_imported() -> None:
    """A widget made at import time (a shared Layout) is one model for every view, made before any front end
    listens: JupyterLab drew it as "No version of module undefined is registered"."""
    import importlib
    import pkgutil

    import ipywidgets as widgets
    import nemo_widgets.widgets as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        made = [name for name, value in vars(module).items() if isinstance(value, widgets.Widget)]
        assert made == [], f"{info.name} makes widgets at import: {made}"
