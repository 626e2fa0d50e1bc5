# airocr: self-hosted Thailand ID Card + Web Image OCR. Models are inside the package;
# the image needs no network at run time.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
WORKDIR /opt/airocr
COPY pyproject.toml README.md ./
COPY engine ./engine
COPY service ./service
COPY models ./models
RUN pip install .  && python -c "from airocr.engine.models import default_model_dir, verify_models; verify_models(default_model_dir())"
# Without credentials the service only listens on loopback: set AIROCR_AUTH_TOKENS and/or
# AIROCR_ACCESS_KEYS (e.g. with --env-file) so that it binds 0.0.0.0 inside the container.
ENV AIROCR_HOST=0.0.0.0 AIROCR_PORT=8086
EXPOSE 8086
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8086/health').status!=200)"
CMD ["airocr", "serve"]
