"""Model training, export, quantization and evaluation (recognizer, font classifier, ID-card type)."""
