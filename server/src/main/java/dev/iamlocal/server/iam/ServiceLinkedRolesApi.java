package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.ServiceLinkedRoleTasks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole with its deletion task,
 * GetServiceLinkedRoleDeletionStatus, and the protection IAM gives these roles: only AWS changes
 * them, so the role operations that would ({@link #PROTECTED}) answer {@code UnmodifiableEntity},
 * and CreateRole refuses the path they live under.
 *
 * <p>A role is service-linked when its path starts with {@code /aws-service-role/}: only
 * CreateServiceLinkedRole creates one there. The services iamlocal knows, with the role name AWS
 * gives and the AWS managed policy it attaches, are in {@code service-linked-roles.tsv} (each
 * policy is one of the bundled {@code /aws-service-role/} policies).
 */
final class ServiceLinkedRolesApi {

  /** The path prefix of every service-linked role. */
  static final String PATH = "/aws-service-role/";

  /**
   * The role operations IAM refuses on a service-linked role: those whose model lists
   * {@code UnmodifiableEntity} among their errors, but UpdateRoleDescription (the IAM User Guide,
   * "Editing a service-linked role": an account may edit its description), and UpdateRole with only
   * a Description. TagRole and UntagRole are allowed (TagRole's reference: "The role can be a regular
   * role or a service-linked role"; their model lists no UnmodifiableEntity).
   */
  static final List<String> PROTECTED = List.of("UpdateRole", "UpdateAssumeRolePolicy", "DeleteRole", "PutRolePolicy",
      "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy", "PutRolePermissionsBoundary",
      "DeleteRolePermissionsBoundary", "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile");

  /** One service that has a service-linked role. */
  record Service(String principal, String roleName, String policyName, String suffix) {
    String policyArn() {
      return "arn:aws:iam::aws:policy" + PATH + policyName;
    }
  }

  private static final Map<String, Service> SERVICES = load();

  /**
   * The descriptions AWS gives the service-linked roles it creates, where known (from roles exported
   * from real accounts); others have the caller's Description or none.
   */
  private static final Map<String, String> DESCRIPTIONS =
      Map.of("sagemaker.amazonaws.com", "AWS SageMaker Notebooks Service Linked Role");

  private final ApiSupport s;

  ServiceLinkedRolesApi(ApiSupport s) {
    this.s = s;
  }

  private static Map<String, Service> load() {
    Map<String, Service> out = new LinkedHashMap<>();
    try (InputStream in = ServiceLinkedRolesApi.class.getResourceAsStream("service-linked-roles.tsv")) {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.put(f[0], new Service(f[0], f[1], f[2], f[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(out);
  }

  /** The services iamlocal can create a service-linked role for, by principal. */
  static Map<String, Service> services() {
    return SERVICES;
  }

  /** Registers the operations and wraps the role operations IAM refuses on service-linked roles. */
  void register(Map<String, Operation> i) {
    i.put("CreateServiceLinkedRole", this::create);
    i.put("DeleteServiceLinkedRole", this::delete);
    i.put("GetServiceLinkedRoleDeletionStatus", this::deletionStatus);
    for (String op : PROTECTED) {
      Operation inner = i.get(op);
      if (inner != null) {
        i.put(op, (in, c) -> {
          refuseOnServiceLinkedRole(op, in, c);
          return inner.apply(in, c);
        });
      }
    }
    Operation createRole = i.get("CreateRole");
    if (createRole != null) {
      i.put("CreateRole", (in, c) -> {
        // only CreateServiceLinkedRole puts roles there (AWS's answer to CreateRole, e.g.
        // tilfin/aws-iam-policy-tool pull request 9)
        if (in.get("Path", "/").startsWith(PATH)) {
          throw AwsError.invalidInput("Path prefix '" + PATH + "' can only be used for AWS Service linked Roles");
        }
        return createRole.apply(in, c);
      });
    }
  }

  /**
   * UnmodifiableEntity for {@code op} on a service-linked role, after the caller is authorized for it
   * (a caller who may not is AccessDenied, as for any role).
   */
  private void refuseOnServiceLinkedRole(String op, OperationInput in, Ctx c) {
    String name = in.get("RoleName");
    if (name == null) {
      return;
    }
    Role role;
    try {
      role = s.store.roles().getRole(c.acct(), name);
    } catch (IamException.NoSuchEntity e) {
      return; // the operation answers it
    }
    if (!role.path().startsWith(PATH)) {
      return;
    }
    if (op.equals("UpdateRole") && in.get("MaxSessionDuration") == null) {
      return; // a new description only, which IAM allows
    }
    Map<String, String> keys = new LinkedHashMap<>();
    if (in.get("PolicyArn") != null) {
      keys.put("iam:PolicyARN", in.get("PolicyArn"));
    }
    if (in.get("PermissionsBoundary") != null) {
      keys.put("iam:PermissionsBoundary", in.get("PermissionsBoundary"));
    }
    s.authorize(c, "iam:" + op, role.arn(), keys);
    if (op.equals("UpdateRole")) {
      // IAM's own words for this one (as an emulator recorded them; no AWS page quotes it)
      throw new AwsError(400, "UnmodifiableEntity", role.name() + " is an AWS service linked role, max session"
          + " duration cannot be changed.").withDetail("a service-linked role's MaxSessionDuration is its service's");
    }
    throw new AwsError(400, "UnmodifiableEntity", "Cannot perform the operation on the protected role '" + role.name()
        + "' - this role is only modifiable by AWS").withDetail("a service-linked role (path " + PATH + ") is changed"
        + " only by its service; DeleteServiceLinkedRole deletes it");
  }

  ObjectNode create(OperationInput in, Ctx c) {
    String principal = in.required("AWSServiceName");
    String suffix = in.get("CustomSuffix");
    Service svc = SERVICES.get(principal);
    String baseName = svc != null ? svc.roleName() : null;
    String path = PATH + principal + "/";
    String name = baseName == null ? null : suffix == null ? baseName : baseName + "_" + suffix;
    String resource = "arn:aws:iam::" + c.acct() + ":role" + path + (name == null ? "*" : name);
    s.authorize(c, "iam:CreateServiceLinkedRole", resource, Map.of("iam:AWSServiceName", principal));
    if (svc == null) {
      // AWS's wording for a principal without a service-linked role is not recorded anywhere iamlocal
      // could check; the code is the model's
      throw AwsError.invalidInput("Invalid service name: " + principal).withDetail("iamlocal knows the"
          + " service-linked roles of " + SERVICES.size() + " services (docs/credentials.md lists them)");
    }
    if (suffix != null && svc.suffix().equals("refused")) {
      throw AwsError.invalidInput("Custom suffix is not allowed for " + principal);
    }
    if (name.length() > 64) {
      throw AwsError.invalidInput("The role name " + name + " is longer than 64 characters.")
          .withDetail("a role name is at most 64 characters; the suffix makes it longer");
    }
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
        + principal + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    String description = in.get("Description", DESCRIPTIONS.get(principal));
    Role role;
    try {
      role = s.store.roles().createRole(c.acct(), name, path, description, trust, null, null, Map.of());
    } catch (IamException.EntityAlreadyExists e) {
      throw AwsError.invalidInput("Service role name " + name + " has been taken in this account, please try a"
          + " different suffix.");
    }
    s.store.policies().attachPolicy(c.acct(), EntityType.ROLE, name, svc.policyArn());
    ObjectNode r = RolesApi.role(role, Map.of());
    r.remove("MaxSessionDuration");
    return out("Role", r);
  }

  ObjectNode delete(OperationInput in, Ctx c) {
    String name = in.required("RoleName");
    s.authorize(c, "iam:DeleteServiceLinkedRole", s.existingRoleArn(c, name), Map.of());
    Role role = s.store.roles().getRole(c.acct(), name);
    if (!role.path().startsWith(PATH)) {
      throw AwsError.invalidInput("Role " + name + " is not a service-linked role.")
          .withDetail("only roles under " + PATH + " are deleted this way; DeleteRole deletes the others");
    }
    String principal = role.path().substring(PATH.length(), role.path().length() - 1);
    String taskId = "task" + PATH + principal + "/" + role.name() + "/" + UUID.randomUUID();
    new ServiceLinkedRoleTasks(s.store, s.clock).delete(c.acct(), name, taskId);
    return JsonNodes.object().put("DeletionTaskId", taskId);
  }

  ObjectNode deletionStatus(OperationInput in, Ctx c) {
    String taskId = in.required("DeletionTaskId");
    // task/aws-service-role/<principal>/<role name>/<uuid>: the role's ARN is the resource
    String[] f = taskId.split("/");
    if (f.length != 5 || !f[0].equals("task") || !f[1].equals("aws-service-role")) {
      throw AwsError.invalidInput("Invalid deletion task id: " + taskId)
          .withDetail("a deletion task id is task/aws-service-role/<service>/<role name>/<id>");
    }
    s.authorize(c, "iam:GetServiceLinkedRoleDeletionStatus",
        "arn:aws:iam::" + c.acct() + ":role" + PATH + f[2] + "/" + f[3], Map.of());
    Optional<ServiceLinkedRoleTasks.Task> task = new ServiceLinkedRoleTasks(s.store, s.clock).task(c.acct(), taskId);
    ServiceLinkedRoleTasks.Task t = task.orElseThrow(() -> new AwsError(404, "NoSuchEntity",
        "Deletion task " + taskId + " does not exist."));
    ObjectNode o = JsonNodes.object().put("Status", t.status());
    if (t.status().equals("FAILED")) {
      ObjectNode reason = o.putObject("Reason");
      reason.put("Reason", "The service-linked role is in use by resources of the service.");
      var list = reason.putArray("RoleUsageList");
      t.usage().forEach((region, arns) -> {
        ObjectNode u = list.addObject().put("Region", region);
        arns.forEach(u.putArray("Resources")::add);
      });
    }
    return o;
  }
}
