package dev.iamlocal.policy;

import dev.iamlocal.policy.JsonTree.ArrayNode;
import dev.iamlocal.policy.JsonTree.Member;
import dev.iamlocal.policy.JsonTree.Node;
import dev.iamlocal.policy.JsonTree.ObjectNode;
import dev.iamlocal.policy.JsonTree.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns policy JSON into a {@link PolicyDocument}, or into a list of {@link ParseProblem}s that
 * say exactly where the grammar of spec §1 is broken.
 *
 * <p>What the parser rejects is what IAM itself refuses to store: invalid JSON, duplicate keys,
 * unknown elements, a missing or misspelled {@code Effect}, both {@code Action} and
 * {@code NotAction}, values of the wrong JSON type, characters outside the allowed set. Checks that
 * depend on the policy type (Principal in an identity policy, a missing Resource) or on the service
 * catalog belong to the validator, which sees this parser's problems as its first findings.
 *
 * <p>Decisions on open questions:
 * <ul>
 *   <li>Q1 duplicate keys: rejected (reported at the second occurrence), never last-one-wins.
 *   <li>Q4 element names are case-sensitive: {@code "effect"} is an unknown element, reported with
 *       a hint that names the right spelling.
 *   <li>An {@code Id} in an identity policy is accepted (IAM accepts it; seed policies 17 and 18
 *       carry one).
 *   <li>Condition values written as JSON numbers or booleans become their literal text
 *       ({@code 10}, {@code true}); {@code null} is rejected.
 * </ul>
 */
public final class PolicyParser {

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_ELEMENTS = Set.of(
      "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");

  /** The outcome of a lenient parse: a document as far as it could be built, and every problem. */
  public record Result(PolicyDocument document, List<ParseProblem> problems, JsonTree.Node tree) {
    public boolean ok() {
      return problems.isEmpty() && document != null;
    }
  }

  private PolicyParser() {}

  /**
   * Parses a policy document.
   *
   * @throws PolicyParseException with every problem found when the text is not a valid policy
   */
  public static PolicyDocument parse(String text) {
    Result r = parseLenient(text);
    if (!r.ok()) {
      throw new PolicyParseException(r.problems());
    }
    return r.document();
  }

  /**
   * Parses as much as possible and collects every problem instead of stopping at the first.
   * {@link Result#document()} is null only when the text is not a JSON object.
   */
  public static Result parseLenient(String text) {
    JsonTree.Result tree = JsonTree.parse(text);
    List<ParseProblem> problems = new ArrayList<>(tree.problems());
    checkCharacters(text, problems);
    if (tree.root() == null) {
      return new Result(null, problems, null);
    }
    if (!(tree.root() instanceof ObjectNode root)) {
      problems.add(problem("JSON_SYNTAX_ERROR", "A policy document must be a JSON object, found "
          + tree.root().kind() + ".", "Wrap the statements in {\"Version\": \"2012-10-17\", \"Statement\": [...]}.",
          tree.root()));
      return new Result(null, problems, tree.root());
    }
    PolicyDocument doc = new Builder(problems).document(root, text);
    return new Result(doc, List.copyOf(problems), root);
  }

  /** IAM accepts only TAB, LF, CR and U+0020–U+00FF in a policy (spec §1.3). */
  private static void checkCharacters(String text, List<ParseProblem> problems) {
    // Nearly every policy is valid: find out without counting lines, and only count on a problem.
    boolean clean = true;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c > 0xFF) {
        clean = false;
        break;
      }
    }
    if (clean) {
      return;
    }
    int line = 1;
    int col = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFF);
      if (!allowed) {
        Position at = new Position(line, col, i);
        // the character, not half of it: an emoji is one code point (U+1F600), two chars of the string
        int cp = text.codePointAt(i);
        int chars = Character.charCount(cp);
        problems.add(new ParseProblem("INVALID_CHARACTER",
            String.format("The character U+%04X is not allowed in an IAM policy.", cp),
            "IAM accepts only tab, line feed, carriage return and the characters U+0020 to U+00FF.",
            JsonPath.ROOT, new Span(at, new Position(line, col + chars, i + chars))));
        return;
      }
      if (c == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
  }

  static ParseProblem problem(String code, String message, String hint, Node at) {
    return new ParseProblem(code, message, hint, at.path(), at.span());
  }

  /** Builds the model; one instance per parse, collecting problems as it goes. */
  private static final class Builder {
    private final List<ParseProblem> problems;

    Builder(List<ParseProblem> problems) {
      this.problems = problems;
    }

    PolicyDocument document(ObjectNode root, String text) {
      PolicyVersion version = PolicyVersion.ABSENT;
      PolicyString versionString = null;
      PolicyString id = null;
      List<Statement> statements = new ArrayList<>();
      boolean statementArray = false;
      boolean sawStatement = false;
      for (Member m : root.members()) {
        switch (m.key()) {
          case "Version": {
            PolicyString s = string(m.value(), "Version", "DATA_TYPE_MISMATCH");
            if (s != null) {
              versionString = s;
              PolicyVersion v = PolicyVersion.fromJson(s.value());
              if (v == null || v == PolicyVersion.ABSENT) {
                problems.add(problem("INVALID_VERSION", "The Version \"" + s.value()
                    + "\" is not a policy language version.",
                    "Use \"2012-10-17\" (the current version; \"2008-10-17\" is the only other one).", m.value()));
              } else {
                version = v;
              }
            }
            break;
          }
          case "Id":
            id = string(m.value(), "Id", "DATA_TYPE_MISMATCH");
            break;
          case "Statement": {
            sawStatement = true;
            Node v = m.value();
            if (v instanceof ArrayNode arr) {
              statementArray = true;
              // Bug fix: the index is the position in the array. It used to be the count of
              // statements kept so far, so after an invalid item (parseLenient) every later
              // statement was labelled with its neighbour's number.
              int position = 0;
              for (Node item : arr.items()) {
                Statement s = statement(item, position++);
                if (s != null) {
                  statements.add(s);
                }
              }
            } else if (v instanceof ObjectNode) {
              Statement s = statement(v, 0);
              if (s != null) {
                statements.add(s);
              }
            } else {
              problems.add(problem("DATA_TYPE_MISMATCH", "Statement must be an object or an array of objects, found "
                  + v.kind() + ".", "Write \"Statement\": [{\"Effect\": \"Allow\", ...}].", v));
            }
            break;
          }
          default:
            unknownElement(m, TOP_LEVEL, "policy");
        }
      }
      if (!sawStatement) {
        problems.add(new ParseProblem("MISSING_STATEMENT", "The policy has no Statement element.",
            "Add \"Statement\": [{\"Effect\": ..., \"Action\": ..., \"Resource\": ...}].", JsonPath.ROOT, root.span()));
      }
      return new PolicyDocument(version, versionString, id, statements, statementArray, text);
    }

    private void unknownElement(Member m, Set<String> known, String where) {
      String hint = "Valid elements here: " + String.join(", ", new java.util.TreeSet<>(known)) + ".";
      for (String k : known) {
        if (k.equalsIgnoreCase(m.key())) {
          hint = "Element names are case-sensitive: write \"" + k + "\".";
        }
      }
      problems.add(new ParseProblem("INVALID_POLICY_ELEMENT",
          "\"" + m.key() + "\" is not a valid " + where + " element.", hint, m.value().path(), m.keySpan()));
    }

    private Statement statement(Node node, int index) {
      if (!(node instanceof ObjectNode obj)) {
        problems.add(problem("DATA_TYPE_MISMATCH", "A statement must be an object, found " + node.kind() + ".",
            "Write {\"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ...}.", node));
        return null;
      }
      PolicyString sid = null;
      Effect effect = null;
      ValueList action = null;
      ValueList notAction = null;
      ValueList resource = null;
      ValueList notResource = null;
      PrincipalElement principal = null;
      PrincipalElement notPrincipal = null;
      List<ConditionEntry> conditions = new ArrayList<>();
      boolean sawEffect = false;
      for (Member m : obj.members()) {
        switch (m.key()) {
          case "Sid":
            sid = string(m.value(), "Sid", "DATA_TYPE_MISMATCH");
            break;
          case "Effect": {
            sawEffect = true;
            PolicyString e = string(m.value(), "Effect", "INVALID_EFFECT");
            if (e != null) {
              effect = Effect.fromJson(e.value());
              if (effect == null) {
                String hint = e.value().equalsIgnoreCase("allow") ? "Effect is case-sensitive: write \"Allow\"."
                    : e.value().equalsIgnoreCase("deny") ? "Effect is case-sensitive: write \"Deny\"."
                    : "Effect must be \"Allow\" or \"Deny\".";
                problems.add(problem("INVALID_EFFECT", "\"" + e.value() + "\" is not a valid Effect.", hint, m.value()));
              }
            }
            break;
          }
          case "Action":
            action = valueList(m.value(), "Action");
            break;
          case "NotAction":
            notAction = valueList(m.value(), "NotAction");
            break;
          case "Resource":
            resource = valueList(m.value(), "Resource");
            break;
          case "NotResource":
            notResource = valueList(m.value(), "NotResource");
            break;
          case "Principal":
            principal = principal(m.value(), "Principal");
            break;
          case "NotPrincipal":
            notPrincipal = principal(m.value(), "NotPrincipal");
            break;
          case "Condition":
            condition(m.value(), conditions);
            break;
          default:
            unknownElement(m, STATEMENT_ELEMENTS, "statement");
        }
      }
      if (!sawEffect) {
        problems.add(new ParseProblem("MISSING_EFFECT", "The statement has no Effect.",
            "Add \"Effect\": \"Allow\" or \"Effect\": \"Deny\".", obj.path(), obj.span()));
      }
      if (action == null && notAction == null) {
        problems.add(new ParseProblem("MISSING_ACTION", "The statement has neither Action nor NotAction.",
            "Add \"Action\": [\"service:ActionName\"].", obj.path(), obj.span()));
      }
      if (action != null && notAction != null) {
        problems.add(new ParseProblem("UNSUPPORTED_ELEMENT_COMBINATION",
            "A statement cannot have both Action and NotAction.", "Keep one of the two.", notAction.path(), notAction.span()));
      }
      if (resource != null && notResource != null) {
        problems.add(new ParseProblem("UNSUPPORTED_ELEMENT_COMBINATION",
            "A statement cannot have both Resource and NotResource.", "Keep one of the two.", notResource.path(), notResource.span()));
      }
      if (principal != null && notPrincipal != null) {
        problems.add(new ParseProblem("UNSUPPORTED_ELEMENT_COMBINATION",
            "A statement cannot have both Principal and NotPrincipal.", "Keep one of the two.", notPrincipal.path(), notPrincipal.span()));
      }
      if (effect == null) {
        // The statement cannot take part in evaluation; it is still reported above.
        return null;
      }
      return new Statement(index, sid, effect, action, notAction, resource, notResource, principal, notPrincipal,
          conditions, obj.span(), obj.path());
    }

    private PolicyString string(Node node, String element, String code) {
      if (node instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
        return new PolicyString(s.text(), s.span(), s.path());
      }
      problems.add(problem(code, element + " must be a string, found " + node.kind() + ".",
          "Put the value in double quotes.", node));
      return null;
    }

    private ValueList valueList(Node node, String element) {
      List<PolicyString> values = new ArrayList<>();
      if (node instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
        values.add(new PolicyString(s.text(), s.span(), s.path()));
        return new ValueList(values, false, node.span(), node.path());
      }
      if (node instanceof ArrayNode arr) {
        for (Node item : arr.items()) {
          PolicyString v = string(item, element + " entry", "DATA_TYPE_MISMATCH");
          if (v != null) {
            values.add(v);
          }
        }
        return new ValueList(values, true, node.span(), node.path());
      }
      problems.add(problem("DATA_TYPE_MISMATCH", element + " must be a string or an array of strings, found "
          + node.kind() + ".", "Write \"" + element + "\": \"...\" or \"" + element + "\": [\"...\", \"...\"].", node));
      return null;
    }

    private PrincipalElement principal(Node node, String element) {
      if (node instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
        if (!s.text().equals("*")) {
          problems.add(problem("INVALID_PRINCIPAL_FORMAT", element + " as a plain string must be \"*\".",
              "Name principals by type: {\"AWS\": \"arn:aws:iam::123456789012:root\"} or {\"Service\": \"...\"}.", node));
          return null;
        }
        return new PrincipalElement(true, Map.of(), node.span(), node.path());
      }
      if (!(node instanceof ObjectNode obj)) {
        problems.add(problem("INVALID_PRINCIPAL_FORMAT", element + " must be \"*\" or an object, found "
            + node.kind() + ".", "Write {\"AWS\": \"arn:aws:iam::123456789012:root\"}.", node));
        return null;
      }
      Map<String, ValueList> byType = new LinkedHashMap<>();
      for (Member m : obj.members()) {
        if (!PrincipalElement.TYPES.contains(m.key())) {
          problems.add(new ParseProblem("INVALID_PRINCIPAL_KEY", "\"" + m.key() + "\" is not a principal type.",
              "Use AWS, Service, Federated or CanonicalUser.", m.value().path(), m.keySpan()));
          continue;
        }
        ValueList v = valueList(m.value(), element + "." + m.key());
        if (v != null) {
          byType.put(m.key(), v);
        }
      }
      return new PrincipalElement(false, byType, node.span(), node.path());
    }

    private void condition(Node node, List<ConditionEntry> out) {
      if (!(node instanceof ObjectNode block)) {
        problems.add(problem("DATA_TYPE_MISMATCH", "Condition must be an object, found " + node.kind() + ".",
            "Write \"Condition\": {\"StringEquals\": {\"key\": \"value\"}}.", node));
        return;
      }
      for (Member op : block.members()) {
        if (!(op.value() instanceof ObjectNode keys)) {
          problems.add(problem("DATA_TYPE_MISMATCH", "The value of condition operator " + op.key()
              + " must be an object of keys and values, found " + op.value().kind() + ".",
              "Write \"" + op.key() + "\": {\"aws:SomeKey\": \"value\"}.", op.value()));
          continue;
        }
        PolicyString operator = new PolicyString(op.key(), op.keySpan(), op.value().path());
        for (Member k : keys.members()) {
          List<PolicyString> values = new ArrayList<>();
          boolean array = k.value() instanceof ArrayNode;
          List<Node> items = array ? ((ArrayNode) k.value()).items() : List.of(k.value());
          for (Node item : items) {
            if (item instanceof ScalarNode s && s.type() != ScalarNode.Type.NULL) {
              values.add(new PolicyString(s.text(), s.span(), s.path()));
            } else {
              problems.add(problem("DATA_TYPE_MISMATCH", "A condition value must be a string, number or boolean, found "
                  + item.kind() + ".", "Write the value in double quotes.", item));
            }
          }
          out.add(new ConditionEntry(operator, new PolicyString(k.key(), k.keySpan(), k.value().path()), values, array,
              k.value().path()));
        }
      }
    }
  }
}
