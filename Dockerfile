# Two images from one base with LibreOffice, its own Python (python3-uno, for unoserver) and the
# fonts that stand in for the official ones (service/docx/fonts.conf):
#   the service (the default, last stage): Debian's nginx in front (holds slow and idle clients,
#     buffers requests and answers) and gunicorn with service/http/gunicorn_conf.py behind it on a
#     private Unix socket, as `gov-report serve --front nginx`, with its own pool of warm PDF
#     converters (GOV_REPORT_PDF_*); batch jobs in /var/lib/gov-report/jobs;
#   the converter (`--target converter`): `gov-report converter`, one unoserver that services on
#     other machines use through GOV_REPORT_PDF_CONVERTERS=host:2003,…
FROM python:3.11.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Debian's packages as the release ships them (its security updates included), not pinned:
# nginx; LibreOffice Writer without a GUI; python3-uno; 仿宋/宋体/小标宋 → Noto Serif CJK SC, 黑体
# → Noto Sans CJK SC, 楷体 → AR PL UKai, Times New Roman → Liberation Serif; BabelStone Han for
# rare characters (CJK extension B on) and DejaVu for symbols, so that nothing is drawn as a box.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
        libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-arphic-ukai fonts-liberation \
        fonts-babelstone-han fonts-dejavu-core \
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

USER 10001:10001


FROM base AS converter
EXPOSE 2003
# unoserver answers info() once LibreOffice is up (about 6 s after a start or a restart).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import xmlrpc.client; xmlrpc.client.ServerProxy('http://127.0.0.1:2003').info()"]
CMD ["gov-report", "converter", "--host", "0.0.0.0", "--port", "2003"]


FROM base AS service
ENV GOV_REPORT_JOB_DIR=/var/lib/gov-report/jobs
# Jobs survive a restart of the container when this is a volume (and are shared by replicas
# when it is shared storage; see the README).
VOLUME ["/var/lib/gov-report/jobs"]
EXPOSE 8000

# Liveness through nginx and the service; python's urllib, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gov-report", "serve", "--host", "0.0.0.0", "--port", "8000", "--front", "nginx"]
