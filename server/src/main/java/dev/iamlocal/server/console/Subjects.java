package dev.iamlocal.server.console;

import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.request.Principal;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.InlinePolicy;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users, groups and roles of the store as the engine evaluates them (for the simulator and the matrix). */
final class Subjects {

  private static final String NOTHING = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

  /** A stored policy with its original text (statement spans refer to it). */
  record StoredPolicy(String id, String sourceType, String arn, String text) {}

  /**
   * A user, group or role with its policies.
   *
   * @param kind {@code user}, {@code group} or {@code role}
   * @param boundary the permissions boundary, or null
   */
  record Subject(String kind, String name, String arn, Principal principal, String uniqueId, Map<String, String> tags,
      List<StoredPolicy> policies, StoredPolicy boundary) {

    /** {@code kind/name}, the value of the simulator's and matrix's pickers. */
    String key() {
      return kind + "/" + name;
    }

    /** Compiles the policies; a stored document that no longer parses grants nothing (fail closed). */
    PolicySet policySet() {
      List<Policy> identity = new ArrayList<>();
      for (StoredPolicy p : policies) {
        identity.add(parse(p));
      }
      PolicySet.Builder b = PolicySet.builder().identity(identity);
      if (boundary != null) {
        b.permissionsBoundary(parse(boundary));
      }
      return b.build();
    }

    private static Policy parse(StoredPolicy p) {
      PolicyParser.Result r = PolicyParser.parseLenient(p.text());
      return new Policy(p.id(), r.ok() ? r.document() : PolicyParser.parse(NOTHING), p.sourceType());
    }
  }

  private final IamStore store;

  Subjects(IamStore store) {
    this.store = store;
  }

  /** {@code user/NAME}, {@code group/NAME} or {@code role/NAME}. */
  Subject byKey(String accountId, String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash < 0) {
      throw new Console.BadInput("Pick a principal as user/NAME, group/NAME or role/NAME (got \"" + key + "\").");
    }
    String name = key.substring(slash + 1);
    return switch (key.substring(0, slash)) {
      case "user" -> ofUser(store.users().getUser(accountId, name));
      case "group" -> ofGroup(store.groups().getGroup(accountId, name));
      case "role" -> ofRole(store.roles().getRole(accountId, name));
      default -> throw new Console.BadInput("Unknown principal type in \"" + key + "\": expected user, group or role.");
    };
  }

  /** The ARN of {@code kind/name}, read without its policies. */
  String arnOf(String accountId, String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash < 0) {
      throw new Console.BadInput("Pick a principal as user/NAME, group/NAME or role/NAME (got \"" + key + "\").");
    }
    String name = key.substring(slash + 1);
    return switch (key.substring(0, slash)) {
      case "user" -> store.users().getUser(accountId, name).arn();
      case "group" -> store.groups().getGroup(accountId, name).arn();
      case "role" -> store.roles().getRole(accountId, name).arn();
      default -> throw new Console.BadInput("Unknown principal type in \"" + key + "\": expected user, group or role.");
    };
  }

  Subject ofUser(User u) {
    List<StoredPolicy> ps = new ArrayList<>();
    for (IdentityPolicy ip : store.users().policiesOfUser(u.accountId(), u.name())) {
      ps.add(new StoredPolicy(ip.id(), ip.sourceType(), ip.arn(), ip.document()));
    }
    return new Subject("user", u.name(), u.arn(), Principal.parse(u.arn()), u.userId(),
        store.tags().userTags(u.accountId(), u.name()), unique(ps), boundary(u.accountId(), u.permissionsBoundaryArn()));
  }

  /** A group's own policies, the group standing in as the principal (as the simulator does). */
  Subject ofGroup(Group g) {
    List<StoredPolicy> ps = entityPolicies(g.accountId(), EntityType.GROUP, g.name(), "group");
    return new Subject("group", g.name(), g.arn(), new Principal(Principal.Kind.USER, g.arn(), g.accountId(), g.arn(),
        g.name(), null), g.groupId(), Map.of(), ps, null);
  }

  /** A role evaluated without a session: the role ARN is the principal. */
  Subject ofRole(Role r) {
    List<StoredPolicy> ps = entityPolicies(r.accountId(), EntityType.ROLE, r.name(), "role");
    return new Subject("role", r.name(), r.arn(), new Principal(Principal.Kind.ASSUMED_ROLE, r.arn(), r.accountId(),
        r.arn(), r.name(), null), r.roleId(), Map.of(), ps, boundary(r.accountId(), r.permissionsBoundaryArn()));
  }

  private List<StoredPolicy> entityPolicies(String account, EntityType type, String name, String inlineType) {
    List<StoredPolicy> ps = new ArrayList<>();
    for (InlinePolicy ip : store.inlinePolicies().inlinePolicies(account, type, name)) {
      ps.add(new StoredPolicy(ip.name(), inlineType, null, ip.document()));
    }
    for (String arn : store.policies().attachedPolicies(account, type, name)) {
      ps.add(new StoredPolicy(arn.substring(arn.lastIndexOf('/') + 1), sourceType(arn), arn,
          store.policies().managedPolicyDocument(account, arn).orElse(NOTHING)));
    }
    return unique(ps);
  }

  private StoredPolicy boundary(String account, String arn) {
    if (arn == null) {
      return null;
    }
    return new StoredPolicy(arn.substring(arn.lastIndexOf('/') + 1), sourceType(arn), arn,
        store.policies().managedPolicyDocument(account, arn).orElse(NOTHING));
  }

  private static String sourceType(String arn) {
    return arn.startsWith("arn:aws:iam::aws:policy/") ? "aws-managed" : "user-managed";
  }

  /** Policy ids must tell policies apart in results: a repeated name gets {@code #2}, {@code #3}… */
  private static List<StoredPolicy> unique(List<StoredPolicy> in) {
    Set<String> seen = new HashSet<>();
    List<StoredPolicy> out = new ArrayList<>(in.size());
    for (StoredPolicy p : in) {
      String id = p.id();
      for (int n = 2; !seen.add(id.toLowerCase(java.util.Locale.ROOT)); n++) {
        id = p.id() + "#" + n;
      }
      out.add(id.equals(p.id()) ? p : new StoredPolicy(id, p.sourceType(), p.arn(), p.text()));
    }
    return out;
  }
}
