package dev.iamlocal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every span the tree reports points at its value (or key) in the source: line, column and offset agree. */
class JsonTreeTest {

  private static final String TEXT = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ {\"Effect\":\"Allow\","
      + " \"N\": 12, \"B\": true,\n\t\"Action\": [\"s3:Get*\", null], \"Condition\": {}} ]\n}";

  @Test
  void startsOfValuesAndKeysMatchTheSource() {
    JsonTree.Result r = JsonTree.parse(TEXT);
    assertThat(r.problems()).isEmpty();
    List<String> seen = new ArrayList<>();
    walk(r.root(), seen);
    assertThat(seen).contains("{", "[", "\"Allow\"", "12", "true", "null", "key Effect", "key Condition");
  }

  private static void walk(JsonTree.Node n, List<String> seen) {
    Position at = n.span().start();
    checkLineAndColumn(at);
    String rest = TEXT.substring((int) at.offset());
    if (n instanceof JsonTree.ObjectNode o) {
      assertThat(rest).startsWith("{");
      seen.add("{");
      for (JsonTree.Member m : o.members()) {
        Position k = m.keySpan().start();
        checkLineAndColumn(k);
        assertThat(TEXT.substring((int) k.offset())).startsWith("\"" + m.key() + "\"");
        seen.add("key " + m.key());
        walk(m.value(), seen);
      }
    } else if (n instanceof JsonTree.ArrayNode a) {
      assertThat(rest).startsWith("[");
      seen.add("[");
      a.items().forEach(i -> walk(i, seen));
    } else if (n instanceof JsonTree.ScalarNode s) {
      String token = s.type() == JsonTree.ScalarNode.Type.STRING ? "\"" + s.text() + "\"" : s.text();
      assertThat(rest).startsWith(token);
      seen.add(token);
    }
  }

  /** Line and column (1-based, a tab counting one) are those of the offset. */
  private static void checkLineAndColumn(Position p) {
    String before = TEXT.substring(0, (int) p.offset());
    int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
    int column = before.length() - before.lastIndexOf('\n');
    assertThat(p.line()).as("line at offset %d", p.offset()).isEqualTo(line);
    assertThat(p.column()).as("column at offset %d", p.offset()).isEqualTo(column);
  }
}
