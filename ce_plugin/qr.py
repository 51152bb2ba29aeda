"""QR codes as inline SVG, drawn here (nothing fetched): statements' verification links, check-in screens."""
from django.utils.safestring import mark_safe


def qr_svg(url: str, scale: int = 2) -> str:
    """``url`` as an inline SVG QR code ("" for no URL); the SVG scales to its box."""
    if not url:
        return ""
    import segno  # pylint: disable=import-outside-toplevel
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, omitsize=True))  # noqa: S308 (generated SVG)
