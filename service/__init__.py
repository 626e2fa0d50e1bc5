"""airocr HTTP service: a thin FastAPI layer over :mod:`engine`."""
