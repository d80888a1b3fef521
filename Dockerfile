# syntax=docker/dockerfile:1.7
# threadwatch runs TypeScript directly with tsx (a runtime dependency), so there is no build output:
# the first stage only installs production dependencies, the second copies them next to the sources.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# tini reaps zombies and forwards SIGTERM, so workers get their graceful shutdown on `docker stop`.
# The slim image has no fonts, and resvg draws no text without one: the stats picture needs DejaVu.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY data/outlets ./data/outlets
COPY data/streams ./data/streams
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node (not npm) is PID 2 under tini, so signals reach our shutdown handler directly.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--import", "tsx", "src/cli.ts"]
CMD ["start", "--role", "all"]
