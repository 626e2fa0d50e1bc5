"""Small CRNN text-line recognizer (VGG-ish CNN + BiLSTM + CTC head), sized for CPU.

Input: float32 [N, 3, H, W] BGR in [-1, 1], H = 32 (48 for ``crnn_m48``); output: [N, W/4, C]
(logits in training, softmax probabilities in the exported graph).  The CNN collapses height H -> 2,
and width by 4, so one time step covers 1/8 (1/12) of the line height: enough for Thai, where up to
three code points (consonant, upper vowel, tone mark) share one glyph cell.

``crnn_m48`` is ``crnn_m`` with the same weights' shapes and a last height pool of 3 instead of 2,
so it can warm-start from a 32-px ``crnn_m`` checkpoint and sees the look-alike consonants' small
marks (ด/ต, ช/ซ, ท/ห) at 1.5x the pixels.
"""

from __future__ import annotations

import torch
from torch import nn

from scripts.training.rec_data import HEIGHT, WIDTH_STRIDE

__all__ = ["HEIGHT", "WIDTH_STRIDE", "WithSoftmax", "arch_height", "build"]


def _cbr(cin: int, cout: int, stride: tuple[int, int] = (1, 1)) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class CRNN(nn.Module):
    def __init__(self, num_classes: int, width: tuple[int, ...] = (32, 64, 96, 96, 128, 128), hidden: int = 128,
                 height: int = HEIGHT):
        super().__init__()
        if height % 16:
            raise ValueError(f"height {height} is not a multiple of 16")
        self.height = height
        c1, c2, c3, c4, c5, c6 = width
        self.cnn = nn.Sequential(
            _cbr(3, c1), nn.MaxPool2d(2),  # 16 x W/2
            _cbr(c1, c2), nn.MaxPool2d(2),  # 8 x W/4
            _cbr(c2, c3), _cbr(c3, c4), nn.MaxPool2d((2, 1)),  # 4 x W/4
            _cbr(c4, c5), _cbr(c5, c6), nn.MaxPool2d((height // 16, 1)),  # 2 x W/4
        )
        self.proj = nn.Linear(c6 * 2, hidden * 2)
        self.rnn = nn.LSTM(hidden * 2, hidden, num_layers=2, bidirectional=True, batch_first=True)
        self.head = nn.Linear(hidden * 2, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.cnn(x)  # N, C, 2, T
        n, c, h, t = f.shape
        f = f.permute(0, 3, 1, 2).reshape(n, t, c * h)
        f = torch.relu(self.proj(f))
        f, _ = self.rnn(f)
        return self.head(f)  # N, T, C logits


class WithSoftmax(nn.Module):
    """Export wrapper: softmax inside the graph, as PP-OCR-style engines expect."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.model(x), dim=-1)


_ARCH_HEIGHT = {"crnn_m48": 48, "crnn_m48s": 48}  # architectures that do not take the default HEIGHT


def arch_height(arch: str) -> int:
    """The input line height an architecture takes."""
    return _ARCH_HEIGHT.get(arch, HEIGHT)


def build(num_classes: int, arch: str = "crnn_s") -> CRNN:
    if arch == "crnn_s":
        return CRNN(num_classes)
    if arch == "crnn_xs":
        return CRNN(num_classes, (16, 32, 64, 64, 96, 96), 96)
    if arch in ("crnn_m", "crnn_m48"):
        return CRNN(num_classes, (32, 64, 128, 128, 192, 192), 160, arch_height(arch))
    if arch == "crnn_m48s":  # crnn_m48 with narrower convolutions (made by scripts/training/prune_recognizer.py)
        return CRNN(num_classes, (32, 48, 80, 80, 128, 128), 160, arch_height(arch))
    raise ValueError(arch)
