"""Line-sample generation (``scripts/synthesis/thai/dataset.py``): restricting the font families."""

from __future__ import annotations

import pytest

from scripts.synthesis.thai import fonts
from scripts.synthesis.thai.dataset import make_sample


def test_families_restrict_the_training_fonts() -> None:
    fam = fonts.train_families()[0]
    for i in range(5):
        face_file = make_sample(20250601, "train", i, families=[fam])[3]
        assert face_file in {f.path.rsplit("/", 1)[-1] for f in fonts.faces(fam)}


@pytest.mark.parametrize("split,families", [("train", ["Loma"]), ("val", ["Garuda"])])
def test_held_out_families_and_eval_splits_cannot_be_restricted(split: str, families: list[str]) -> None:
    with pytest.raises(ValueError, match="training families"):
        make_sample(20250601, split, 0, families=families)
