# Node-RED 4.1 (Node 20) with Trygga Trappan's nodes installed as a package, as from the palette.
ARG NODE_RED_IMAGE=nodered/node-red:4.1.15-20

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json README.md LICENSE ./
COPY scripts ./scripts
COPY icons ./icons
COPY core ./core
COPY zigbee ./zigbee
COPY nodes ./nodes
COPY examples ./examples
RUN node scripts/build.js && npm pack --ignore-scripts && mv trygga-trappan-node-red-*.tgz /tmp/trappan.tgz

FROM ${NODE_RED_IMAGE}
COPY --from=build /tmp/trappan.tgz /tmp/trappan.tgz
RUN cd /usr/src/node-red \
 && npm install --omit=dev --no-audit --no-fund /tmp/trappan.tgz \
 && rm /tmp/trappan.tgz
# The official image runs as node-red; the Zigbee stick needs the dialout group (see docker-compose.yml).
ENV TZ=Europe/Stockholm
