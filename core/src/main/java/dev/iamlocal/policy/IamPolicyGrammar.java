package dev.iamlocal.policy;

import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.policy.JsonTree.ArrayNode;
import dev.iamlocal.policy.JsonTree.Member;
import dev.iamlocal.policy.JsonTree.Node;
import dev.iamlocal.policy.JsonTree.ObjectNode;
import dev.iamlocal.policy.JsonTree.ScalarNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * IAM's own checks of a policy document before it stores one (CreatePolicy, CreatePolicyVersion,
 * Put{User,Group,Role}Policy, CreateRole and UpdateAssumeRolePolicy): the rules behind IAM's
 * {@code MalformedPolicyDocument} answers, each with IAM's exact message.
 *
 * <p>IAM reports one problem per call, found in a fixed order of passes: the document's shape
 * ("Syntax errors in policy."), a principal in a permissions policy, the version of a managed
 * policy, what IAM's older ("legacy") parser refuses (an Effect not spelt exactly {@code Allow} or
 * {@code Deny}, a Date condition value it cannot read, a resource with {@code ::} but fewer than six
 * fields), statement ids, statements without actions, resource ARN formats, action formats, then
 * the rules of the policy's use (resources required; a trust policy's actions, no Resource, a
 * Principal). {@link #check} gives IAM's answer, the first problem in that order; {@link
 * #problems} gives every problem, IAM's first, with where each stands, for the validator.
 *
 * <p>The order and texts were checked against AWS by moto ({@code tests/test_iam/test_iam_policies.py})
 * and LocalStack; where later AWS answers differ (the IAM resource path message now allows
 * {@code root}; statement ids must be alphanumeric), AWS's answer is the one implemented. A document
 * this grammar accepts is also parsed by {@link PolicyParser}; anything the engine's parser refuses
 * is still "Syntax errors in policy.", so IAM never stores a document the engine cannot read.
 */
public final class IamPolicyGrammar {

  /** What the document is stored as: it decides which of IAM's rules apply. */
  public enum Use {
    /** A customer managed policy (CreatePolicy, CreatePolicyVersion): version 2012-10-17 required. */
    MANAGED,
    /** An inline policy of a user, group or role (Put*Policy); also an STS session policy. */
    INLINE,
    /** A role trust policy (CreateRole, UpdateAssumeRolePolicy). */
    TRUST
  }

  /**
   * The kinds of rejection, in the order IAM looks for them (the first found is IAM's answer).
   * {@link #RESOURCE_LEGACY_LATE} is a legacy-parser problem IAM does not reach because an ARN
   * format problem came before it; it is still a problem, reported after the format one.
   */
  public enum Shape {
    SYNTAX, PRINCIPAL_NOT_ALLOWED, VERSION, LEGACY_PARSING, SID, ACTIONS_REQUIRED, RESOURCE_FORMAT,
    // a statement without resources is refused before its action's format is looked at: AWS answered
    // {"Effect":"Allow","Action":"invalid"} with RESOURCES in 2026 (LocalStack's recording invalid-29)
    RESOURCES_REQUIRED, ACTION_FORMAT, TRUST_ACTION, TRUST_RESOURCE, TRUST_PRINCIPAL, RESOURCE_LEGACY_LATE,
    ENGINE_PARSE
  }

  /**
   * One reason IAM refuses the document.
   *
   * @param shape which rule
   * @param message IAM's {@code MalformedPolicyDocument} message, to the letter
   * @param detail iamlocal's explanation: what is wrong where, and how to fix it
   * @param path where in the JSON document
   * @param span where in the text
   */
  public record Rejection(Shape shape, String message, String detail, JsonPath path, Span span) {
    public Rejection {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(span, "span");
    }
  }

  static final String SYNTAX = "Syntax errors in policy.";
  static final String VERSION_MESSAGE = "Policy document must be version 2012-10-17 or greater.";
  static final String LEGACY = "The policy failed legacy parsing";
  static final String SID_UNIQUE = "Statement IDs (SID) in a single policy must be unique.";
  static final String SID_ALPHANUMERIC = "Statement IDs (SID) must be alpha-numeric. Check that your input"
      + " satisfies the regular expression [0-9A-Za-z]*";
  static final String ACTIONS = "Policy statement must contain actions.";
  static final String RESOURCES = "Policy statement must contain resources.";
  static final String PRINCIPAL = "Policy document should not specify a principal.";
  // AWS's answer as recorded in 2026 (LocalStack's test_iam_roles snapshot, UpdateAssumeRolePolicy with
  // sts:InvalidAction); moto's older recording had "Trust Policy statement actions can only be
  // sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity"
  static final String TRUST_ACTIONS = "AssumeRole policy may only specify STS AssumeRole actions.";
  /** A trust policy that is no JSON: AWS's recorded CreateRole and UpdateAssumeRolePolicy answer. */
  static final String TRUST_INVALID_JSON = "This policy contains invalid Json";
  static final String TRUST_RESOURCE = "Has prohibited field Resource";
  static final String TRUST_PRINCIPAL = "Missing required field Principal";

  /** The beginnings IAM accepts for the resource part of an {@code iam} ARN, as its message lists them. */
  static final List<String> IAM_RESOURCE_STARTS = List.of("user/", "federated-user/", "role/", "group/",
      "instance-profile/", "mfa/", "server-certificate/", "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/",
      "report/", "access-report/");
  static final String IAM_PATH_MESSAGE = "IAM resource path must either be \"*\", root, or start with "
      + String.join(", ", IAM_RESOURCE_STARTS) + ".";

  /**
   * The S3 resource types whose ARNs carry a region (the Service Authorization Reference: access
   * points, S3 Batch Operations jobs, Storage Lens, Access Grants, Multi-Region Access Point
   * requests); a region in any other S3 ARN (a bucket, an object) is refused.
   */
  static final List<String> S3_REGIONAL_STARTS = List.of("accesspoint/", "job/", "storage-lens/",
      "storage-lens-group/", "access-grants/", "async-request/");

  /** The partitions IAM knows; {@code *} stands for any. */
  static final Set<String> PARTITIONS = Set.of("*", "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b",
      "aws-iso-e", "aws-iso-f", "aws-eusc");

  /** The condition operators, without ForAllValues:/ForAnyValue: and IfExists, exactly as IAM spells them. */
  static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
      "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
      "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
      "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_ELEMENTS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
      "NotResource", "Condition", "Principal", "NotPrincipal");
  /**
   * The characters of a service prefix (vendor). moto's list has no wildcards, but IAM Access
   * Analyzer treats {@code s3*:GetObject} as a suggestion (WILDCARD_IN_SERVICE_NAME), not an error:
   * IAM stores it, so {@code *} and {@code ?} are accepted here.
   */
  private static final String VENDOR_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.*?";

  private IamPolicyGrammar() {}

  /** IAM's answer for the document: its first rejection, or empty when IAM stores it. */
  public static Optional<Rejection> check(String document, Use use) {
    List<Rejection> all = problems(document, use);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * Every rejection of the document, IAM's answer first, then the others in IAM's order and, within
   * one rule, in document order. Empty when IAM accepts the document.
   */
  public static List<Rejection> problems(String document, Use use) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(use, "use");
    JsonTree.Result parsed = JsonTree.parse(document);
    if (parsed.root() == null) {
      ParseProblem p = parsed.problems().get(0);
      // text that is no JSON object at all: a trust policy gets its own words (AWS's recorded answers)
      // (a document that starts as a JSON object but breaks later stays "Syntax errors in policy.")
      boolean notJson = !document.strip().startsWith("{");
      return List.of(new Rejection(Shape.SYNTAX, use == Use.TRUST && notJson ? TRUST_INVALID_JSON : SYNTAX,
          p.message(), p.path(), p.span()));
    }
    List<Rejection> out = problems(parsed.root(), use);
    if (out.isEmpty()) {
      // what IAM's grammar lets through must still be readable by the engine (duplicate keys,
      // characters outside U+0000-U+00FF, principal shapes): refused as IAM refuses bad syntax
      PolicyParser.Result r = PolicyParser.parseLenient(document);
      for (ParseProblem p : r.problems()) {
        out.add(new Rejection(Shape.ENGINE_PARSE, SYNTAX, p.message() + (p.hint().isEmpty() ? "" : " " + p.hint()),
            p.path(), p.span()));
      }
    }
    return out;
  }

  /** {@link #problems(String, Use)} over an already parsed tree (the validator's). */
  public static List<Rejection> problems(Node root, Use use) {
    List<Rejection> out = new ArrayList<>();
    new Pass(use, out).document(root);
    out.sort(Comparator.comparing(Rejection::shape)); // stable: document order within a rule
    return out;
  }

  /** One check of one document. */
  private static final class Pass {
    private final Use use;
    private final List<Rejection> out;
    private final List<ObjectNode> statements = new ArrayList<>();
    private boolean resourceFormatSeen;

    Pass(Use use, List<Rejection> out) {
      this.use = use;
      this.out = out;
    }

    private void add(Shape shape, String message, String detail, Node at) {
      out.add(new Rejection(shape, message, detail, at.path(), at.span()));
    }

    private void add(Shape shape, String message, String detail, Member at) {
      out.add(new Rejection(shape, message, detail, at.value().path(), at.keySpan()));
    }

    void document(Node root) {
      if (!(root instanceof ObjectNode doc)) {
        add(Shape.SYNTAX, SYNTAX, "A policy is a JSON object, found " + root.kind() + ".", root);
        return;
      }
      if (!syntax(doc)) {
        return; // IAM reads nothing further of a document it cannot parse
      }
      principals();
      version(doc);
      legacy();
      sids();
      actionsRequired();
      resourceFormats();
      actionFormats();
      if (use == Use.TRUST) {
        trust();
      } else {
        resourcesRequired();
      }
    }

    // ------------------------------------------------------------ syntax

    private boolean syntax(ObjectNode doc) {
      int before = out.size();
      for (Member m : doc.members()) {
        if (!TOP_LEVEL.contains(m.key())) {
          add(Shape.SYNTAX, SYNTAX, "\"" + m.key() + "\" is not a policy element; a policy has Version, Id and"
              + " Statement.", m);
        }
      }
      Member version = doc.member("Version");
      if (version != null && !(isString(version.value())
          && (text(version.value()).equals("2012-10-17") || text(version.value()).equals("2008-10-17")))) {
        add(Shape.SYNTAX, SYNTAX, "Version must be \"2012-10-17\" (or the old \"2008-10-17\").", version.value());
      }
      Member id = doc.member("Id");
      if (id != null && !isString(id.value())) {
        add(Shape.SYNTAX, SYNTAX, "Id must be a string, found " + id.value().kind() + ".", id.value());
      }
      Member st = doc.member("Statement");
      if (st == null) {
        add(Shape.SYNTAX, SYNTAX, "The policy has no Statement element.", doc);
      } else if (st.value() instanceof ObjectNode o) {
        statements.add(o);
      } else if (st.value() instanceof ArrayNode a) {
        if (a.items().isEmpty()) {
          add(Shape.SYNTAX, SYNTAX, "The Statement array is empty; IAM needs at least one statement.", a);
        }
        for (Node item : a.items()) {
          if (item instanceof ObjectNode o) {
            statements.add(o);
          } else {
            add(Shape.SYNTAX, SYNTAX, "A statement must be an object, found " + item.kind() + ".", item);
          }
        }
      } else {
        add(Shape.SYNTAX, SYNTAX, "Statement must be an object or an array of objects, found "
            + st.value().kind() + ".", st.value());
      }
      for (ObjectNode s : statements) {
        statementSyntax(s);
      }
      return out.size() == before;
    }

    private void statementSyntax(ObjectNode s) {
      for (Member m : s.members()) {
        if (!STATEMENT_ELEMENTS.contains(m.key())) {
          add(Shape.SYNTAX, SYNTAX, "\"" + m.key() + "\" is not a statement element.", m);
        }
      }
      both(s, "Action", "NotAction");
      both(s, "Resource", "NotResource");
      both(s, "Principal", "NotPrincipal");
      Member effect = s.member("Effect");
      if (effect == null) {
        add(Shape.SYNTAX, SYNTAX, "The statement has no Effect.", s);
      } else if (!isString(effect.value()) || !(text(effect.value()).equalsIgnoreCase("Allow")
          || text(effect.value()).equalsIgnoreCase("Deny"))) {
        add(Shape.SYNTAX, SYNTAX, "Effect must be \"Allow\" or \"Deny\".", effect.value());
      }
      for (String list : List.of("Action", "NotAction", "Resource", "NotResource")) {
        Member m = s.member(list);
        if (m != null && !stringOrStrings(m.value())) {
          add(Shape.SYNTAX, SYNTAX, list + " must be a string or an array of strings, found "
              + describe(m.value()) + ".", m.value());
        }
      }
      Member sid = s.member("Sid");
      if (sid != null && !isString(sid.value())) {
        add(Shape.SYNTAX, SYNTAX, "Sid must be a string, found " + sid.value().kind() + ".", sid.value());
      }
      Member condition = s.member("Condition");
      if (condition != null) {
        conditionSyntax(condition.value());
      }
    }

    private void both(ObjectNode s, String a, String b) {
      Member second = s.member(b);
      if (s.member(a) != null && second != null) {
        add(Shape.SYNTAX, SYNTAX, "A statement cannot have both " + a + " and " + b + "; keep one.", second);
      }
    }

    private void conditionSyntax(Node node) {
      if (!(node instanceof ObjectNode block)) {
        add(Shape.SYNTAX, SYNTAX, "Condition must be an object such as {\"StringEquals\": {\"key\": \"value\"}},"
            + " found " + node.kind() + ".", node);
        return;
      }
      for (Member op : block.members()) {
        if (!(op.value() instanceof ObjectNode keys)) {
          add(Shape.SYNTAX, SYNTAX, "The value of condition operator " + op.key() + " must be an object of keys"
              + " and values, found " + op.value().kind() + ".", op.value());
          continue;
        }
        for (Member k : keys.members()) {
          if (k.value() instanceof ObjectNode || (k.value() instanceof ScalarNode sc
              && sc.type() == ScalarNode.Type.NULL)) {
            add(Shape.SYNTAX, SYNTAX, "The values of condition key \"" + k.key() + "\" must be a string or an"
                + " array, found " + k.value().kind() + ".", k.value());
          }
        }
        // IAM ignores an operator it does not know only while it has no keys
        if (!OPERATORS.contains(baseOperator(op.key())) && !keys.members().isEmpty()) {
          add(Shape.SYNTAX, SYNTAX, "\"" + op.key() + "\" is not a condition operator. Operators are"
              + " case-sensitive: StringEquals, ArnLike, DateGreaterThan, … with an optional ForAllValues: or"
              + " ForAnyValue: before and IfExists after.", op);
        }
      }
    }

    // ------------------------------------------------------------ principal, version

    private void principals() {
      if (use == Use.TRUST) {
        return;
      }
      for (ObjectNode s : statements) {
        for (String name : List.of("Principal", "NotPrincipal")) {
          Member m = s.member(name);
          if (m != null) {
            add(Shape.PRINCIPAL_NOT_ALLOWED, PRINCIPAL, "A permissions policy applies to the identity it is"
                + " attached to; remove " + name + " (principals belong in trust and resource policies).", m);
          }
        }
      }
    }

    private void version(ObjectNode doc) {
      if (use != Use.MANAGED) {
        return; // inline and trust policies may still be written in the 2008-10-17 language
      }
      Member v = doc.member("Version");
      if (v == null) {
        add(Shape.VERSION, VERSION_MESSAGE, "A managed policy needs \"Version\": \"2012-10-17\"; without it"
            + " the document is read as 2008-10-17.", doc);
      } else if (!text(v.value()).equals("2012-10-17")) {
        add(Shape.VERSION, VERSION_MESSAGE, "A managed policy must be written in version 2012-10-17, not "
            + text(v.value()) + ".", v.value());
      }
    }

    // ------------------------------------------------------------ legacy parser

    private void legacy() {
      for (ObjectNode s : statements) {
        Member effect = s.member("Effect");
        String e = text(effect.value());
        if (!e.equals("Allow") && !e.equals("Deny")) {
          add(Shape.LEGACY_PARSING, LEGACY, "Effect is case-sensitive: write \""
              + (e.equalsIgnoreCase("Allow") ? "Allow" : "Deny") + "\", not \"" + e + "\".", effect.value());
        }
        Member condition = s.member("Condition");
        if (condition == null) {
          continue;
        }
        for (Member op : ((ObjectNode) condition.value()).members()) {
          if (!baseOperator(op.key()).startsWith("Date")) {
            continue;
          }
          for (Member k : ((ObjectNode) op.value()).members()) {
            List<Node> values = k.value() instanceof ArrayNode a ? a.items() : List.of(k.value());
            for (Node v : values) {
              if (!(v instanceof ScalarNode sc) || !IamDates.readable(sc)) {
                add(Shape.LEGACY_PARSING, LEGACY, "\"" + (v instanceof ScalarNode sc2 ? sc2.text() : v.kind())
                    + "\" is not a date IAM can read: write an ISO 8601 date and time such as"
                    + " \"2026-01-31T23:59:59Z\" or seconds since 1970 such as \"1767225599\".", v);
              }
            }
          }
        }
      }
    }

    // ------------------------------------------------------------ statement ids

    private void sids() {
      Set<String> seen = new HashSet<>();
      for (ObjectNode s : statements) {
        Member sid = s.member("Sid");
        if (sid == null) {
          continue;
        }
        String v = text(sid.value());
        if (!alphanumeric(v)) {
          add(Shape.SID, SID_ALPHANUMERIC, "Write the Sid with letters A-Z, a-z and digits only, e.g. \""
              + v.replaceAll("[^0-9A-Za-z]", "") + "\".", sid.value());
        }
        if (!v.isEmpty() && !seen.add(v)) {
          add(Shape.SID, SID_UNIQUE, "Another statement already has the Sid \"" + v + "\"; give each its own.",
              sid.value());
        }
      }
    }

    // ------------------------------------------------------------ actions

    private void actionsRequired() {
      for (ObjectNode s : statements) {
        Member a = s.member("Action") != null ? s.member("Action") : s.member("NotAction");
        if (a == null) {
          add(Shape.ACTIONS_REQUIRED, ACTIONS, "The statement has neither Action nor NotAction; add the actions"
              + " it allows or denies, e.g. \"Action\": \"s3:GetObject\".", s);
        } else if (a.value() instanceof ArrayNode arr && arr.items().isEmpty()) {
          add(Shape.ACTIONS_REQUIRED, ACTIONS, "The " + a.key() + " array is empty; name at least one action.",
              arr);
        }
      }
    }

    private void actionFormats() {
      for (String element : List.of("Action", "NotAction")) {
        for (ObjectNode s : statements) {
          Member m = s.member(element);
          if (m == null) {
            continue;
          }
          for (Node v : values(m.value())) {
            String a = text(v);
            String message = actionFormat(a);
            if (message != null) {
              add(Shape.ACTION_FORMAT, message, "\"" + a + "\" is not an action: write service:ActionName,"
                  + " e.g. \"s3:GetObject\" (the service prefix is letters, digits, '-' and '.').", v);
            }
          }
        }
      }
    }

    // ------------------------------------------------------------ resources

    private void resourceFormats() {
      for (String element : List.of("Resource", "NotResource")) {
        for (ObjectNode s : statements) {
          Member m = s.member(element);
          if (m == null) {
            continue;
          }
          List<Node> values = values(m.value());
          for (Node v : values) {
            String message = resourceFormat(text(v));
            if (message != null) {
              resourceFormatSeen = true;
              add(Shape.RESOURCE_FORMAT, message, resourceHint(text(v)), v);
            }
          }
          // IAM's legacy parser reads a statement's resources only until a format problem is found
          Shape legacy = resourceFormatSeen ? Shape.RESOURCE_LEGACY_LATE : Shape.LEGACY_PARSING;
          for (Node v : values) {
            String r = text(v);
            if (!r.equals("*") && resourceFormat(r) == null && !legacyReadable(r)) {
              add(legacy, LEGACY, "\"" + r + "\" has \"::\" but fewer than six ARN fields, or no service:"
                  + " write arn:partition:service:region:account:resource, e.g. \"arn:aws:s3:::bucket\".", v);
            }
          }
        }
      }
    }

    private void resourcesRequired() {
      for (ObjectNode s : statements) {
        Member r = s.member("Resource") != null ? s.member("Resource") : s.member("NotResource");
        if (r == null) {
          add(Shape.RESOURCES_REQUIRED, RESOURCES, "The statement has neither Resource nor NotResource; add"
              + " \"Resource\": \"*\" or the ARNs it applies to.", s);
        } else if (r.value() instanceof ArrayNode arr && arr.items().isEmpty()) {
          add(Shape.RESOURCES_REQUIRED, RESOURCES, "The " + r.key() + " array is empty; name at least one"
              + " resource (or \"*\").", arr);
        }
      }
    }

    // ------------------------------------------------------------ trust policies

    private void trust() {
      for (ObjectNode s : statements) {
        Member a = s.member("Action");
        if (a == null) {
          add(Shape.TRUST_ACTION, TRUST_ACTIONS, "A trust policy statement names the STS actions it allows or"
              + " denies in Action (NotAction is not accepted).", s.member("NotAction") != null
              ? s.member("NotAction").value() : s);
          continue;
        }
        for (Node v : values(a.value())) {
          if (!trustAction(text(v))) {
            add(Shape.TRUST_ACTION, TRUST_ACTIONS, "\"" + text(v) + "\" is not an STS action a role can be"
                + " trusted for (sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity,"
                + " sts:TagSession, sts:SetSourceIdentity, …).", v);
          }
        }
      }
      for (ObjectNode s : statements) {
        Member r = s.member("Resource") != null ? s.member("Resource") : s.member("NotResource");
        if (r != null) {
          add(Shape.TRUST_RESOURCE, TRUST_RESOURCE, "A trust policy applies to its role; it names no "
              + r.key() + ".", r);
        }
      }
      for (ObjectNode s : statements) {
        if (s.member("Principal") == null && s.member("NotPrincipal") == null) {
          add(Shape.TRUST_PRINCIPAL, TRUST_PRINCIPAL, "A trust policy statement must say who may assume the"
              + " role, e.g. \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}.", s);
        }
      }
    }
  }

  // ------------------------------------------------------------ the element rules, one value at a time

  /** IAM's message for an Action or NotAction value it refuses, or null when the value is an action. */
  static String actionFormat(String a) {
    String[] parts = a.split(":", -1);
    if (parts.length == 1 && !a.equals("*")) {
      return "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    }
    if (parts.length > 2) {
      return "Actions/Condition can contain only one colon.";
    }
    String vendor = parts[0];
    for (int i = 0; i < vendor.length(); i++) {
      if (VENDOR_CHARACTERS.indexOf(vendor.charAt(i)) < 0) {
        return "Vendor " + vendor + " is not valid";
      }
    }
    return null;
  }

  /** IAM's message for a Resource or NotResource value whose ARN format it refuses, or null. */
  static String resourceFormat(String r) {
    if (r.equals("*")) {
      return null;
    }
    int first = r.indexOf(':');
    if (first < 0) {
      return "Resource " + r + " must be in ARN format or \"*\".";
    }
    // IAM reads the field before the first colon as "arn" whatever it says
    String rest = r.substring(first + 1);
    int second = rest.indexOf(':');
    String partition = second < 0 ? rest : rest.substring(0, second);
    if (!PARTITIONS.contains(partition)) {
      String[] f = (second < 0 ? "" : rest.substring(second + 1)).split(":", -1);
      String f1 = !f[0].isEmpty() || f.length > 1 ? f[0] : "*";
      String f2 = f.length > 1 ? f[1] : "*";
      String f3 = f.length > 2 ? f[2] : "*";
      String f4 = f.length > 3 ? String.join(":", List.of(f).subList(3, f.length)) : "*";
      return "Partition \"" + partition + "\" is not valid for resource \"arn:" + partition + ":" + f1 + ":" + f2
          + ":" + f3 + ":" + f4 + "\".";
    }
    if (second < 0) {
      return "Resource vendor must be fully qualified and cannot contain regexes.";
    }
    String afterPartition = rest.substring(second + 1);
    int third = afterPartition.indexOf(':');
    String service = third < 0 ? afterPartition : afterPartition.substring(0, third);
    String afterService = third < 0 ? "" : afterPartition.substring(third + 1);
    String resourceId = afterField(afterField(afterService));
    boolean region = !afterService.startsWith(":");
    if (service.equals("iam") && region) {
      return "IAM resource " + r + " cannot contain region information.";
    }
    if (service.equals("s3") && region && S3_REGIONAL_STARTS.stream().noneMatch(resourceId::startsWith)) {
      return "Resource " + r + " can not contain region information.";
    }
    if (service.equals("iam") && !resourceId.equals("*") && !resourceId.equals("root")
        && IAM_RESOURCE_STARTS.stream().noneMatch(resourceId::startsWith)) {
      return IAM_PATH_MESSAGE;
    }
    return null;
  }

  /** The text after the first colon, or "" when there is none. */
  private static String afterField(String s) {
    int colon = s.indexOf(':');
    return colon < 0 ? "" : s.substring(colon + 1);
  }

  /**
   * What IAM's legacy parser reads as a resource: an ARN whose service field is not empty and,
   * when it has an empty field ({@code ::}), all six fields.
   */
  static boolean legacyReadable(String r) {
    String[] f = r.split(":", -1);
    return (f.length >= 6 || !r.contains("::")) && f.length > 2 && !f[2].isEmpty();
  }

  private static String resourceHint(String r) {
    return "\"" + r + "\" is not a resource IAM accepts: write an ARN arn:partition:service:region:account:resource"
        + " (S3 buckets and IAM resources have no region; IAM resources start with user/, role/, policy/, …) or \"*\".";
  }

  /** A trust policy action: an STS action (or a wildcard over STS's actions) from the service catalog. */
  static boolean trustAction(String a) {
    if (!a.regionMatches(true, 0, "sts:", 0, 4)) {
      return false;
    }
    return !ServiceCatalog.bundled().expand(a).isEmpty();
  }

  /** The operator name without its set qualifier and IfExists, as IAM strips them (each at most once). */
  static String baseOperator(String op) {
    String o = op;
    if (o.startsWith("ForAnyValue:")) {
      o = o.substring("ForAnyValue:".length());
    } else if (o.startsWith("ForAllValues:")) {
      o = o.substring("ForAllValues:".length());
    }
    if (o.endsWith("IfExists")) {
      o = o.substring(0, o.length() - "IfExists".length());
    }
    return o;
  }

  private static boolean alphanumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isString(Node n) {
    return n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING;
  }

  private static String text(Node n) {
    return n instanceof ScalarNode s ? s.text() : "";
  }

  private static boolean stringOrStrings(Node n) {
    if (isString(n)) {
      return true;
    }
    if (n instanceof ArrayNode a) {
      for (Node item : a.items()) {
        if (!isString(item)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static String describe(Node n) {
    if (n instanceof ArrayNode a) {
      for (Node item : a.items()) {
        if (!isString(item)) {
          return "an array holding " + item.kind();
        }
      }
    }
    return n.kind();
  }

  private static List<Node> values(Node n) {
    return n instanceof ArrayNode a ? a.items() : List.of(n);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
