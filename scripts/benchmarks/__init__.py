"""Benchmarks and output checks of the service pipeline (ours beside reference engines, golden outputs)."""
