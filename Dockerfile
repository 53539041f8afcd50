# The product's image for operators (docs/deploy.md). One image, four roles, the same
# sub-commands as on a host: `scripts/serve web` (the default), `worker`, `beat`, `setup`.
# compose.yaml runs it with PostgreSQL and Redis; config/tests/test_serving.py keeps both in step
# with scripts/serve.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000

RUN useradd --create-home --uid 10001 app
WORKDIR /app

# The virtual environment is built the way scripts/serve's own set-up builds it (its stamp then
# matches, so the container installs nothing at start); this layer changes only with pyproject.toml.
COPY pyproject.toml README.md ./
COPY scripts/_setup.sh scripts/_setup.sh
RUN bash scripts/_setup.sh

COPY . .
RUN mkdir -p var/beat var/media && chown -R app:app var
USER app

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD .venv/bin/python scripts/serving_probe.py health "http://127.0.0.1:${PORT}"

ENTRYPOINT ["scripts/serve"]
CMD ["web"]
