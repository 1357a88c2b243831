package pakn.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One petition message in, one record out into the {@value #STORE} state store, keyed by the
 * petition id: {@code {"petition": <the parsed value>, "title", "content" (canonical),
 * "search_key", "route": {"rule", "agency", "topic", "matched"}}}.
 *
 * <p>A message longer than {@value #MAX_MESSAGE_BYTES} bytes (pakn's default
 * {@code ingest.max_message_bytes}: its record would not fit the changelog producer's
 * {@code max.request.size} either), or that is not a JSON object with {@code schema_version} 1
 * and non-empty string {@code id}, {@code title} and {@code content}, is counted as malformed
 * and skipped; it never throws. Counters are process-wide (one instance per task, tasks on several stream threads).
 */
final class PetitionProcessor implements Processor<byte[], byte[], Void, Void> {
  static final String STORE = "petitions";
  static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** Messages seen (good and malformed), malformed ones, and when the first one arrived. */
  static final class Progress {
    final AtomicLong seen = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong firstNanos = new AtomicLong();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeywordRouter router;
  private final Progress progress;
  private KeyValueStore<String, byte[]> store;

  PetitionProcessor(KeywordRouter router, Progress progress) {
    this.router = router;
    this.progress = progress;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> message) {
    progress.firstNanos.compareAndSet(0, System.nanoTime());
    try {
      StoredRecord out = toStoredRecord(message.value());
      if (out == null) {
        progress.malformed.incrementAndGet();
      } else {
        store.put(out.id(), out.json());
      }
    } finally {
      progress.seen.incrementAndGet();
    }
  }

  private record StoredRecord(String id, byte[] json) {}

  /** The stored form of one message, or null when it is malformed. */
  private StoredRecord toStoredRecord(byte[] value) {
    if (value == null || value.length > MAX_MESSAGE_BYTES) return null;
    JsonNode tree;
    try {
      tree = JSON.readTree(value);
    } catch (IOException e) {
      return null;
    }
    if (tree == null || !tree.isObject() || tree.path("schema_version").asInt(-1) != 1) {
      return null;
    }
    String id = nonEmptyText(tree, "id");
    String title = nonEmptyText(tree, "title");
    String content = nonEmptyText(tree, "content");
    if (id == null || title == null || content == null) return null;

    String canonicalTitle = TextNormalizer.canonical(title);
    String canonicalContent = TextNormalizer.canonical(content);
    String key = TextNormalizer.searchKey(canonicalTitle + " " + canonicalContent);
    KeywordRouter.Decision decision = router.route(key, tree.path("topic_hint").textValue());

    ObjectNode record = JSON.createObjectNode();
    record.set("petition", tree);
    record.put("title", canonicalTitle);
    record.put("content", canonicalContent);
    record.put("search_key", key);
    ObjectNode route = record.putObject("route");
    route.put("rule", decision.ruleId());
    route.put("agency", decision.agency());
    route.put("topic", decision.topic());
    route.put("matched", decision.matched());
    try {
      return new StoredRecord(id, JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      return null;  // cannot happen for a tree that was just parsed
    }
  }

  private static String nonEmptyText(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    return node != null && node.isTextual() && !node.textValue().isEmpty()
        ? node.textValue() : null;
  }
}
