"""The real-world media battery, as data: one line per class of file a user brings.

The vocabulary (:class:`Case`, :class:`Video`, :class:`Audio`, :class:`Says`)
is in ``media_kinds``, the making of a file in ``media_make``. ``EVERYDAY``
holds the first 30 classes (the everyday ones),
``media_battery_uncommon.UNCOMMON`` the less common ones and
``media_battery_misleading.MISLEADING`` the files that mislead (sound alone under the silent job, a cover
track before the film, B-frames without presentation times, stream captures, other types behind accepted
names, names in other scripts or over 255 bytes, damaged copies). New class: one more line in any list.

Small on purpose (1-2 s, small sizes; the 4K class is 3840x2160 at 5 fps for
1 s), so the whole battery runs on 2 cores in a few minutes.
"""

from __future__ import annotations

from media_battery_misleading import MISLEADING
from media_battery_uncommon import UNCOMMON
from media_kinds import A2, CHECK_FILE, NO_SOUND, SOUND_ONLY, X264, A, Audio, Case, Says, V, Video
from media_make import make

__all__ = ["CASES", "EVERYDAY", "MISLEADING", "UNCOMMON", "Audio", "Case", "Says", "Video", "make"]

EVERYDAY: list[Case] = [
    Case("h264_aac_mp4", "phone.mp4", V + A, [*X264, "-c:a", "aac"], Video((320, 240), 1), Audio(1)),
    Case(
        "hevc_rotated_iphone",
        "IMG_0001.mov",
        V + A,
        [
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "log-level=error",
            "-tag:v",
            "hvc1",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
        ],
        Video((240, 320), 1),
        Audio(1),
        finish="rotate:90",
    ),
    Case(
        "h264_portrait_rotated",
        "android.mp4",
        V + A,
        [*X264, "-c:a", "aac"],
        Video((240, 320), 1, rotation=90),
        Audio(1),
        finish="rotate:90",
    ),
    Case(
        "h264_portrait_coded",
        "vertical.mp4",
        V + A,
        [*X264, "-c:a", "aac"],
        Video((180, 320), 1),
        Audio(1),
        size="180x320",
    ),
    Case(
        "h264_4k", "uhd.mp4", V + A, [*X264, "-c:a", "aac"], Video((1920, 1080), 1), Audio(1), size="3840x2160", rate=5
    ),
    Case(
        "h264_10bit",
        "tenbit.mkv",
        V + A,
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-c:a", "aac"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case(
        "vp8_webm",
        "youtube.webm",
        V + A,
        ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"],
        Video((320, 240), 1),
        Audio(1, rate=48000),
    ),
    Case(
        "vp9_webm_mediarecorder",
        "recording.webm",
        V + A,
        [
            "-c:v",
            "libvpx-vp9",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-c:a",
            "libopus",
            "-f",
            "webm",
            "-live",
            "1",
        ],
        Video((320, 240), 1),
        Audio(1, rate=48000),
        finish="pipe",
    ),
    Case(
        "mkv_two_audio_subtitles",
        "movie.mkv",
        V + A + A2,
        [
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-map",
            "2:a",
            *X264,
            "-c:a",
            "aac",
            "-metadata:s:a:0",
            "language=fra",
            "-metadata:s:a:1",
            "language=eng",
            "-disposition:a:0",
            "0",
            "-disposition:a:1",
            "default",
        ],
        Video((320, 240), 1),
        Audio(1, rate=48000),
        finish="subtitles",
    ),
    Case(
        "avi_mpeg4",
        "camera.avi",
        V + A,
        ["-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case(
        "avi_mjpeg",
        "dashcam.avi",
        V + A,
        ["-c:v", "mjpeg", "-q:v", "5", "-c:a", "pcm_s16le"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case(
        "prores_mov",
        "edit.mov",
        V + A,
        ["-c:v", "prores_ks", "-profile:v", "0", "-c:a", "pcm_s16le"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case("pcm_mov", "screen.mov", V + A, [*X264, "-c:a", "pcm_s16le"], Video((320, 240), 1), Audio(1)),
    Case(
        "vfr_mp4",
        "vfr.mp4",
        V + A,
        ["-vf", "select='lt(mod(n\\,5)\\,2)'", "-fps_mode", "vfr", *X264, "-c:a", "aac"],
        Video((320, 240), 2),
        Audio(2),
        seconds=2,
    ),
    Case("no_audio_mp4", "silent.mp4", V, X264, Video((320, 240), 1), Says(NO_SOUND)),
    Case("wav_16k", "voice.wav", A, ["-c:a", "pcm_s16le"], Says(SOUND_ONLY), Audio(1, rate=48000), ar=16000),
    Case("mp3", "song.mp3", A, ["-c:a", "libmp3lame", "-b:a", "128k"], Says(SOUND_ONLY), Audio(1)),
    Case("m4a", "memo.m4a", A, ["-c:a", "aac"], Says(SOUND_ONLY), Audio(1, rate=48000), ar=48000),
    Case("aac_adts", "radio.aac", A, ["-c:a", "aac", "-f", "adts"], Says(SOUND_ONLY), Audio(1)),
    Case(
        "jpg_large_photo",
        "photo.jpg",
        V,
        ["-frames:v", "1", "-q:v", "5"],
        Video((1620, 1080), 1),
        Says(NO_SOUND),
        size="2400x1600",
    ),
    Case("png_odd_size", "screenshot.png", V, ["-frames:v", "1"], Video((320, 240), 1), Says(NO_SOUND), size="321x241"),
    Case("webp_still", "sticker.webp", V, ["-frames:v", "1", "-c:v", "libwebp"], Video((320, 240), 1), Says(NO_SOUND)),
    Case("gif_animated", "funny.gif", V, [], Video((320, 240), 1.5), Says(NO_SOUND), rate=10, seconds=1.5),
    Case(
        "webp_animated",
        "anim.webp",
        V,
        ["-c:v", "libwebp_anim", "-loop", "0"],
        Video((320, 240), 1.5),
        Says(NO_SOUND),
        rate=10,
        seconds=1.5,
    ),
    Case(
        "truncated_faststart",
        "cut short.mp4",
        V + A,
        [*X264, "-c:a", "aac", "-movflags", "+faststart"],
        Video((320, 240), 1.0, note="damaged or incomplete"),
        Audio(1.0, note="damaged or incomplete"),
        seconds=2,
        finish="cut",
    ),
    Case(
        "truncated_no_index",
        "broken.mp4",
        V + A,
        [*X264, "-c:a", "aac"],
        Says(f"'{{name}}' could not be read as a video: it looks damaged or incomplete. {CHECK_FILE}"),
        Says(f"'{{name}}' could not be read as a video: it looks damaged or incomplete. {CHECK_FILE}"),
        finish="cut",
    ),
    Case(
        "empty_mp4",
        "empty.mp4",
        [],
        [],
        Says(f"'{{name}}' is empty (0 bytes). {CHECK_FILE}"),
        Says(f"'{{name}}' is empty (0 bytes). {CHECK_FILE}"),
        finish="empty",
    ),
    Case(
        "text_as_mp4",
        "notes.mp4",
        [],
        [],
        Says(f"'{{name}}' is not really an MP4 file: its content is not media. {CHECK_FILE}"),
        Says(f"'{{name}}' is not really an MP4 file: its content is not media. {CHECK_FILE}"),
        finish="text",
    ),
    Case("name_quotes_hash", 'say "hi" #1.mp4', V + A, [*X264, "-c:a", "aac"], Video((320, 240), 1), Audio(1)),
    Case("name_unicode", "vidéo été 名前 🎬 it's.mp4", V + A, [*X264, "-c:a", "aac"], Video((320, 240), 1), Audio(1)),
]

CASES: list[Case] = EVERYDAY + UNCOMMON + MISLEADING
