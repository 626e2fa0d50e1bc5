"""A camera (and a flatbed scanner) that photographs a planar scene: lens, sensor, image processing.

The scene arrives as linear radiance on a grid ``SUPERSAMPLE`` times finer than the sensor's
pixels (see :mod:`scripts.synthesis.thaiid.captures`). The camera then does what a real one does,
in order: lens defocus (a Gaussian point-spread function), the sensor's pixel integration (a box
average over each pixel's area, which aliases whatever is finer than the pixel pitch into moiré),
a Bayer colour-filter mosaic with shot and read noise on the linear raw, demosaicing (bilinear or
edge-aware: colour fringes on fine patterns), a white-balance error, the tone curve and a
saturation boost, noise reduction, unsharp-mask sharpening and JPEG. Each profile below gives the
ranges one class of device draws from; the held-out profiles are never used to tune.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

SUPERSAMPLE = 2  # scene samples per sensor pixel along each axis


@dataclass(frozen=True)
class CameraProfile:
    """One class of capture device; every field is a (low, high) range drawn per capture."""

    name: str
    long_side: tuple[int, int]  # output image's long side (px)
    defocus: tuple[float, float]  # lens PSF sigma (sensor px)
    shot_noise: tuple[float, float]  # shot-noise scale: sigma = sqrt(k * signal) on the 0-1 raw
    read_noise: tuple[float, float]  # read-noise sigma on the 0-1 raw
    wb_error: tuple[float, float]  # largest relative white-balance error of the red and blue gains
    saturation: tuple[float, float]  # colour boost in the processing (1 = none)
    denoise: tuple[float, float]  # noise-reduction strength (bilateral sigma in grey levels; 0 = none)
    sharpen: tuple[float, float]  # unsharp-mask amount
    jpeg: tuple[int, int]  # JPEG quality
    edge_aware_demosaic: float = 0.5  # share of captures demosaiced edge-aware (else bilinear)


# Tuned profiles: the classifier is trained and tuned on captures from these.
TUNED_CAMERAS: tuple[CameraProfile, ...] = (
    CameraProfile("flagship", (1400, 1800), (0.4, 1.0), (0.0005, 0.002), (0.001, 0.004), (0.0, 0.04),
                  (1.0, 1.25), (0.0, 8.0), (0.2, 0.6), (85, 96)),
    CameraProfile("midrange", (1100, 1600), (0.5, 1.4), (0.002, 0.006), (0.003, 0.008), (0.0, 0.08),
                  (1.05, 1.35), (5.0, 20.0), (0.4, 1.0), (75, 92)),
    CameraProfile("webcam", (900, 1280), (0.8, 2.0), (0.004, 0.012), (0.005, 0.015), (0.03, 0.15),
                  (0.85, 1.15), (8.0, 25.0), (0.3, 0.9), (55, 80), 0.0),
    CameraProfile("budget", (1000, 1400), (0.6, 1.8), (0.008, 0.02), (0.01, 0.025), (0.05, 0.2),
                  (0.7, 1.1), (15.0, 35.0), (0.8, 1.6), (45, 75), 0.2),
)
# Held-out profiles: only ever measured, never tuned on.
HELDOUT_CAMERAS: tuple[CameraProfile, ...] = (
    CameraProfile("old_phone", (1000, 1500), (0.7, 1.6), (0.004, 0.012), (0.006, 0.015), (0.04, 0.18),
                  (1.1, 1.45), (3.0, 15.0), (1.0, 1.8), (60, 85), 0.0),
    CameraProfile("compact", (1300, 1800), (0.3, 0.9), (0.001, 0.004), (0.002, 0.006), (0.0, 0.06),
                  (0.95, 1.2), (0.0, 6.0), (0.1, 0.5), (88, 97), 1.0),
)


def _u(rng: np.random.Generator, r: tuple[float, float]) -> float:
    return float(rng.uniform(r[0], r[1]))


@dataclass(frozen=True)
class CameraSettings:
    """The values one capture drew from a :class:`CameraProfile`."""

    profile: str
    defocus: float
    shot_noise: float
    read_noise: float
    wb: tuple[float, float]  # red and blue gain errors (multipliers)
    saturation: float
    denoise: float
    sharpen: float
    jpeg: int
    edge_aware: bool

    @classmethod
    def draw(cls, p: CameraProfile, rng: np.random.Generator) -> CameraSettings:
        e = _u(rng, p.wb_error)
        return cls(p.name, _u(rng, p.defocus), _u(rng, p.shot_noise), _u(rng, p.read_noise),
                   (1 + float(rng.uniform(-e, e)), 1 + float(rng.uniform(-e, e))), _u(rng, p.saturation),
                   _u(rng, p.denoise), _u(rng, p.sharpen), int(rng.integers(p.jpeg[0], p.jpeg[1] + 1)),
                   bool(rng.random() < p.edge_aware_demosaic))


def srgb_to_linear(img: np.ndarray) -> np.ndarray:
    """8-bit sRGB-ish BGR to linear radiance in 0-1 (gamma 2.2)."""
    return (np.asarray(img, np.float32) / 255.0) ** 2.2


def expose(radiance: np.ndarray, cam: CameraSettings, rng: np.random.Generator) -> np.ndarray:
    """The supersampled linear ``radiance`` (H*S, W*S, 3; 1.0 = a white paper's exposure) as the
    camera's 8-bit BGR JPEG-decoded image (H, W, 3)."""
    s = SUPERSAMPLE
    f = cv2.GaussianBlur(radiance.astype(np.float32), (0, 0), max(cam.defocus * s, 0.3))
    h, w = f.shape[0] // s, f.shape[1] // s
    f = cv2.resize(f[: h * s, : w * s], (w, h), interpolation=cv2.INTER_AREA)  # pixel integration
    raw = _mosaic(np.clip(f, 0, None))
    raw = raw + rng.normal(0, 1, raw.shape).astype(np.float32) * np.sqrt(cam.shot_noise * raw + cam.read_noise ** 2)
    raw16 = (np.clip(raw, 0, 1) * 65535).astype(np.uint16)
    code = cv2.COLOR_BayerRG2BGR_EA if cam.edge_aware else cv2.COLOR_BayerRG2BGR
    lin = cv2.cvtColor(raw16, code).astype(np.float32) / 65535
    lin[..., 2] *= cam.wb[0]
    lin[..., 0] *= cam.wb[1]
    img = _tone(np.clip(lin, 0, 1))
    grey = img.mean(-1, keepdims=True)
    img = np.clip(grey + (img - grey) * cam.saturation, 0, 1)
    out = (img * 255).astype(np.float32)
    if cam.denoise > 0:
        out = cv2.bilateralFilter(out, 5, cam.denoise, 2.0)
    if cam.sharpen > 0:
        out = out + cam.sharpen * (out - cv2.GaussianBlur(out, (0, 0), 1.2))
    return jpeg(np.clip(out, 0, 255).astype(np.uint8), cam.jpeg)


def _mosaic(img: np.ndarray) -> np.ndarray:
    """A Bayer raw of a linear BGR image: blue at even rows and columns (OpenCV names this layout ``BayerRG``)."""
    raw = np.empty(img.shape[:2], np.float32)
    raw[0::2, 0::2] = img[0::2, 0::2, 0]  # B
    raw[0::2, 1::2] = img[0::2, 1::2, 1]  # G
    raw[1::2, 0::2] = img[1::2, 0::2, 1]  # G
    raw[1::2, 1::2] = img[1::2, 1::2, 2]  # R
    return raw


def _tone(lin: np.ndarray) -> np.ndarray:
    """sRGB-like gamma with a mild S-curve (phone processing), 0-1 in and out."""
    g = lin ** (1 / 2.2)
    return np.clip(g + 0.12 * np.sin(2 * np.pi * g) * g * (1 - g) * 2, 0, 1)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    """``img`` encoded and decoded as a JPEG of ``quality`` (4:2:0 chroma, OpenCV's default)."""
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else img


# Flatbed scanners: a CCD line sensor, no mosaic, even light, little noise.
SCANNER_DPI: dict[str, tuple[tuple[float, float], ...]] = {
    "tuned": ((150.0, 200.0), (280.0, 320.0)),
    "heldout": ((200.0, 280.0),),
}


def scan(radiance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A flatbed scanner's image of supersampled linear ``radiance``: optics blur, pixel integration,
    slight noise, the scanner's tone curve (paper clipped to white) and JPEG."""
    s = SUPERSAMPLE
    f = cv2.GaussianBlur(radiance.astype(np.float32), (0, 0), float(rng.uniform(0.5, 1.0)) * s)
    h, w = f.shape[0] // s, f.shape[1] // s
    f = cv2.resize(f[: h * s, : w * s], (w, h), interpolation=cv2.INTER_AREA)
    f = f + rng.normal(0, float(rng.uniform(0.002, 0.006)), f.shape).astype(np.float32)
    white = float(rng.uniform(0.85, 1.0))  # the scanner's white point: paper maps to 255
    img = np.clip(f / white, 0, 1) ** (1 / 2.2)
    out = (img * 255).astype(np.float32)
    amount = float(rng.uniform(0.0, 0.8))
    out = out + amount * (out - cv2.GaussianBlur(out, (0, 0), 1.0))
    return jpeg(np.clip(out, 0, 255).astype(np.uint8), int(rng.integers(70, 96)))
