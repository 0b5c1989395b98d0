package dev.iamlocal.cli;

import dev.iamlocal.policy.JsonTree;
import dev.iamlocal.simulation.ContextEntry;
import dev.iamlocal.simulation.PolicySimulator;
import dev.iamlocal.simulation.SimulationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simulator's {@code ContextEntries}: parsing the AWS CLI's shorthand
 * ({@code ContextKeyName=aws:SourceIp,ContextKeyValues=192.0.2.1,ContextKeyType=ip}, values may
 * be quoted or a {@code [a,b]} list) and JSON, each entry checked by the core simulator's rules
 * when read.
 */
final class ContextEntries {

  /** One entry. {@code type} is one of {@link ContextEntry#TYPES}. */
  record Entry(String name, List<String> values, String type) {}


  private static final Set<String> MEMBERS = Set.of("ContextKeyName", "ContextKeyValues", "ContextKeyType");

  private ContextEntries() {}

  /** Parses one {@code --context-entries} value: shorthand, a JSON object, or a JSON array of them. */
  static List<Entry> parseArgument(String arg) {
    String s = arg.strip();
    if (s.startsWith("{") || s.startsWith("[")) {
      JsonTree.Result r = JsonTree.parse(s);
      if (!r.problems().isEmpty() || r.root() == null) {
        throw new AwsInputException("Error parsing parameter '--context-entries': Invalid JSON: "
            + (r.problems().isEmpty() ? "" : r.problems().get(0).message()), "Check the quotes and brackets of the JSON value.");
      }
      List<Entry> out = new ArrayList<>();
      if (r.root() instanceof JsonTree.ArrayNode a) {
        for (int i = 0; i < a.items().size(); i++) {
          out.add(fromJson(a.items().get(i), "ContextEntries[" + i + "]"));
        }
      } else {
        out.add(fromJson(r.root(), "ContextEntries[0]"));
      }
      return out;
    }
    return List.of(shorthand(s));
  }

  /** One entry from a located JSON value (from --cli-input-json or a JSON flag value). */
  static Entry fromJson(JsonTree.Node n, String param) {
    if (!(n instanceof JsonTree.ObjectNode o)) {
      throw new AwsInputException("Invalid type for parameter " + param + ": expected an object "
          + "{\"ContextKeyName\": ..., \"ContextKeyValues\": [...], \"ContextKeyType\": ...}, found " + n.kind(), "");
    }
    String name = null;
    String type = null;
    List<String> values = null;
    for (JsonTree.Member m : o.members()) {
      switch (m.key()) {
        case "ContextKeyName" -> name = CustomPolicyInput.string(m.value(), param + ".ContextKeyName");
        case "ContextKeyType" -> type = CustomPolicyInput.string(m.value(), param + ".ContextKeyType");
        case "ContextKeyValues" -> values = CustomPolicyInput.strings(m.value(), param + ".ContextKeyValues");
        default -> throw new AwsInputException("Unknown parameter in " + param + ": \"" + m.key()
            + "\", must be one of: ContextKeyName, ContextKeyValues, ContextKeyType", "");
      }
    }
    return validate(new Entry(name, values == null ? List.of() : values, type));
  }

  /** The AWS CLI shorthand for one entry. */
  static Entry shorthand(String s) {
    String name = null;
    String type = null;
    List<String> values = new ArrayList<>();
    String current = null;
    for (String seg : split(s, ',')) {
      int eq = topLevelIndex(seg, '=');
      String left = eq < 0 ? null : seg.substring(0, eq).strip();
      if (left != null && left.matches("[A-Za-z]+")) {
        if (!MEMBERS.contains(left)) {
          throw new AwsInputException("Error parsing parameter '--context-entries': Unknown key '" + left
              + "', valid choices are: ContextKeyName, ContextKeyValues, ContextKeyType",
              "Write ContextKeyName=KEY,ContextKeyValues=V1,V2,ContextKeyType=string (or stringList, numeric, ...).");
        }
        current = left;
        List<String> vs = values(seg.substring(eq + 1));
        switch (left) {
          case "ContextKeyName" -> name = single(vs, left);
          case "ContextKeyType" -> type = single(vs, left);
          default -> values.addAll(vs);
        }
      } else if ("ContextKeyValues".equals(current)) {
        values.addAll(values(seg));
      } else {
        throw new AwsInputException("Error parsing parameter '--context-entries': Expected: '=', received: '"
            + seg + "' for input: " + s,
            "Write ContextKeyName=KEY,ContextKeyValues=V1,V2,ContextKeyType=string.");
      }
    }
    return validate(new Entry(name, values, type));
  }

  private static String single(List<String> vs, String key) {
    if (vs.size() != 1) {
      throw new AwsInputException("Error parsing parameter '--context-entries': " + key + " takes one value, got " + vs, "");
    }
    return vs.get(0);
  }

  private static List<String> values(String raw) {
    String v = raw.strip();
    if (v.startsWith("[") && v.endsWith("]")) {
      List<String> out = new ArrayList<>();
      String inner = v.substring(1, v.length() - 1);
      if (!inner.isBlank()) {
        for (String p : split(inner, ',')) {
          out.add(unquote(p.strip()));
        }
      }
      return out;
    }
    return List.of(unquote(v));
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Splits on {@code sep} outside quotes and brackets. */
  private static List<String> split(String s, char sep) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == sep && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  private static int topLevelIndex(String s, char c) {
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char x = s.charAt(i);
      if (quote != 0) {
        if (x == quote) {
          quote = 0;
        }
      } else if (x == '\'' || x == '"' || x == '[') {
        return -1;
      } else if (x == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The simulator's own checks ({@link PolicySimulator#check}: a name of 5–256 characters, a known
   * type, values of that type), run as soon as an entry is read so that the error names it before
   * any policy is parsed; the texts are IAM's, as {@code aws iam simulate-custom-policy} shows them.
   */
  static Entry validate(Entry e) {
    try {
      PolicySimulator.check(new ContextEntry(e.name(), e.type(), e.values()));
    } catch (SimulationException x) {
      throw new AwsInputException(x.getMessage(), x.detail());
    }
    return e;
  }
}
