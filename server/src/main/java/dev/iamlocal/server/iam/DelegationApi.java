package dev.iamlocal.server.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.DelegationRequests;
import dev.iamlocal.store.DelegationRequests.DelegationRequest;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.StsSession;
import dev.iamlocal.store.User;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM temporary delegation: a partner asks a customer's account for temporary, bounded permissions;
 * the customer associates, reviews, accepts (or rejects) and releases an exchange token, which the
 * partner trades with STS {@code GetDelegatedAccessToken} for credentials of the accepting identity
 * bounded by the requested policy, for the requested duration.
 *
 * <p>States and transitions are those of IAM's {@code stateType} and its "request lifecycle":
 * UNASSIGNED →(Associate) ASSIGNED →(Update) PENDING_APPROVAL; ASSIGNED or PENDING_APPROVAL
 * →(Accept) ACCEPTED →(SendDelegationToken) FINALIZED; ASSIGNED, PENDING_APPROVAL or ACCEPTED
 * →(Reject) REJECTED; any state → EXPIRED when its expiration time has passed (read, never written:
 * the stored state stays the last one written). What the model leaves open is written down in
 * docs/delegation.md.
 *
 * <p>Every call is authorized by the pipeline with the action and condition keys of the service
 * reference ({@code iam:DelegationDuration}, {@code iam:NotificationChannel}, {@code iam:TemplateArn}
 * on create, {@code iam:DelegationRequestOwner} on the request), on the resource
 * {@code arn:aws:iam::CALLER_ACCOUNT:delegation-request/ID}.
 */
final class DelegationApi {

  /** How long a request may wait before SendDelegationToken (AWS states no figure: our choice, documented). */
  static final Duration OPEN_LIFETIME = Duration.ofDays(7);
  /** "Rejected requests expire after 7 days" (RejectDelegationRequest's documentation). */
  static final Duration REJECTED_LIFETIME = Duration.ofDays(7);

  static final String UNASSIGNED = "UNASSIGNED";
  static final String ASSIGNED = "ASSIGNED";
  static final String PENDING_APPROVAL = "PENDING_APPROVAL";
  static final String ACCEPTED = "ACCEPTED";
  static final String FINALIZED = "FINALIZED";
  static final String REJECTED = "REJECTED";
  static final String EXPIRED = "EXPIRED";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)}");
  private static final Pattern ENTITY_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):delegation-request/([\\w-]{16,128})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiSupport s;
  private final DelegationRequests requests;
  private final ServiceCatalog catalog = ServiceCatalog.bundled();

  DelegationApi(ApiSupport s) {
    this.s = s;
    this.requests = new DelegationRequests(s.store);
  }

  /** Registers IAM's delegation operations. */
  DelegationApi register(Map<String, Operation> i) {
    i.put("CreateDelegationRequest", this::create);
    i.put("GetDelegationRequest", this::get);
    i.put("ListDelegationRequests", this::list);
    i.put("AssociateDelegationRequest", this::associate);
    i.put("UpdateDelegationRequest", this::update);
    i.put("AcceptDelegationRequest", this::accept);
    i.put("RejectDelegationRequest", this::reject);
    i.put("SendDelegationToken", this::sendToken);
    i.put("GetHumanReadableSummary", this::summary);
    return this;
  }

  /** Registers STS's GetDelegatedAccessToken. */
  void registerSts(Map<String, Operation> t, StsApi sts) {
    t.put("GetDelegatedAccessToken", (in, c) -> delegatedAccessToken(in, c, sts));
  }

  // ------------------------------------------------------------------------------------- create

  ObjectNode create(OperationInput p, Ctx c) {
    String description = p.required("Description");
    String workflowId = p.required("RequestorWorkflowId");
    String channel = p.required("NotificationChannel");
    Integer duration = p.integer("SessionDuration");
    String owner = p.get("OwnerAccountId");
    JsonNode permissions = p.node().path("Permissions");
    String templateArn = permissions.path("PolicyTemplateArn").isTextual()
        ? permissions.path("PolicyTemplateArn").asText() : null;
    String id = UUID.randomUUID().toString();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("iam:DelegationDuration", String.valueOf(duration));
    keys.put("iam:NotificationChannel", channel);
    if (templateArn != null) {
      keys.put("iam:TemplateArn", templateArn);
    }
    s.authorize(c, "iam:CreateDelegationRequest", arn(c.acct(), id), keys);
    if (templateArn == null) {
      throw AwsError.invalidInput("Permissions.PolicyTemplateArn is required.")
          .withDetail("a delegation request asks for the permissions of a policy template");
    }
    if (!channel.startsWith("arn:aws:sns:")) {
      throw AwsError.invalidInput("NotificationChannel must be an SNS topic ARN.")
          .withDetail("IAM accepts only SNS topic ARNs as notification channels");
    }
    if (owner != null && owner.equals(c.acct())) {
      throw AwsError.invalidInput("OwnerAccountId cannot be the requestor's own account.")
          .withDetail("a delegation request asks another account for access");
    }
    String template = s.store.policies().managedPolicyDocument(c.acct(), templateArn).orElseThrow(() ->
        AwsError.invalidInput("Policy template " + templateArn + " does not exist.")
            .withDetail("iamlocal's policy templates are the requestor's managed policies: create one with"
                + " CreatePolicy, its document may use ${ParameterName} placeholders"));
    ArrayNode parameters = parameters(permissions.path("Parameters"));
    String policy = render(template, parameters);
    ApiSupport.validateIdentityPolicy(policy);
    Instant now = now();
    requests.create(new DelegationRequest(id, c.acct(), owner, null, null, description, p.get("RequestMessage"),
        templateArn, parameters.toString(), policy, workflowId, p.get("RedirectUrl"), channel, duration,
        p.bool("OnlySendByOwner", false), UNASSIGNED, null, null, now, now, now.plus(OPEN_LIFETIME), null, null,
        null));
    return JsonNodes.object().put("ConsoleDeepLink",
        "https://console.aws.amazon.com/iam/home#/delegation/requests/" + id).put("DelegationRequestId", id);
  }

  /** The parameters as stored: Name, Values, Type ("string" unless given); duplicate names are InvalidInput. */
  private static ArrayNode parameters(JsonNode given) {
    ArrayNode out = JSON.createArrayNode();
    Set<String> names = new TreeSet<>();
    for (JsonNode g : given) {
      String name = g.path("Name").asText(null);
      if (name == null) {
        throw AwsError.invalidInput("Policy parameter Name is required.");
      }
      if (!names.add(name)) {
        throw AwsError.invalidInput("Duplicate policy parameter " + name + ".");
      }
      ObjectNode o = out.addObject().put("Name", name);
      ArrayNode values = o.putArray("Values");
      g.path("Values").forEach(v -> values.add(v.asText()));
      String type = g.path("Type").asText("string");
      if ("string".equals(type) && values.size() != 1) {
        throw AwsError.invalidInput("Policy parameter " + name + " of type string must have exactly one value.");
      }
      o.put("Type", type);
    }
    return out;
  }

  /**
   * The template with its {@code ${Name}} placeholders replaced: a value with a {@code stringList}
   * placeholder becomes one value per list item (a list where the policy has one value). Policy variables ({@code ${aws:username}},
   * with a colon) are left for the engine. A placeholder with no parameter is InvalidInput.
   */
  static String render(String template, ArrayNode parameters) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    parameters.forEach(pn -> byName.put(pn.path("Name").asText(), pn));
    JsonNode tree;
    try {
      tree = JSON.readTree(template);
    } catch (JsonProcessingException e) {
      throw AwsError.invalidInput("Policy template is not valid JSON.");
    }
    return substitute(tree, byName).toString();
  }

  private static JsonNode substitute(JsonNode n, Map<String, JsonNode> byName) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String f : names) {
        o.set(f, substitute(o.get(f), byName));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode e : n) {
        JsonNode r = substitute(e, byName);
        if (r.isArray() && e.isTextual()) {
          out.addAll((ArrayNode) r); // a stringList placeholder inside a list: its values join the list
        } else {
          out.add(r);
        }
      }
      return out;
    }
    if (!n.isTextual()) {
      return n;
    }
    List<String> out = expand(n.asText(), byName);
    if (out.size() == 1) {
      return TextNode.valueOf(out.get(0));
    }
    ArrayNode a = JSON.createArrayNode();
    out.forEach(a::add);
    return a;
  }

  /**
   * The strings {@code text} stands for: each {@code string} placeholder replaced by its value, each
   * {@code stringList} placeholder by each of its values in turn (so
   * {@code arn:aws:s3:::${Buckets}/*} with two buckets is two resources).
   */
  private static List<String> expand(String text, Map<String, JsonNode> byName) {
    Matcher m = PLACEHOLDER.matcher(text);
    if (!m.find()) {
      return List.of(text);
    }
    JsonNode pn = parameter(byName, m.group(1));
    String head = text.substring(0, m.start());
    List<String> tails = expand(text.substring(m.end()), byName);
    List<String> out = new ArrayList<>();
    for (JsonNode v : pn.path("Values")) {
      for (String t : tails) {
        out.add(head + v.asText() + t);
      }
    }
    if (out.size() > 1000) {
      throw AwsError.invalidInput("Policy parameters expand to too many values.");
    }
    return out;
  }

  private static JsonNode parameter(Map<String, JsonNode> byName, String name) {
    JsonNode pn = byName.get(name);
    if (pn == null) {
      throw AwsError.invalidInput("Missing value for policy parameter " + name + ".");
    }
    return pn;
  }

  // ---------------------------------------------------------------------------------------- read

  ObjectNode get(OperationInput p, Ctx c) {
    DelegationRequest r = visible(c, p.required("DelegationRequestId"));
    authorize(c, "iam:GetDelegationRequest", r);
    ObjectNode o = JsonNodes.object();
    o.set("DelegationRequest", view(r));
    return o;
  }

  ObjectNode list(OperationInput p, Ctx c) {
    String ownerId = p.get("OwnerId");
    Map<String, String> keys = ownerId == null ? Map.of() : Map.of("iam:DelegationRequestOwner", ownerId);
    s.authorize(c, "iam:ListDelegationRequests", "*", keys);
    List<DelegationRequest> all = requests.owned(c.acct()).stream()
        .filter(r -> ownerId == null || ownerId.equals(r.ownerId())).toList();
    ApiSupport.Page<DelegationRequest> page = ApiSupport.page(all, p);
    ObjectNode o = JsonNodes.object();
    ArrayNode a = o.putArray("DelegationRequests");
    page.items().forEach(r -> a.add(view(r)));
    if (page.nextMarker() != null) {
      o.put("Marker", page.nextMarker());
    }
    o.put("isTruncated", page.nextMarker() != null);
    return o;
  }

  /**
   * A deterministic summary of the requested policy, statement by statement, with each action's
   * access level from iamlocal's catalog (no language model: the same request reads the same).
   */
  ObjectNode summary(OperationInput p, Ctx c) {
    String entityArn = p.required("EntityArn");
    String locale = p.get("Locale", "en");
    Matcher m = ENTITY_ARN.matcher(entityArn);
    if (!m.matches()) {
      throw AwsError.invalidInput("Unsupported entity ARN " + entityArn + ".")
          .withDetail("the only entity type summarized is delegation-request");
    }
    DelegationRequest r = visible(c, m.group(2));
    String account = m.group(1);
    if (!account.equals(c.acct()) && !account.equals(r.requestorAccount()) && !account.equals(r.ownerAccount())) {
      throw notFound(m.group(2));
    }
    authorize(c, "iam:GetHumanReadableSummary", r);
    ObjectNode o = JsonNodes.object();
    if (!locale.toLowerCase(java.util.Locale.ROOT).startsWith("en")) {
      // the text is written in English only: other locales are answered as not supported
      return o.put("Locale", locale).put("SummaryState", "NOT_SUPPORTED");
    }
    return o.put("SummaryContent", summaryText(r)).put("Locale", locale).put("SummaryState", "AVAILABLE");
  }

  String summaryText(DelegationRequest r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Account ").append(r.requestorAccount()).append(" requests temporary access for ")
        .append(humanDuration(r.sessionDuration())).append(" after the token is sent.\n");
    sb.append("Description: ").append(r.description()).append('\n');
    JsonNode policy;
    try {
      policy = JSON.readTree(r.permissionPolicy());
    } catch (JsonProcessingException e) {
      throw new AwsError(500, "ServiceFailure", "The stored policy could not be read.");
    }
    JsonNode statements = policy.path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else if (statements.isObject()) {
      list.add(statements);
    }
    int n = 1;
    for (JsonNode st : list) {
      String effect = st.path("Effect").asText();
      sb.append(n++).append(". ").append("Allow".equals(effect) ? "Allows" : "Denies");
      if (st.has("NotAction")) {
        sb.append(" every action except ").append(join(st.path("NotAction")));
      } else {
        sb.append(':');
      }
      sb.append('\n');
      for (JsonNode a : asList(st.path("Action"))) {
        sb.append("   - ").append(a.asText()).append(describe(a.asText())).append('\n');
      }
      if (st.has("Resource")) {
        sb.append("   on ").append(join(st.path("Resource"))).append('\n');
      } else if (st.has("NotResource")) {
        sb.append("   on every resource except ").append(join(st.path("NotResource"))).append('\n');
      }
      if (st.has("Condition")) {
        sb.append("   when ").append(st.path("Condition").toString()).append('\n');
      }
    }
    return sb.toString();
  }

  /** " (Write: 3 actions)" for a pattern, " (Read)" for one action, " (unknown action)" when the catalog has none. */
  private String describe(String pattern) {
    List<ActionDefinition> defs = catalog.expand(pattern);
    if (defs.isEmpty()) {
      return " (unknown action)";
    }
    if (defs.size() == 1 && !pattern.contains("*") && !pattern.contains("?")) {
      return " (" + defs.get(0).accessLevel().label() + ")";
    }
    Map<String, Integer> byLevel = new LinkedHashMap<>();
    defs.forEach(d -> byLevel.merge(d.accessLevel().label(), 1, Integer::sum));
    StringBuilder sb = new StringBuilder(" (").append(defs.size()).append(" actions: ");
    Iterator<Map.Entry<String, Integer>> it = byLevel.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      sb.append(e.getValue()).append(' ').append(e.getKey()).append(it.hasNext() ? ", " : "");
    }
    return sb.append(')').toString();
  }

  private static List<JsonNode> asList(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(out::add);
    } else if (!n.isMissingNode()) {
      out.add(n);
    }
    return out;
  }

  private static String join(JsonNode n) {
    return String.join(", ", asList(n).stream().map(JsonNode::asText).toList());
  }

  private static String humanDuration(int seconds) {
    return seconds % 3600 == 0 ? seconds / 3600 + (seconds == 3600 ? " hour" : " hours")
        : seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
  }

  // ---------------------------------------------------------------------------------- transitions

  ObjectNode associate(OperationInput p, Ctx c) {
    DelegationRequest r = visible(c, p.required("DelegationRequestId"));
    authorize(c, "iam:AssociateDelegationRequest", r);
    if (r.ownerAccount() != null && !r.ownerAccount().equals(c.acct())) {
      throw notFound(r.id());
    }
    if (c.acct().equals(r.requestorAccount())) {
      throw AwsError.invalidInput("A delegation request cannot be associated with the requestor's own account.")
          .withDetail("the partner's request is associated by the customer's account");
    }
    requireState(r, "associated", UNASSIGNED);
    Instant now = now();
    move(r, UNASSIGNED, with(withOwner(r, c.acct(), c.caller().arn(), c.caller().userId()), ASSIGNED, r.notes(),
        r.rejectionReason(), now, r.expirationTime(), null), null);
    return null;
  }

  ObjectNode update(OperationInput p, Ctx c) {
    DelegationRequest r = owned(c, p.required("DelegationRequestId"));
    authorize(c, "iam:UpdateDelegationRequest", r);
    String from = requireState(r, "updated", ASSIGNED, PENDING_APPROVAL);
    String notes = p.get("Notes");
    move(r, from, with(r, PENDING_APPROVAL, notes == null ? r.notes() : notes, r.rejectionReason(), now(),
        r.expirationTime(), null), null);
    return null;
  }

  ObjectNode accept(OperationInput p, Ctx c) {
    DelegationRequest r = owned(c, p.required("DelegationRequestId"));
    authorize(c, "iam:AcceptDelegationRequest", r);
    if (c.caller().isSession()) {
      // Fail closed: the delegated credentials are the accepting identity's, and iamlocal cannot yet
      // carry a session's own limits (its session policy, tags, MFA state) into them; a restricted
      // role session accepting would hand out the role's whole permissions (probe finding).
      throw AwsError.accessDenied("User: " + c.caller().arn() + " is not authorized to perform:"
          + " iam:AcceptDelegationRequest on resource: " + r.id())
          .withDetail("iamlocal accepts delegation requests from IAM users and the root user only: a session's"
              + " own limits (session policy, tags, MFA) cannot be carried into the delegated credentials yet");
    }
    // AcceptDelegationRequest's model names no InvalidInput: a request in another state is a conflict
    String from = effectiveState(r);
    if (!from.equals(ASSIGNED) && !from.equals(PENDING_APPROVAL)) {
      throw new AwsError(409, "ConcurrentModification", "Delegation request " + r.id() + " is in state " + from
          + " and cannot be accepted.");
    }
    // the approver is kept by unique id too: GetDelegatedAccessToken acts as this very identity, not
    // as whoever holds its name later
    move(r, from, with(withApprover(r, c.caller().arn(), c.caller().userId()), ACCEPTED, r.notes(),
        r.rejectionReason(), now(), r.expirationTime(), null), null);
    return null;
  }

  ObjectNode reject(OperationInput p, Ctx c) {
    DelegationRequest r = owned(c, p.required("DelegationRequestId"));
    authorize(c, "iam:RejectDelegationRequest", r);
    String from = requireState(r, "rejected", ASSIGNED, PENDING_APPROVAL, ACCEPTED);
    Instant now = now();
    DelegationRequest next = with(r, REJECTED, r.notes(), p.get("Notes"), now, now.plus(REJECTED_LIFETIME), null);
    move(r, from, next, DelegationRequests.notification(r.notificationChannel(), r.id(),
        message(next, null), now));
    return null;
  }

  ObjectNode sendToken(OperationInput p, Ctx c) {
    DelegationRequest r = owned(c, p.required("DelegationRequestId"));
    authorize(c, "iam:SendDelegationToken", r);
    String from = requireState(r, "finalized", ACCEPTED);
    // the owner is the identity that associated the request: same ARN and same unique id (a user
    // re-created under the owner's name is not the owner)
    if (r.onlySendByOwner() && !(c.caller().arn().equals(r.ownerId()) && c.caller().userId().equals(r.ownerUniqueId()))) {
      throw AwsError.accessDenied("User: " + c.caller().arn() + " is not authorized to perform:"
          + " iam:SendDelegationToken on resource: " + arn(c.acct(), r.id()) + " because the request can only be"
          + " sent by its owner").withDetail("the partner set OnlySendByOwner; the owner is " + r.ownerId());
    }
    Instant now = now();
    byte[] raw = new byte[48];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    DelegationRequest next = with(r, FINALIZED, r.notes(), r.rejectionReason(), now,
        now.plusSeconds(r.sessionDuration()), token);
    move(r, from, next, DelegationRequests.notification(r.notificationChannel(), r.id(), message(next, token), now));
    return null;
  }

  /** The JSON message published to the partner's channel. */
  private static String message(DelegationRequest r, String token) {
    ObjectNode m = JSON.createObjectNode().put("DelegationRequestId", r.id()).put("State", r.state())
        .put("RequestorWorkflowId", r.workflowId()).put("OwnerAccountId", r.ownerAccount());
    if (token != null) {
      m.put("TradeInToken", token).put("ExpirationTime", r.expirationTime().toString());
    }
    if (r.rejectionReason() != null) {
      m.put("RejectionReason", r.rejectionReason());
    }
    return m.toString();
  }

  // ------------------------------------------------------------------------------------------ STS

  /**
   * STS GetDelegatedAccessToken: the partner (the requestor's account) trades the released token
   * for credentials of the identity that accepted the request, whose permissions are that
   * identity's intersected with the requested policy, until the delegation period ends.
   */
  ObjectNode delegatedAccessToken(OperationInput p, Ctx c, StsApi sts) {
    String token = p.required("TradeInToken");
    s.authorize(c, "sts:GetDelegatedAccessToken", "*", Map.of());
    DelegationRequest r = requests.byToken(c.acct(), token).orElseThrow(() ->
        AwsError.accessDenied("The trade-in token is not valid.")
            .withDetail("no delegation request of account " + c.acct() + " released this token"));
    Instant now = now();
    if (!now.isBefore(r.expirationTime())) {
      throw new AwsError(400, "ExpiredTradeInTokenException", "The trade-in token has expired.");
    }
    int packed = StsApi.packedPercent(r.permissionPolicy(), List.of(), Map.of());
    if (packed > 100) {
      throw new AwsError(400, "PackedPolicyTooLarge", "Packed policy consumes " + packed
          + "% of allotted space, please use smaller policy.");
    }
    String account = r.ownerAccount();
    String approver = r.approverId();
    StsSession session;
    String assumed;
    if (approver.equals("arn:aws:iam::" + account + ":root") && account.equals(r.approverUniqueId())) {
      // the root user accepted: a root-federated session, bounded by the requested policy alone
      assumed = approver;
      session = new StsSession(sts.newKeyId(), account, sts.newSecret(), sts.newToken(), account,
          "arn:aws:sts::" + account + ":federated-user/delegation-" + shortId(r), "delegation-" + shortId(r),
          r.permissionPolicy(), List.of(), Map.of(), null, now, r.expirationTime(), List.of(),
          StsSession.Kind.DELEGATED, null);
    } else if (approver.startsWith("arn:aws:iam::" + account + ":user/")) {
      String name = approver.substring(approver.lastIndexOf('/') + 1);
      User u = existing(() -> s.store.users().getUser(account, name), r);
      if (!u.userId().equals(r.approverUniqueId())) {
        // the approver was deleted and a user re-created under its name: another identity, which
        // never approved anything (also a request accepted before unique ids were kept: unverifiable)
        throw AwsError.accessDenied("The trade-in token is not valid.")
            .withDetail("the user that accepted the request no longer exists; " + approver
                + " now names another user");
      }
      assumed = u.arn();
      session = new StsSession(sts.newKeyId(), account, sts.newSecret(), sts.newToken(), u.userId(),
          "arn:aws:sts::" + account + ":federated-user/" + name, name, r.permissionPolicy(), List.of(), Map.of(),
          null, now, r.expirationTime(), List.of(), StsSession.Kind.DELEGATED, null);
    } else {
      throw AwsError.accessDenied("The trade-in token is not valid.")
          .withDetail("the accepting identity " + approver + " cannot be delegated");
    }
    s.store.sessions().createSession(session);
    ObjectNode out = JsonNodes.object();
    out.set("Credentials", StsApi.credentials(session));
    out.put("PackedPolicySize", packed);
    out.put("AssumedPrincipal", assumed);
    return out;
  }

  private static <T> T existing(java.util.function.Supplier<T> f, DelegationRequest r) {
    try {
      return f.get();
    } catch (IamException e) {
      throw AwsError.accessDenied("The trade-in token is not valid.")
          .withDetail("the identity that accepted the request no longer exists: " + r.approverId());
    }
  }

  private static String shortId(DelegationRequest r) {
    return r.id().replace("-", "").substring(0, 16);
  }

  // -------------------------------------------------------------------------------------- helpers

  private Instant now() {
    return Instant.ofEpochMilli(s.clock.millis());
  }

  static String arn(String account, String id) {
    return "arn:aws:iam::" + account + ":delegation-request/" + id;
  }

  private void authorize(Ctx c, String action, DelegationRequest r) {
    Map<String, String> keys = r.ownerId() == null ? Map.of() : Map.of("iam:DelegationRequestOwner", r.ownerId());
    s.authorize(c, action, arn(c.acct(), r.id()), keys);
  }

  /** The request as the caller's account may see it, or NoSuchEntity. */
  private DelegationRequest visible(Ctx c, String id) {
    return requests.visible(c.acct(), id).orElseThrow(() -> notFound(id));
  }

  /**
   * A request the caller's account may review: owned by it, or not owned yet (the state check then
   * says it must be associated first); the partner does not review its own request once another
   * account owns it (NoSuchEntity, as for any request of another account).
   */
  private DelegationRequest owned(Ctx c, String id) {
    DelegationRequest r = visible(c, id);
    if (r.ownerId() != null && !c.acct().equals(r.ownerAccount())) {
      throw notFound(id);
    }
    return r;
  }

  private static AwsError notFound(String id) {
    return new AwsError(404, "NoSuchEntity", "Delegation request " + id + " not found.");
  }

  static String effectiveState(DelegationRequest r, Instant now) {
    return now.isBefore(r.expirationTime()) ? r.state() : EXPIRED;
  }

  private String effectiveState(DelegationRequest r) {
    return effectiveState(r, now());
  }

  /** The current state if it is one of {@code allowed}, else InvalidInput naming it. */
  private String requireState(DelegationRequest r, String verb, String... allowed) {
    String state = effectiveState(r);
    for (String a : allowed) {
      if (a.equals(state)) {
        return state;
      }
    }
    throw AwsError.invalidInput("Delegation request " + r.id() + " is in state " + state + " and cannot be " + verb
        + ".").withDetail("allowed from: " + String.join(", ", allowed));
  }

  private void move(DelegationRequest r, String from, DelegationRequest next, DelegationRequests.Notification n) {
    if (!requests.transition(next, from, n)) {
      throw new AwsError(409, "ConcurrentModification", "Delegation request " + r.id()
          + " was modified concurrently. Please try again.");
    }
  }

  /** {@code r} moved to {@code state}, its owner and approver unchanged. */
  private static DelegationRequest with(DelegationRequest r, String state, String notes, String rejectionReason,
      Instant updated, Instant expiration, String token) {
    return new DelegationRequest(r.id(), r.requestorAccount(), r.ownerAccount(), r.ownerId(), r.approverId(),
        r.description(), r.requestMessage(), r.templateArn(), r.parameters(), r.permissionPolicy(), r.workflowId(),
        r.redirectUrl(), r.notificationChannel(), r.sessionDuration(), r.onlySendByOwner(), state, notes,
        rejectionReason, r.createDate(), updated, expiration, token, r.ownerUniqueId(), r.approverUniqueId());
  }

  /** {@code r} with a new owner (its account, ARN and unique id). */
  private static DelegationRequest withOwner(DelegationRequest r, String account, String arn, String uniqueId) {
    return new DelegationRequest(r.id(), r.requestorAccount(), account, arn, r.approverId(), r.description(),
        r.requestMessage(), r.templateArn(), r.parameters(), r.permissionPolicy(), r.workflowId(), r.redirectUrl(),
        r.notificationChannel(), r.sessionDuration(), r.onlySendByOwner(), r.state(), r.notes(),
        r.rejectionReason(), r.createDate(), r.updatedTime(), r.expirationTime(), r.tradeInToken(), uniqueId,
        r.approverUniqueId());
  }

  /** {@code r} with an approver (its ARN and unique id). */
  private static DelegationRequest withApprover(DelegationRequest r, String arn, String uniqueId) {
    return new DelegationRequest(r.id(), r.requestorAccount(), r.ownerAccount(), r.ownerId(), arn, r.description(),
        r.requestMessage(), r.templateArn(), r.parameters(), r.permissionPolicy(), r.workflowId(), r.redirectUrl(),
        r.notificationChannel(), r.sessionDuration(), r.onlySendByOwner(), r.state(), r.notes(),
        r.rejectionReason(), r.createDate(), r.updatedTime(), r.expirationTime(), r.tradeInToken(),
        r.ownerUniqueId(), uniqueId);
  }

  /** The DelegationRequest shape. */
  private ObjectNode view(DelegationRequest r) {
    ObjectNode o = JsonNodes.object().put("DelegationRequestId", r.id());
    putIf(o, "OwnerAccountId", r.ownerAccount());
    o.put("Description", r.description());
    putIf(o, "RequestMessage", r.requestMessage());
    ObjectNode perms = o.putObject("Permissions").put("PolicyTemplateArn", r.templateArn());
    try {
      JsonNode params = JSON.readTree(r.parameters());
      if (!params.isEmpty()) {
        perms.set("Parameters", params);
      }
    } catch (JsonProcessingException e) {
      throw new AwsError(500, "ServiceFailure", "The stored parameters could not be read.");
    }
    o.put("PermissionPolicy", r.permissionPolicy());
    putIf(o, "OwnerId", r.ownerId());
    putIf(o, "ApproverId", r.approverId());
    o.put("State", effectiveState(r));
    o.set("ExpirationTime", JsonNodes.time(r.expirationTime()));
    o.put("RequestorId", r.requestorAccount());
    o.set("CreateDate", JsonNodes.time(r.createDate()));
    o.put("SessionDuration", r.sessionDuration());
    putIf(o, "RedirectUrl", r.redirectUrl());
    putIf(o, "Notes", r.notes());
    putIf(o, "RejectionReason", r.rejectionReason());
    o.put("OnlySendByOwner", r.onlySendByOwner());
    o.set("UpdatedTime", JsonNodes.time(r.updatedTime()));
    return o;
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }
}
