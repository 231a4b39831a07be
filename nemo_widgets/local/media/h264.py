"""An H.264 sequence parameter set, read as far as the picture's size, format, scan and aspect (ITU-T H.264 7.3.2.1).

Only what the header reader (:mod:`nemo_widgets.local.media.headers`) needs
to give ffmpeg's answer without ffmpeg: the coded size after cropping, the
pixel format ffmpeg names, whether pictures are frames or fields, and the
sample aspect ratio of the VUI. Anything unusual (scaling matrices, 4:4:4
with separate planes) raises :class:`ValueError`, and ffmpeg is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SpsInfo", "read_sps"]

#: Profiles whose SPS carries chroma format and bit depths.
_HIGH_PROFILES = (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135)
#: aspect_ratio_idc 1-16 (Table E-1).
_SAR_TABLE = ((1, 1), (12, 11), (10, 11), (16, 11), (40, 33), (24, 11), (20, 11), (32, 11), (80, 33), (18, 11),
              (15, 11), (64, 33), (160, 99), (4, 3), (3, 2), (2, 1))  # fmt: skip
#: (chroma_format_idc, bit depth) -> ffmpeg's pixel format (full range: the ``yuvj`` names for 8 bits).
_PIX_FMTS = {(0, 8): "gray", (1, 8): "yuv420p", (2, 8): "yuv422p", (3, 8): "yuv444p", (1, 10): "yuv420p10le",
             (2, 10): "yuv422p10le", (3, 10): "yuv444p10le"}  # fmt: skip
_FULL_RANGE = {"yuv420p": "yuvj420p", "yuv422p": "yuvj422p", "yuv444p": "yuvj444p"}


@dataclass(frozen=True)
class SpsInfo:
    width: int
    height: int
    pix_fmt: str | None
    interlaced: bool
    sar: tuple[int, int]  # (0, 0): not given
    profile: str  # as ffmpeg names it ("Constrained Baseline", "High", ...)


class _Bits:
    """Big-endian bit reader over a NAL unit's payload (emulation prevention bytes removed)."""

    def __init__(self, data: bytes) -> None:
        self.data = data.replace(b"\x00\x00\x03", b"\x00\x00")
        self.at = 0

    def bit(self) -> int:
        byte = self.data[self.at >> 3]  # IndexError past the end: the caller's ValueError family
        value = (byte >> (7 - (self.at & 7))) & 1
        self.at += 1
        return value

    def bits(self, n: int) -> int:
        value = 0
        for _ in range(n):
            value = (value << 1) | self.bit()
        return value

    def ue(self) -> int:
        zeros = 0
        while not self.bit():
            zeros += 1
            if zeros > 31:
                raise ValueError("a bad Exp-Golomb code")
        return (1 << zeros) - 1 + self.bits(zeros)

    def se(self) -> int:
        value = self.ue()
        return (value + 1) // 2 if value & 1 else -(value // 2)


def read_sps(nal: bytes) -> SpsInfo:
    """The SPS in ``nal`` (with its one-byte NAL header); ValueError when it holds what this reader skips."""
    if not nal or nal[0] & 0x1F != 7:
        raise ValueError("not an SPS")
    r = _Bits(nal[1:])
    profile = r.bits(8)
    constraints = r.bits(8)
    r.bits(8)  # level
    profile_name = _profile_name(profile, constraints)
    r.ue()  # seq_parameter_set_id
    chroma, depth = 1, 8
    if profile in _HIGH_PROFILES:
        chroma = r.ue()
        if chroma == 3 and r.bit():
            raise ValueError("separate colour planes")
        depth, depth_chroma = r.ue() + 8, r.ue() + 8
        if depth != depth_chroma:
            raise ValueError("luma and chroma depths differ")
        r.bit()  # qpprime_y_zero_transform_bypass_flag
        if r.bit():
            raise ValueError("scaling matrices")
    _skip_frame_numbering(r)
    r.ue()  # max_num_ref_frames
    r.bit()  # gaps_in_frame_num_value_allowed_flag
    mbs_wide, map_units_high = r.ue() + 1, r.ue() + 1
    frames_only = r.bit()
    if not frames_only:
        r.bit()  # mb_adaptive_frame_field_flag
    r.bit()  # direct_8x8_inference_flag
    width, height = 16 * mbs_wide, 16 * map_units_high * (2 - frames_only)
    if r.bit():  # frame_cropping_flag
        left, right, top, bottom = r.ue(), r.ue(), r.ue(), r.ue()
        unit_x = 1 if chroma in (0, 3) else 2
        unit_y = (2 if chroma == 1 else 1) * (2 - frames_only)
        width, height = width - unit_x * (left + right), height - unit_y * (top + bottom)
    sar, full_range = _vui(r) if r.bit() else ((0, 0), False)
    pix_fmt = _PIX_FMTS.get((chroma, depth))
    if pix_fmt is not None and full_range:
        pix_fmt = _FULL_RANGE.get(pix_fmt)  # a full-range 10-bit name is not one ffmpeg shows: unsure
    return SpsInfo(width, height, pix_fmt, not frames_only, sar, profile_name)


#: ffmpeg's names of the H.264 profiles (libavcodec's profile table), by profile_idc.
_PROFILE_NAMES = {66: "Baseline", 77: "Main", 88: "Extended", 100: "High", 110: "High 10", 122: "High 4:2:2",
                  144: "High 4:4:4", 244: "High 4:4:4 Predictive", 44: "CAVLC 4:4:4"}  # fmt: skip


def _profile_name(profile: int, constraints: int) -> str:
    """The profile as ffmpeg shows it: a constrained Baseline (constraint_set1) and the Intra variants of the
    high profiles (constraint_set3) have names of their own. ValueError for a profile ffmpeg names otherwise."""
    name = _PROFILE_NAMES.get(profile)
    if name is None:
        raise ValueError("a profile this reader does not name")
    if profile == 66 and constraints & 0x40:
        return "Constrained Baseline"
    if profile in (110, 122, 244) and constraints & 0x10:
        return "High 4:4:4 Intra" if profile == 244 else f"{name} Intra"
    return name


def _skip_frame_numbering(r: _Bits) -> None:
    r.ue()  # log2_max_frame_num_minus4
    order_type = r.ue()
    if order_type == 0:
        r.ue()  # log2_max_pic_order_cnt_lsb_minus4
    elif order_type == 1:
        r.bit()
        r.se()
        r.se()
        for _ in range(r.ue()):
            r.se()


def _vui(r: _Bits) -> tuple[tuple[int, int], bool]:
    """(sample aspect ratio, full range) from the VUI's first fields."""
    sar = (0, 0)
    if r.bit():  # aspect_ratio_info_present_flag
        idc = r.bits(8)
        if idc == 255:
            sar = (r.bits(16), r.bits(16))
        elif 1 <= idc <= len(_SAR_TABLE):
            sar = _SAR_TABLE[idc - 1]
    if r.bit():  # overscan_info_present_flag
        r.bit()
    full_range = False
    if r.bit():  # video_signal_type_present_flag
        r.bits(3)
        full_range = bool(r.bit())
    return sar, full_range
