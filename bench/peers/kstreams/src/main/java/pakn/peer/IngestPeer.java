package pakn.peer;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams peer of {@code pakn ingest --until-caught-up}, for bench/e2e: consumes the
 * petitions topic from the beginning, parses, normalizes and routes each petition
 * ({@link PetitionProcessor}) into a persistent RocksDB key-value store whose changelog is on
 * (the Kafka Streams default), and exits once it has seen {@code --expected} messages and a
 * clean close has committed them. It then checks with the admin client that the group's
 * committed offsets are the topic's end offsets, so "done" means processed and committed.
 *
 * <pre>
 * java -Xmx1g -jar kstreams-peer.jar --bootstrap 127.0.0.1:29092 --topic T --expected N
 *     --guarantee at_least_once|exactly_once_v2 --application-id ID --state-dir DIR
 *     --rules rules.json [--threads 2] [--timeout-s 3600]
 * </pre>
 *
 * <p>Prints one summary line on standard output ({@code kstreams-peer: ...}); exits 1 on any
 * failure (a stream thread died, the timeout passed, offsets not committed), 2 on bad usage.
 */
public final class IngestPeer {
  public static void main(String[] argv) throws Exception {
    long startNanos = System.nanoTime();
    Map<String, String> args = parseArgs(argv);
    String bootstrap = required(args, "bootstrap");
    String topic = required(args, "topic");
    long expected = Long.parseLong(required(args, "expected"));
    String guarantee = required(args, "guarantee");
    String applicationId = required(args, "application-id");
    if (!guarantee.equals(StreamsConfig.AT_LEAST_ONCE)
        && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
      usage("--guarantee must be at_least_once or exactly_once_v2, not " + guarantee);
    }
    KeywordRouter router = KeywordRouter.load(new File(required(args, "rules")));
    long timeoutNanos = Duration.ofSeconds(Long.parseLong(args.getOrDefault("timeout-s", "3600")))
        .toNanos();

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.STATE_DIR_CONFIG, required(args, "state-dir"));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args.getOrDefault("threads", "2"));
    // There is no global state; this only quiets a start-up warning of Kafka Streams 4.x.
    props.put("processing.exception.handler.global.enabled", "true");
    // Everything else is Kafka Streams' default: commit.interval.ms 30 s (at_least_once) or
    // 100 ms (exactly_once_v2), auto.offset.reset earliest, RocksDB's default options.

    PetitionProcessor.Progress progress = new PetitionProcessor.Progress();
    KafkaStreams streams = new KafkaStreams(topology(topic, router, progress), props);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    streams.setUncaughtExceptionHandler(e -> {
      failure.compareAndSet(null, e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();

    while (progress.seen.get() < expected) {
      if (failure.get() != null) fail(streams, "a stream thread failed: " + failure.get());
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
          || state == KafkaStreams.State.PENDING_ERROR) {
        fail(streams, "Kafka Streams stopped early, state " + state);
      }
      if (System.nanoTime() - startNanos > timeoutNanos) {
        fail(streams, "timeout: " + progress.seen.get() + " of " + expected + " messages seen");
      }
      Thread.sleep(20);
    }
    // A clean close commits every task (the open transaction under exactly_once_v2) and flushes
    // the stores.
    if (!streams.close(Duration.ofSeconds(120))) fail(null, "close did not finish in 120 s");
    long doneNanos = System.nanoTime();
    if (failure.get() != null) fail(null, "a stream thread failed: " + failure.get());
    String lag = uncommitted(bootstrap, applicationId, topic);
    if (!lag.isEmpty()) fail(null, "not committed after close: " + lag);

    double seconds = (doneNanos - startNanos) / 1e9;
    double fromFirst = (doneNanos - progress.firstNanos.get()) / 1e9;
    long seen = progress.seen.get();
    System.out.printf("kstreams-peer: %s, %d messages (%d malformed, %d stored) in %.2f s from"
            + " start to committed: %.0f msg/s; %.0f msg/s from the first message%n",
        guarantee, seen, progress.malformed.get(), seen - progress.malformed.get(), seconds,
        seen / seconds, seen / fromFirst);
  }

  private static Topology topology(String topic, KeywordRouter router,
                                   PetitionProcessor.Progress progress) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PetitionProcessor.STORE), Serdes.String(),
        Serdes.ByteArray()));
    builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(() -> new PetitionProcessor(router, progress), PetitionProcessor.STORE);
    return builder.build();
  }

  /** "" when the group's committed offset of every partition is the end offset, else which. */
  private static String uncommitted(String bootstrap, String group, String topic)
      throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      TopicDescription description =
          admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description.partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      StringBuilder lag = new StringBuilder();
      for (var end : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(end.getKey());
        long at = c == null ? -1 : c.offset();
        if (at != end.getValue().offset()) {
          lag.append(String.format("%s at %d of %d; ", end.getKey(), at, end.getValue().offset()));
        }
      }
      return lag.toString();
    }
  }

  private static void fail(KafkaStreams streams, String why) {
    System.err.println("kstreams-peer: " + why);
    if (streams != null) streams.close(Duration.ofSeconds(10));
    System.exit(1);
  }

  private static Map<String, String> parseArgs(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i += 2) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) usage("bad argument " + argv[i]);
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    return args;
  }

  private static String required(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null) usage("--" + name + " is required");
    return value;
  }

  private static void usage(String why) {
    System.err.println("kstreams-peer: " + why + "\nusage: java -jar kstreams-peer.jar"
        + " --bootstrap HOST:PORT --topic T --expected N"
        + " --guarantee at_least_once|exactly_once_v2 --application-id ID --state-dir DIR"
        + " --rules rules.json [--threads 2] [--timeout-s 3600]");
    System.exit(2);
  }
}
