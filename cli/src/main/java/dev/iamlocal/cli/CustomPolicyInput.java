package dev.iamlocal.cli;

import dev.iamlocal.policy.JsonTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of {@code SimulateCustomPolicy} (botocore shape {@code SimulateCustomPolicyRequest}),
 * read from {@code --cli-input-json} and/or the AWS CLI's flags; a flag replaces the same
 * parameter from the JSON, as in the AWS CLI.
 */
final class CustomPolicyInput {

  static final List<String> PARAMETERS = List.of("PolicyInputList", "PermissionsBoundaryPolicyInputList", "ActionNames",
      "ResourceArns", "ResourcePolicy", "ResourceOwner", "CallerArn", "ContextEntries", "ResourceHandlingOption",
      "MaxItems", "Marker");

  List<String> policyInputList;
  List<String> permissionsBoundaryPolicyInputList;
  List<String> actionNames;
  List<String> resourceArns;
  String resourcePolicy;
  String resourceOwner;
  String callerArn;
  List<ContextEntries.Entry> contextEntries;
  String resourceHandlingOption;
  Integer maxItems;
  String marker;

  /** Reads a {@code --cli-input-json} document; errors name the line and column in it. */
  static CustomPolicyInput fromCliInputJson(String text, String sourceName) {
    JsonTree.Result r = JsonTree.parse(text);
    if (!r.problems().isEmpty() || r.root() == null) {
      var p = r.problems().get(0);
      throw new AwsInputException(sourceName + ":" + p.span().start() + ": Invalid JSON received: " + p.message(),
          "The --cli-input-json document is one JSON object, e.g. {\"PolicyInputList\": [\"{...}\"], \"ActionNames\": [\"s3:GetObject\"]}.");
    }
    if (!(r.root() instanceof JsonTree.ObjectNode o)) {
      throw new AwsInputException(sourceName + ": the --cli-input-json document must be a JSON object, found " + r.root().kind(), "");
    }
    CustomPolicyInput in = new CustomPolicyInput();
    for (JsonTree.Member m : o.members()) {
      JsonTree.Node v = m.value();
      try {
        switch (m.key()) {
          case "PolicyInputList" -> in.policyInputList = policies(v, "PolicyInputList");
          case "PermissionsBoundaryPolicyInputList" ->
              in.permissionsBoundaryPolicyInputList = policies(v, "PermissionsBoundaryPolicyInputList");
          case "ActionNames" -> in.actionNames = strings(v, "ActionNames");
          case "ResourceArns" -> in.resourceArns = strings(v, "ResourceArns");
          case "ResourcePolicy" -> in.resourcePolicy = policyString(v, "ResourcePolicy");
          case "ResourceOwner" -> in.resourceOwner = string(v, "ResourceOwner");
          case "CallerArn" -> in.callerArn = string(v, "CallerArn");
          case "ResourceHandlingOption" -> in.resourceHandlingOption = string(v, "ResourceHandlingOption");
          case "Marker" -> in.marker = string(v, "Marker");
          case "MaxItems" -> {
            if (!(v instanceof JsonTree.ScalarNode s) || s.type() != JsonTree.ScalarNode.Type.NUMBER || !s.text().matches("-?\\d+")) {
              throw new AwsInputException("Invalid type for parameter MaxItems: expected an integer, found " + v.kind(), "");
            }
            in.maxItems = Integer.valueOf(s.text());
          }
          case "ContextEntries" -> {
            if (!(v instanceof JsonTree.ArrayNode a)) {
              throw new AwsInputException("Invalid type for parameter ContextEntries: expected a list, found " + v.kind(), "");
            }
            List<ContextEntries.Entry> entries = new ArrayList<>();
            for (int i = 0; i < a.items().size(); i++) {
              entries.add(ContextEntries.fromJson(a.items().get(i), "ContextEntries[" + i + "]"));
            }
            in.contextEntries = entries;
          }
          default -> throw new AwsInputException("Parameter validation failed:\nUnknown parameter in input: \"" + m.key()
              + "\", must be one of: " + String.join(", ", PARAMETERS), "Parameter names are case-sensitive.");
        }
      } catch (AwsInputException e) {
        throw new AwsInputException(sourceName + ":" + (m.keySpan().isKnown() ? m.keySpan().start() + ": " : " ")
            + e.getMessage(), e.hint());
      }
    }
    return in;
  }

  static String string(JsonTree.Node n, String param) {
    if (n instanceof JsonTree.ScalarNode s && s.type() == JsonTree.ScalarNode.Type.STRING) {
      return s.text();
    }
    throw new AwsInputException("Invalid type for parameter " + param + ": expected a string, found " + n.kind(), "");
  }

  static List<String> strings(JsonTree.Node n, String param) {
    if (!(n instanceof JsonTree.ArrayNode a)) {
      throw new AwsInputException("Invalid type for parameter " + param + ": expected a list of strings, found " + n.kind(), "");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.items().size(); i++) {
      out.add(string(a.items().get(i), param + "[" + i + "]"));
    }
    return out;
  }

  private static List<String> policies(JsonTree.Node n, String param) {
    if (!(n instanceof JsonTree.ArrayNode a)) {
      throw new AwsInputException("Invalid type for parameter " + param + ": expected a list of policy strings, found " + n.kind(), "");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.items().size(); i++) {
      out.add(policyString(a.items().get(i), param + "[" + i + "]"));
    }
    return out;
  }

  private static String policyString(JsonTree.Node n, String param) {
    if (n instanceof JsonTree.ObjectNode) {
      throw new AwsInputException("Invalid type for parameter " + param + ": expected a string, found an object",
          "The simulator takes each policy as a string: write the document as a JSON string (escape its quotes), as the AWS CLI requires.");
    }
    return string(n, param);
  }
}
