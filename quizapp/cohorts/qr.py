"""QR codes of join links, as SVG (segno; no Flask, no database)."""

from __future__ import annotations

import io

import segno

__all__ = ["qr_svg"]


def qr_svg(url: str, *, title: str, scale: int = 8) -> bytes:
    """A standalone SVG document of ``url`` as a QR code with a white background and a title.

    Error correction "M" survives a smudged projector or a phone at an angle; the white quiet zone
    keeps it scannable on dark slides.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", boost_error=False).save(
        buffer,
        kind="svg",
        scale=scale,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        desc=f"QR code for {url}",
        svgclass="qr",
        lineclass=None,
        omitsize=True,
    )
    return buffer.getvalue()
