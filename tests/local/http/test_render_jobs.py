"""The two jobs and the edits, end to end over real HTTP with real ffmpeg."""

from __future__ import annotations

from pathlib import Path

import httpx

from helpers_engine import Api, wait_until
from helpers_media import make_audio, probe


def _edit(api: Api, text: str) -> list[dict]:
    events, _ = api.chat(text)
    calls = [p["functionCall"] for e in events for p in e.get("content", {}).get("parts", []) if "functionCall" in p]
    assert calls, f"no tool call for {text!r}: {events}"
    return events


def test_remove_audio_gives_a_silent_mp4(api: Api, clip10: Path, tmp_path: Path) -> None:
    uploaded = api.upload(clip10).json()["data"]["media"][0]
    assert uploaded["has_audio"] and uploaded["has_video"] and uploaded["duration"] == 10.0
    events = _edit(api, "remove all audio from this video")
    delta = events[1]["actions"]["stateDelta"]["draft"]
    assert [t["tt"] for t in delta["t"]] == [0] and delta["d"] == 10000
    answer = api.wait(api.export("mp4"))
    assert answer["status"] == "completed" and answer["progress"] == 100
    out = probe(api.download(answer, tmp_path / "silent.mp4"))
    assert (out["video"], out["audio"]) == (1, 0)
    assert abs(out["duration"] - 10.0) <= 0.1


def test_extract_audio_gives_an_mp3(api: Api, clip10: Path, tmp_path: Path) -> None:
    api.upload(clip10)
    _edit(api, "extract the audio from this video as an MP3 file")
    state = api.state()
    assert [t["tt"] for t in state["draft"]["t"]] == [1] and state["output_format"] == "mp3"
    answer = api.wait(api.export("mp3"))
    assert answer["status"] == "completed" and answer["output"]["url"].endswith(".mp3")
    out = probe(api.download(answer, tmp_path / "audio.mp3"))
    assert (out["video"], out["audio"]) == (0, 1) and out["streams"][0]["codec"] == "mp3"
    assert abs(out["duration"] - 10.0) <= 0.1


def test_the_export_quality_is_honoured(api: Api, clip_short: Path, tmp_path: Path) -> None:
    api.upload(clip_short)
    _edit(api, "extract the audio from this video as an MP3 file")
    for quality, kbps in (("320k", 320), ("128k", 128), ("high", 192)):
        out = probe(api.download(api.wait(api.export("mp3", quality=quality)), tmp_path / f"{quality}.mp3"))
        assert out["streams"][0]["codec"] == "mp3" and out["streams"][0]["kbps"] == kbps, (quality, out)


def test_a_lower_video_quality_scales_down_never_up(api_for, engine, tmp_path: Path) -> None:
    from helpers_media import make_clip

    api = api_for(engine)
    api.upload(make_clip(tmp_path / "hd.mp4", 2, size="1280x720"))
    low = probe(api.download(api.wait(api.export("mp4", quality="low")), tmp_path / "low.mp4"))
    assert (low["streams"][0]["width"], low["streams"][0]["height"]) == (852, 480) and low["audio"] == 1
    same = probe(api.download(api.wait(api.export("mp4", quality="1080p")), tmp_path / "same.mp4"))
    assert (same["streams"][0]["width"], same["streams"][0]["height"]) == (1280, 720)


def test_audio_only_draft_exported_as_mp4_uses_the_remembered_format(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    _edit(api, "extract audio as wav")
    answer = api.wait(api.export("mp4"))
    assert answer["status"] == "completed" and answer["output"]["format"] == "wav"


def test_trim_gives_the_trimmed_duration(api: Api, clip10: Path, tmp_path: Path) -> None:
    api.upload(clip10)
    _edit(api, "trim the first 3 seconds")
    _edit(api, "cut from 0:02 to 0:03 as it is now")  # a time after a cut: its clock said (else asked)
    assert api.state()["draft"]["d"] == 6000
    out = probe(api.download(api.wait(api.export("mp4")), tmp_path / "trim.mp4"))
    assert (out["video"], out["audio"]) == (1, 1)
    assert abs(out["duration"] - 6.0) <= 0.1


def test_volume_title_undo_change_the_draft(api: Api, clip_short: Path, tmp_path: Path) -> None:
    api.upload(clip_short)
    _edit(api, "music at 35%")
    _edit(api, 'add a title "Urban Dreams" for 1 seconds')
    draft = api.state()["draft"]
    assert draft["t"][1]["sg"][0]["m"]["volume"] == 0.35
    assert draft["t"][2]["tt"] == 7 and draft["t"][2]["sg"][0]["m"]["text"] == "Urban Dreams"
    answer = api.wait(api.export("mp4"))
    assert answer["status"] == "completed"
    assert abs(probe(api.download(answer, tmp_path / "t.mp4"))["duration"] - 2.0) <= 0.1
    _edit(api, "undo")
    assert [t["tt"] for t in api.state()["draft"]["t"]] == [0, 1]


def test_two_uploads_and_an_audio_file(api: Api, clip_short: Path, tmp_path: Path) -> None:
    song = make_audio(tmp_path / "song.mp3", seconds=1)
    media = api.upload(clip_short, song).json()["data"]["media"]
    assert [m["type"] for m in media] == ["video", "audio"] and not media[1]["has_video"]
    draft = api.state()["draft"]
    assert draft["d"] == 3000 and [len(t["sg"]) for t in draft["t"]] == [1, 2]


def test_render_queue_one_active_per_session(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    first = api.export("mp4", headers={"X-Nemo-Fault": "slow-render:1.2"})
    second = api.export("mp4")
    a = wait_until(lambda: (seen := api.poll(first))["status"] == "processing" and seen, what="the first render")
    b = api.poll(second)
    assert 0 <= a["progress"] < 100
    assert b["status"] == "pending" and b["queue_position"] == 1
    progress = [a["progress"]]

    def moved() -> bool:
        progress.append(api.poll(first)["progress"])
        return progress[-1] > a["progress"]

    wait_until(moved, what="the first render's progress")
    assert progress == sorted(progress)
    assert api.wait(first)["status"] == "completed" and api.wait(second)["status"] == "completed"


def test_render_faults(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    failed = api.wait(api.export("mp4", headers={"X-Nemo-Fault": "render-fail-once"}))
    assert failed["status"] == "failed" and "render-fail-once" in failed["error"]
    assert api.wait(api.export("mp4"))["status"] == "completed"  # the retry with a new id works
    stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    wait_until(lambda: api.poll(stuck)["status"] == "processing", what="the stuck render to start")
    assert api.poll(stuck)["status"] == "processing"  # and it stays there


def test_job_survives_its_client_and_the_fallback_download(engine, clip_short: Path) -> None:
    api = Api(engine.url).login()
    api.new_session()
    api.upload(clip_short)
    job = api.export("mp4", headers={"X-Nemo-Fault": "slow-render:0.5"})
    api.close()  # the client goes away
    again = Api(engine.url, client_id=api.client_id).login()  # same client id: same account
    answer = again.wait(job)
    assert answer["status"] == "completed"
    got = again.http.get(f"/api/render/proxy/{job}/download")
    assert got.status_code == 200 and got.content[4:8] == b"ftyp"
    assert httpx.get(answer["output"]["url"].rsplit("/", 2)[0] + "/x/" + answer["output"]["name"]).status_code == 404
    again.close()


def test_engine_restart_keeps_sessions_and_jobs(make_engine, clip_short: Path, tmp_path: Path) -> None:
    first = make_engine(data_dir=tmp_path / "engine")
    api = Api(first.url).login()
    api.new_session()
    api.upload(clip_short)
    api.chat("remove all audio")
    done = api.wait(api.export("mp4"))
    running = api.export("mp4", headers={"X-Nemo-Fault": "slow-render:30"})
    first.stop()
    second = make_engine(data_dir=tmp_path / "engine", render_delay_s=0.0)
    api.http.base_url = httpx.URL(second.url)
    assert [t["tt"] for t in api.state()["draft"]["t"]] == [0]
    assert api.poll(done["id"])["status"] == "completed"
    assert api.poll(running)["status"] in ("pending", "processing")  # resumed, not lost
    api.close()
