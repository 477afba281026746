# Stand-in for node:20-bookworm-slim where no registry answers: the host's Node.js 20 and npm
# (the official build's binary runs on bookworm's glibc), installed where the official image
# has them.
ARG BASE
FROM ${BASE}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && node --version && npm --version
CMD ["node"]
