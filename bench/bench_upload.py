"""Benchmark #3: uploading a 500 MB file to the local engine, ``NemoClient.upload`` vs curl.

The engine runs in this process (uvicorn on 127.0.0.1, its own thread); the
file is a WAV made by ffmpeg (500,000,000 bytes; quick: 100,000,000): the
engine accepts it, and any bytes travel alike. Both sides post it as
multipart field ``files`` to ``/api/upload-video/nemo_agent/me/<sid>`` with
the same bearer token and attribution headers, and both times include the
engine's answer (it writes the file and probes it):

* curl: ``curl -F files=@FILE -H 'Authorization: Bearer …' …``, its own
  ``%{time_total}``;
* ours: ``NemoClient.upload(FILE)`` in a child process
  (:mod:`bench._upload_child`), timed around the call; that process also
  reports its idle RSS and its peak RSS during the upload (psutil sampled
  every 5 ms, and ``ru_maxrss``).

Runs alternate, the uploaded files are deleted after each run; the
throughput ratio is curl's best time over ours (best of 5: the machine's
noise, page-cache writeback included, swings single runs by 2x). Targets: at least 0.8x
curl's throughput; peak RSS less than 100 MB above idle.
Run alone: ``python -m bench.bench_upload [--quick]``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench._common import Figure, local_engine, median, run_alone, temp_dir
from bench._media import make_wav

__all__ = ["run"]

MIN_RATIO = 0.8
MAX_RSS_MB = 100.0


def _curl(url: str, headers: dict[str, str], path: Path) -> float:
    args = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-F", f"files=@{path}"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    done = subprocess.run([*args, url], capture_output=True, text=True, timeout=600, check=False)
    code, _, seconds = done.stdout.partition(" ")
    if code != "200":
        raise RuntimeError(f"curl upload failed: {done.stdout} {done.stderr.strip()}")
    return float(seconds)


def _client(engine_url: str, auth: dict[str, str], path: Path) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench._upload_child", engine_url, auth["token"], auth["session"],
            auth["client_id"], str(path)]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"client upload failed: {done.stderr.strip()[-600:]}")
    return json.loads(lines[-1])  # type: ignore[no-any-return]  # the child prints one JSON object


def _login(engine_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """A token and a session for both sides, and the headers curl sends (the client's own)."""
    from nemo_widgets.protocol.client import NemoClient

    with NemoClient(base_url=engine_url, profile="video-audio-remover") as client:
        client.connect()
        token = client.token.get() if client.token else ""
        auth = {"token": token, "session": client.session_id or "", "client_id": client.client_id}
        headers = {
            **client.settings.attribution_headers(),
            "X-Client-Id": client.client_id,
            "Authorization": f"Bearer {token}",
        }
        return auth, headers


def run(quick: bool = False) -> list[Figure]:
    size = 100_000_000 if quick else 500_000_000
    rounds = 5
    curl_s: list[float] = []
    ours: list[dict[str, Any]] = []
    with temp_dir() as folder, local_engine(silent_ratio=0.0) as engine:
        path = make_wav(folder / "upload.wav", size)
        auth, headers = _login(engine.url)
        url = f"{engine.url}/api/upload-video/nemo_agent/me/{auth['session']}"
        media = engine.data_dir / "media" / auth["session"]
        for _ in range(rounds):
            ours.append(_client(engine.url, auth, path))
            shutil.rmtree(media, ignore_errors=True)
            curl_s.append(_curl(url, headers, path))
            shutil.rmtree(media, ignore_errors=True)
        real_size = path.stat().st_size
    best_ours = min(r["seconds"] for r in ours)
    ratio = min(curl_s) / best_ours
    paired = median([c / r["seconds"] for c, r in zip(curl_s, ours, strict=False)])
    rss = max(r["peak_rss"] - r["idle_rss"] for r in ours) / 1e6
    maxrss = max(r["maxrss_after"] - r["maxrss_before"] for r in ours) / 1e6
    detail = (
        f"{real_size / 1e6:.0f} MB WAV, best of {rounds}: client {best_ours:.2f} s ({real_size / best_ours / 1e6:.0f} MB/s), "
        f"curl {min(curl_s):.2f} s ({real_size / min(curl_s) / 1e6:.0f} MB/s), median of paired ratios "
        f"{paired:.2f}x; client RSS idle "
        f"{ours[0]['idle_rss'] / 1e6:.0f} MB, peak +{rss:.1f} MB (sampled), ru_maxrss +{maxrss:.1f} MB"
    )
    return [
        Figure(
            3,
            f"upload {real_size / 1e6:.0f} MB to the engine: client throughput vs curl -F",
            ratio,
            "x",
            f">= {MIN_RATIO:g}x, peak RSS < +{MAX_RSS_MB:g} MB; peak +{rss:.1f} MB",
            ratio >= MIN_RATIO and rss < MAX_RSS_MB and maxrss < MAX_RSS_MB,
            detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())
