"""Dead letters the broker refuses are kept and sent again until it takes them.

The dead-letter topic is set to take messages of at most 1,000 bytes, so the broker refuses
most dead letters (each carries the rejected message's raw bytes): the delivery fails, ingest
logs it and keeps them in the outbox (`rejected --pending` lists them) while it goes on storing
petitions. The limit is then raised while ingest runs: its next pump sends them, the outbox
empties, and every rejection is on the topic. Nothing is lost in between.
"""
import json

from harness import (Workspace, check, consume_all, log, pakn, produce, topic_config,
                     wait_for)

ws = Workspace("dlqretry", partitions=1)
topic_config(ws.dlq, "max.message.bytes=1000")
data, manifest = ws.gen(400, seed=5, bad_ratio=0.1)
good = sum(1 for _, _, verdict, *_ in manifest if verdict == "ok")
bad = {k for _, k, verdict, *_ in manifest if verdict != "ok"}
produce(ws.topic, data)
ingest = ws.start_ingest()


def pending():
    out = pakn("rejected", "--pending", "--json", "--config", ws.config, check_rc=False)
    return [json.loads(l) for l in out.stdout.decode().splitlines() if l.strip()]


wait_for(lambda: ws.stored() == good, 90, f"all {good} petitions stored while dead letters fail",
         ingest)
wait_for(lambda: "not delivered" in ws.log_text(), 30, "the failed deliveries are logged", ingest)
held = pending()
check(held and {r["key"] for r in held} <= bad, f"the refused dead letters stay in the outbox "
      f"({len(held)} of {len(bad)})")
on_topic = {m["key"] for m in consume_all(ws.dlq)}
check(not on_topic & {r["key"] for r in held}, "none of those is on the topic yet")
log(f"{len(held)} of {len(bad)} dead letters refused by the broker, kept; "
    f"{len(on_topic)} small enough went through")

topic_config(ws.dlq, "max.message.bytes=10485760")
wait_for(lambda: not pending(), 60, "the outbox empties once the broker takes them", ingest)
on_topic = {m["key"] for m in consume_all(ws.dlq)}
check(on_topic == bad, f"every rejection on the topic ({len(on_topic & bad)} of {len(bad)})")
ingest.terminate()
check(ingest.wait(timeout=60) == 0, "ingest stops cleanly")
log("PASS")
