"""Turn OCR text blocks (text + quadrilateral) into reading-order lines for ``extract_contact``.

The detector may cut one printed line into several blocks at wide spaces
(``Mobile: +44 20 4091`` | ``6356``, ``Blue Ocean`` | ``Trading Ltd``).  Contact
rules read a label and its value, or a phone number, as one line, so blocks
that sit on the same row and close together are joined with a space.  Blocks
far apart on a row (two columns: sender | receiver) stay separate lines. Rows follow the
blocks' reading direction, so a label photographed sideways or upside down reads in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# Join two blocks of one row when the horizontal gap is at most this many line heights.
MAX_GAP_IN_HEIGHTS = 2.0
# Two blocks share a row when their vertical overlap is at least this share of the lower block height.
MIN_ROW_OVERLAP = 0.5


@dataclass
class _Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def _box(text: str, quad: np.ndarray) -> _Box:
    xs, ys = quad[:, 0], quad[:, 1]
    return _Box(text, float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def _upright(quads: list[np.ndarray]) -> list[np.ndarray]:
    """Quads turned so that the page's reading direction runs left to right.

    A quad's first edge (corner 0 -> 1) follows its reading direction, also on a page photographed
    sideways or upside down (the pipeline straightens the crops but reports boxes in the original
    image). Rows are grouped in the frame of the median reading direction.
    """
    if not quads:
        return quads
    angles = [np.arctan2(q[1, 1] - q[0, 1], q[1, 0] - q[0, 0]) for q in quads]
    angle = float(np.angle(np.median(np.cos(angles)) + 1j * np.median(np.sin(angles))))
    if abs(angle) < np.deg2rad(20):
        return quads
    c, s = np.cos(-angle), np.sin(-angle)
    rot = np.array([[c, -s], [s, c]])
    return [q @ rot.T for q in quads]


def _same_row(a: _Box, b: _Box) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap >= MIN_ROW_OVERLAP * min(a.height, b.height)


def blocks_to_lines(blocks: Iterable[tuple[str, Iterable[Sequence[float]]]]) -> list[str]:
    """Group (text, quad) blocks into rows, top to bottom, and join close neighbours left to right."""
    kept = [(text, np.asarray(quad, dtype=np.float64).reshape(4, 2)) for text, quad in blocks if text and text.strip()]
    quads = _upright([q for _, q in kept])
    boxes = [_box(text, quad) for (text, _), quad in zip(kept, quads, strict=True)]
    boxes.sort(key=lambda b: ((b.y0 + b.y1) / 2, b.x0))
    rows: list[list[_Box]] = []
    for box in boxes:
        for row in reversed(rows[-3:]):
            if _same_row(row[0], box):
                row.append(box)
                break
        else:
            rows.append([box])
    lines: list[str] = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        current = [row[0]]
        for box in row[1:]:
            prev = current[-1]
            if box.x0 - prev.x1 <= MAX_GAP_IN_HEIGHTS * min(prev.height, box.height):
                current.append(box)
            else:
                lines.append(" ".join(b.text.strip() for b in current))
                current = [box]
        lines.append(" ".join(b.text.strip() for b in current))
    return lines
