package dev.iamlocal.cli.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads scenario files as a stream: a file holds one scenario object or a JSON array of them, and
 * {@link #next()} returns one scenario at a time without building a tree of the whole file, so a
 * file of any length is read in constant memory.
 *
 * <p>A scenario is an object with these members (every one optional except {@code principal} and
 * {@code action}; any other member is an error):
 * <pre>
 * name, expect (allowed | explicitDeny | implicitDeny | denied),
 * identityPolicies [policy…], permissionsBoundary policy, sessionPolicies [policy…], resourcePolicy policy,
 * serviceControlPolicies [[policy…]…], resourceControlPolicies [[policy…]…]  (levels: organization root first),
 * vpcEndpointPolicies [policy…],
 * principal (ARN, service principal, or "*"), principalTags {tag: value}, principalId (unique id),
 * action, resource (default "*"), resourceAccount, context {key: "value" | ["v1", "v2"]}
 * </pre>
 * A policy is a JSON object (the document), a JSON string holding the document, or
 * {@code {"name": "...", "policy": object-or-string}}. An object keeps its exact source text from
 * the file, so statement positions are those of the text as written, counted from the policy's
 * opening brace (line 1, column 1), the way the IAM simulator counts from the start of each policy
 * string. A context value written as a JSON number or boolean is taken as its literal text.
 *
 * <p>Policies without a name get an id from where they stand, 1-based like the simulator's
 * {@code PolicyInputList.1}: {@code identityPolicies.1}, {@code permissionsBoundary},
 * {@code sessionPolicies.1}, {@code resourcePolicy}, {@code serviceControlPolicies.2.1} (level 2,
 * first policy), {@code resourceControlPolicies.1.1}, {@code vpcEndpointPolicies.1}.
 *
 * <p>Errors are {@link ScenarioException}s naming the file, line, column, JSON path, what was
 * expected and a hint. Not thread-safe: one reader per stream.
 */
public final class ScenarioReader implements Closeable {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** The members a scenario may have, in the order the documentation lists them. */
  public static final List<String> FIELDS = List.of(
      "name", "expect", "identityPolicies", "permissionsBoundary", "sessionPolicies", "resourcePolicy",
      "serviceControlPolicies", "resourceControlPolicies", "vpcEndpointPolicies", "principal", "principalTags",
      "principalId", "action", "resource", "resourceAccount", "context");

  private final RecordingReader in;
  private final JsonParser p;
  private final String source;
  private boolean started;
  private boolean array;
  private boolean done;
  private int index;

  /**
   * @param reader the scenario file's text (closed by {@link #close()})
   * @param sourceName how errors name the file ({@code <stdin>} for standard input)
   */
  public ScenarioReader(Reader reader, String sourceName) {
    this.in = new RecordingReader(reader);
    this.source = sourceName;
    try {
      this.p = FACTORY.createParser(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads scenarios from a string (tests, the server). */
  public static ScenarioReader of(String text, String sourceName) {
    return new ScenarioReader(new StringReader(text), sourceName);
  }

  /** Reads every scenario of {@code text}; for small inputs. */
  public static List<Scenario> readAll(String text, String sourceName) {
    List<Scenario> out = new ArrayList<>();
    try (ScenarioReader r = of(text, sourceName)) {
      for (Scenario s = r.next(); s != null; s = r.next()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether the file is an array of scenarios (known after the first {@link #next()}). */
  public boolean isArray() {
    return array;
  }

  /** How many characters of the file are held in memory now (tests: only the current scenario's). */
  int heldChars() {
    return in.held();
  }

  /** The file's name as errors report it. */
  public String sourceName() {
    return source;
  }

  /**
   * The next scenario, or null after the last one.
   *
   * @throws ScenarioException when the file is not valid scenario JSON
   * @throws UncheckedIOException when reading fails
   */
  public Scenario next() {
    if (done) {
      return null;
    }
    try {
      if (!started) {
        started = true;
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
          array = true;
          in.skipSeparators(p.currentLocation().getCharOffset());
        } else if (t == JsonToken.START_OBJECT) {
          Scenario s = scenario(0, "$");
          expectEnd();
          return s;
        } else {
          throw error(t == null ? here() : tokenAt(), "$",
              t == null ? "the input is empty: expected a scenario object or a JSON array of scenarios"
                  : "expected a scenario object or a JSON array of scenarios, found " + describe(t),
              "A scenario looks like {\"identityPolicies\": [...], \"principal\": \"arn:aws:iam::111122223333:user/alice\", "
                  + "\"action\": \"s3:GetObject\", \"resource\": \"arn:aws:s3:::bucket/key\"}.");
        }
      }
      if (!array) {
        done = true;
        return null;
      }
      JsonToken t = p.nextToken();
      if (t == JsonToken.END_ARRAY) {
        expectEnd();
        return null;
      }
      if (t != JsonToken.START_OBJECT) {
        throw error(t == null ? here() : tokenAt(), "$[" + index + "]",
            t == null ? "the input ends inside the scenario array: expected a scenario object or ']'"
                : "expected a scenario object, found " + describe(t),
            "Each element of the top-level array is one scenario object.");
      }
      Scenario s = scenario(index, "$[" + index + "]");
      index++;
      in.skipSeparators(p.currentLocation().getCharOffset());
      return s;
    } catch (JsonProcessingException e) {
      done = true;
      JsonLocation loc = e.getLocation();
      String m = e.getOriginalMessage();
      int nl = m.indexOf('\n');
      throw new ScenarioException(source, loc == null ? SourceLocation.UNKNOWN : new SourceLocation(loc.getLineNr(), loc.getColumnNr()),
          "", "invalid JSON: " + (nl > 0 ? m.substring(0, nl) : m),
          "Check the brackets, braces, commas and quotes around this position.");
    } catch (IOException e) {
      done = true;
      throw new UncheckedIOException(e);
    } catch (ScenarioException e) {
      done = true;
      throw e;
    }
  }

  private void expectEnd() throws IOException {
    done = true;
    in.skipSeparators(p.currentLocation().getCharOffset());
    JsonToken extra = p.nextToken();
    if (extra != null) {
      throw error(tokenAt(), "$", "unexpected content after the end of the scenarios",
          "A file holds one scenario object or one array of scenarios; put several scenarios in one array.");
    }
  }

  @Override
  public void close() {
    try {
      p.close();
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Scenario scenario(int idx, String path) throws IOException {
    in.discardBefore(p.currentTokenLocation().getCharOffset());
    SourceLocation start = tokenAt();
    String name = null;
    Expectation expect = null;
    List<PolicySource> identity = List.of();
    PolicySource boundary = null;
    List<PolicySource> session = null;
    PolicySource resourcePolicy = null;
    List<List<PolicySource>> scps = List.of();
    List<List<PolicySource>> rcps = List.of();
    List<PolicySource> vpce = List.of();
    Principal principal = null;
    Map<String, String> tags = Map.of();
    String principalId = null;
    String action = null;
    String resource = null;
    String resourceAccount = null;
    RequestContext context = RequestContext.empty();
    Set<String> seen = new HashSet<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      SourceLocation fieldAt = tokenAt();
      String fp = path + "." + field;
      if (!seen.add(field)) {
        throw error(fieldAt, fp, "the member \"" + field + "\" appears more than once in this scenario",
            "Give each member once.");
      }
      p.nextToken();
      switch (field) {
        case "name" -> name = string(fp, false);
        case "expect" -> {
          SourceLocation at = tokenAt();
          String e = string(fp, false);
          expect = Expectation.parse(e);
          if (expect == null) {
            throw error(at, fp, "\"" + e + "\" is not an expected decision",
                "Use one of allowed, explicitDeny, implicitDeny, denied (either deny).");
          }
        }
        case "identityPolicies" -> identity = policies(fp, "identityPolicies");
        case "permissionsBoundary" -> boundary = policy(fp, "permissionsBoundary", true);
        case "sessionPolicies" -> session = policies(fp, "sessionPolicies");
        case "resourcePolicy" -> resourcePolicy = policy(fp, "resourcePolicy", true);
        case "serviceControlPolicies" -> scps = levels(fp, "serviceControlPolicies");
        case "resourceControlPolicies" -> rcps = levels(fp, "resourceControlPolicies");
        case "vpcEndpointPolicies" -> vpce = policies(fp, "vpcEndpointPolicies");
        case "principal" -> {
          SourceLocation at = tokenAt();
          String s = string(fp, false);
          try {
            principal = Principal.parse(s);
          } catch (IllegalArgumentException e) {
            throw error(at, fp, e.getMessage(),
                "Give an IAM user, role or assumed-role ARN, a service principal such as sagemaker.amazonaws.com, or \"*\" for anonymous.");
          }
        }
        case "principalTags" -> tags = tags(fp);
        case "principalId" -> principalId = string(fp, true);
        case "action" -> action = string(fp, false);
        case "resource" -> resource = string(fp, false);
        case "resourceAccount" -> resourceAccount = string(fp, true);
        case "context" -> context = context(fp);
        default -> throw error(fieldAt, fp, "unknown scenario member \"" + field + "\"",
            suggestion(field) + "A scenario takes: " + String.join(", ", FIELDS) + ".");
      }
      // the member's policies are cut out already: what is read up to the next member need not be held
      in.skipSeparators(p.currentLocation().getCharOffset());
    }
    if (principal == null) {
      throw error(start, path, "the scenario has no \"principal\"",
          "Add \"principal\": an IAM user, role or assumed-role ARN, a service principal, or \"*\".");
    }
    if (action == null || action.isEmpty()) {
      throw error(start, path, "the scenario has no \"action\"", "Add \"action\": \"service:Action\", e.g. \"s3:GetObject\".");
    }
    if (action.indexOf(':') <= 0) {
      throw error(start, path + ".action", "\"" + action + "\" is not an action name: expected service:Action",
          "Write the service prefix, a colon and the action, e.g. \"sagemaker:CreateTrainingJob\".");
    }
    return new Scenario(idx, start, name, expect, identity, boundary, session, resourcePolicy, scps, rcps, vpce,
        principal, tags, principalId, action, resource == null ? "*" : resource, resourceAccount, context);
  }

  private String string(String path, boolean nullable) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (nullable && t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw error(tokenAt(), path, "expected a string, found " + describe(t), "Put the value in double quotes.");
  }

  private List<PolicySource> policies(String path, String idPrefix) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw error(tokenAt(), path, "expected an array of policies, found " + describe(p.currentToken()),
          "Write [ {policy}, ... ] even for one policy.");
    }
    List<PolicySource> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(policy(path + "[" + out.size() + "]", idPrefix + "." + (out.size() + 1), false));
      in.skipSeparators(p.currentLocation().getCharOffset());
    }
    return out;
  }

  private List<List<PolicySource>> levels(String path, String idPrefix) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw error(tokenAt(), path, "expected an array of levels, found " + describe(p.currentToken()),
          "Write [[root policies...], [OU policies...], [account policies...]]: one array per level, organization root first.");
    }
    List<List<PolicySource>> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String lp = path + "[" + out.size() + "]";
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw error(tokenAt(), lp, "expected a level (an array of policies), found " + describe(p.currentToken()),
            "Each level is itself an array, even with one policy: [[{policy}]].");
      }
      out.add(policies(lp, idPrefix + "." + (out.size() + 1)));
    }
    return out;
  }

  /** A policy at the current token: a document object, a string, or a {name, policy} wrapper. */
  private PolicySource policy(String path, String defaultId, boolean nullable) throws IOException {
    JsonToken t = p.currentToken();
    SourceLocation at = tokenAt();
    if (t == JsonToken.VALUE_STRING) {
      return new PolicySource(defaultId, p.getText(), at, true);
    }
    if (t == JsonToken.VALUE_NULL && nullable) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw error(at, path, "expected a policy, found " + describe(t),
          "A policy is a JSON object, a JSON string holding one, or {\"name\": \"...\", \"policy\": ...}.");
    }
    long start = p.currentTokenLocation().getCharOffset();
    JsonToken first = p.nextToken();
    if (first == JsonToken.FIELD_NAME && (p.currentName().equals("name") || p.currentName().equals("policy"))) {
      return wrapped(path, defaultId, at);
    }
    // A policy document: skip to its end, then cut its exact text out of the file.
    for (JsonToken k = first; k != JsonToken.END_OBJECT; k = p.nextToken()) {
      p.nextToken();
      p.skipChildren();
    }
    long end = p.currentTokenLocation().getCharOffset() + 1;
    return new PolicySource(defaultId, in.slice(start, end), at, false);
  }

  private PolicySource wrapped(String path, String defaultId, SourceLocation at) throws IOException {
    String name = null;
    PolicySource inner = null;
    for (JsonToken k = p.currentToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
      String field = p.currentName();
      SourceLocation fieldAt = tokenAt();
      p.nextToken();
      switch (field) {
        case "name" -> {
          name = string(path + ".name", false);
          if (name.isEmpty()) {
            throw error(fieldAt, path + ".name", "a policy name cannot be empty", "Give the policy a name, or omit \"name\".");
          }
        }
        case "policy" -> {
          JsonToken v = p.currentToken();
          if (v != JsonToken.START_OBJECT && v != JsonToken.VALUE_STRING) {
            throw error(tokenAt(), path + ".policy", "expected a policy document (object or string), found " + describe(v),
                "Write \"policy\": {\"Version\": \"2012-10-17\", \"Statement\": [...]}.");
          }
          inner = v == JsonToken.VALUE_STRING
              ? new PolicySource(defaultId, p.getText(), tokenAt(), true)
              : document(path + ".policy", defaultId);
        }
        default -> throw error(fieldAt, path + "." + field, "unknown member \"" + field + "\" in a named policy",
            "A named policy is {\"name\": \"...\", \"policy\": {...}}; nothing else may stand beside them.");
      }
    }
    if (inner == null) {
      throw error(at, path, "the named policy has no \"policy\"", "Add \"policy\": {\"Version\": \"2012-10-17\", \"Statement\": [...]}.");
    }
    return name == null ? inner : new PolicySource(name, inner.text(), inner.origin(), inner.fromString());
  }

  /** A policy document object at the current token, with its exact text. */
  private PolicySource document(String path, String id) throws IOException {
    SourceLocation at = tokenAt();
    long start = p.currentTokenLocation().getCharOffset();
    p.skipChildren();
    long end = p.currentTokenLocation().getCharOffset() + 1;
    return new PolicySource(id, in.slice(start, end), at, false);
  }

  private Map<String, String> tags(String path) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw error(tokenAt(), path, "expected an object of tags, found " + describe(p.currentToken()),
          "Write {\"team\": \"ml\", \"project\": \"a\"}.");
    }
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      SourceLocation at = tokenAt();
      p.nextToken();
      String v = scalar(path + "['" + k + "']");
      if (out.put(k, v) != null) {
        throw error(at, path, "the tag \"" + k + "\" appears more than once", "Give each tag once.");
      }
    }
    return out;
  }

  private RequestContext context(String path) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw error(tokenAt(), path, "expected an object of context keys, found " + describe(p.currentToken()),
          "Write {\"aws:SourceIp\": \"192.0.2.1\", \"aws:TagKeys\": [\"team\"]}: a string, or an array for a multivalued key.");
    }
    RequestContext.Builder b = RequestContext.builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      SourceLocation at = tokenAt();
      String kp = path + "['" + k + "']";
      if (b.contains(k)) {
        throw error(at, kp, "the context key \"" + k + "\" appears more than once (key names are case-insensitive)",
            "Give each key once; for several values use an array.");
      }
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_ARRAY) {
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          values.add(scalar(kp + "[" + values.size() + "]"));
        }
        b.putList(k, values);
      } else {
        b.put(k, scalar(kp));
      }
    }
    return b.build();
  }

  /** A string, or a number or boolean taken as its literal text. */
  private String scalar(String path) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
      default -> throw error(tokenAt(), path, "expected a string, found " + describe(t),
          "Context values and tags are strings; a multivalued key takes an array of strings.");
    };
  }

  // ---------------------------------------------------------------------------------------------

  private SourceLocation tokenAt() {
    JsonLocation l = p.currentTokenLocation();
    return new SourceLocation(l.getLineNr(), l.getColumnNr());
  }

  private SourceLocation here() {
    JsonLocation l = p.currentLocation();
    return new SourceLocation(l.getLineNr(), l.getColumnNr());
  }

  private ScenarioException error(SourceLocation at, String path, String problem, String hint) {
    return new ScenarioException(source, at, path, problem, hint);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
    };
  }

  /** "Did you mean …?" for a misspelt member (case or a couple of letters off). */
  private static String suggestion(String field) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String f : FIELDS) {
      int d = f.equalsIgnoreCase(field) ? 0 : distance(f.toLowerCase(Locale.ROOT), field.toLowerCase(Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = f;
      }
    }
    return bestD <= Math.max(1, field.length() / 3) ? "Did you mean \"" + best + "\"? " : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
      }
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[b.length()];
  }
}
