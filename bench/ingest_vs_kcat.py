#!/usr/bin/env python3
"""Ingest against the broker's own delivery rate: now `bench/e2e --skip-peer`.

  bench/ingest_vs_kcat.py [--count N] [--partitions P] [--repeat R] [--keep-broker]
                          [--compare OTHER_PAKN_BINARY]

Kept for the commands in docs/benchmarks.md: it runs bench/e2e without the Kafka Streams peer
and with this script's old default of 200,000 petitions (a --count given here wins).
"""
import os
import sys

E2E = os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e")

if __name__ == "__main__":
    os.execv(sys.executable, [sys.executable, E2E, "--skip-peer", "--count", "200000",
                              *sys.argv[1:]])
