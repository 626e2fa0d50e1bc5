"""A display showing an image, as light: pixels made of red, green and blue sub-pixels.

Each display pixel emits its three values through sub-pixel apertures separated by the black
matrix: an RGB (or BGR) vertical stripe as on LCD monitors and laptops, or a PenTile diamond as on
OLED phones (green in every pixel, red and blue on alternate pixels of a checkerboard). The
emission is evaluated where the camera looks (:func:`emission` takes each scene sample's display
coordinates), so the camera's own sampling of the sub-pixel grid makes the moiré. The display's
white point (cool or warm), its black level (an LCD's backlight leaks, an OLED's does not) and its
brightness falloff with viewing angle come with it. The pitch that matters, the display pixel's
period in camera pixels, is drawn by split: the middle band is held out of tuning.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A display pixel's period as the camera sees it (camera px): the middle band is held out.
SCREEN_PITCH: dict[str, tuple[tuple[float, float], ...]] = {
    "tuned": ((0.8, 1.35), (2.3, 4.0)),
    "heldout": ((1.35, 2.3),),
}
LAYOUTS = ("rgb_stripe", "bgr_stripe", "pentile")


@dataclass(frozen=True)
class DisplaySettings:
    """One display's drawn parameters."""

    layout: str  # one of LAYOUTS
    transposed: bool  # sub-pixels stacked vertically (a phone turned sideways)
    fill_x: float  # sub-pixel aperture across (share of its third of the pixel)
    fill_y: float  # sub-pixel aperture along (share of the pixel)
    white: tuple[float, float, float]  # white point gains, BGR
    black: float  # black level (share of white)
    level: float  # the display's white relative to a white paper under the room's light
    falloff: float  # brightness lost across the display with viewing angle

    @classmethod
    def draw(cls, rng: np.random.Generator) -> DisplaySettings:
        layout = str(rng.choice(LAYOUTS, p=[0.45, 0.1, 0.45]))
        cool = float(rng.uniform(-0.12, 0.15))  # > 0 bluish, < 0 warm ("night mode")
        white = (1.0 + max(cool, 0) * 0.3, 1.0 - abs(cool) * 0.2, 1.0 - max(cool, 0) + max(-cool, 0) * 0.3)
        black = 0.0 if layout == "pentile" else float(rng.uniform(0.005, 0.05))
        return cls(layout, bool(rng.random() < 0.3), float(rng.uniform(0.55, 0.9)), float(rng.uniform(0.65, 0.95)),
                   white, black, float(rng.uniform(0.7, 1.8)), float(rng.uniform(0.0, 0.3)))


def _masks(fu: np.ndarray, fv: np.ndarray, parity: np.ndarray | None, st: DisplaySettings) -> list[np.ndarray]:
    """The B, G and R apertures (each normalised to a mean of 1 over a pixel) at fractional pixel
    coordinates ``fu`` (across the stripes) and ``fv``; ``parity`` the checkerboard for PenTile."""
    if st.layout == "pentile":
        rb = (np.abs(fu - 0.3) + np.abs(fv - 0.5)) < 0.3 * (st.fill_x + 0.3)  # the large red / blue diamond
        g = ((fu - 0.78) ** 2 + (fv - 0.5) ** 2) < (0.17 * st.fill_y) ** 2  # the small green one
        rb_area = np.float32(2 * (0.3 * (st.fill_x + 0.3)) ** 2)
        g_area = np.float32(np.pi * (0.17 * st.fill_y) ** 2)
        assert parity is not None
        r = rb & parity
        b = rb & ~parity
        return [b.astype(np.float32) / (rb_area / 2), g.astype(np.float32) / g_area,
                r.astype(np.float32) / (rb_area / 2)]
    third = np.floor(fu * 3).astype(np.int8)  # which sub-pixel column
    inside = ((fu * 3 - third) < st.fill_x) & (fv < st.fill_y)
    area = np.float32(st.fill_x / 3 * st.fill_y)
    order = (2, 1, 0) if st.layout == "rgb_stripe" else (0, 1, 2)  # column of B, G, R
    return [((third == order[c]) & inside).astype(np.float32) / area for c in range(3)]


def emission(display_lin: np.ndarray, u: np.ndarray, v: np.ndarray, st: DisplaySettings) -> np.ndarray:
    """Linear light (H, W, 3) the display sends towards scene samples at display coordinates
    ``u`` (x) and ``v`` (y) in display pixels; 0 off the display. ``display_lin``: its pixels'
    linear values (Dh, Dw, 3)."""
    dh, dw = display_lin.shape[:2]
    on = (u >= 0) & (v >= 0) & (u < dw) & (v < dh)
    iu, iv = np.floor(u), np.floor(v)
    vals = cv2.remap(display_lin.astype(np.float32), iu.astype(np.float32), iv.astype(np.float32), cv2.INTER_NEAREST,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=0)  # the pixel each sample falls in
    fu, fv = u - iu, v - iv
    parity = ((iu + iv).astype(np.int32) & 1) == 0 if st.layout == "pentile" else None
    del iu, iv
    if st.transposed:
        fu, fv = fv, fu
    masks = _masks(fu, fv, parity, st)
    angle = (st.level * (1 - st.falloff * np.clip(u / max(dw, 1), 0, 1)) * on).astype(np.float32)  # off-axis loss
    out = np.empty(u.shape + (3,), np.float32)
    for c in range(3):
        out[..., c] = (vals[..., c] * (1 - st.black) + st.black) * masks[c] * (st.white[c] * angle)
    return out


def layout_content(card_bgr: np.ndarray, card_px: float, fill: float, aspect: float, ui: float,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """What the display shows: the card (itself an earlier photo: JPEG once more) ``card_px``
    display pixels wide on an app's plain background (grey level ``ui``), the card ``fill`` of the
    display's width; the display is ``aspect`` (width / height) or tall enough for the card. Returns
    the display's pixels (linear) and the card's corners in display pixels."""
    cw = max(int(round(card_px)), 8)
    ch = max(int(round(card_px * card_bgr.shape[0] / card_bgr.shape[1])), 5)
    shown = cv2.resize(card_bgr, (cw, ch), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", shown, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 96))])
    shown = cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else shown
    dw = int(np.ceil(cw / fill))
    dh = max(int(np.ceil(dw / aspect)), ch + 4)
    disp = np.full((dh, dw, 3), ui, np.float32)
    x0, y0 = (dw - cw) // 2, int(rng.integers(2, max(dh - ch - 1, 3)))
    disp[y0:y0 + ch, x0:x0 + cw] = (shown.astype(np.float32) / 255) ** 2.2
    corners = np.array([[x0, y0], [x0 + cw, y0], [x0 + cw, y0 + ch], [x0, y0 + ch]], np.float64)
    return disp, corners
