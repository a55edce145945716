# The gov-report HTTP service: Debian's nginx in front (holds slow and idle clients, buffers
# requests and answers) and gunicorn with service/http/gunicorn_conf.py behind it on a private
# Unix socket, as `gov-report serve --front nginx`; batch jobs in /var/lib/gov-report/jobs.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /var/lib/gov-report/jobs \
    && chown -R app:app /var/lib/gov-report

WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY service ./service
COPY word_templates ./word_templates
RUN pip install --no-cache-dir .

ENV GOV_REPORT_JOB_DIR=/var/lib/gov-report/jobs
# Jobs survive a restart of the container when this is a volume (and are shared by replicas
# when it is shared storage; see the README).
VOLUME ["/var/lib/gov-report/jobs"]
USER 10001:10001
EXPOSE 8000

# Liveness through nginx and the service; python's urllib, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gov-report", "serve", "--host", "0.0.0.0", "--port", "8000", "--front", "nginx"]
