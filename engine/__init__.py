"""airocr engine: the OCR pipeline library (no HTTP in here)."""
