# The gov-report HTTP service: gunicorn with service/http/gunicorn_conf.py, as `gov-report serve`.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY service ./service
COPY word_templates ./word_templates
RUN pip install --no-cache-dir .

USER 10001:10001
EXPOSE 8000

# Liveness through the service itself; python's urllib, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gov-report", "serve", "--host", "0.0.0.0", "--port", "8000"]
