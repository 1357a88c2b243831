#!/usr/bin/env bash
# CTest fixture: start (up) or stop (down) the test broker. A fresh state folder each run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export KAFKA_PORT=${KAFKA_PORT:-19092}
export KAFKA_STATE_DIR=${KAFKA_STATE_DIR:?}
case "$1" in
  up)
    "$root/scripts/kafka" down >/dev/null 2>&1 || true
    rm -rf "$KAFKA_STATE_DIR"
    "$root/scripts/kafka" up ;;
  down)
    "$root/scripts/kafka" down ;;
esac
