# telephony-emulator: a local emulator of Bandwidth and RingCentral telephony APIs.
#
#   docker build -t telephony-emulator .
#   docker run --rm -p 8080:8080 -v emulator-data:/data telephony-emulator
#
# Every CLI option has an EMULATOR_* environment variable (see `telephony-emulator --help`), e.g.
#   docker run --rm -p 8080:8080 -e EMULATOR_CLOCK_RATE=0 -e EMULATOR_IN_MEMORY=1 telephony-emulator
# Behind a port mapping other than 8080:8080, set EMULATOR_PUBLIC_URL=http://localhost:PORT so that
# Location headers and links point where clients can reach the server.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    EMULATOR_HOST=0.0.0.0 \
    EMULATOR_PORT=8080 \
    EMULATOR_DATA_DIR=/data \
    EMULATOR_INSECURE_OPEN_CONTROL=1
# A container must listen on 0.0.0.0 to be reached through its port mapping, so the control API
# is open by default (the banner warns); set EMULATOR_CONTROL_TOKEN to require a token instead.
# The control API answers loopback names and IP addresses as Host; reach it by another name
# (a compose service name) with EMULATOR_ALLOWED_HOSTS.

# A fixed, non-root uid/gid, so a bind-mounted /data can be chowned to match (10001:10001).
RUN groupadd --gid 10001 emulator \
    && useradd --uid 10001 --gid 10001 --home-dir /home/emulator --create-home \
        --shell /usr/sbin/nologin emulator \
    && mkdir -p /data \
    && chown emulator:emulator /data

# Only what the wheel build needs; fixtures/ ships inside the wheel (telephony_emulator/_fixtures).
COPY pyproject.toml README.md /tmp/src/
COPY emulator /tmp/src/emulator
COPY pytest_plugin /tmp/src/pytest_plugin
COPY fixtures /tmp/src/fixtures
RUN pip install --no-cache-dir /tmp/src \
    && rm -rf /tmp/src

# The installed (non-editable) package must carry its fixtures; checked from / so that no source
# tree can shadow the installed package.
WORKDIR /
RUN python -c "import pathlib, telephony_emulator; \
from telephony_emulator.settings import default_fixtures_dir; \
pkg = pathlib.Path(telephony_emulator.__file__).resolve().parent; \
assert pkg.parent.name in ('site-packages', 'dist-packages'), pkg; \
assert (pkg / '_fixtures' / 'accounts.json').is_file(), 'no telephony_emulator/_fixtures/accounts.json'; \
assert default_fixtures_dir() == pkg / '_fixtures', default_fixtures_dir(); \
print('fixtures shipped in', pkg / '_fixtures')"

USER emulator
WORKDIR /data
RUN telephony-emulator --help >/dev/null

VOLUME /data
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_emulator/health' % os.environ.get('EMULATOR_PORT', '8080'), timeout=4).close()"]

ENTRYPOINT ["telephony-emulator"]
