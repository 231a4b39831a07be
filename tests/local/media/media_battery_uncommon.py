"""The less common classes of file real users bring (the battery's second set; before-fix figures: docs/performance.md).

Phones (EXIF-rotated photos, clips turned 180/270 degrees, portrait HEVC with
a timecode track, full-range H.264, 120 fps slow motion, upper-case names),
cameras and discs (DV AVI: interlaced and anamorphic; a DVD rip: MPEG-2
interlaced 16:9 with 5.1 AC-3), the web (an odd-sized tab recording, an old
VP8/Vorbis WebM, a voice message that is a WebM with sound only, a download
with its thumbnail attached, an MKV with fonts and a cover), music (5.1 and
7.1, an 8 kHz phone call, FLAC in MKV, ALAC, covers), edits (a copy-cut with
an edit list, sound starting late or before zero, an empty audio track, two
video streams, a one-frame clip), names that lie about the content, and the
types the API does not take (FLAC, OGG, Opus, WMA, WMV, FLV, MPEG-TS, 3GP).
"""

from __future__ import annotations

from media_kinds import NO_SOUND, SOUND_ONLY, X264, A, Audio, Case, Says, V, Video, unsupported

__all__ = ["EMPTY_SOUND", "UNCOMMON"]

AAC = ["-c:a", "aac"]
HEVC = ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1"]
HEVC += ["-pix_fmt", "yuv420p"]
SURROUND_51 = ["-af", "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0"]
SURROUND_71 = ["-af", "pan=7.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0|c6=c0|c7=c0"]
#: Moving detail that ffmpeg's idet reads reliably (testsrc2's fine lines look interlaced to it).
FIELDS_SOURCE = ["-f", "lavfi", "-i", "mandelbrot=size={size}:rate={rate}"]
SECOND_CAMERA = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25"]
NO_SAMPLES = ["-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo"]
EMPTY_SOUND = (
    "There is no sound to export as MP3: the audio track of the clip on the timeline is empty. "
    "Upload a clip with sound, or export the video as MP4."
)
LATE = ["-itsoffset", "0.5"]
EARLY = ["-itsoffset", "-0.3"]
#: Types people bring that the API does not take: the sentence says what to save them as first.
SAVE_SOUND = Says(unsupported("Save it as MP3 or WAV first, then upload that. "))
SAVE_VIDEO = Says(unsupported("Save it as MP4 first, then upload that. "))
SAVE_PICTURE = Says(unsupported("Save it as JPG or PNG first, then upload that. "))

UNCOMMON: list[Case] = [
    # phones
    Case("h264_rotated_180", "upside down.mp4", V + A, [*X264, *AAC], Video((320, 240), 1, rotation=180), Audio(1),
         finish="rotate:180"),
    Case("h264_rotated_270", "sideways.mp4", V + A, [*X264, *AAC], Video((240, 320), 1, rotation=270), Audio(1),
         finish="rotate:270"),
    Case("hevc_rotated_180", "flipped.mov", V + A, [*HEVC, *AAC], Video((320, 240), 1), Audio(1), finish="rotate:180"),
    Case("hevc_portrait_timecode_mov", "IMG_0003.mov", V + A, [*HEVC, *AAC, "-timecode", "01:00:00:00"],
         Video((1080, 1920), 1), Audio(1), size="1080x1920", rate=5),
    Case("jpg_exif_rotated", "IMG_20240101_1200.jpg", V, ["-frames:v", "1", "-q:v", "5"], Video((300, 400), 1),
         Says(NO_SOUND), size="400x300", finish="exif:6"),
    Case("jpg_exif_upside_down", "upside down.jpg", V, ["-frames:v", "1", "-q:v", "5"], Video((400, 300), 1),
         Says(NO_SOUND), size="400x300", finish="exif:3"),
    Case("jpg_exif_rotated_left", "IMG_20240102_0800.jpg", V, ["-frames:v", "1", "-q:v", "5"],
         Video((300, 400), 1), Says(NO_SOUND), size="400x300", finish="exif:8"),
    Case("jpg_12mp_exif_rotated", "PXL_20240103.jpg", V, ["-frames:v", "1", "-q:v", "8"], Video((1080, 1440), 1),
         Says(NO_SOUND), size="4032x3024", finish="exif:6"),
    Case("h264_full_range", "android full range.mp4", V + A,
         ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuvj420p", *AAC],
         Video((320, 240), 1, pix_fmt="yuvj420p"), Audio(1)),
    Case("h264_120fps", "slowmo.mp4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1), rate=120),
    Case("upper_case_mp4", "VID_20240101_120000.MP4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1)),
    Case("upper_case_jpg", "DSC_0001.JPG", V, ["-frames:v", "1"], Video((320, 240), 1), Says(NO_SOUND)),
    Case("hevc_10bit_hlg", "IMG_0004 HDR.mov", V + A,
         ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
          "-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020", "-color_trc", "arib-std-b67",
          "-colorspace", "bt2020nc", *AAC],
         Video((320, 240), 1), Audio(1)),
    Case("gopro_timecode_mp4", "GOPR0001.MP4", V + A, [*X264, *AAC, "-timecode", "00:00:00:00"],
         Video((320, 240), 1), Audio(1)),
    # cameras and discs
    Case("camera_mjpeg_mov", "MVI_0042.MOV", V + A, ["-c:v", "mjpeg", "-q:v", "5", "-c:a", "pcm_s16le"],
         Video((320, 240), 1), Audio(1)),
    Case("dv_avi_interlaced", "camcorder.avi", FIELDS_SOURCE + A,
         ["-vf", "interlace=scan=bff,setsar=8/9", "-c:v", "dvvideo", "-pix_fmt", "yuv411p", "-c:a", "pcm_s16le"],
         Video((640, 480), 1, progressive=True), Audio(1, rate=48000), size="720x480", rate="60000/1001", ar=48000),
    Case("dvd_mpeg2_mkv_51", "DVD rip.mkv", FIELDS_SOURCE + A,
         ["-vf", "interlace=scan=tff,setsar=64/45", "-c:v", "mpeg2video", "-q:v", "5", "-flags", "+ildct+ilme",
          *SURROUND_51, "-c:a", "ac3"],
         Video((1024, 576), 1, progressive=True), Audio(1, rate=48000, channels=2), size="720x576", rate=50,
         ar=48000),
    Case("ffv1_archive_mkv", "archive.mkv", V + A, ["-c:v", "ffv1", "-c:a", "pcm_s24le"], Video((320, 240), 1),
         Audio(1)),
    Case("mov_big_endian_pcm", "final cut.mov", V + A, [*X264, "-c:a", "pcm_s16be"], Video((320, 240), 1), Audio(1)),
    Case("h264_anamorphic", "widescreen sd.mp4", V + A, ["-vf", "setsar=32/27", *X264, *AAC], Video((853, 480), 1),
         Audio(1), size="720x480"),
    # the web
    Case("vp8_odd_size", "tab recording.webm", V + A,
         ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"],
         Video((640, 360), 1), Audio(1, rate=48000), size="641x361"),
    Case("vp8_vorbis_webm", "old upload.webm", V + A,
         ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libvorbis"],
         Video((320, 240), 1), Audio(1)),
    Case("av1_webm", "new upload.webm", V + A,
         ["-c:v", "libsvtav1", "-preset", "12", "-svtav1-params", "log-level=0", "-c:a", "libopus"],
         Video((320, 240), 1), Audio(1, rate=48000)),
    Case("mp4_h264_opus_chrome", "meet recording.mp4", V + A, [*X264, "-c:a", "libopus"], Video((320, 240), 1),
         Audio(1, rate=48000), ar=48000),
    Case("fragmented_mp4", "safari recording.mp4", V + A,
         [*X264, *AAC, "-movflags", "frag_keyframe+empty_moov+default_base_moof"], Video((320, 240), 1), Audio(1)),
    Case("audio_only_mp4", "song download.mp4", A, AAC, Says(SOUND_ONLY), Audio(1)),
    Case("apng_named_png", "sticker.png", V, ["-plays", "0", "-f", "apng"], Video((320, 240), 1.5), Says(NO_SOUND),
         rate=10, seconds=1.5),
    Case("webm_opus_voice", "voice message.webm", A, ["-c:a", "libopus"], Says(SOUND_ONLY), Audio(1, rate=48000),
         ar=48000),
    Case("mp4_with_thumbnail", "downloaded.mp4", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1),
         finish="cover:1"),
    Case("mkv_fonts_cover", "episode 01.mkv", V + A, [*X264, *AAC], Video((320, 240), 1), Audio(1), finish="fonts"),
    # music and sound
    Case("aac_51_m4a", "surround.m4a", A, [*SURROUND_51, *AAC], Says(SOUND_ONLY), Audio(1, rate=48000, channels=2),
         ar=48000),
    Case("wav_71_24bit", "studio 7.1.wav", A, [*SURROUND_71, "-c:a", "pcm_s24le"], Says(SOUND_ONLY),
         Audio(1, rate=48000, channels=2), ar=48000),
    Case("wav_mono_8k", "phone call.wav", A, ["-c:a", "pcm_s16le"], Says(SOUND_ONLY),
         Audio(1, rate=48000, channels=1), ar=8000),
    Case("wav_rf64", "field recorder.wav", A, ["-c:a", "pcm_s24le", "-rf64", "always"], Says(SOUND_ONLY),
         Audio(1, rate=48000), ar=48000),
    Case("mkv_h264_flac", "concert.mkv", V + A, [*X264, "-c:a", "flac"], Video((320, 240), 1), Audio(1)),
    Case("m4a_alac", "lossless.m4a", A, ["-c:a", "alac"], Says(SOUND_ONLY), Audio(1)),
    Case("mp3_cover_art", "album track.mp3", A, ["-c:a", "libmp3lame", "-b:a", "192k"], Says(SOUND_ONLY), Audio(1),
         finish="cover:0"),
    Case("m4a_cover_art", "audiobook.m4a", A, AAC, Says(SOUND_ONLY), Audio(1), finish="cover:0"),
    # edits
    Case("avi_cut_short", "camera died.avi", V + A, ["-c:v", "mjpeg", "-q:v", "5", "-c:a", "pcm_s16le"],
         Video((320, 240), 1.0), Audio(1.0), seconds=2, finish="cut"),  # no index: read as far as it goes
    Case("copy_cut_edit_list", "trimmed.mp4", V + A, [*X264, *AAC], Video((320, 240), 1.7), Audio(1.7), seconds=3,
         finish="copycut:1.3"),
    Case("audio_starts_late", "late sound.mp4", V + LATE + A, ["-map", "0:v", "-map", "1:a", *X264, *AAC],
         Video((320, 240), 1.5), Audio(1.5, lead_silence=0.5), seconds=1.5),
    Case("audio_starts_before_zero", "obs recording.mkv", V + EARLY + A,
         ["-map", "0:v", "-map", "1:a", *X264, "-c:a", "libopus", "-avoid_negative_ts", "disabled"],
         Video((320, 240), 1), Audio(1, rate=48000), ar=48000),
    Case("empty_audio_track", "screen capture.mkv", V + NO_SAMPLES,
         ["-map", "0:v", "-map", "1:a", *X264, *AAC, "-af", "atrim=end=0"], Video((320, 240), 1), Says(EMPTY_SOUND)),
    Case("two_video_streams", "dual camera.mp4", V + SECOND_CAMERA + A,
         ["-map", "0:v", "-map", "1:v", "-map", "2:a", *X264, *AAC], Video((320, 240), 1), Audio(1)),
    Case("one_frame_clip", "blink.mp4", V + A, [*X264, *AAC], Video((320, 240), 0.04), Audio(0.05), seconds=0.04),
    Case("very_short_clip", "tap.mp4", V + A, [*X264, *AAC], Video((320, 240), 0.05), Audio(0.05), rate=60,
         seconds=0.05),
    # names that lie
    Case("mp4_named_mov", "export.mov", V + A, [*X264, *AAC, "-f", "mp4"], Video((320, 240), 1), Audio(1)),
    Case("mkv_named_mp4", "download.mp4", V + A, [*X264, *AAC, "-f", "matroska"], Video((320, 240), 1), Audio(1)),
    Case("jpeg_named_png", "image.png", V, ["-frames:v", "1", "-c:v", "mjpeg", "-f", "image2"], Video((320, 240), 1),
         Says(NO_SOUND)),
    Case("m4a_named_mp3", "podcast.mp3", A, [*AAC, "-f", "ipod"], Says(SOUND_ONLY), Audio(1)),
    # types the API does not take: refused before anything is sent
    Case("flac", "song.flac", A, ["-c:a", "flac"], SAVE_SOUND, SAVE_SOUND),
    Case("ogg_vorbis", "track.ogg", A, ["-c:a", "libvorbis"], SAVE_SOUND, SAVE_SOUND),
    Case("opus_file", "voice.opus", A, ["-c:a", "libopus"], SAVE_SOUND, SAVE_SOUND, ar=48000),
    Case("wma_asf", "old song.wma", A, ["-c:a", "wmav2", "-f", "asf"], SAVE_SOUND, SAVE_SOUND),
    Case("wmv", "presentation.wmv", V + A, ["-c:v", "wmv2", "-c:a", "wmav2"], SAVE_VIDEO, SAVE_VIDEO),
    Case("flv", "stream.flv", V + A, ["-c:v", "flv", "-c:a", "libmp3lame"], SAVE_VIDEO, SAVE_VIDEO),
    Case("mpeg_ts", "broadcast.ts", V + A, [*X264, *AAC], SAVE_VIDEO, SAVE_VIDEO),
    Case("bmp_screenshot", "screenshot.bmp", V, ["-frames:v", "1"], SAVE_PICTURE, SAVE_PICTURE),
    Case("tiff_scan", "scan.tiff", V, ["-frames:v", "1"], SAVE_PICTURE, SAVE_PICTURE),
    Case("three_gp", "old phone.3gp", V + A, ["-c:v", "h263", *AAC], SAVE_VIDEO, SAVE_VIDEO, size="176x144"),
]  # fmt: skip
