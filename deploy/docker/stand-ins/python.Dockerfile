# Stand-in for python:3.11-slim-bookworm where no registry answers: Debian bookworm's own Python
# 3.11 with pip and venv, laid out where the official image has them (/usr/local/bin).
ARG BASE
FROM ${BASE}
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       python3 python3-pip python3-venv passwd >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    # The official image lets pip install into its interpreter; Debian marks it system-managed.
    && rm -f /usr/lib/python3.11/EXTERNALLY-MANAGED \
    && ln -s /usr/bin/python3 /usr/local/bin/python3 \
    && ln -s /usr/bin/python3 /usr/local/bin/python \
    && ln -s /usr/bin/pip3 /usr/local/bin/pip
ENV LANG=C.UTF-8
CMD ["python3"]
