"""Tests that load no model: pure functions, parsing, synthesis, packaging."""
