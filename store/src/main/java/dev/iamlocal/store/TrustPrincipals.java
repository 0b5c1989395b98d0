package dev.iamlocal.store;

import dev.iamlocal.policy.JsonTree;
import dev.iamlocal.policy.JsonTree.ArrayNode;
import dev.iamlocal.policy.JsonTree.Member;
import dev.iamlocal.policy.JsonTree.Node;
import dev.iamlocal.policy.JsonTree.ObjectNode;
import dev.iamlocal.policy.JsonTree.ScalarNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The IAM users and roles a role trust policy names in its {@code Principal} elements, and the
 * document rewritten with other text in their place.
 *
 * <p>IAM User Guide, "AWS JSON policy elements: Principal" (IAM role principals, IAM user
 * principals): "If your {@code Principal} element in a role trust policy contains an ARN that points
 * to a specific IAM role, then that ARN transforms to the role unique principal ID when you save the
 * policy. […] You don't normally see this ID in the console, because IAM uses a reverse
 * transformation back to the role ARN when the trust policy is displayed. However, if you delete the
 * role, then you break the relationship. The policy no longer applies, even if you recreate the role
 * because the new role has a new principal ID that does not match the ID stored in the trust policy.
 * When this happens, the principal ID appears in resource-based policies because AWS can no longer
 * map it back to a valid ARN." The same paragraph is given for IAM users. Account principals
 * ({@code arn:aws:iam::123456789012:root}, {@code 123456789012}), {@code *}, service and federated
 * principals and role session ARNs ({@code arn:aws:sts::…:assumed-role/…}) are not transformed: only
 * {@code AWS} values that are IAM user or role ARNs are.
 */
final class TrustPrincipals {

  private TrustPrincipals() {}

  /** An IAM user or role ARN as a trust policy names it: its account, {@code user} or {@code role}, its name. */
  record Named(String arn, String accountId, String type, String name) {}

  /**
   * A unique principal ID written as a principal (as GetRole shows one whose entity is gone): IAM
   * refuses to save it again (AWS: {@code Invalid principal in policy: "AWS":"AROA…"}).
   */
  private static final Pattern UNIQUE_ID = Pattern.compile("(AIDA|AROA)[A-Z0-9]{12,32}");

  /** AWS's MalformedPolicyDocument for a principal that names no existing entity, exactly as IAM words it. */
  static IamException invalid(String value) {
    return new IamException.MalformedPolicyDocument("Invalid principal in policy: \"AWS\":\"" + value + "\"");
  }

  /**
   * The IAM user and role ARNs among the {@code AWS} values of the document's {@code Principal}
   * elements, each once, in document order.
   *
   * @param refuseIds whether a value that is a unique principal ID is refused
   * @throws IamException MalformedPolicyDocument for a value that is a unique principal ID
   */
  static List<Named> named(String document, boolean refuseIds) {
    Map<String, Named> out = new LinkedHashMap<>();
    for (ScalarNode v : awsValues(document)) {
      String value = v.text();
      if (refuseIds && UNIQUE_ID.matcher(value).matches()) {
        throw invalid(value);
      }
      Named n = parse(value);
      if (n != null) {
        out.putIfAbsent(value, n);
      }
    }
    return List.copyOf(out.values());
  }

  /** An IAM user or role ARN ({@code arn:PARTITION:iam::ACCOUNT:user|role/PATH/NAME}), else null. */
  static Named parse(String value) {
    if (!value.startsWith("arn:")) {
      return null;
    }
    String[] a = value.split(":", 6);
    if (a.length != 6 || !a[2].equals("iam")) {
      return null;
    }
    String type = a[5].startsWith("user/") ? "user" : a[5].startsWith("role/") ? "role" : null;
    if (type == null) {
      return null;
    }
    return new Named(value, a[4], type, a[5].substring(a[5].lastIndexOf('/') + 1));
  }

  /**
   * The document with every {@code AWS} value of its {@code Principal} elements that is a key of
   * {@code replacements} replaced by that key's value (a JSON string, quoted and escaped); every
   * other character as it was.
   */
  static String rewrite(String document, Map<String, String> replacements) {
    if (replacements.isEmpty()) {
      return document;
    }
    List<int[]> spans = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (ScalarNode v : awsValues(document)) {
      String to = replacements.get(v.text());
      if (to == null) {
        continue;
      }
      int start = (int) v.span().start().offset();
      if (start < 0 || start >= document.length() || document.charAt(start) != '"') {
        // the parser's offsets and the text disagree: never show (or evaluate) the stale ARN
        throw new IllegalStateException("cannot locate a principal of a stored trust policy");
      }
      spans.add(new int[] {start, endOfString(document, start)});
      texts.add(quote(to));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> spans.get(i)[0]));
    StringBuilder b = new StringBuilder(document.length());
    int at = 0;
    for (int i : order) {
      b.append(document, at, spans.get(i)[0]).append(texts.get(i));
      at = spans.get(i)[1];
    }
    return b.append(document, at, document.length()).toString();
  }

  /** One past the closing quote of the JSON string whose opening quote is at {@code start}. */
  private static int endOfString(String text, int start) {
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    throw new IllegalStateException("unterminated string in a stored trust policy");
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The string values of {@code Statement[*].Principal.AWS} (a string or an array of strings). */
  private static List<ScalarNode> awsValues(String document) {
    List<ScalarNode> out = new ArrayList<>();
    JsonTree.Result tree = JsonTree.parse(document);
    if (!(tree.root() instanceof ObjectNode root)) {
      return out;
    }
    for (Node statement : each(root, "Statement")) {
      if (!(statement instanceof ObjectNode st)) {
        continue;
      }
      for (Member m : st.members()) {
        if (m.key().equals("Principal") && m.value() instanceof ObjectNode principal) {
          for (Member t : principal.members()) {
            if (t.key().equals("AWS")) {
              strings(t.value(), out);
            }
          }
        }
      }
    }
    return out;
  }

  /** The values of every member {@code key} of {@code o}, an array's items taken one by one. */
  private static List<Node> each(ObjectNode o, String key) {
    List<Node> out = new ArrayList<>();
    for (Member m : o.members()) {
      if (m.key().equals(key)) {
        if (m.value() instanceof ArrayNode a) {
          out.addAll(a.items());
        } else {
          out.add(m.value());
        }
      }
    }
    return out;
  }

  private static void strings(Node n, List<ScalarNode> out) {
    if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
      out.add(s);
    } else if (n instanceof ArrayNode a) {
      for (Node item : a.items()) {
        if (item instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
          out.add(s);
        }
      }
    }
  }
}
