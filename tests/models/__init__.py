"""Tests that load the shipped ONNX models (engine stages, the CLI)."""
