# airocr: self-hosted Thailand ID Card + Web Image OCR. Models are inside the package;
# the image needs no network at run time. Build: docker build -t airocr .   (README "Container")
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
# glibc malloc maps its large buffers in transparent huge pages (docs/performance.md, part 6)
ENV GLIBC_TUNABLES=glibc.malloc.hugetlb=1
WORKDIR /opt/airocr
COPY pyproject.toml README.md ./
COPY engine ./engine
COPY service ./service
COPY models ./models
# A non-editable install: code and models land in site-packages (airocr.engine, airocr.service,
# airocr.models), checked once against the manifest here; the source folder is removed after.
RUN pip install . \
 && python -c "from airocr.engine.models import default_model_dir, verify_models; verify_models(default_model_dir())" \
 && rm -rf /opt/airocr/engine /opt/airocr/service /opt/airocr/models \
 && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin airocr
# Without credentials the service only listens on loopback: set AIROCR_AUTH_TOKENS and/or
# AIROCR_ACCESS_KEYS (e.g. with --env-file) so that it binds 0.0.0.0 inside the container.
ENV AIROCR_HOST=0.0.0.0 AIROCR_PORT=8086
USER 10001:10001
EXPOSE 8086
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8086/health', timeout=4).status!=200)"
CMD ["airocr", "serve"]
