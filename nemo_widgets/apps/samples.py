"""Sample clips for the notebooks, generated on first run with ffmpeg's test sources (nothing large is shipped).

``python -m nemo_widgets.apps.samples [FOLDER]`` writes them (default ``./samples``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["SAMPLES", "ensure_samples", "sample_args"]

#: name -> (seconds, frame size, tone in Hz)
SAMPLES: dict[str, tuple[float, str, int]] = {
    "sample_clip.mp4": (10.0, "640x360", 440),
    "interview.mp4": (6.0, "640x360", 220),
    "city_timelapse.mp4": (8.0, "640x360", 660),
}


def sample_args(ffmpeg: str, path: Path, seconds: float, size: str, tone: int) -> list[str]:
    """ffmpeg arguments for one sample: a moving test pattern with a sine tone (H.264 + AAC)."""
    return [
        ffmpeg,
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate=25",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency={tone}:sample_rate=44100",
        "-t",
        f"{seconds:g}",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-shortest",
        "-movflags",
        "+faststart",
        str(path),
    ]


def ensure_samples(folder: str | Path = "samples", names: tuple[str, ...] | None = None) -> list[Path]:
    """Create the sample clips that are missing in ``folder``; return their paths."""
    from nemo_widgets.local.media.probe import ffmpeg_exe  # lazy: the engine is the optional [local] extra

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in names or tuple(SAMPLES):
        seconds, size, tone = SAMPLES[name]
        path = folder / name
        if not path.is_file() or path.stat().st_size == 0:
            tmp = path.with_name(f".{path.stem}.part{path.suffix}")
            subprocess.run(
                sample_args(ffmpeg_exe(), tmp, seconds, size, tone), check=True, capture_output=True, timeout=300
            )
            tmp.replace(path)
        made.append(path)
    return made


if __name__ == "__main__":  # pragma: no cover
    for made in ensure_samples(sys.argv[1] if len(sys.argv) > 1 else "samples"):
        print(made)
