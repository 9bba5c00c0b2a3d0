#!/bin/sh
# InfluxDB 2.x: run by the influxdb:2.7 image after its setup (org, bucket, retention and token from
# DOCKER_INFLUXDB_INIT_*). Maps the bucket to an InfluxQL database and retention policy (DBRP), so
# Grafana's InfluxQL datasource and trappan-baseline's warm start can read it.
set -eu
influx v1 dbrp create \
  --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --bucket-id "${DOCKER_INFLUXDB_INIT_BUCKET_ID}" \
  --db "${DOCKER_INFLUXDB_INIT_BUCKET}" \
  --rp autogen \
  --default
