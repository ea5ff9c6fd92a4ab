"""PNG and JPEG: walked chunk by chunk and segment by segment; checksums, an end marker and
nothing after it (camera JPEGs may carry further JPEG streams), and a sane pixel count."""

from __future__ import annotations

import struct
import zlib

from django.utils.translation import gettext_lazy as _

from partnerskap.documents.validation.common import (
    MAX_IMAGE_PIXELS,
    UploadError,
    check_no_second_format,
    corrupt,
    polyglot,
)


def _pixels_ok(width: int, height: int, label: str) -> None:
    if width == 0 or height == 0:
        raise corrupt(label)
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadError(
            "image_too_large",
            _(
                "The image is %(width)d × %(height)d pixels; at most %(limit)d million pixels "
                "are accepted. Scale it down and upload it again."
            )
            % {"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
        )


def check_png(data: bytes) -> None:
    position, size = 8, len(data)
    first, seen_data, end = True, False, -1
    while position + 12 <= size:
        length, chunk_type = struct.unpack(">I4s", data[position : position + 8])
        body_end = position + 8 + length
        if length > 2**31 - 1 or body_end + 4 > size or not chunk_type.isalpha():
            raise corrupt("PNG")
        body = data[position + 8 : body_end]
        (crc,) = struct.unpack(">I", data[body_end : body_end + 4])
        if zlib.crc32(chunk_type + body) != crc:
            raise corrupt("PNG")
        if first:
            if chunk_type != b"IHDR" or length != 13:
                raise corrupt("PNG")
            width, height = struct.unpack(">II", body[:8])
            _pixels_ok(width, height, "PNG")
            first = False
        seen_data = seen_data or chunk_type == b"IDAT"
        position = body_end + 4
        if chunk_type == b"IEND":
            end = position
            break
    if end < 0 or not seen_data:
        raise corrupt("PNG")
    if end != size:
        raise polyglot("PNG")
    check_no_second_format(data, "PNG")


#: Start-of-frame markers (dimensions live here); C4, C8 and CC are other segments.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _jpeg_end(data: bytes, start: int) -> int:
    """The offset just after the EOI marker of the JPEG stream beginning at ``start``."""
    size, position = len(data), start + 2
    seen_frame = seen_scan = False
    while True:
        if position >= size or data[position] != 0xFF:
            raise corrupt("JPEG")
        while position < size and data[position] == 0xFF:
            position += 1
        if position >= size:
            raise corrupt("JPEG")
        marker = data[position]
        position += 1
        if marker == 0xD9:
            if not (seen_frame and seen_scan):
                raise corrupt("JPEG")
            return position
        if marker in _STANDALONE:
            continue
        if marker == 0x00 or position + 2 > size:
            raise corrupt("JPEG")
        (length,) = struct.unpack(">H", data[position : position + 2])
        if length < 2 or position + length > size:
            raise corrupt("JPEG")
        if marker in _SOF:
            if length < 8:
                raise corrupt("JPEG")
            height, width = struct.unpack(">HH", data[position + 3 : position + 7])
            _pixels_ok(width, height, "JPEG")
            seen_frame = True
        position += length
        if marker == 0xDA:
            seen_scan = True
            position = _after_scan(data, position)


def _after_scan(data: bytes, position: int) -> int:
    """Skip entropy-coded data: it runs until a marker other than a stuffed 00 or a restart."""
    size = len(data)
    while True:
        found = data.find(b"\xff", position)
        if found < 0 or found + 1 >= size:
            raise corrupt("JPEG")
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position = found + 2
            continue
        return found


def check_jpeg(data: bytes) -> None:
    end = _jpeg_end(data, 0)
    rest = data[end:]
    # Cameras append further JPEG streams (MPF previews); padding is harmless.
    while rest.startswith(b"\xff\xd8\xff"):
        end = _jpeg_end(data, end)
        rest = data[end:]
    if rest.strip(b"\x00\r\n\t "):
        raise polyglot("JPEG")
    check_no_second_format(data, "JPEG")
