# tactful HTTP service: `docker build -t tactful . && docker run -p 8080:8080 tactful`
# Settings are TACTFUL_* environment variables (see docs/http.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Only what the package is built from (README* may be absent in a trimmed checkout).
COPY pyproject.toml constraints.txt README* /tmp/src/
COPY tactful /tmp/src/tactful
COPY rules /tmp/src/rules
COPY models /tmp/src/models
COPY service /tmp/src/service
# constraints.txt pins every runtime dependency to the versions tested (pyproject.toml only bounds them).
RUN pip install -c /tmp/src/constraints.txt /tmp/src \
    && rm -rf /tmp/src \
    && useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin tactful

USER 10001
WORKDIR /home/tactful
ENV TACTFUL_PORT=8080
EXPOSE 8080

# slim has no curl: ask /healthz with the Python that is already there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('TACTFUL_PORT', '8080'), timeout=4)"]

CMD ["tactful", "serve", "--host", "0.0.0.0"]
