"""Uploading from the kernel's disk, the browser and a URL, as the user sees it in the Studio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS
from nemo_widgets.widgets.upload import BROWSER_UPLOAD_LIMIT, file_upload_items
from widget_kit import browser_upload, serve_folder

from helpers_media import make_clip

UPLOAD_PREFIX = "/api/upload-video/"


@pytest.fixture(scope="module")
def small_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2 s 320x180 clip with audio: small enough for a browser upload."""
    return make_clip(tmp_path_factory.mktemp("small") / "small clip.mp4", seconds=2, size="320x180", audio=True)


def uploads_sent(studio: Any) -> int:
    return sum(1 for path in studio.http.paths("POST") if path.startswith(UPLOAD_PREFIX))


def media_rows(studio: Any) -> list[str]:
    """The rows of the uploaded-media list, as the user reads them (without the Remove control)."""
    return [row.removesuffix(" | Remove") for row in studio.uploads.media.texts]


def assert_plain_sentence(text: str) -> None:
    assert text and "Traceback" not in text and "{" not in text and "Error(" not in text, text


def test_upload_from_the_kernels_disk_is_one_action_after_picking(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    panel = studio.uploads
    assert panel.disk.upload.disabled and panel.disk.upload.description == "Upload"  # nothing picked yet
    panel.disk.show(sample_clip.parent)
    panel.disk.listing.value = sample_clip.name  # the click in the list
    assert panel.disk.upload.description == "Upload sample_clip.mp4" and not panel.disk.upload.disabled
    assert uploads_sent(studio) == 0

    panel.disk.upload.click()  # the one action after picking

    assert studio.status.level == "ok", studio.status.message
    assert studio.status.message.startswith("Uploaded sample_clip.mp4")
    bar = panel._bars["sample_clip.mp4"]
    size = sample_clip.stat().st_size
    assert bar.bar.max == size and bar.bar.value == size and bar.bar.bar_style == "success"
    assert studio.uploads.media.texts == ["sample_clip.mp4 | 10.0 s | video 640x360, audio | Remove"]
    assert "2 tracks" in studio.timeline.summary.value


def test_the_disk_picker_lists_folders_and_accepted_types_only(make_studio: Any, sample_clip: Path,
                                                             tmp_path: Path) -> None:  # fmt: skip
    folder = tmp_path / "mixed"
    (folder / "inner").mkdir(parents=True)
    (folder / "notes.txt").write_text("hello")
    (folder / ".hidden.mp4").write_bytes(b"x")
    (folder / "clip.MP4").write_bytes(sample_clip.read_bytes()[:1000])
    (folder / "inner" / "deep.mov").write_bytes(b"x")
    picker = make_studio("foreground").uploads.disk
    picker.show(folder)
    assert list(picker.listing.options) == ["⬆ ..", "📁 inner", "clip.MP4"]
    picker.listing.value = "📁 inner"  # a folder opens with a click
    assert picker.folder == (folder / "inner").resolve() and list(picker.listing.options) == ["⬆ ..", "deep.mov"]
    assert picker.upload.disabled  # a folder is not a file to upload
    picker.listing.value = "⬆ .."
    assert picker.folder == folder.resolve()
    picker.path.value = str(folder.parent.resolve())  # any parent from the path above the list
    assert "📁 mixed" in picker.listing.options


def test_the_disk_picker_has_no_file_name_box_and_no_select_step(make_studio: Any) -> None:
    from widget_kit import all_widgets

    picker = make_studio("foreground").uploads.disk
    texts = [w for w in all_widgets(picker) if isinstance(w, widgets.Text)]
    buttons = [w.description for w in all_widgets(picker) if isinstance(w, widgets.Button)]
    assert texts == [] and buttons == ["Upload"]


def test_upload_from_the_browser(make_studio: Any, small_clip: Path) -> None:
    studio = make_studio("foreground")
    data = small_clip.read_bytes()
    browser_upload(studio.uploads.browser, [("small clip.mp4", data)])  # this ipywidgets version's own format
    assert studio.status.message.startswith("Uploaded small clip.mp4"), studio.status.message
    bar = studio.uploads._bars["small clip.mp4"]
    assert bar.bar.value == bar.bar.max == len(data)
    assert media_rows(studio) == ["small clip.mp4 | 2.0 s | video 320x180, audio"]


@pytest.mark.parametrize("shape", ["ipywidgets 8 tuple of dicts", "ipywidgets 7 dict"])
def test_both_file_upload_value_formats_upload(make_studio: Any, small_clip: Path, shape: str) -> None:
    data = small_clip.read_bytes()
    if shape.startswith("ipywidgets 8"):
        value: Any = ({"name": "a.mp4", "type": "video/mp4", "size": len(data), "content": memoryview(data),
                       "last_modified": None},)  # fmt: skip
    else:
        value = {"a.mp4": {"metadata": {"name": "a.mp4", "type": "video/mp4", "size": len(data)}, "content": data}}
    assert file_upload_items(value) == [("a.mp4", data)]
    studio = make_studio("foreground")
    studio.uploads._on_browser_change({"name": "value", "old": None, "new": value, "owner": studio.uploads.browser})
    assert media_rows(studio) == ["a.mp4 | 2.0 s | video 320x180, audio"]


def test_several_files_from_the_browser_each_get_a_progress_bar(make_studio: Any, small_clip: Path) -> None:
    studio = make_studio("foreground")
    data = small_clip.read_bytes()
    browser_upload(studio.uploads.browser, [("one.mp4", data), ("two.mp4", data)])
    assert set(studio.uploads._bars) == {"one.mp4", "two.mp4"}
    assert all(b.bar.value == b.bar.max == len(data) for b in studio.uploads._bars.values())
    assert [row.split(" | ")[0] for row in media_rows(studio)] == ["one.mp4", "two.mp4"]


def test_a_browser_upload_over_the_limit_is_refused(make_studio: Any) -> None:
    studio = make_studio("foreground")
    browser_upload(studio.uploads.browser, [("huge.mp4", bytes(BROWSER_UPLOAD_LIMIT + 1))])
    assert studio.status.level == "error"
    assert "huge.mp4" in studio.status.message and "too big for a browser upload" in studio.status.message
    assert "kernel's disk" in studio.status.message  # and what to do instead
    assert uploads_sent(studio) == 0


@pytest.mark.parametrize("how", ["a .txt from the disk", "text bytes named .mp4 from the browser"])
def test_a_wrong_type_is_a_sentence_and_nothing_is_lost(make_studio: Any, small_clip: Path, tmp_path: Path,
                                                        how: str) -> None:  # fmt: skip
    studio = make_studio("foreground")
    studio.upload(small_clip)
    assert media_rows(studio) == ["small clip.mp4 | 2.0 s | video 320x180, audio"]
    if how.startswith("a .txt"):
        notes = tmp_path / "notes.txt"
        notes.write_text("shopping list")
        studio.upload(notes)  # the picker lists no .txt: a script names it
    else:
        browser_upload(studio.uploads.browser, [("fake.mp4", b"this is not a video, just some text\n" * 10)])
    assert studio.status.level == "error"
    shown = studio.status.message
    assert_plain_sentence(shown)
    if how.startswith("a .txt"):
        assert all(ext in shown for ext in ACCEPTED_EXTENSIONS), shown  # the formats are listed
    else:  # the type is accepted: the engine's reason, not a list that names .mp4
        assert "'fake.mp4' is not really an MP4 file" in shown and "Supported formats" not in shown, shown
    assert media_rows(studio) == ["small clip.mp4 | 2.0 s | video 320x180, audio"]  # the earlier upload stays
    assert "2 tracks" in studio.timeline.summary.value
    assert studio.last_error and "Traceback" not in studio.chat.conversation.value


def test_a_non_http_link_is_refused(make_studio: Any) -> None:
    studio = make_studio("foreground")
    for link in ("file:///etc/passwd", "ftp://example.com/clip.mp4", "clip.mp4"):
        studio.uploads.url.value = link
        studio.uploads.url_button.click()
        assert studio.status.level == "error"
        assert "http(s) link" in studio.status.message
    assert uploads_sent(studio) == 0


def test_upload_from_an_http_link(make_studio: Any, small_clip: Path) -> None:
    studio = make_studio("foreground")
    with serve_folder(small_clip.parent) as base:
        studio.uploads.url.value = f"  {base}/small%20clip.mp4 "
        studio.uploads.url_button.click()
    assert studio.status.level == "ok", studio.status.message
    assert media_rows(studio) == ["small clip.mp4 | 2.0 s | video 320x180, audio"]


def test_the_same_file_picked_again_is_asked_about_and_no_bytes_stay_in_the_widget(
    make_studio: Any, small_clip: Path
) -> None:
    studio = make_studio("foreground")
    data = small_clip.read_bytes()
    browser_upload(studio.uploads.browser, [("again.mp4", data)])
    browser_upload(studio.uploads.browser, [("again.mp4", data)])  # picked again: a question, not a second copy
    assert uploads_sent(studio) == 1 and len(studio.uploads.questions.keys) == 1
    studio.uploads.questions.children[0].children[2].click()  # "Upload again"
    assert uploads_sent(studio) == 2 and studio.uploads.questions.keys == []
    state = studio.uploads.browser.get_state()
    assert not any(isinstance(v, (bytes, memoryview)) and len(v) > 1000 for v in state.values())
    assert not any(state.get(key) for key in ("value", "data"))  # nothing saved into the notebook
