# The Cloud: `apigen-cloud serve` (API replicas) and `apigen-cloud worker`.
# Build context: the repository root (see .dockerignore).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv
WORKDIR /src

# Runtime dependencies only (pyproject's [project.dependencies]), at the versions
# pinned in requirements.txt, which serves as constraints: its dev tools
# (pytest, mypy, moto, schemathesis...) are not installed. This layer stays cached
# until pyproject.toml or requirements.txt change.
COPY cloud/pyproject.toml cloud/requirements.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > runtime.txt \
 && pip install -c requirements.txt -r runtime.txt

COPY cloud/apigen_cloud ./apigen_cloud
RUN pip install --no-deps . && rm -rf /src/build

RUN useradd --system --create-home --uid 10001 apigen
USER apigen
WORKDIR /home/apigen
ENV APIGEN_DATA_DIR=/home/apigen/data

EXPOSE 8000
# The worker has no HTTP endpoint: its service replaces this check.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('APIGEN_PORT', '8000'), timeout=2)"]
ENTRYPOINT ["apigen-cloud"]
CMD ["serve", "--host", "0.0.0.0"]
