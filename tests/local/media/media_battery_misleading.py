"""Files that mislead: choosing, naming and promising.

Sound alone under the silent-MP4 job (the export must be refused, not a file
with sound), a cover or thumbnail stored before the real video, H.264 with
B-frames in an AVI (no presentation times in the container), stream captures
that start inside a frame, pictures and sounds of types the API does not take
hidden behind an accepted name (the refusal must say what the file really is),
names in other scripts and of more than 255 bytes (shown exactly, stored
safely), and damaged sources delivered with a note.
"""

from __future__ import annotations

from media_kinds import NO_SOUND, SOUND_ONLY, X264, A, Audio, Case, Says, V, Video, unsupported

__all__ = ["MISLEADING"]

AAC = ["-c:a", "aac"]
BFRAMES = ["-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-pix_fmt", "yuv420p"]
NO_TAG_MP3 = ["-c:a", "libmp3lame", "-b:a", "128k", "-id3v2_version", "0", "-write_xing", "0"]
ONE_FRAME = ["-frames:v", "1"]
SAVE_PICTURE = Says(unsupported("Save it as JPG or PNG first, then upload that. "))


def really(kind: str, ext: str, save_as: str) -> Says:
    """The refusal of a file whose content is another type than its name says (sniffed, not guessed)."""
    article = "an" if kind[0] in "AEFHILMNORSX" and kind != "FLAC" else "a"  # "an AVIF", "an FLV", "a FLAC"
    ext_article = "an" if ext[0] in "AEFHILMNORSX" else "a"
    noun = "image" if save_as == "JPG or PNG" else "file"
    return Says(
        f"'{{name}}' is really {article} {kind} {noun}, not {ext_article} {ext} file. "
        f"Save it as {save_as} first, then upload that."
    )


CHINESE_TITLE = ("我们一起去看海边的日出吧这是一段很长的旅行视频记录" * 4)[:94] + ".mp4"  # 286 bytes
LONG_LATIN = "Family holiday in Brittany " * 9 + "final cut.mp4"  # 256 characters: one byte each

MISLEADING: list[Case] = [
    # sound alone: the silent MP4's promise cannot be kept
    Case("mov_audio_only", "Voice Memo.mov", A, AAC, Says(SOUND_ONLY), Audio(1)),
    Case("avi_audio_only", "recording.avi", A, ["-c:a", "libmp3lame"], Says(SOUND_ONLY), Audio(1)),
    Case("mkv_audio_only", "soundtrack.mkv", A, ["-c:a", "flac"], Says(SOUND_ONLY), Audio(1)),
    Case("wav_float", "daw bounce.wav", A, ["-c:a", "pcm_f32le"], Says(SOUND_ONLY), Audio(1)),
    Case("mp3_mono_22k", "podcast 64k.mp3", A, ["-c:a", "libmp3lame", "-b:a", "64k"], Says(SOUND_ONLY),
         Audio(1, channels=1), ar=22050),
    # a cover or thumbnail before the real video (the real one flagged default)
    Case("mkv_cover_track_first", "download.mkv", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1),
         finish="coverfirst:mjpeg"),
    Case("mkv_h264_cover_track_first", "movie download.mkv", V + A, [*X264, *AAC], Video((320, 240), 1),
         Audio(1), finish="coverfirst:h264"),
    Case("mp4_h264_cover_track_first", "video with cover.mp4", V + A, [*X264, *AAC], Video((320, 240), 1),
         Audio(1), finish="coverfirst:h264"),
    Case("mov_thumbnail_track_first", "clip with thumbnail.mov", V + A, [*X264, *AAC], Video((320, 240), 1),
         Audio(1), finish="coverfirst:mjpeg"),
    # frames out of display order in a container without presentation times
    Case("avi_h264_bframes", "camera h264.avi", V + A, [*BFRAMES, "-c:a", "libmp3lame"],
         Video((320, 240), 2, reordered=True), Audio(2), seconds=2),
    Case("avi_h264_bframes_pcm", "dashcam h264.avi", V + A, [*BFRAMES, "-c:a", "pcm_s16le"],
         Video((320, 240), 2, reordered=True), Audio(2), seconds=2),
    Case("avi_h264_bframes_silent", "screen h264.avi", V, BFRAMES, Video((320, 240), 2, reordered=True),
         Says(NO_SOUND), seconds=2),
    # stream captures: no tag, the first frame cut or noise before it
    Case("mp3_midframe_capture", "radio capture.mp3", A, NO_TAG_MP3, Says(SOUND_ONLY), Audio(2), seconds=2,
         finish="midframe:200"),
    Case("mp3_noise_before_frames", "recorded stream.mp3", A, NO_TAG_MP3, Says(SOUND_ONLY), Audio(2), seconds=2,
         finish="junk:700"),
    Case("aac_adts_midframe", "stream capture.aac", A, [*AAC, "-f", "adts"], Says(SOUND_ONLY), Audio(2),
         seconds=2, finish="midframe:150"),
    # pictures and sounds the API does not take, behind an accepted name: say what they really are
    Case("avif_named_jpg", "photo.jpg", V, [*ONE_FRAME, "-c:v", "libsvtav1", "-svtav1-params", "log-level=0",
         "-f", "avif"], really("AVIF", "JPG", "JPG or PNG"), really("AVIF", "JPG", "JPG or PNG")),
    Case("jxl_named_jpg", "export.jpg", V, [*ONE_FRAME, "-c:v", "libjxl", "-f", "image2"],
         really("JPEG XL", "JPG", "JPG or PNG"), really("JPEG XL", "JPG", "JPG or PNG")),
    Case("bmp_named_jpg", "scan.jpg", V, [*ONE_FRAME, "-c:v", "bmp", "-f", "image2"],
         really("BMP", "JPG", "JPG or PNG"), really("BMP", "JPG", "JPG or PNG")),
    Case("tiff_named_png", "figure.png", V, [*ONE_FRAME, "-c:v", "tiff", "-f", "image2"],
         really("TIFF", "PNG", "JPG or PNG"), really("TIFF", "PNG", "JPG or PNG")),
    Case("flac_named_mp3", "song.mp3", A, ["-c:a", "flac", "-f", "flac"], really("FLAC", "MP3", "MP3 or WAV"),
         really("FLAC", "MP3", "MP3 or WAV")),
    Case("ogg_named_mp3", "track.mp3", A, ["-c:a", "libvorbis", "-f", "ogg"], really("OGG", "MP3", "MP3 or WAV"),
         really("OGG", "MP3", "MP3 or WAV")),
    Case("flv_named_mp4", "stream.mp4", V + A, ["-c:v", "flv", "-c:a", "libmp3lame", "-f", "flv"],
         really("FLV", "MP4", "MP4"), really("FLV", "MP4", "MP4")),
    Case("ts_named_mp4", "broadcast.mp4", V + A, [*X264, *AAC, "-f", "mpegts"], really("MPEG-TS", "MP4", "MP4"),
         really("MPEG-TS", "MP4", "MP4")),
    Case("avif_file", "photo.avif", V, [*ONE_FRAME, "-c:v", "libsvtav1", "-svtav1-params", "log-level=0"],
         SAVE_PICTURE, SAVE_PICTURE),
    # accepted types behind another accepted name: read by content
    Case("webp_named_jpg", "download.jpg", V, [*ONE_FRAME, "-c:v", "libwebp", "-f", "webp"], Video((320, 240), 1),
         Says(NO_SOUND)),
    Case("gif_named_jpg", "reaction.jpg", V, ["-f", "gif"], Video((320, 240), 1.5), Says(NO_SOUND), rate=10,
         seconds=1.5),
    # names: shown exactly as given, stored and delivered under a safe name
    Case("name_chinese_94", "long title.mp4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1),
         sent_as=CHINESE_TITLE),
    Case("name_latin_256", "long latin.mp4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1),
         sent_as=LONG_LATIN),
    Case("name_persian_zwnj", "می\u200cخواهم این ویدیو را ببینم.mp4", V + A, [*X264, *AAC], Video((320, 240), 1),
         Audio(1)),
    Case("name_emoji_family_zwj", "\U0001f468\u200d\U0001f469\u200d\U0001f467 family trip.mp4", V + A,
         [*X264, *AAC], Video((320, 240), 1), Audio(1)),
    Case("name_macos_screenshot", "Screen Recording 2024-01-05 at 10.22.31\u202fAM.mov", V + A, [*X264, *AAC],
         Video((320, 240), 1), Audio(1)),
    Case("name_hindi_zwj", "नमस्ते क्\u200dष वीडियो.mp4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1)),
    Case("name_nfd_accents", "vide\u0301o de\u0301cembre.mp4", V + A, [*X264, *AAC], Video((320, 240), 1),
         Audio(1)),
    Case("name_arabic_rlm", "فيديو\u200f 2024 النهائي.mp4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1)),
    # damaged sources: delivered with a note saying what was lost
    Case("truncated_faststart_tail", "almost done.mp4", V + A, [*X264, *AAC, "-movflags", "+faststart"],
         Video((320, 240), 5.7, note="damaged"), Audio(5.7, note="damaged"), seconds=6, finish="cut:95"),
    Case("scribbled_middle", "damaged copy.mp4", V + A, [*X264, *AAC, "-movflags", "+faststart"],
         Video((320, 240), 4, note="damaged"), Audio(4, note="damaged"), seconds=4, finish="scribble:50",
         declined="only a full decode of every upload finds it (its index is whole): not worth its cost"),
]  # fmt: skip
