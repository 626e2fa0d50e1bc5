"""Builders of the shipped data files and fetchers of models and fonts from pinned upstream packages."""
