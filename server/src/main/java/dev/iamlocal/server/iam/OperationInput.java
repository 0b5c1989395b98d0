package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.protocol.AwsError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The input of one operation as AWS's API model read it ({@link ApiModel#readQuery}): a small typed
 * view over the tree keyed by the input shape's member names ({@code UserName}, {@code Tags}, …).
 * By the time an operation sees it, every constraint of the model holds (required members, lengths,
 * patterns, enums, ranges, list sizes), so the accessors only convert; what the model cannot say
 * (IAM's reserved {@code aws:} tag prefix, a tag key given twice) is checked here with IAM's words.
 *
 * <p>The request's parameters as sent stay available ({@link #params()}) for the code that still
 * reads them itself (pagination markers, the simulation's inputs).
 */
final class OperationInput {

  private final ObjectNode body;
  private final IamApi.Params params;

  OperationInput(ObjectNode body, IamApi.Params params) {
    this.body = body;
    this.params = params;
  }

  /** The tree as the model read it. */
  ObjectNode node() {
    return body;
  }

  /** The request's parameters as sent. */
  IamApi.Params params() {
    return params;
  }

  /** A string member, or null when absent. */
  String get(String member) {
    JsonNode v = body.get(member);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A string member, or {@code otherwise} when absent. */
  String get(String member, String otherwise) {
    String v = get(member);
    return v == null ? otherwise : v;
  }

  /**
   * A member the operation needs. The model requires most of them (and has refused a request
   * without them already); for the others this is AWS's message for a missing member.
   */
  String required(String member) {
    String v = get(member);
    if (v == null) {
      throw AwsError.validation("1 validation error detected: Value null at '" + ApiModel.lowerFirst(member)
          + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  /**
   * An integer member, or null when absent. The model checked its range when it was a number; a
   * value that is no number at all is AWS's "Member must be a number".
   */
  Integer integer(String member) {
    JsonNode v = body.get(member);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw AwsError.validation("1 validation error detected: Value at '"
          + ApiModel.lowerFirst(member) + "' failed to satisfy constraint: Member must be a number");
    }
    return v.intValue();
  }

  /** A boolean member ({@code true}, any case), or {@code otherwise} when absent. */
  boolean bool(String member, boolean otherwise) {
    String v = get(member);
    return v == null ? otherwise : "true".equalsIgnoreCase(v);
  }

  /** A list of strings, empty when absent. */
  List<String> strings(String member) {
    List<String> out = new ArrayList<>();
    JsonNode v = body.get(member);
    if (v != null) {
      v.forEach(x -> out.add(x.isNull() ? null : x.asText()));
    }
    return out;
  }

  /**
   * IAM's {@code Tags} member ({@code tagListType}, whose size, key and value the model checked):
   * in the request's order; a key with the reserved {@code aws:} prefix or one given twice, compared
   * without case (IAM's tag keys are case-insensitive: {@code CostCenter} and {@code costcenter} are
   * one tag), is IAM's InvalidInput.
   */
  Map<String, String> tags() {
    return tags(true, false);
  }

  /**
   * The {@code Tags} of a customer managed policy (CreatePolicy, TagPolicy): as {@link #tags()},
   * except that a policy's tag keys are case-sensitive ({@code a} and {@code A} are two tags) and only
   * the same key twice is IAM's InvalidInput "Duplicate tag keys found." (AWS's recorded answers).
   */
  Map<String, String> policyTags() {
    return tags(true, true);
  }

  /**
   * STS session tags: the same {@code Tag} shape, without IAM's {@code aws:} rule for stored tags;
   * keys that differ only in case are one key, so a request may not name it twice
   * (InvalidParameterValue, STS's code for a bad value).
   */
  Map<String, String> sessionTags() {
    return tags(false, false);
  }

  private Map<String, String> tags(boolean iamRules, boolean caseSensitive) {
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode list = body.get("Tags");
    if (list == null) {
      return tags;
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode t : list) {
      String key = t.path("Key").asText();
      String value = t.path("Value").asText();
      String lower = key.toLowerCase(Locale.ROOT);
      if (iamRules && lower.startsWith("aws:")) {
        throw AwsError.invalidInput("User-defined tag keys can't start with \"aws:\". This prefix is reserved for"
            + " AWS tags.");
      }
      if (caseSensitive && !seen.add(key)) {
        throw AwsError.invalidInput("Duplicate tag keys found.");
      }
      if (!caseSensitive && !seen.add(lower)) {
        // one key whatever its case, in IAM as in STS (the docs: "you cannot have separate Department
        // and department tag keys"); each service's code for a bad value
        String duplicate = "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
        throw iamRules ? AwsError.invalidInput(duplicate) : new AwsError(400, "InvalidParameterValue", duplicate);
      }
      tags.put(key, value);
    }
    return tags;
  }
}
