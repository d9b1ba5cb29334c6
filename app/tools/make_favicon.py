"""Writes static/favicon.ico (16x16 and 32x32, 32-bit BMP images) from the same drawing
as static/favicon.svg: a rounded square and three bars. Standard library only; run once
and commit the result:  python tools/make_favicon.py"""

import struct
from pathlib import Path

BRAND, GREEN, AMBER, WHITE = (0x1F, 0x3A, 0x5F), (0x9F, 0xD3, 0xB0), (0xF0, 0xC2, 0x7A), (0xFF, 0xFF, 0xFF)
# The SVG's shapes on its 32-unit grid: (x, y, width, height, colour).
BARS = [(6, 17, 5, 9, GREEN), (13.5, 11, 5, 15, AMBER), (21, 6, 5, 20, WHITE)]
RADIUS = 6


def pixel(size, px, py):
    """RGBA of one pixel, sampled at its centre on the 32-unit grid."""
    x, y = (px + 0.5) * 32 / size, (py + 0.5) * 32 / size
    cx, cy = min(max(x, RADIUS), 32 - RADIUS), min(max(y, RADIUS), 32 - RADIUS)
    if (x - cx) ** 2 + (y - cy) ** 2 > RADIUS ** 2:
        return (0, 0, 0, 0)  # outside the rounded corner
    for bx, by, bw, bh, colour in BARS:
        if bx <= x < bx + bw and by <= y < by + bh:
            return (*colour, 255)
    return (*BRAND, 255)


def bmp(size):
    """A DIB as ICO wants it: double height in the header, rows bottom-up in BGRA, then the AND mask."""
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for py in reversed(range(size)):
        rows.append(b"".join(bytes((b, g, r, a)) for r, g, b, a in (pixel(size, px, py) for px in range(size))))
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + b"\0" * mask_row * size


def ico(sizes=(16, 32)):
    images = [bmp(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"
    target.write_bytes(ico())
    print(target, target.stat().st_size, "bytes")
