package dev.iamlocal.validation;

import dev.iamlocal.condition.OperatorSpec;
import dev.iamlocal.condition.SetQualifier;
import dev.iamlocal.policy.JsonTree.ArrayNode;
import dev.iamlocal.policy.JsonTree.Member;
import dev.iamlocal.policy.JsonTree.Node;
import dev.iamlocal.policy.JsonTree.ObjectNode;
import java.util.List;

/**
 * Empty arrays and objects: the model no longer shows them (an empty array and a missing element
 * both become "no values"), so this check reads the located JSON tree.
 */
final class EmptyElementChecks implements Check {

  @Override
  public List<String> codes() {
    return List.of("EMPTY_ARRAY_STATEMENT", "EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_NOTACTION", "EMPTY_ARRAY_RESOURCE",
        "EMPTY_ARRAY_NOTRESOURCE", "EMPTY_OBJECT_PRINCIPAL", "EMPTY_ARRAY_PRINCIPAL", "EMPTY_OBJECT_CONDITION",
        "EMPTY_OBJECT_CONDITION_OPERATOR", "EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORALLVALUES",
        "EMPTY_ARRAY_CONDITION_FORANYVALUE", "EMPTY_ARRAY_CONDITION_IFEXISTS");
  }

  @Override
  public void check(PolicyContext ctx, FindingSink out) {
    if (!(ctx.tree() instanceof ObjectNode root)) {
      return;
    }
    Member statements = root.member("Statement");
    if (statements == null) {
      return;
    }
    if (statements.value() instanceof ArrayNode arr) {
      if (arr.items().isEmpty()) {
        out.add(Severity.WARNING, "EMPTY_ARRAY_STATEMENT", "The Statement array is empty, so the policy grants and "
            + "denies nothing.", "Add a statement or delete the policy.", arr.path(), arr.span());
      }
      for (Node item : arr.items()) {
        statement(item, out);
      }
    } else {
      statement(statements.value(), out);
    }
  }

  private static void statement(Node node, FindingSink out) {
    if (!(node instanceof ObjectNode s)) {
      return;
    }
    emptyArray(s, "Action", Severity.SUGGESTION, "EMPTY_ARRAY_ACTION",
        "The Action array is empty, so the statement applies to no action.", "Add actions or remove the statement.", out);
    emptyArray(s, "NotAction", Severity.WARNING, "EMPTY_ARRAY_NOTACTION",
        "The NotAction array is empty, so the statement applies to every action.",
        "Write \"Action\": \"*\" if that is meant, else list the excluded actions.", out);
    emptyArray(s, "Resource", Severity.SUGGESTION, "EMPTY_ARRAY_RESOURCE",
        "The Resource array is empty, so the statement applies to no resource.", "Add resources or remove the statement.", out);
    emptyArray(s, "NotResource", Severity.WARNING, "EMPTY_ARRAY_NOTRESOURCE",
        "The NotResource array is empty, so the statement applies to every resource.",
        "Write \"Resource\": \"*\" if that is meant, else list the excluded resources.", out);
    for (String name : List.of("Principal", "NotPrincipal")) {
      Member p = s.member(name);
      if (p != null && p.value() instanceof ObjectNode po) {
        if (po.members().isEmpty()) {
          out.add(Severity.SUGGESTION, "EMPTY_OBJECT_PRINCIPAL", "The " + name + " object is empty.",
              "Name principals, e.g. {\"AWS\": \"arn:aws:iam::123456789012:root\"}, or remove the element.",
              po.path(), po.span());
        }
        for (Member t : po.members()) {
          if (t.value() instanceof ArrayNode a && a.items().isEmpty()) {
            out.add(Severity.SUGGESTION, "EMPTY_ARRAY_PRINCIPAL", "The " + name + " entry \"" + t.key()
                + "\" is an empty array.", "Add principals or remove the \"" + t.key() + "\" entry.", a.path(), a.span());
          }
        }
      }
    }
    Member c = s.member("Condition");
    if (c == null || !(c.value() instanceof ObjectNode cond)) {
      return;
    }
    if (cond.members().isEmpty()) {
      out.add(Severity.SUGGESTION, "EMPTY_OBJECT_CONDITION", "The Condition object is empty.",
          "Remove the Condition element or add a condition.", cond.path(), cond.span());
    }
    for (Member op : cond.members()) {
      if (!(op.value() instanceof ObjectNode keys)) {
        continue;
      }
      if (keys.members().isEmpty()) {
        out.add(Severity.SUGGESTION, "EMPTY_OBJECT_CONDITION_OPERATOR", "The condition operator " + op.key()
            + " has no keys.", "Add a key and values, e.g. {\"aws:SourceIp\": \"203.0.113.0/24\"}, or remove it.",
            keys.path(), op.keySpan());
      }
      OperatorSpec spec = OperatorSpec.parse(op.key());
      for (Member k : keys.members()) {
        if (k.value() instanceof ArrayNode a && a.items().isEmpty()) {
          String code = spec == null ? "EMPTY_ARRAY_CONDITION"
              : spec.qualifier() == SetQualifier.FOR_ALL_VALUES ? "EMPTY_ARRAY_CONDITION_FORALLVALUES"
              : spec.qualifier() == SetQualifier.FOR_ANY_VALUE ? "EMPTY_ARRAY_CONDITION_FORANYVALUE"
              : spec.ifExists() ? "EMPTY_ARRAY_CONDITION_IFEXISTS" : "EMPTY_ARRAY_CONDITION";
          String effect = spec == null ? "" : spec.qualifier() == SetQualifier.FOR_ALL_VALUES
              ? " ForAllValues with no values is true only when the request has no value for the key."
              : spec.qualifier() == SetQualifier.FOR_ANY_VALUE ? " ForAnyValue with no values is never true."
              : spec.ifExists() ? " It is true only when the key is absent." : "";
          out.add(Severity.SUGGESTION, code, "The values of " + op.key() + " \"" + k.key() + "\" are an empty array."
              + effect, "Add the values to compare with, or remove the key.", a.path(), a.span());
        }
      }
    }
  }

  private static void emptyArray(ObjectNode s, String element, Severity severity, String code, String message,
      String hint, FindingSink out) {
    Member m = s.member(element);
    if (m != null && m.value() instanceof ArrayNode a && a.items().isEmpty()) {
      out.add(severity, code, message, hint, a.path(), a.span());
    }
  }
}
