package pakn.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pakn's keyword routing (classify/router.h): the first rule in file order whose keyword appears
 * at word boundaries in the search key wins (a rule whose topic_hints hold the petition's
 * topic_hint matches too); no match goes to the unrouted agency and topic.
 *
 * <p>The rules come from a JSON file that bench/e2e writes from config/rules.toml:
 * {@code {"unrouted_agency", "unrouted_topic", "rules": [{"id", "agency", "topic", "keywords":
 * [...], "topic_hints": [...]}]}}. Keywords are turned into search keys here, with the same
 * {@link TextNormalizer} as the petitions. Like pakn, matching walks the key's words once and
 * looks each word up in a hash index of the keywords' first words.
 *
 * <p>Thread safety: immutable after {@link #load}; {@link #route} may run on many threads.
 */
final class KeywordRouter {
  record Rule(String id, String agency, String topic, List<String> keywords,
              List<String> topicHints) {}

  record Decision(String ruleId, String agency, String topic, String matched) {}

  private record KeywordRef(int rule, int keyword, String[] rest) {}

  private final List<Rule> rules;
  private final String unroutedAgency;
  private final String unroutedTopic;
  private final Map<String, List<KeywordRef>> byFirstWord = new HashMap<>();

  private KeywordRouter(List<Rule> rules, String unroutedAgency, String unroutedTopic) {
    this.rules = rules;
    this.unroutedAgency = unroutedAgency;
    this.unroutedTopic = unroutedTopic;
    for (int r = 0; r < rules.size(); r++) {
      List<String> keywords = rules.get(r).keywords();
      for (int k = 0; k < keywords.size(); k++) {
        String key = TextNormalizer.searchKey(TextNormalizer.canonical(keywords.get(k)));
        if (key.isEmpty()) continue;
        String[] words = key.split(" ");
        String[] rest = new String[words.length - 1];
        System.arraycopy(words, 1, rest, 0, rest.length);
        byFirstWord.computeIfAbsent(words[0], w -> new ArrayList<>())
            .add(new KeywordRef(r, k, rest));
      }
    }
  }

  static KeywordRouter load(File file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file);
    List<Rule> rules = new ArrayList<>();
    for (JsonNode r : root.path("rules")) {
      rules.add(new Rule(r.path("id").asText(), r.path("agency").asText(),
          r.path("topic").asText(), strings(r.path("keywords")), strings(r.path("topic_hints"))));
    }
    if (rules.isEmpty()) throw new IOException(file + ": no rules");
    return new KeywordRouter(rules, root.path("unrouted_agency").asText("unrouted"),
        root.path("unrouted_topic").asText("unrouted"));
  }

  int size() {
    return rules.size();
  }

  /** {@code topicHint} may be null. */
  Decision route(String searchKey, String topicHint) {
    int bestRule = Integer.MAX_VALUE;
    int bestKeyword = Integer.MAX_VALUE;
    boolean byHint = false;
    if (topicHint != null && !topicHint.isEmpty()) {
      for (int r = 0; r < rules.size() && bestRule == Integer.MAX_VALUE; r++) {
        if (rules.get(r).topicHints().contains(topicHint)) {
          bestRule = r;
          byHint = true;
        }
      }
    }
    String[] words = searchKey.isEmpty() ? new String[0] : searchKey.split(" ");
    for (int i = 0; i < words.length; i++) {
      List<KeywordRef> refs = byFirstWord.get(words[i]);
      if (refs == null) continue;
      for (KeywordRef ref : refs) {
        // Only an earlier rule, or the same rule's earlier keyword, improves the decision; a
        // topic hint stays the reported reason of its rule.
        if (ref.rule() > bestRule
            || (ref.rule() == bestRule && (byHint || ref.keyword() >= bestKeyword))) {
          continue;
        }
        if (ref.rest().length > words.length - 1 - i) continue;
        boolean all = true;
        for (int w = 0; w < ref.rest().length && all; w++) {
          all = words[i + 1 + w].equals(ref.rest()[w]);
        }
        if (!all) continue;
        if (ref.rule() < bestRule) byHint = false;
        bestRule = ref.rule();
        bestKeyword = ref.keyword();
      }
    }
    if (bestRule == Integer.MAX_VALUE) return new Decision("", unroutedAgency, unroutedTopic, "");
    Rule rule = rules.get(bestRule);
    String matched = byHint ? "topic_hint:" + topicHint : rule.keywords().get(bestKeyword);
    return new Decision(rule.id(), rule.agency(), rule.topic(), matched);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array) out.add(s.asText());
    return out;
  }
}
