"""Synthetic Thai ID card generator (cards, scenes, copy / screen variants), deterministic from a seed."""
