package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.StackdQueryInputsSdkTest.recording;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.server.ServerFixture;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyUsageType;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Users, groups, roles, providers, keys and managed policies as the stackd project recorded them
 * against real IAM (radkawar/stackd, testdata/aws/iam/identity_inputs.json, resource_inputs.json and
 * policy_management.json, retrieved 2026-09-12; the facts are copied into
 * {@code src/test/resources/stackd/}). Every recorded row is replayed in the recorded order, with its
 * outcome (Success or AWS's error code) and the state AWS held afterwards.
 */
class StackdEntityInputsSdkTest extends ServerFixture {

  /** "Success", or the code of AWS's error. */
  static String outcome(Runnable call) {
    try {
      call.run();
      return "Success";
    } catch (AwsServiceException e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  static String text(JsonNode row, String field) {
    JsonNode v = row.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  // ---------------------------------------------------------------- identity_inputs.json

  @Test
  void identityCreates() {
    int n = 0;
    List<String> misses = new ArrayList<>();
    for (JsonNode row : recording("identity_inputs.json").path("creates")) {
      boolean user = row.path("kind").asText().equals("User");
      String name = row.has("name_length") ? "u".repeat(row.path("name_length").asInt())
          : "stackd-id-" + (n++) + row.path("name_suffix").asText("");
      String path = text(row, "path");
      String got = outcome(() -> {
        if (user) {
          root.createUser(r -> r.userName(name).path(path));
        } else {
          root.createGroup(r -> r.groupName(name).path(path));
        }
      });
      String label = row.toString();
      if (!got.equals(row.path("code").asText())) {
        misses.add(label + " answered " + got);
        continue;
      }
      if (row.has("stored_path")) {
        String stored = user ? root.getUser(r -> r.userName(name)).user().path()
            : root.getGroup(r -> r.groupName(name)).group().path();
        assertThat(stored).as(label).isEqualTo(row.path("stored_path").asText());
      }
      if (row.has("lookup_code")) {
        String lookup = outcome(() -> {
          if (user) {
            root.getUser(r -> r.userName(name));
          } else {
            root.getGroup(r -> r.groupName(name));
          }
        });
        assertThat(lookup).as(label + " lookup").isEqualTo(row.path("lookup_code").asText());
      }
    }
    assertThat(misses).isEmpty();
  }

  @Test
  void identityUpdates() {
    root.createUser(r -> r.userName("stackd-upd"));
    root.createGroup(r -> r.groupName("stackd-upd"));
    List<String> misses = new ArrayList<>();
    for (JsonNode row : recording("identity_inputs.json").path("updates")) {
      boolean user = row.path("kind").asText().equals("User");
      String path = row.path("path").asText();
      String got = outcome(() -> {
        if (user) {
          root.updateUser(r -> r.userName("stackd-upd").newPath(path));
        } else {
          root.updateGroup(r -> r.groupName("stackd-upd").newPath(path));
        }
      });
      String stored = user ? root.getUser(r -> r.userName("stackd-upd")).user().path()
          : root.getGroup(r -> r.groupName("stackd-upd")).group().path();
      if (!got.equals(row.path("code").asText()) || !stored.equals(row.path("stored_path").asText())) {
        misses.add(row + " answered " + got + ", stored " + stored);
      }
    }
    assertThat(misses).isEmpty();
  }

  // ---------------------------------------------------------------- resource_inputs.json

  static final String EC2_TRUST = RecordedRoleAnswersSdkTest.EC2_TRUST;

  static String repeat(JsonNode pair) {
    return pair.get(0).asText().repeat(pair.get(1).asInt());
  }

  @Test
  void roleDescriptionsOnCreate() {
    JsonNode rec = recording("resource_inputs.json");
    int n = 0;
    List<String> misses = new ArrayList<>();
    for (JsonNode row : rec.path("creates")) {
      String name = "stackd-desc-" + (n++);
      String description = row.path("character").asText().repeat(row.path("count").asInt());
      String got = outcome(() -> root.createRole(r -> r.roleName(name).assumeRolePolicyDocument(EC2_TRUST)
          .description(description)));
      if (!got.equals(row.path("code").asText())) {
        misses.add(row.path("character").asText() + " x " + row.path("count").asInt() + " answered " + got);
        continue;
      }
      if (got.equals("Success")) {
        var role = root.getRole(r -> r.roleName(name)).role();
        // an empty description is kept as such (the recording reads "" back)
        assertThat(role.description() == null ? "" : role.description()).isEqualTo(description);
        assertThat(role.maxSessionDuration()).isEqualTo(row.path("duration").asInt());
      }
    }
    for (JsonNode row : rec.path("duration_creates")) {
      String got = outcome(() -> root.createRole(r -> r.roleName("stackd-duration").assumeRolePolicyDocument(EC2_TRUST)
          .maxSessionDuration(row.path("duration").asInt())));
      if (!got.equals(row.path("code").asText())) {
        misses.add("MaxSessionDuration " + row.path("duration") + " answered " + got);
      }
    }
    assertThat(misses).isEmpty();
  }

  @Test
  void roleUpdatesInOrder() {
    root.createRole(r -> r.roleName("stackd-updates").assumeRolePolicyDocument(EC2_TRUST).maxSessionDuration(7200));
    List<String> misses = new ArrayList<>();
    int step = 0;
    for (JsonNode row : recording("resource_inputs.json").path("updates")) {
      step++;
      JsonNode in = row.path("input");
      String description = in.has("Description") ? repeat(in.get("Description")) : null;
      Integer duration = in.has("MaxSessionDuration") ? in.get("MaxSessionDuration").asInt() : null;
      String got = outcome(() -> {
        if (row.path("operation").asText().equals("update-role")) {
          root.updateRole(r -> r.roleName("stackd-updates").description(description).maxSessionDuration(duration));
        } else {
          root.updateRoleDescription(r -> r.roleName("stackd-updates").description(description));
        }
      });
      var role = root.getRole(r -> r.roleName("stackd-updates")).role();
      String stored = role.description() == null ? "" : role.description();
      JsonNode state = row.path("state");
      String expected = state.path("description_character").asText().repeat(state.path("description_count").asInt());
      if (!got.equals(row.path("code").asText()) || !stored.equals(expected)
          || role.maxSessionDuration() != state.path("duration").asInt()) {
        misses.add("step " + step + " " + row.path("operation").asText() + " answered " + got + ", stored "
            + stored.length() + " characters and " + role.maxSessionDuration());
      }
    }
    assertThat(misses).isEmpty();
  }

  @Test
  void providerTagsAreCaseSensitive() {
    String oidc = root.createOpenIDConnectProvider(r -> r.url("https://stackd.example.com")
        .thumbprintList("0123456789012345678901234567890123456789").clientIDList("stackd")).openIDConnectProviderArn();
    String saml = root.createSAMLProvider(r -> r.name("stackd-saml").samlMetadataDocument(SamlProvidersSdkTest.METADATA))
        .samlProviderArn();
    List<String> misses = new ArrayList<>();
    int step = 0;
    for (JsonNode row : recording("resource_inputs.json").path("tags")) {
      step++;
      boolean isOidc = row.path("kind").asText().equals("open-id-connect");
      List<Tag> tags = new ArrayList<>();
      row.path("input").path("Tags").forEach(t -> tags.add(Tag.builder().key(t.path("Key").asText())
          .value(t.path("Value").asText()).build()));
      List<String> keys = new ArrayList<>();
      row.path("input").path("TagKeys").forEach(k -> keys.add(k.asText()));
      boolean tag = row.path("action").asText().equals("tag");
      String got = outcome(() -> {
        if (isOidc && tag) {
          root.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(oidc).tags(tags));
        } else if (isOidc) {
          root.untagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(oidc).tagKeys(keys));
        } else if (tag) {
          root.tagSAMLProvider(r -> r.samlProviderArn(saml).tags(tags));
        } else {
          root.untagSAMLProvider(r -> r.samlProviderArn(saml).tagKeys(keys));
        }
      });
      List<Tag> stored = isOidc ? root.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(oidc)).tags()
          : root.listSAMLProviderTags(r -> r.samlProviderArn(saml)).tags();
      List<Tag> expected = new ArrayList<>();
      row.path("stored_tags").forEach(t -> expected.add(Tag.builder().key(t.path("Key").asText())
          .value(t.path("Value").asText()).build()));
      if (!got.equals(row.path("code").asText()) || !new java.util.HashSet<>(stored).equals(new java.util.HashSet<>(expected))) {
        misses.add("step " + step + " " + row.path("kind").asText() + " " + row.path("action").asText() + " "
            + row.path("input") + " answered " + got + ", stored " + stored);
      }
    }
    assertThat(misses).isEmpty();
  }

  @Test
  void accessKeyStatuses() {
    root.createUser(r -> r.userName("stackd-key"));
    String id = root.createAccessKey(r -> r.userName("stackd-key")).accessKey().accessKeyId();
    List<String> misses = new ArrayList<>();
    for (JsonNode row : recording("resource_inputs.json").path("key_statuses")) {
      String got = outcome(() -> root.updateAccessKey(r -> r.userName("stackd-key").accessKeyId(id)
          .status(row.path("status").asText())));
      String stored = root.listAccessKeys(r -> r.userName("stackd-key")).accessKeyMetadata().get(0).statusAsString();
      if (!got.equals(row.path("code").asText()) || !stored.equals(row.path("stored_status").asText())) {
        misses.add(row + " answered " + got + ", stored " + stored);
      }
    }
    assertThat(misses).isEmpty();
  }

  // ---------------------------------------------------------------- policy_management.json

  @Test
  void policyManagement() {
    JsonNode rec = recording("policy_management.json");
    String path = "/stackd-pm/";
    Map<String, String> arns = new java.util.HashMap<>();
    for (String p : List.of("attached", "both", "boundary", "unused")) {
      arns.put(p, root.createPolicy(r -> r.policyName("stackd-" + p).path(path).policyDocument(allow("s3:GetObject", "*")))
          .policy().arn());
    }
    root.createUser(r -> r.userName("stackd-pm-user").permissionsBoundary(arns.get("boundary")));
    root.createGroup(r -> r.groupName("stackd-pm-group"));
    root.createRole(r -> r.roleName("stackd-pm-role").assumeRolePolicyDocument(EC2_TRUST)
        .permissionsBoundary(arns.get("both")));
    root.attachUserPolicy(r -> r.userName("stackd-pm-user").policyArn(arns.get("attached")));
    root.attachGroupPolicy(r -> r.groupName("stackd-pm-group").policyArn(arns.get("attached")));
    root.attachRolePolicy(r -> r.roleName("stackd-pm-role").policyArn(arns.get("attached")));
    root.attachGroupPolicy(r -> r.groupName("stackd-pm-group").policyArn(arns.get("both")));
    List<String> misses = new ArrayList<>();
    for (JsonNode row : rec.path("list_policies")) {
      Boolean only = row.path("only_attached").isNull() ? null : row.path("only_attached").asBoolean();
      String usage = text(row, "usage");
      List<String> names = new ArrayList<>();
      root.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL).pathPrefix(path).onlyAttached(only)
          .policyUsageFilter(usage == null ? null : PolicyUsageType.fromValue(usage))).policies()
          .forEach(p -> names.add(p.policyName().substring("stackd-".length())));
      List<String> expected = new ArrayList<>();
      row.path("policies").forEach(p -> expected.add(p.asText()));
      if (!names.equals(expected)) {
        misses.add("ListPolicies " + row + " listed " + names);
      }
    }
    for (JsonNode row : rec.path("entities")) {
      String usage = text(row, "usage");
      String filter = text(row, "filter");
      var out = root.listEntitiesForPolicy(r -> r.policyArn(arns.get(row.path("policy").asText()))
          .entityFilter(filter == null ? null : EntityType.fromValue(filter))
          .policyUsageFilter(usage == null ? null : PolicyUsageType.fromValue(usage)));
      int[] got = {out.policyUsers().size(), out.policyGroups().size(), out.policyRoles().size()};
      int[] expected = {row.path("users").asInt(), row.path("groups").asInt(), row.path("roles").asInt()};
      if (!java.util.Arrays.equals(got, expected)) {
        misses.add("ListEntitiesForPolicy " + row + " listed " + java.util.Arrays.toString(got));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> counts = rec.path("counts").fields();
    while (counts.hasNext()) {
      Map.Entry<String, JsonNode> c = counts.next();
      var p = root.getPolicy(r -> r.policyArn(arns.get(c.getKey()))).policy();
      if (p.attachmentCount() != c.getValue().path("AttachmentCount").asInt()
          || p.permissionsBoundaryUsageCount() != c.getValue().path("PermissionsBoundaryUsageCount").asInt()) {
        misses.add("GetPolicy " + c.getKey() + " counted " + p.attachmentCount() + "/" + p.permissionsBoundaryUsageCount());
      }
    }
    for (JsonNode row : rec.path("detach_missing")) {
      String kind = row.path("kind").asText();
      String got = outcome(() -> {
        switch (kind) {
          case "User" -> root.detachUserPolicy(r -> r.userName("stackd-pm-user").policyArn(arns.get("unused")));
          case "Group" -> root.detachGroupPolicy(r -> r.groupName("stackd-pm-group").policyArn(arns.get("unused")));
          default -> root.detachRolePolicy(r -> r.roleName("stackd-pm-role").policyArn(arns.get("unused")));
        }
      });
      if (!got.equals(row.path("code").asText())) {
        misses.add("detach " + kind + " answered " + got);
      }
    }
    root.createUser(r -> r.userName("stackd-pm-unbounded"));
    root.createRole(r -> r.roleName("stackd-pm-unbounded").assumeRolePolicyDocument(EC2_TRUST));
    for (JsonNode row : rec.path("delete_boundary_missing")) {
      String kind = row.path("kind").asText();
      String got = outcome(() -> {
        if (kind.equals("User")) {
          root.deleteUserPermissionsBoundary(r -> r.userName("stackd-pm-unbounded"));
        } else {
          root.deleteRolePermissionsBoundary(r -> r.roleName("stackd-pm-unbounded"));
        }
      });
      if (!got.equals(row.path("code").asText())) {
        misses.add("delete boundary " + kind + " answered " + got);
      }
    }
    assertThat(misses).isEmpty();
  }

  @Test
  void inlinePolicyNamesIgnoreCase() {
    root.createUser(r -> r.userName("stackd-inline"));
    root.createGroup(r -> r.groupName("stackd-inline"));
    root.createRole(r -> r.roleName("stackd-inline").assumeRolePolicyDocument(EC2_TRUST));
    String allowDoc = allow("s3:GetObject", "*");
    String denyDoc = allowDoc.replace("Allow", "Deny");
    List<String> misses = new ArrayList<>();
    for (JsonNode row : recording("policy_management.json").path("inline")) {
      String kind = row.path("kind").asText();
      String mixed = row.path("returned_name").asText();
      Supplier<List<String>> names = () -> switch (kind) {
        case "User" -> root.listUserPolicies(r -> r.userName("stackd-inline")).policyNames();
        case "Group" -> root.listGroupPolicies(r -> r.groupName("stackd-inline")).policyNames();
        default -> root.listRolePolicies(r -> r.roleName("stackd-inline")).policyNames();
      };
      String[] returned = new String[2];
      String put = outcome(() -> {
        switch (kind) {
          case "User" -> {
            root.putUserPolicy(r -> r.userName("stackd-inline").policyName("MixedName").policyDocument(allowDoc));
            root.putUserPolicy(r -> r.userName("stackd-inline").policyName(mixed).policyDocument(denyDoc));
          }
          case "Group" -> {
            root.putGroupPolicy(r -> r.groupName("stackd-inline").policyName("MixedName").policyDocument(allowDoc));
            root.putGroupPolicy(r -> r.groupName("stackd-inline").policyName(mixed).policyDocument(denyDoc));
          }
          default -> {
            root.putRolePolicy(r -> r.roleName("stackd-inline").policyName("MixedName").policyDocument(allowDoc));
            root.putRolePolicy(r -> r.roleName("stackd-inline").policyName(mixed).policyDocument(denyDoc));
          }
        }
      });
      List<String> listed = names.get();
      String get = outcome(() -> {
        var r = switch (kind) {
          case "User" -> {
            var g = root.getUserPolicy(x -> x.userName("stackd-inline").policyName(mixed));
            yield new String[] {g.policyName(), g.policyDocument()};
          }
          case "Group" -> {
            var g = root.getGroupPolicy(x -> x.groupName("stackd-inline").policyName(mixed));
            yield new String[] {g.policyName(), g.policyDocument()};
          }
          default -> {
            var g = root.getRolePolicy(x -> x.roleName("stackd-inline").policyName(mixed));
            yield new String[] {g.policyName(), g.policyDocument()};
          }
        };
        returned[0] = r[0];
        returned[1] = java.net.URLDecoder.decode(r[1], java.nio.charset.StandardCharsets.UTF_8);
      });
      String delete = outcome(() -> {
        switch (kind) {
          case "User" -> root.deleteUserPolicy(r -> r.userName("stackd-inline").policyName(mixed));
          case "Group" -> root.deleteGroupPolicy(r -> r.groupName("stackd-inline").policyName(mixed));
          default -> root.deleteRolePolicy(r -> r.roleName("stackd-inline").policyName(mixed));
        }
      });
      List<String> expectedNames = new ArrayList<>();
      row.path("names").forEach(x -> expectedNames.add(x.asText()));
      List<String> remaining = new ArrayList<>();
      row.path("remaining_names").forEach(x -> remaining.add(x.asText()));
      String report = kind + ": put " + put + ", listed " + listed + ", get " + get + " " + returned[0] + ", delete "
          + delete + ", remaining " + names.get();
      if (!put.equals("Success") || !listed.equals(expectedNames) || !get.equals(row.path("get_mixed_code").asText())
          || !mixed.equals(returned[0]) || returned[1] == null || !returned[1].contains("\"" + row.path("effect").asText() + "\"")
          || !delete.equals(row.path("delete_mixed_code").asText()) || !names.get().equals(remaining)) {
        misses.add(report);
      }
    }
    assertThat(misses).isEmpty();
  }
}
