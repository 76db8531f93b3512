# Parley's production image: built at image time, run as the unprivileged `node` user, listening on
# every interface whatever HOSTNAME says (Docker sets it to the container id; Parley listens where
# LISTEN_HOST says, else everywhere). compose.yaml runs it with PostgreSQL and soketi.
#
#   docker build -t parley .
#   docker run -p 3000:3000 -v parley-data:/data parley        # embedded database and realtime
#
# The app folder belongs to root and is read-only to the app; what it writes goes to /data
# (DATA_DIR: the embedded database, uploads without uploadthing, generated development secrets).

ARG NODE_IMAGE=node:20-bookworm-slim

# Production dependencies only, from the lockfile. No install scripts: every native module Parley
# uses (sharp, argon2, bufferutil) ships prebuilt binaries for this platform.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Everything, then the Prisma client and the production build. The build must end newer than every
# source (hence the touch), or start-up would take it for stale and rebuild (lib/launcher/build.ts).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node --import tsx scripts/db-generate.ts \
  && NODE_ENV=production node_modules/.bin/next build \
  && rm -rf node_modules .next/cache \
  && touch .next/BUILD_ID

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=build /app ./
COPY --from=prod-deps /app/node_modules ./node_modules
# Next's image and fetch caches are the only writes under /app. The build is stamped newer than the
# sources again, whatever times the copies above kept.
RUN mkdir -p .next/cache /data && chown node:node .next/cache /data && touch .next/BUILD_ID
USER node
VOLUME ["/data"]
EXPOSE 3000
# The image has no curl: Node's own fetch asks /api/health (database, and an external realtime
# server's answer to a signed request) on loopback.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` without npm in between, so that SIGTERM reaches Parley and it stops cleanly.
CMD ["node", "--import", "tsx", "scripts/start.ts"]
