# syntax=docker/dockerfile:1
# The Maillage API as a stateless replica in front of an existing Neo4j (docs/deploy.md).
#   docker build -t maillage .
#   docker run -e NEO4J_URI=neo4j+s://<id>.databases.neo4j.io -e NEO4J_PASSWORD=... -p 8000:8000 maillage

ARG PYTHON_VERSION=3.11

# The explorer's front end (web/), built once into web/dist.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# The pinned dependencies of pyproject.toml, in a virtual environment copied below.
FROM python:${PYTHON_VERSION}-slim AS deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; deps = tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']; open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install --requirement /tmp/requirements.txt

FROM python:${PYTHON_VERSION}-slim
RUN groupadd --system --gid 10001 maillage \
 && useradd --system --uid 10001 --gid maillage --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin maillage
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
# The code stays owned by root: the service can read it, not change it.
COPY . /app
COPY --from=web /web/dist /app/web/dist
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MAILLAGE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    MAILLAGE_WORKERS=2 \
    MAILLAGE_GRACEFUL_TIMEOUT=30
USER 10001:10001
EXPOSE 8000
# Ready means Neo4j answers and the schema's migrations are applied (`maillage setup`).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8000'), timeout=4)"]
# SIGTERM (docker stop, Kubernetes): stop accepting, finish in-flight requests for up to
# MAILLAGE_GRACEFUL_TIMEOUT seconds, close the driver. Give the platform a longer grace period.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "scripts.cli", "serve"]
