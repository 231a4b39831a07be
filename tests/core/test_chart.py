from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from nemo_widgets.core.chart import (
    EMPTY_MESSAGE,
    MAX_LABELS,
    THEMES,
    ChartTheme,
    TimelineChart,
    nice_ticks,
    render_timeline,
    timeline_figure,
)
from nemo_widgets.protocol.draft import Draft

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LIGHT = THEMES["light"]

#: The draft of protocol.md's summary example.
EXAMPLE: dict[str, Any] = {
    "t": [
        {"tt": 0, "sg": [{"s": 0, "d": 10000, "m": {"name": "city timelapse"}}]},
        {"tt": 1, "m": {"name": "BGM"}, "sg": [{"s": 0, "d": 10000, "m": {"name": "Lo-fi", "volume": 0.35}}]},
        {"tt": 7, "m": {"name": "Title"}, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams"}}]},
    ],
    "d": 10000,
}


def example(**changes: Any) -> Draft:
    return Draft.from_dict({**EXAMPLE, **changes})


def without_bgm() -> Draft:
    return example(t=[EXAMPLE["t"][0], EXAMPLE["t"][2]])


def many_segments(count: int, tracks: int = 4, step_ms: int = 2000) -> Draft:
    kinds = [0, 1, 1, 7]
    return Draft.from_dict(
        {
            "t": [
                {
                    "tt": kinds[lane % 4],
                    "sg": [
                        {"s": i * step_ms, "d": step_ms - 200, "m": {"name": f"clip {i}"}}
                        for i in range(count // tracks)
                    ],
                }
                for lane in range(tracks)
            ]
        }
    )


def png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def colours(png: bytes) -> set[tuple[int, int, int]]:
    import numpy as np
    from matplotlib.image import imread

    rgb = (imread(io.BytesIO(png))[..., :3] * 255).round().astype(int)
    return {tuple(c) for c in np.unique(rgb.reshape(-1, 3), axis=0).tolist()}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def texts(draft: Draft | None, **options: Any) -> list[str]:
    fig = timeline_figure(draft, **options)
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_xticklabels()]
    return found


def run_python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# -- the image ---------------------------------------------------------------


def test_png_signature_size_and_width() -> None:
    png = render_timeline(example())
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) < 60_000
    width, height = png_size(png)
    assert width == 900
    assert 120 < height < 300


def test_width_and_dpi_are_honoured() -> None:
    assert png_size(render_timeline(example(), width_px=1234))[0] == 1234
    base = png_size(render_timeline(example()))
    double = png_size(render_timeline(example(), width_px=1800, dpi=200))
    assert double[0] == 1800
    assert abs(double[1] - 2 * base[1]) <= 2


def test_height_grows_with_lanes_and_is_capped() -> None:
    heights = [png_size(render_timeline(many_segments(n * 4, tracks=n)))[1] for n in (1, 3, 6, 12)]
    assert heights == sorted(heights) and len(set(heights)) == 4
    huge = png_size(render_timeline(many_segments(400, tracks=200)))[1]
    assert huge <= 800


def test_example_draft_labels_lanes_and_segments() -> None:
    found = texts(example())
    for expected in ("1. Video", "2. BGM", "3. Title", "city timelapse", "Lo-fi \N{MIDDLE DOT} 35%", '"Urban Dreams"'):
        assert expected in found
    assert "0s" in found and "10s" in found


def test_example_draft_shows_the_type_colours() -> None:
    seen = colours(render_timeline(example()))
    assert {rgb(LIGHT.video), rgb(LIGHT.audio), rgb(LIGHT.text)} <= seen


def test_removing_the_audio_track_changes_the_chart_and_its_colours() -> None:
    before, after = render_timeline(example()), render_timeline(without_bgm())
    assert before != after
    seen = colours(after)
    assert rgb(LIGHT.video) in seen
    assert rgb(LIGHT.audio) not in seen
    assert "2. BGM" not in texts(without_bgm())


def test_same_draft_gives_the_same_bytes() -> None:
    first = render_timeline(example())
    second = render_timeline(Draft.from_dict(EXAMPLE))
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_accepts_the_wire_dict() -> None:
    assert render_timeline(EXAMPLE) == render_timeline(example())


def test_a_volume_change_changes_the_chart() -> None:
    louder = Draft.from_dict(
        {
            **EXAMPLE,
            "t": [
                EXAMPLE["t"][0],
                {**EXAMPLE["t"][1], "sg": [{"s": 0, "d": 10000, "m": {"name": "Lo-fi", "volume": 0.8}}]},
                EXAMPLE["t"][2],
            ],
        }
    )
    assert render_timeline(louder) != render_timeline(example())
    assert "Lo-fi \N{MIDDLE DOT} 80%" in texts(louder)


def test_muted_track_is_grey_and_says_so() -> None:
    muted = {**EXAMPLE["t"][1], "m": {"name": "BGM", "muted": True}}
    draft = example(t=[EXAMPLE["t"][0], muted, EXAMPLE["t"][2]])
    seen = colours(render_timeline(draft))
    assert rgb(LIGHT.audio) not in seen
    assert rgb(LIGHT.muted) in seen
    assert "2. BGM (muted)" in texts(draft)


@pytest.mark.parametrize(
    "draft", [None, Draft(), Draft.from_dict({"t": []}), Draft.from_dict({"t": [{"tt": 0, "sg": []}]})]
)
def test_empty_draft_gives_the_placeholder(draft: Draft | None) -> None:
    png = render_timeline(draft)
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png)[0] == 900
    assert EMPTY_MESSAGE in texts(draft)
    assert rgb(LIGHT.video) not in colours(png)


def test_title_and_caption_are_drawn_and_make_room() -> None:
    plain = png_size(render_timeline(example()))[1]
    assert png_size(render_timeline(example(), title="My edit"))[1] > plain
    captioned = render_timeline(example(), caption=example().summary())
    assert png_size(captioned)[1] > plain
    assert "My edit" in texts(example(), title="My edit")


def test_empty_track_lane_says_empty() -> None:
    draft = example(t=[*EXAMPLE["t"], {"tt": 1, "m": {"name": "SFX"}, "sg": []}])
    found = texts(draft)
    assert "4. SFX" in found and "empty" in found


def test_dollar_signs_are_text_not_math() -> None:
    draft = Draft.from_dict({"t": [{"tt": 0, "m": {}, "sg": [{"s": 0, "d": 5000, "m": {"name": "$5 $deal"}}]}]})
    assert render_timeline(draft, title="$x^2$ cost").startswith(PNG_SIGNATURE)
    assert "$5 $deal" in texts(draft)


def test_segment_without_length_reaches_the_draft_end() -> None:
    draft = Draft.from_dict({"d": 8000, "t": [{"tt": 0, "sg": [{"s": 2000, "m": {"name": "open"}}]}]})
    fig = timeline_figure(draft)
    ax = fig.axes[0]
    assert ax.get_xlim() == (0.0, 8.0)
    import numpy as np

    bars = np.asarray(ax.collections[-1].get_paths()[0].vertices)
    assert bars[:, 0].min() == pytest.approx(2.0, abs=0.02) and bars[:, 0].max() == pytest.approx(8.0, abs=0.02)


def test_long_drafts_use_minutes_and_seconds() -> None:
    draft = Draft.from_dict({"t": [{"tt": 0, "sg": [{"s": 0, "d": 185_000, "m": {"name": "long"}}]}]})
    found = texts(draft)
    assert "0:00" in found and "1:00" in found and "3:00" in found


@pytest.mark.parametrize(
    ("end_s", "max_ticks", "expected"),
    [
        (10, 12, [float(i) for i in range(11)]),
        (3, 12, [i * 0.25 for i in range(13)]),
        (185, 12, [i * 30.0 for i in range(7)]),
        (7200, 12, [i * 600.0 for i in range(13)]),
        (7200, 6, [i * 1800.0 for i in range(5)]),
        (100_000, 4, [i * 43200.0 for i in range(3)]),
        (1_000_000, 4, [i * 259200.0 for i in range(4)]),
        (0.05, 10, [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]),
    ],
)
def test_nice_ticks(end_s: float, max_ticks: int, expected: list[float]) -> None:
    assert nice_ticks(end_s, max_ticks) == expected


# -- many segments -----------------------------------------------------------


def test_ten_thousand_segments_render() -> None:
    draft = many_segments(10_000)
    png = render_timeline(draft)
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png)[0] == 900
    assert rgb(LIGHT.video) in colours(png)


def test_segment_labels_are_capped() -> None:
    draft = many_segments(400, step_ms=60_000)  # 100 per lane, wide enough to label at 9,000 px
    chart = TimelineChart(width_px=9000)
    segment_labels = [t for t in chart.figure(draft).axes[0].texts if t.get_text().startswith("clip")]
    assert 0 < len(segment_labels) <= MAX_LABELS
    none = [t for t in TimelineChart(max_labels=0).figure(example()).axes[0].texts if t.get_text() == "city timelapse"]
    assert none == []


def test_one_collection_per_lane_not_one_artist_per_segment() -> None:
    ax = timeline_figure(many_segments(2_000)).axes[0]
    assert len(ax.collections) <= 1 + 2 * 4  # lane slots, then bars (and audio headroom) per lane
    assert len(ax.patches) == 0
    assert len(ax.texts) <= MAX_LABELS + 4


# -- options -----------------------------------------------------------------


def test_dark_theme_and_custom_theme() -> None:
    dark = render_timeline(example(), theme="dark")
    assert rgb(THEMES["dark"].background) in colours(dark)
    custom = ChartTheme(video="#123456")
    assert rgb("#123456") in colours(render_timeline(example(), theme=custom))


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="theme"):
        render_timeline(example(), theme="neon")
    with pytest.raises(ValueError):
        TimelineChart(width_px=10)


def test_renders_from_threads_agree() -> None:
    expected = render_timeline(example())
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: render_timeline(example()), range(8)))
    assert all(png == expected for png in results)


# -- floors and globals -------------------------------------------------------


def test_no_pyplot_figure_is_left_open() -> None:
    render_timeline(example())
    timeline_figure(example())
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        assert plt.get_fignums() == []


def test_import_is_cheap_and_drawing_never_needs_pyplot() -> None:
    out = run_python(
        """
        import sys
        import nemo_widgets.core.chart as chart
        print("matplotlib" in sys.modules)
        chart.render_timeline({"t": [{"tt": 0, "sg": [{"s": 0, "d": 1000}]}]})
        print("matplotlib.pyplot" in sys.modules)
        """
    )
    assert out.split() == ["False", "False"]


def test_works_with_ipywidgets_blocked() -> None:
    out = run_python(
        """
        import sys
        sys.modules["ipywidgets"] = None
        from nemo_widgets.core.chart import render_timeline
        png = render_timeline({"t": [{"tt": 0, "sg": [{"s": 0, "d": 10000, "m": {"name": "city"}}]}]})
        print(png[:4] == b"\\x89PNG", len(png) > 1000)
        """
    )
    assert out.split() == ["True", "True"]
