"""The chunked uploader's kernel side, driven with the messages its ES module sends (the browser tests run the JS).

``Browser`` plays chunked_upload.js's part in Python: ``start``, slices as
binary buffers with at most ``window`` unacknowledged, ``end`` with the CRC-32;
it reads the kernel's answers. The Studio then uploads the received file to a
real local engine.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import types
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, MAX_UPLOAD_BYTES
from nemo_widgets.widgets.chunked import CHUNK_BYTES, ChunkedUpload
from nemo_widgets.widgets.upload import COLAB_BUTTON, TAB_TITLES
from widget_kit import state_strings

from helpers_media import make_clip

UPLOAD_PREFIX = "/api/upload-video/"


class Browser:
    """The front end's side of the protocol, in Python: what chunked_upload.js sends, in its order."""

    def __init__(self, widget: ChunkedUpload, *, chunk: int = 64 * 1024, window: int = 4) -> None:
        self.widget, self.chunk, self.window = widget, chunk, window
        self.answers: list[dict[str, Any]] = []
        self.most_in_flight = 0
        widget.send = self.answers.append  # what the kernel sends to the browser

    def say(self, content: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        self.widget._handle_custom_msg(content, [memoryview(b) for b in buffers or []])

    def kinds(self, upload_id: str) -> list[str]:
        return [a["kind"] for a in self.answers if a.get("id") == upload_id]

    def upload(self, name: str, data: bytes, *, upload_id: str = "u1", crc: int | None = None,
               cancel_after: int | None = None) -> list[str]:  # fmt: skip
        self.say({"kind": "start", "id": upload_id, "name": name, "size": len(data)})
        if self.kinds(upload_id)[-1:] != ["ready"]:
            return self.kinds(upload_id)
        sent, acked, pieces = 0, 0, 0
        while sent < len(data):
            if cancel_after is not None and pieces == cancel_after:
                self.say({"kind": "cancel", "id": upload_id})
                return self.kinds(upload_id)
            piece = data[sent : sent + self.chunk]
            self.say({"kind": "chunk", "id": upload_id, "offset": sent}, [piece])
            sent, pieces = sent + len(piece), pieces + 1
            acked = max([a["received"] for a in self.answers if a.get("kind") == "ack" and a["id"] == upload_id] or [0])
            self.most_in_flight = max(self.most_in_flight, -(-(sent - acked) // self.chunk))
        self.say({"kind": "end", "id": upload_id, "size": sent, "crc32": zlib.crc32(data) if crc is None else crc})
        return self.kinds(upload_id)


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the uploader's temporary files go for this test (tempfile's folder)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("chunked") / "phone clip.mp4", seconds=3, size="320x180", audio=True)


def media_names(studio: Any) -> list[str]:
    return [m.name for m in studio.session.media]


def uploads_sent(studio: Any) -> int:
    return sum(1 for path in studio.http.paths("POST") if path.startswith(UPLOAD_PREFIX))


def test_a_file_arrives_in_slices_and_goes_the_normal_upload_path(make_studio: Any, clip: Path, temp_root: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    studio = make_studio("foreground")
    received: list[tuple[Path, str]] = []
    upload = studio.session.upload

    async def spy(paths: Any) -> Any:  # what the engine is given: the whole file, under its own name
        received.extend((Path(p), hashlib.sha256(Path(p).read_bytes()).hexdigest()) for p in paths)
        return await upload(paths)

    monkeypatch.setattr(studio.session, "upload", spy)
    browser = Browser(studio.uploads.computer)
    data = clip.read_bytes()
    kinds = browser.upload(clip.name, data)
    assert kinds[0] == "ready" and kinds[-1] == "done" and kinds.count("ack") == -(-len(data) // browser.chunk)
    assert [a["received"] for a in browser.answers if a["kind"] == "ack"][-1] == len(data)
    assert [(p.name, digest) for p, digest in received] == [(clip.name, hashlib.sha256(data).hexdigest())]
    assert studio.status.level == "ok", studio.status.message
    assert media_names(studio) == [clip.name] and studio.session.media[0].duration_s == pytest.approx(3, abs=0.2)
    assert not list(temp_root.iterdir()), "the temporary copy was not removed after the upload"
    assert not any(isinstance(v, bytes) and len(v) > 10_000 for v in state_strings(studio)), (
        "file bytes in widget state"
    )


@pytest.mark.parametrize(("name", "size", "said"), [
    ("notes.txt", 1000, "not a supported file type"),
    ("big.mp4", MAX_UPLOAD_BYTES + 1, "larger than the 500 MB limit"),
    ("huge.mov", 600 * 1024 * 1024, "larger than the 500 MB limit"),
])  # fmt: skip
def test_a_wrong_type_or_a_file_over_the_limit_is_refused_at_start(make_studio: Any, temp_root: Path, name: str,
                                                                   size: int, said: str) -> None:  # fmt: skip
    studio = make_studio("foreground")
    browser = Browser(studio.uploads.computer)
    browser.say({"kind": "start", "id": "x", "name": name, "size": size})
    refusal = browser.answers[-1]
    assert refusal["kind"] == "refused" and said in refusal["text"], refusal
    assert studio.status.level == "error" and said in studio.status.message
    assert not list(temp_root.iterdir()) and uploads_sent(studio) == 0


def test_a_refusal_made_in_the_browser_is_said_on_the_status_line(make_studio: Any) -> None:
    studio = make_studio("foreground")
    browser = Browser(studio.uploads.computer)
    browser.say({"kind": "refused", "name": "report.pdf", "size": 10, "reason": "type"})
    assert studio.status.level == "error"
    assert "'report.pdf' is not a supported file type" in studio.status.message
    assert all(ext in studio.status.message for ext in ACCEPTED_EXTENSIONS)
    browser.say({"kind": "refused", "name": "long.mp4", "size": 600 * 1024 * 1024, "reason": "size"})
    assert "larger than the 500 MB limit" in studio.status.message and "Compress it or trim it" in studio.status.message


def test_a_cancelled_upload_leaves_nothing_behind(make_studio: Any, clip: Path, temp_root: Path) -> None:
    studio = make_studio("foreground")
    browser = Browser(studio.uploads.computer, chunk=16 * 1024)
    data = clip.read_bytes()
    assert len(data) > 5 * browser.chunk
    kinds = browser.upload(clip.name, data, cancel_after=3)
    assert kinds[-1] == "cancelled" and kinds.count("ack") == 3
    assert not list(temp_root.iterdir()) and studio.uploads.computer.receiving == {}
    browser.say({"kind": "chunk", "id": "u1", "offset": 3 * browser.chunk}, [data[:100]])  # a slice already on its way
    assert browser.kinds("u1")[-1] == "cancelled" and not list(temp_root.iterdir())
    assert uploads_sent(studio) == 0 and studio.session.media == ()


@pytest.mark.parametrize("damage", ["a changed byte (CRC-32)", "a slice out of place", "fewer bytes than announced"])
def test_a_file_that_did_not_arrive_whole_is_refused_and_removed(make_studio: Any, clip: Path, temp_root: Path,
                                                                 damage: str) -> None:  # fmt: skip
    studio = make_studio("foreground")
    browser = Browser(studio.uploads.computer)
    data = clip.read_bytes()
    if damage.startswith("a changed byte"):
        kinds = browser.upload(clip.name, data, crc=zlib.crc32(data) ^ 1)
    elif damage.startswith("a slice out of place"):
        browser.say({"kind": "start", "id": "u1", "name": clip.name, "size": len(data)})
        browser.say({"kind": "chunk", "id": "u1", "offset": 10}, [data[:1000]])
        kinds = browser.kinds("u1")
    else:
        browser.say({"kind": "start", "id": "u1", "name": clip.name, "size": len(data)})
        browser.say({"kind": "chunk", "id": "u1", "offset": 0}, [data[:1000]])
        browser.say({"kind": "end", "id": "u1", "size": 1000, "crc32": zlib.crc32(data[:1000])})
        kinds = browser.kinds("u1")
    assert kinds[-1] == "failed", kinds
    assert studio.status.level == "error" and "nothing was kept" in studio.status.message, studio.status.message
    assert not list(temp_root.iterdir()) and uploads_sent(studio) == 0


def test_hostile_names_stay_in_the_temporary_folder(make_studio: Any, clip: Path, temp_root: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    studio = make_studio("foreground")
    seen: list[Path] = []

    def received(path: Path) -> Any:
        seen.append(path)
        return _nothing()

    monkeypatch.setattr(studio, "_upload_received", received)
    browser = Browser(studio.uploads.computer)
    for number, name in enumerate(["../../etc/evil.mp4", "/abs/olute.mp4", "a\0b.mp4", "$(rm -rf x).mp4", "-x.mp4"]):
        assert browser.upload(name, clip.read_bytes(), upload_id=f"h{number}")[-1] == "done"
    assert len(seen) == 5 and all(p.parent.parent == temp_root and p.suffix == ".mp4" for p in seen), seen


async def _nothing() -> None:
    return None


def test_the_tab_says_the_real_limit_and_the_fallback_waits_until_the_uploader_is_drawn(make_studio: Any) -> None:
    studio = make_studio("foreground")
    panel = studio.uploads
    assert [panel.tabs.get_title(i) for i in range(3)] == list(TAB_TITLES)
    assert "500 MB" in panel.computer_note.value and f"{CHUNK_BYTES // 1024} KiB" in panel.computer_note.value
    assert panel.fallback.layout.display == ""  # nothing drawn yet: the fallback shows, with its own limit
    assert "8.4 MB" in panel.fallback_note.value and panel.browser in panel.fallback.children
    panel.computer.set_state({"ready": True})  # the front end drew the drop zone
    assert panel.fallback.layout.display == "none"


def test_file_upload_reads_choose_files_0_again_after_an_upload(make_studio: Any, clip: Path) -> None:
    from widget_kit import browser_upload

    studio = make_studio("foreground")
    browser_upload(studio.uploads.browser, [("small.mp4", clip.read_bytes())])
    assert media_names(studio) == ["small.mp4"]
    state = studio.uploads.browser.get_state()
    assert state.get("_counter", 0) == 0 and not state.get("value") and not state.get("data")


@pytest.fixture
def colab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clip: Path) -> Iterator[list[str]]:
    """A stand-in ``google.colab`` whose ``files.upload()`` writes the picked file to cwd, as Colab's does."""
    calls: list[str] = []

    def upload() -> dict[str, bytes]:
        calls.append("upload")
        data = clip.read_bytes()
        (Path.cwd() / "from colab.mp4").write_bytes(data)
        return {"from colab.mp4": data}

    google = types.ModuleType("google")
    colab_module = types.ModuleType("google.colab")
    colab_module.files = types.SimpleNamespace(upload=upload, download=lambda path: None)  # type: ignore[attr-defined]  # a stand-in module
    colab_module.output = types.SimpleNamespace(  # type: ignore[attr-defined]  # a stand-in module
        enable_custom_widget_manager=lambda: calls.append("custom widgets on")
    )
    google.colab = colab_module  # type: ignore[attr-defined]  # a stand-in package
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab_module)
    yield calls


def test_on_colab_the_fallback_is_colabs_own_dialog(make_studio: Any, colab: list[str]) -> None:
    studio = make_studio("foreground")
    panel = studio.uploads
    assert panel.colab_button in panel.fallback.children and panel.browser not in panel.fallback.children
    assert panel.colab_button.description == COLAB_BUTTON
    assert "Colab could not load the uploader" in panel.fallback_note.value
    assert "upload_from_computer()" in panel.fallback_note.value
    assert colab == ["custom widgets on"]  # so that Colab can draw the chunked uploader at all
    panel.colab_button.click()
    assert colab == ["custom widgets on", "upload"]
    assert studio.status.level == "ok", studio.status.message
    assert media_names(studio) == ["from colab.mp4"]
    assert studio.upload_from_computer() is not None and colab[-2:] == ["upload", "upload"]


def test_colabs_dialog_failing_is_a_sentence(
    make_studio: Any, colab: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, bytes]:
        raise RuntimeError("TypeError: Cannot read properties of undefined")

    monkeypatch.setattr(sys.modules["google.colab"].files, "upload", broken)
    studio = make_studio("foreground")
    studio.uploads.colab_button.click()
    assert studio.status.level == "error"
    assert "Colab's upload dialog did not work here" in studio.status.message
    assert "Cannot read" not in studio.status.message and uploads_sent(studio) == 0


def test_upload_from_computer_outside_colab_points_at_the_drop_zone(make_studio: Any) -> None:
    studio = make_studio("foreground")
    assert studio.upload_from_computer() is None
    assert "Your computer" in studio.status.message
