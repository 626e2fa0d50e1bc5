"""The result of parsing one field, and the confidence factors it carries."""

from __future__ import annotations

from dataclasses import dataclass

from airocr.engine.thaiid.grammar.config import GRAMMAR

FACTOR_VALID = GRAMMAR.factor_valid
FACTOR_REPAIRED = GRAMMAR.factor_repaired
FACTOR_INVALID = GRAMMAR.factor_invalid


@dataclass(frozen=True)
class Parsed:
    """A field value after grammar parsing."""

    value: str | None
    valid: bool
    repaired: bool = False

    @property
    def factor(self) -> float:
        """Confidence multiplier: 1 for clean valid, lower for repaired, lowest for invalid."""
        if self.value is None:
            return 0.0
        if not self.valid:
            return FACTOR_INVALID
        return FACTOR_REPAIRED if self.repaired else FACTOR_VALID
