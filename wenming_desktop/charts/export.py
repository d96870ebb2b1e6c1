"""Charts to files: PNG at print resolution, drawn exactly as in the 统计报表."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics import renderPDF

from wenming_desktop.charts.drawing import chart_drawing
from wenming_desktop.charts.spec import ChartSpec
from wenming_desktop.errors import UserError
from wenming_desktop.files import atomic_output
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.reports.render import save_png

DEFAULT_SIZE = (2400, 1500)  # 8 × 5 inches at 300 dpi
MAX_PIXELS = 8000


def write_chart_png(
    spec: ChartSpec,
    target: Path,
    size: tuple[int, int] = DEFAULT_SIZE,
    fonts: FontSet | None = None,
) -> Path:
    width, height = size
    if not (200 <= width <= MAX_PIXELS and 150 <= height <= MAX_PIXELS):
        raise UserError(f"图片尺寸应在 200×150 到 {MAX_PIXELS}×{MAX_PIXELS} 像素之间。")
    fonts = fonts or resolve_fonts()
    # Keep the requested shape: the drawing is 400 points wide.
    drawing = chart_drawing(spec, fonts, 400, 400 * height / width)
    pdf = renderPDF.drawToString(drawing)
    with atomic_output(target, suffixes=(".png",), what="图表") as temp:
        save_png(pdf, temp, width, height)
    return target
