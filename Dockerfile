# syntax=docker/dockerfile:1.7
# Xiangjiang Charge Link: OCPP gateway + HTTP API + jobs in one image (choose roles with --role).

ARG NODE_VERSION=20.19-bookworm-slim

# ---- build: install everything, generate the Prisma client, compile TypeScript ----
FROM node:${NODE_VERSION} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
# postinstall generates the Prisma client into src/adapters/prisma/generated
RUN mkdir -p src/adapters/prisma && npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY simulators ./simulators
COPY test ./test
RUN npm run build \
 && mkdir -p dist/prisma && cp -r prisma/migrations dist/prisma/migrations

# ---- runtime: production dependencies and compiled code only, as a non-root user ----
FROM node:${NODE_VERSION} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    OCPP_PORT=9220 \
    DATA_DIR=/data \
    LOG_LEVEL=info
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped: the Prisma client comes compiled from the build stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/prisma ./dist/prisma
# The web console, built by npm run build (served at /console from CONSOLE_DIR=dist/console).
COPY --from=build /app/dist/console ./dist/console
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 9220
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Stop gracefully: the process closes sockets and drains pending writes on SIGTERM.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/main.js"]
