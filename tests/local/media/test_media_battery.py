"""Real-world media through both jobs, over real HTTP: every result plays in a browser, every refusal says why.

The classes are data (``media_battery.CASES``). Each goes through the real
client against the embedded engine on 127.0.0.1, as a user would: upload,
say the job ("remove all audio from this video" / "extract the audio as mp3"),
export, download. The result is checked with the tests' own probe (codec,
pixel format, displayed size, rotation, duration, bitrate, sample rate, moov
before mdat), or the user's sentence is compared word for word. A failed
render must have been submitted once (no retry of a deterministic failure).
"""

from __future__ import annotations

import itertools
import re
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from media_battery import CASES, Audio, Case, Says, Video, make
from nemo_widgets import NemoClient
from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background
from nemo_widgets.protocol.errors import NemoError, RenderFailed

from helpers_media import ffmpeg, probe

pytestmark = pytest.mark.slow  # 90 classes of file made with ffmpeg and rendered: minutes, not the quick loop

#: The longest file name most file systems take (ext4, APFS: bytes of UTF-8).
MAX_NAME_BYTES = 255

JOBS = {
    "silent": ("video-audio-remover", "remove all audio from this video", "mp4"),
    "mp3": ("video-to-mp3", "extract the audio as mp3", "mp3"),
}


@pytest.fixture(scope="module")
def battery_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("battery")


@pytest.fixture(scope="module")
def files(battery_dir: Path) -> dict[str, Path]:
    return {case.name: make(case, battery_dir) for case in CASES}


@pytest.fixture(scope="module")
def battery_engine() -> Iterator[LocalEngine]:
    settings = EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, seed=3, image_ms=1000, gui_ratio=0.0)
    with start_in_background(settings) as running:
        yield running


def _client(engine: LocalEngine, profile: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> NemoClient:
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    client = NemoClient(base_url=engine.url, profile=profile)
    client.submitted = []  # type: ignore[attr-defined]  # the render submissions this client made

    def seen(request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path == "/api/render/proxy/lambda":
            client.submitted.append(request.url.path)  # type: ignore[attr-defined]  # the list set above

    client._http.event_hooks["request"].append(seen)
    return client


def _moov_first(path: Path) -> bool:
    """Whether the MP4's index comes before its media data (``+faststart``: plays while downloading)."""
    data, offset = path.read_bytes(), 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind in (b"moov", b"mdat"):
            return kind == b"moov"
        offset += size if size >= 8 else len(data)
    return False


def _upload(client: NemoClient, path: Path, name: str) -> None:
    """Upload as the user's file is named (a name over 255 bytes cannot be on this disk: sent as given)."""
    (media,) = client.upload(path) if name == path.name else client.upload_bytes(path.read_bytes(), name)
    assert media.name == name, f"shown as {media.name!r}, given as {name!r}"


def _run_job(client: NemoClient, path: Path, job: str, out: Path, name: str) -> Says | tuple[Path, str]:
    """The job as a user runs it: a sentence where it stops, else the downloaded file and the result's note.

    The silent job on a file without a picture says the agent's refusal, then what the export said
    (the profile promises a silent video: sound alone must not come back)."""
    _profile, text, fmt = JOBS[job]
    try:
        _upload(client, path, name)
    except NemoError as exc:
        return Says(str(exc))
    reply = client.ask(text)
    said = f"{reply.text} | " if job == "silent" and not client.state().draft.has_video else ""
    try:
        result = client.wait_for_render(client.export(format=fmt))
    except RenderFailed as exc:
        assert len(client.submitted) == 1 and not exc.retryable, "a deterministic failure was resubmitted"  # type: ignore[attr-defined]  # set by _client
        return Says(said + str(exc))
    assert result.url and httpx.get(result.url, timeout=30).status_code == 200  # the URL itself works
    delivered = unquote(urlsplit(result.url).path.rsplit("/", 1)[-1])
    assert 0 < len(delivered.encode()) <= MAX_NAME_BYTES and "/" not in delivered, delivered
    return client.download(result, out), result.note or ""


def _shown(video: dict[str, Any]) -> tuple[int, int]:
    """The picture as a player shows it: the pixel aspect applied, then the display rotation."""
    num, den = video["sar"]
    width, height = round(video["width"] * num / den), video["height"]
    return (height, width) if video["rotation"] % 180 == 90 else (width, height)


def _interlaced_share(path: Path) -> float:
    """The share of the result's frames ffmpeg's ``idet`` finds interlaced (by their content, not a flag)."""
    args = [ffmpeg(), "-hide_banner", "-nostdin", "-i", str(path), "-vf", "idet", "-an", "-f", "null", "-"]
    text = subprocess.run(args, capture_output=True, timeout=120, check=False).stderr.decode("utf-8", "replace")
    found = re.findall(r"Multi frame detection: TFF:\s*(\d+)\s*BFF:\s*(\d+)\s*Progressive:\s*(\d+)", text)
    tff, bff, progressive = (int(n) for n in found[-1])  # the last report covers the whole file
    assert tff + bff + progressive > 0, "idet decided nothing"
    return (tff + bff) / (tff + bff + progressive)


def _check_video(path: Path, want: Video) -> None:
    info = probe(path)
    assert (info["video"], info["audio"]) == (1, 0), info  # one video stream: no cover picture, no sound
    video = info["streams"][0]
    assert (video["codec"], video["pix_fmt"], video["attached"]) == ("h264", want.pix_fmt, False), video
    assert _shown(video) == want.size and video["rotation"] == want.rotation, video
    assert _moov_first(path), "no +faststart"
    assert info["duration"] == pytest.approx(want.seconds, abs=0.2), info
    if want.progressive:
        assert _interlaced_share(path) <= 0.2, "the result is still interlaced"
    if want.reordered:
        assert _frames_in_order(path), "frames stored out of display order play out of order"


def _frames_in_order(path: Path) -> bool:
    """Whether every frame shows at its own time, in order: decoded (the decoder puts B-frames back in order)
    and listed with the presentation times a player sorts them by (``framemd5``, no frame added or dropped),
    those times step by one frame each (the battery's sources have a constant rate)."""
    args = [ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:v:0"]
    text = subprocess.run([*args, "-fps_mode", "passthrough", "-f", "framemd5", "-"], capture_output=True,
                          timeout=60, check=False).stdout  # fmt: skip
    rows = [line.split(",") for line in text.decode("ascii", "replace").splitlines() if not line.startswith("#")]
    pts = [int(row[2]) for row in rows if len(row) >= 6]
    steps = {b - a for a, b in itertools.pairwise(pts)}
    return len(pts) > 1 and len(steps) == 1 and steps.pop() > 0


def _lead_silence(path: Path) -> float:
    """How long the file is silent from its first sample (ffmpeg's ``silencedetect``); 0 when it is not."""
    args = [ffmpeg(), "-hide_banner", "-nostdin", "-i", str(path), "-af", "silencedetect=d=0.1", "-f", "null", "-"]
    text = subprocess.run(args, capture_output=True, timeout=60, check=False).stderr.decode("utf-8", "replace")
    start, end = re.search(r"silence_start: (-?[\d.]+)", text), re.search(r"silence_end: ([\d.]+)", text)
    return float(end[1]) if start and end and abs(float(start[1])) < 0.05 else 0.0


def _check_audio(path: Path, want: Audio) -> None:
    info = probe(path)
    assert (info["video"], info["audio"]) == (0, 1), info
    audio = info["streams"][0]
    assert (audio["codec"], audio["kbps"], audio["sample_rate"]) == ("mp3", want.kbps, want.rate), audio
    assert want.channels is None or audio["channels"] == want.channels, audio
    assert _lead_silence(path) == pytest.approx(want.lead_silence, abs=0.1), "the sound is not where it was"
    assert info["duration"] == pytest.approx(want.seconds, abs=0.2), info


PARAMS = [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.declined)] if c.declined else [])
    for c in CASES
]


@pytest.mark.parametrize("job", list(JOBS))
@pytest.mark.parametrize("case", PARAMS)
def test_battery(
    case: Case,
    job: str,
    files: dict[str, Path],
    battery_engine: LocalEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    want = case.silent if job == "silent" else case.mp3
    client = _client(battery_engine, JOBS[job][0], tmp_path, monkeypatch)
    name = case.sent_as or case.filename
    try:
        got = _run_job(client, files[case.name], job, tmp_path / f"out.{JOBS[job][2]}", name)
    finally:
        client.close()
    if isinstance(want, Says):
        assert isinstance(got, Says) and got == Says(want.text.format(name=name)), got
        assert "/" not in got.text.replace("e.g.", "") and "ffmpeg" not in got.text.lower()  # no path, no ffmpeg
        return
    assert not isinstance(got, Says), f"refused: {got.text}"
    path, note = got
    assert (want.note or "") in note and (note == "") == (want.note is None), note
    _check_video(path, want) if isinstance(want, Video) else _check_audio(path, want)


def test_a_clip_is_listed_at_the_size_it_is_shown(
    files: dict[str, Path], battery_engine: LocalEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(battery_engine, "video-audio-remover", tmp_path, monkeypatch)
    try:
        (media,) = client.upload(files["hevc_rotated_iphone"])  # coded 320x240, displayed rotated
        assert (media.width, media.height) == (240, 320)
        (photo,) = client.upload(files["jpg_exif_rotated"])  # coded 400x300, EXIF orientation 6
        assert (photo.width, photo.height) == (300, 400)
        (tape,) = client.upload(files["dv_avi_interlaced"])  # coded 720x480, pixels 8:9
        assert (tape.width, tape.height) == (640, 480)
    finally:
        client.close()


def test_battery_names_show_as_given(
    files: dict[str, Path], battery_engine: LocalEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(battery_engine, "video-audio-remover", tmp_path, monkeypatch)
    try:
        for name in ("name_quotes_hash", "name_unicode"):
            (media,) = client.upload(files[name])
            assert media.name == files[name].name and "%" not in media.name
    finally:
        client.close()
