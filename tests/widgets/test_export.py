"""Export as the user sees it: the empty-timeline sentence, progress, the right player, large results, the claim link."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import ipywidgets as widgets
import pytest

from helpers_media import make_clip, probe

RENDER_SUBMIT = "/api/render/proxy/lambda"


def probe_bytes(data: bytes, folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    path.write_bytes(bytes(data))
    return probe(path)


def test_exporting_an_empty_timeline_says_so(make_studio: Any) -> None:
    studio = make_studio("foreground")
    studio.exporter.button.click()
    assert studio.status.level == "error"
    assert "nothing to export yet" in studio.status.message.lower()
    assert "Upload a clip" in studio.status.message  # and what to do
    assert studio.http.count(RENDER_SUBMIT) == 0
    assert studio.exporter.player.player is None
    assert not studio.exporter.button.disabled


def test_mp4_export_shows_a_silent_video(make_studio: Any, sample_clip: Path, tmp_path: Path) -> None:
    studio = make_studio("foreground")
    progress: list[float] = []
    studio.exporter.progress.observe(lambda c: progress.append(c["new"]), names="value")
    studio.upload(sample_clip)
    studio.send("remove all audio from this video")

    studio.exporter.button.click()

    assert studio.exporter.progress.value == 100 and progress[-1] == 100
    assert studio.exporter.message.value == "Video ready!"
    assert studio.exporter.progress.bar_style == "success"
    player = studio.exporter.player
    assert player.how == "embedded"
    assert isinstance(player.player, widgets.Video) and player.player.format == "mp4"
    assert player.player.autoplay is False and player.player.loop is False
    info = probe_bytes(player.player.value, tmp_path, "shown.mp4")
    assert info["video"] == 1 and info["audio"] == 0
    assert abs(info["duration"] - 10.0) < 0.5
    assert "Saved on the kernel's disk" in player.link.value  # where the file is, outside a Jupyter server
    assert studio.status.message.startswith("Video ready! Saved to")


def test_mp3_profile_shows_an_audio_player(make_studio: Any, sample_clip: Path, tmp_path: Path) -> None:
    studio = make_studio("foreground", profile="video-to-mp3")
    assert studio.exporter.format.value == "MP3"
    studio.upload(sample_clip)
    studio.send("extract the audio from this video as an MP3 file")
    assert studio.exporter.quality.value == "192k"  # the spec's suggestion first
    studio.exporter.quality.value = "320k"
    studio.exporter.button.click()
    assert studio.exporter.message.value == "Audio ready!"
    player = studio.exporter.player.player
    assert isinstance(player, widgets.Audio) and player.format == "mp3"
    info = probe_bytes(player.value, tmp_path, "shown.mp3")
    assert info["audio"] == 1 and info["video"] == 0
    assert info["streams"][0]["codec"] == "mp3" and info["streams"][0]["kbps"] == 320  # the quality chosen


def test_the_claim_link_is_shown_without_the_token(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    studio.send("export")
    claim = studio.exporter.claim.value
    assert "Open this project in NemoVideo" in claim
    href = claim.split('href="')[1].split('"')[0]
    assert urlsplit(href).path == "/workspace/claim"
    assert parse_qs(urlsplit(href).query)["ct"][0].startswith("clm_")
    token = studio.session.client.token.get()
    assert token and token not in claim


def test_a_large_result_outside_jupyter_is_a_path(make_studio: Any, tmp_path: Path) -> None:
    studio = make_studio("foreground", embed_limit=1000)
    studio.upload(make_clip(tmp_path / "mute.mp4", seconds=2, audio=False))  # a silent MP4 keeps the promise
    outcome = studio.export()
    player = studio.exporter.player
    assert player.how == "path" and player.player is None
    assert str(outcome.path) in player.link.value and "Saved on the kernel's disk" in player.link.value
    assert studio.exporter.message.value == "Video ready!"


@pytest.mark.parametrize("prefix, expected_prefix", [(None, "/"), ("/user/alice/", "/user/alice/"),
                                                     ("/user/bob", "/user/bob/")])  # fmt: skip
def test_a_large_result_under_jupyter_is_served_by_the_notebook_server(
    make_studio: Any,
    sample_clip: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    prefix: str | None,
    expected_prefix: str,
) -> None:
    work = isolated / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # the kernel runs in the notebook's folder, work/ under the server root
    monkeypatch.setenv("JPY_SESSION_NAME", "work/studio.ipynb")
    if prefix is not None:
        monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", prefix)
    studio = make_studio("foreground", embed_limit=1000)
    studio.upload(sample_clip)
    outcome = studio.export()
    player = studio.exporter.player
    assert player.how == "served"
    assert isinstance(player.player, widgets.Video) and player.player.format == "url"
    url = bytes(player.player.value).decode()
    relative = outcome.path.resolve().relative_to(isolated).as_posix()  # nemo_exports/sample_clip (edited).mp4
    assert url == f"{expected_prefix}files/{quote(relative)}"  # a space or bracket in the name, encoded
    assert f'href="{url}?download=1"' in player.link.value
    assert len(bytes(player.player.value)) < 1000  # the bytes of the video are not in the widget state


def test_a_format_the_user_picked_is_kept(make_studio: Any, sample_clip: Path, tmp_path: Path) -> None:
    studio = make_studio("foreground")
    formats = list(studio.exporter.format.options)
    studio.exporter.format.set_state({"index": formats.index("MP3")})  # picked in the browser
    studio.upload(sample_clip)  # the timeline is read again
    studio.send("status")
    assert studio.exporter.format.value == "MP3"
    studio.exporter.button.click()
    assert studio.exporter.format.value == "MP3"
    player = studio.exporter.player.player
    assert isinstance(player, widgets.Audio) and player.format == "mp3"
    assert probe_bytes(player.value, tmp_path, "picked.mp3")["video"] == 0
