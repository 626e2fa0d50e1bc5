"""Synthetic inputs: Thai text lines, Thai ID cards and scenes, web pages, contact labels, font samples."""
