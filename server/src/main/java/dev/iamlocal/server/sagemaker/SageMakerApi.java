package dev.iamlocal.server.sagemaker;

import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.Authorizer;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.protocol.JsonCodec;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.arn.Arn;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.SageMakerResource;
import dev.iamlocal.store.SageMakerStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The emulated SageMaker control plane (AWS JSON 1.1): every operation is authorized as SageMaker
 * authorizes it (action, resource ARN, the condition keys taken from the body, resource tags of
 * existing resources, {@code iam:PassRole} for execution roles), then acts on stored resources
 * whose lifecycle is simulated from timestamps. Operations are table-driven by {@link SageMakerKind}.
 */
public final class SageMakerApi {

  static final String PASSED_TO = "sagemaker.amazonaws.com";
  /** The model's shape of execution roles: every member of it, wherever nested, passes a role. */
  public static final String ROLE_SHAPE = "RoleArn";
  /** The operations served besides the generic ones of {@link SageMakerKind}. */
  private static final Set<String> OTHER_OPERATIONS = Set.of("AddTags", "DeleteTags", "ListTags", "Search",
      "CreatePresignedNotebookInstanceUrl", "CreatePresignedDomainUrl", "CreatePresignedMlflowTrackingServerUrl",
      "CreatePresignedMlflowAppUrl", "CreatePartnerAppPresignedUrl", "AssociateTrialComponent",
      "DisassociateTrialComponent", "GetModelPackageGroupPolicy", "PutModelPackageGroupPolicy",
      "DeleteModelPackageGroupPolicy");

  /** Operations outside the family table whose answers are built member by member (need no conforming). */
  private static final Set<String> BUILT_ANSWERS = Set.of("AddTags", "DeleteTags", "ListTags",
      "CreatePresignedNotebookInstanceUrl", "CreatePresignedDomainUrl", "CreatePresignedMlflowTrackingServerUrl",
      "CreatePresignedMlflowAppUrl", "CreatePartnerAppPresignedUrl", "AssociateTrialComponent",
      "DisassociateTrialComponent", "GetModelPackageGroupPolicy", "PutModelPackageGroupPolicy",
      "DeleteModelPackageGroupPolicy");

  /** Every operation this control plane answers (the rest of the model's answer NotImplemented). */
  public static Set<String> answeredOperations() {
    Set<String> all = new java.util.TreeSet<>(OTHER_OPERATIONS);
    all.addAll(SageMakerKind.OPERATIONS.keySet());
    return java.util.Collections.unmodifiableSet(all);
  }
  private final JsonCodec codec = new JsonCodec(ApiModel.sageMaker());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A request body is one JSON value: text after it ({@code {}xyz}) makes it malformed, not ignored. */
  private static final com.fasterxml.jackson.databind.ObjectReader BODY =
      JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

  private final IamStore iam;
  private final Subjects subjects;
  private final SageMakerStore store;
  private final AuthorizationPipeline pipeline;
  private final Clock clock;
  private final Duration settle;
  private final ServiceCatalog catalog = ServiceCatalog.bundled();
  private final PresignedUrls urls;
  /** Re-resolves the principal that created a presigned URL when the URL is opened. */
  private final dev.iamlocal.server.auth.Authenticator principals;
  /** Whether SageMaker can assume the roles a request passes (after iam:PassRole allowed passing them). */
  private final ExecutionRoles executionRoles;

  /** @param settle how long each simulated lifecycle step takes (InProgress -> Completed…) */
  public SageMakerApi(IamStore iam, Subjects subjects, SageMakerStore store, DecisionLog log, Clock clock, Duration settle) {
    this(iam, new AuthorizationPipeline(subjects, log, clock), store, settle);
  }

  /** Authorizing through {@code pipeline} (the server's one, shared with every surface). */
  public SageMakerApi(IamStore iam, AuthorizationPipeline pipeline, SageMakerStore store, Duration settle) {
    Subjects subjects = pipeline.subjects();
    Clock clock = pipeline.clock();
    this.iam = iam;
    this.subjects = subjects;
    this.store = store;
    this.pipeline = pipeline;
    this.clock = clock;
    this.settle = settle;
    this.urls = new PresignedUrls(iam);
    this.principals = new dev.iamlocal.server.auth.Authenticator(subjects, null, clock);
    this.executionRoles = new ExecutionRoles(iam, pipeline, codec.model());
  }

  /**
   * Runs {@code operation} for the caller; returns the JSON response body, serialized by the
   * operation's output shape ({@link JsonCodec}). A name the SageMaker model lacks is SageMaker's
   * {@code UnknownOperationException}; an operation of the model iamlocal does not serve yet is
   * {@link AwsError#notImplemented}.
   */
  public String handle(String operation, byte[] body, Caller caller, NetworkProfile net) {
    return handle(operation, body, caller, net, null);
  }

  /**
   * As {@link #handle(String, byte[], Caller, NetworkProfile)}; presigned URLs point at {@code baseUrl}
   * ({@code scheme://host:port} as the caller reached this server; null: {@code http://127.0.0.1}).
   */
  public String handle(String operation, byte[] body, Caller caller, NetworkProfile net, String baseUrl) {
    if (!codec.model().hasOperation(operation)) {
      throw new AwsError(400, "UnknownOperationException", "Unknown operation " + operation);
    }
    if (!OTHER_OPERATIONS.contains(operation) && !SageMakerKind.OPERATIONS.containsKey(operation)) {
      throw AwsError.notImplemented("SageMaker", operation);
    }
    // typed and validated against the SageMaker model before anything else reads it; the roles it
    // passes are found by the model's role shape, wherever nested
    ApiModel.Input in = codec.read(operation, parse(body), ROLE_SHAPE);
    Call c = new Call(operation, new Authorizer(pipeline, caller, net), caller,
        baseUrl == null ? "http://127.0.0.1" : baseUrl, caller.accountId(),
        caller.region() == null ? "us-east-1" : caller.region(), in.body(), in.roles());
    ObjectNode out = switch (operation) {
      case "AddTags" -> addTags(c);
      case "DeleteTags" -> deleteTags(c);
      case "ListTags" -> listTags(c);
      case "Search" -> search(c);
      case "CreatePresignedNotebookInstanceUrl" -> presignedUrl(c);
      case "CreatePresignedDomainUrl" -> presigned(c, operation, "user-profile",
          required(c.req(), "DomainId") + "/" + required(c.req(), "UserProfileName"));
      case "CreatePresignedMlflowTrackingServerUrl" -> presigned(c, operation, "mlflow-tracking-server",
          required(c.req(), "TrackingServerName"));
      case "CreatePresignedMlflowAppUrl" -> presigned(c, operation, "mlflow-app", required(c.req(), "Arn"));
      case "CreatePartnerAppPresignedUrl" -> presigned(c, operation, "partner-app", required(c.req(), "Arn"));
      case "AssociateTrialComponent", "DisassociateTrialComponent" -> association(c, operation);
      case "GetModelPackageGroupPolicy", "PutModelPackageGroupPolicy", "DeleteModelPackageGroupPolicy" ->
          groupPolicy(c, operation);
      default -> {
        SageMakerKind.Op op = SageMakerKind.OPERATIONS.get(operation);
        if (op == null) {
          throw new AwsError(400, "UnknownOperationException", "Unknown operation " + operation);
        }
        yield generic(op, operation, c);
      }
    };
    // the seed families' answers are built member by member and conform already; the generic
    // answers of the other families copy request members and are conformed to the output shape
    SageMakerKind.Op op = SageMakerKind.OPERATIONS.get(operation);
    boolean built = op != null ? op.kind().legacy() : BUILT_ANSWERS.contains(operation);
    String shape = codec.model().operationOutput(operation);
    return codec.write(operation, shape == null || built ? out : (ObjectNode) conform(out, shape));
  }

  /**
   * {@code v} with every member whose JSON type is not the output shape's dropped: a Describe
   * answer copies request members of the same name, and a few have another type in the output
   * (the answer must conform to the output shape, never be a 500).
   */
  private JsonNode conform(JsonNode v, String shapeName) {
    JsonNode shape = codec.model().shape(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        if (!v.isObject()) {
          return null;
        }
        ObjectNode out = JSON.createObjectNode();
        JsonNode members = shape.path("members");
        v.fields().forEachRemaining(e -> {
          JsonNode m = members.get(e.getKey());
          if (m != null) {
            JsonNode c = conform(e.getValue(), m.path("shape").asText());
            if (c != null) {
              out.set(e.getKey(), c);
            }
          }
        });
        return out;
      }
      case "list" -> {
        if (!v.isArray()) {
          return null;
        }
        ArrayNode out = JSON.createArrayNode();
        String member = shape.path("member").path("shape").asText();
        for (JsonNode x : v) {
          JsonNode c = conform(x, member);
          if (c != null) {
            out.add(c);
          }
        }
        return out;
      }
      case "map" -> {
        if (!v.isObject()) {
          return null;
        }
        ObjectNode out = JSON.createObjectNode();
        String value = shape.path("value").path("shape").asText();
        v.fields().forEachRemaining(e -> {
          JsonNode c = conform(e.getValue(), value);
          if (c != null) {
            out.set(e.getKey(), c);
          }
        });
        return out;
      }
      case "string", "blob" -> {
        return v.isTextual() ? v : null;
      }
      case "boolean" -> {
        return v.isBoolean() ? v : null;
      }
      case "timestamp" -> {
        return v.isNumber() || v.isTextual() ? v : null;
      }
      default -> {
        return v.isNumber() ? v : null;
      }
    }
  }

  /** One request: who asks, where, the body as the model reads it, and the roles it passes. */
  private record Call(String operation, Authorizer auth, Caller caller, String baseUrl, String account, String region,
      ObjectNode req, Set<String> roles) {}

  // ---------------------------------------------------------------- the generic engine

  /** How a request names a resource: the stored name (ARN path or joined keys) or its ARN. */
  private record Ident(String name, String arn, boolean byArn) {}

  private ObjectNode generic(SageMakerKind.Op op, String operation, Call c) {
    SageMakerKind kind = op.kind();
    String action = "sagemaker:" + operation;
    if (op.verb().equals("List")) {
      authorize(c, action, listResource(kind, operation, c), RequestContext.empty(), List.of());
      return list(kind, c);
    }
    if (op.verb().equals("Create")) {
      return create(kind, action, c);
    }
    Ident id = identify(kind, op.verb(), c);
    Optional<SageMakerResource> existing = lookup(kind, c, id);
    RequestContext.Builder b = RequestContext.builder();
    List<Map<String, String>> fileSystems = List.of();
    if (op.verb().equals("Update")) {
      SageMakerKeys.Extracted keys = SageMakerKeys.extract(action, c.req(), catalog);
      b = keys.context().toBuilder();
      fileSystems = keys.fileSystems();
    }
    String arn = id.arn();
    if (existing.isPresent()) {
      SageMakerKeys.putResourceTags(b, existing.get().tags());
      parentTags(kind, existing.get().name(), c, b);
      arn = existing.get().arn();
    }
    SageMakerKeyTable.fill(action, c.req(), existing.map(SageMakerResource::body).orElse(null), ownerLookup(c),
        arnBase(c), b);
    authorize(c, action, arn, b.build(), fileSystems);
    SageMakerResource r = existing.orElseThrow(() -> notFound(kind, id));
    return switch (op.verb()) {
      case "Describe" -> describe(kind, r);
      case "Delete" -> delete(kind, r, c);
      case "Update" -> update(kind, r, c);
      default -> transition(kind, r, op.verb());
    };
  }

  /**
   * The resource a List is authorized on: the parent the catalog names for it (ListPipelineExecutions
   * on its pipeline), when the request names one, else "*".
   */
  private static String listResource(SageMakerKind kind, String operation, Call c) {
    String t = SageMakerKind.catalogType(operation);
    if (t == null || kind.parent() == null || !t.equals(kind.parent().type())) {
      return "*";
    }
    List<String> values = new ArrayList<>();
    for (String m : kind.parent().members()) {
      String v = member(c.req(), m);
      if (v == null) {
        return "*";
      }
      values.add(v);
    }
    return arnOf(SageMakerKind.byType(t), c, String.join("/", values));
  }

  /** The resource a non-Create request names, by its key members, or by its ARN. */
  private Ident identify(SageMakerKind kind, String verb, Call c) {
    ObjectNode req = c.req();
    if (kind.legacy()) {
      String name = nameOf(kind, verb, req);
      return new Ident(name, arn(kind, c, name), false);
    }
    if (kind.arnKeyed()) {
      String arn = required(req, kind.keys().get(0));
      return new Ident(null, arn, true);
    }
    List<String> values = new ArrayList<>();
    for (String k : kind.keys()) {
      String v = member(req, k);
      if (v == null) {
        if (req.hasNonNull(kind.arnField())) {
          return new Ident(null, req.get(kind.arnField()).asText(), true);
        }
        required(req, k.split("\\|")[0]);
      }
      values.add(v);
    }
    if (values.size() == 1 && values.get(0).startsWith("arn:")) {
      return new Ident(null, values.get(0), true);
    }
    String name = String.join("/", values);
    return new Ident(name, arnOf(kind, c, name), false);
  }

  /** The value of {@code key} ({@code A|B}: the first of them given), or null. */
  private static String member(ObjectNode req, String key) {
    for (String k : key.split("\\|")) {
      JsonNode v = req.get(k);
      if (v != null && v.isValueNode() && !v.isNull()) {
        return v.asText();
      }
    }
    return null;
  }

  /** The stored resource, unless its lifecycle has removed it meanwhile (then it is removed for good). */
  private Optional<SageMakerResource> lookup(SageMakerKind kind, Call c, Ident id) {
    Optional<SageMakerResource> r = id.byArn()
        ? store.byArn(c.account(), id.arn()).filter(x -> x.type().equals(kind.type()) && x.region().equals(c.region()))
        : store.find(c.account(), c.region(), kind.type(), id.name());
    if (r.isPresent() && status(kind, r.get()).status().equals(SageMakerKind.GONE)) {
      store.delete(c.account(), r.get().arn());
      return Optional.empty();
    }
    return r;
  }

  private Optional<SageMakerResource> find(String type, Call c, String name) {
    return lookup(SageMakerKind.byType(type), c, new Ident(name, null, false));
  }

  /** The ARN a name-keyed resource has (or would have): the catalog's prefix and the lower-cased keys. */
  private static String arnOf(SageMakerKind kind, Call c, String name) {
    return "arn:aws:sagemaker:" + c.region() + ":" + c.account() + ":" + kind.arnPrefix() + name.toLowerCase(Locale.ROOT);
  }

  private ObjectNode create(SageMakerKind kind, String action, Call c) {
    ObjectNode req = c.req();
    String name;
    String arn;
    String id = null;
    Optional<SageMakerResource> parent = Optional.empty();
    SageMakerKind parentKind = null;
    // a missing parent is answered after authorization, so that the answer tells nothing to a caller
    // the policy denies
    AwsError missingParent = null;
    if (kind.parent() != null) {
      List<String> values = new ArrayList<>();
      for (String m : kind.parent().members()) {
        String v = member(req, m);
        if (v == null) {
          required(req, m.split("\\|")[0]);
        }
        values.add(v);
      }
      String pType = kind.parent().type();
      if (pType.contains("|")) {
        pType = req.hasNonNull("UserProfileName") ? "user-profile" : "space";
      }
      parentKind = SageMakerKind.byType(pType);
      String pName = String.join("/", values);
      parent = parentKind.legacy() ? store.find(c.account(), c.region(), pType, pName) : find(pType, c, pName);
      if (parent.isEmpty()) {
        missingParent = notFound(parentKind, new Ident(pName, parentKind.legacy() ? arn(parentKind, c, pName)
            : arnOf(parentKind, c, pName), false));
      }
    }
    if (kind.legacy()) {
      name = nameOf(kind, "Create", req);
      arn = arn(kind, c, name);
    } else {
      if (kind.idPrefix() != null) {
        id = kind.idPrefix() + randomId();
      }
      if (kind.type().equals("image-version")) {
        id = Integer.toString(nextVersion(c, required(req, "ImageName")));
      }
      List<String> path = new ArrayList<>();
      for (String m : kind.arnMembers()) {
        String v = m.equals("#id") ? id : member(req, m);
        path.add((v == null ? required(req, m.split("\\|")[0]) : v).toLowerCase(Locale.ROOT));
      }
      String arnPath = String.join(kind.type().equals("pipeline-execution") ? "/execution/"
          : kind.type().equals("model-card-export-job") ? "/export-job/" : "/", path);
      arn = "arn:aws:sagemaker:" + c.region() + ":" + c.account() + ":" + kind.arnPrefix() + arnPath;
      if (kind.arnKeyed()) {
        name = arnPath;
      } else {
        List<String> values = new ArrayList<>();
        for (String k : kind.keys()) {
          String v = k.equals(kind.idMember()) || k.equals("Version") ? id : member(req, k);
          values.add(v == null ? required(req, k.split("\\|")[0]) : v);
        }
        name = String.join("/", values);
      }
    }
    Map<String, String> tags = tags(req);
    SageMakerKeys.Extracted keys = SageMakerKeys.extract(action, req, catalog);
    RequestContext.Builder b = keys.context().toBuilder();
    SageMakerKeys.putRequestTags(b, tags);
    parent.ifPresent(p -> {
      SageMakerKeys.putResourceTags(b, p.tags());
    });
    SageMakerKeyTable.fill(action, req, null, ownerLookup(c), arnBase(c), b);
    authorize(c, action, arn, b.build(), keys.fileSystems());
    if (missingParent != null) {
      throw missingParent;
    }
    if (kind.type().equals("endpoint")) {
      String config = required(req, "EndpointConfigName");
      if (store.find(c.account(), c.region(), "endpoint-config", config).isEmpty()) {
        throw validation("Could not find endpoint configuration \"" + arn(SageMakerKind.byType("endpoint-config"), c,
            config) + "\".");
      }
    }
    if (kind.type().equals("transform-job")) {
      String model = required(req, "ModelName");
      if (store.find(c.account(), c.region(), "model", model).isEmpty()) {
        throw validation("Could not find model \"" + arn(SageMakerKind.byType("model"), c, model) + "\".");
      }
    }
    ObjectNode body = req.deepCopy();
    body.remove("Tags");
    if (kind.idMember() != null) {
      body.put(kind.idMember(), id);
    }
    if (kind.type().equals("image-version")) {
      body.put("Version", Integer.parseInt(id));
    }
    if (parent.isPresent()) {
      body.put(parentKind.arnField(), parent.get().arn());
    }
    Instant now = clock.instant();
    String status = kind.lifecycle().initial() == null ? "" : kind.lifecycle().initial();
    try {
      store.create(new SageMakerResource(arn, c.account(), c.region(), kind.type(), name, body.toString(), status, now,
          now, now, tags), kind.limit());
    } catch (SageMakerStore.AlreadyExists e) {
      throw conflict(kind, e.arn());
    } catch (SageMakerStore.LimitExceeded e) {
      throw new AwsError(400, "ResourceLimitExceeded", e.getMessage());
    }
    ObjectNode out = JSON.createObjectNode();
    out.put(kind.arnField(), arn);
    if (kind.idMember() != null) {
      out.put(kind.idMember(), id);
    }
    if (parent.isPresent()) {
      out.put(parentKind.arnField(), parent.get().arn());
    }
    if (kind.type().equals("domain")) {
      out.put("Url", studioUrl(id, c.region()));
    }
    return out;
  }

  private AwsError conflict(SageMakerKind kind, String arn) {
    String noun = humanNoun(kind);
    return switch (kind.conflictType()) {
      case "ResourceInUse" -> new AwsError(400, "ResourceInUse", noun + " names must be unique within an AWS account"
          + " and region, and a " + noun.toLowerCase(Locale.ROOT) + " with this name already exists (" + arn + ")");
      case "ConflictException" -> new AwsError(400, "ConflictException", noun + " " + arn + " already exists.");
      default -> validation("Cannot create already existing " + noun.toLowerCase(Locale.ROOT) + " \"" + arn + "\".");
    };
  }

  private int nextVersion(Call c, String image) {
    int max = 0;
    String prefix = image.toLowerCase(Locale.ROOT) + "/";
    for (SageMakerResource r : store.list(c.account(), c.region(), Set.of("image-version"))) {
      if (r.name().toLowerCase(Locale.ROOT).startsWith(prefix)) {
        max = Math.max(max, Integer.parseInt(r.name().substring(prefix.length())));
      }
    }
    return max + 1;
  }

  private static String randomId() {
    String hex = UUID.randomUUID().toString().replace("-", "");
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      int v = Character.digit(hex.charAt(i), 16) + Character.digit(hex.charAt(12 + i), 16);
      s.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(v % 36));
    }
    return s.toString();
  }

  private static String arnBase(Call c) {
    return "arn:aws:sagemaker:" + c.region() + ":" + c.account() + ":";
  }

  private static String studioUrl(String domainId, String region) {
    return "https://" + domainId + ".studio." + region + ".sagemaker.aws";
  }

  /** The owner's tags of a child resource, as {@code sagemaker:ResourceTag/*} where the child has no tag of that key. */
  private void parentTags(SageMakerKind kind, String name, Call c, RequestContext.Builder b) {
    if (kind.parent() == null || kind.arnKeyed() || name == null) {
      return;
    }
    String[] parts = name.split("/");
    int n = kind.parent().members().size();
    if (parts.length < n) {
      return;
    }
    String pName = String.join("/", java.util.Arrays.asList(parts).subList(0, n));
    String pType = kind.parent().type();
    List<String> types = pType.contains("|") ? List.of(pType.split("\\|")) : List.of(pType);
    for (String t : types) {
      Optional<SageMakerResource> p = store.find(c.account(), c.region(), t, pName);
      p.ifPresent(x -> x.tags().forEach((k, v) -> {
        b.putIfAbsent("sagemaker:ResourceTag/" + k, v);
        b.putIfAbsent("aws:ResourceTag/" + k, v);
      }));
    }
  }

  /** Reads stored spaces for the keys of apps and spaces (owner, sharing type) by domain id and space name. */
  private SageMakerKeyTable.Stored ownerLookup(Call c) {
    return (type, name) -> store.find(c.account(), c.region(), type, name).map(SageMakerResource::body).orElse(null);
  }

  private ObjectNode describe(SageMakerKind kind, SageMakerResource r) {
    ObjectNode d = view(kind, r, true);
    if (kind.type().equals("workteam") || kind.type().equals("workforce")) {
      ObjectNode wrap = JSON.createObjectNode();
      wrap.set(kind.noun(), d);
      return wrap;
    }
    return d;
  }

  /** The resource as Describe (full) or List (summary) shows it. */
  private ObjectNode view(SageMakerKind kind, SageMakerResource r, boolean full) {
    if (!kind.legacy()) {
      ObjectNode d = (ObjectNode) readTree(r.body());
      d.put(kind.arnField(), r.arn());
      if (kind.arnKeyed()) {
        d.put(kind.keys().get(0), r.arn());
      }
      Status s = status(kind, r);
      if (kind.statusField() != null && !s.status().isEmpty()) {
        d.put(kind.statusField(), s.status());
      }
      Instant modified = s.since().isAfter(r.lastModifiedTime()) ? s.since() : r.lastModifiedTime();
      for (String f : List.of("CreationTime", "CreatedTime", "CreateDate")) {
        d.put(f, seconds(r.creationTime()));
      }
      for (String f : List.of("LastModifiedTime", "LastUpdatedDate", "LastUpdateTime")) {
        d.put(f, seconds(modified));
      }
      if (kind.type().equals("domain")) {
        d.put("Url", studioUrl(d.path("DomainId").asText(), r.region()));
      }
      if (kind.type().equals("workforce")) {
        d.put("WorkforceArn", r.arn());
      }
      return d;
    }
    ObjectNode d = full ? (ObjectNode) readTree(r.body()) : JSON.createObjectNode();
    d.put(kind.nameField(), r.name());
    d.put(kind.arnField(), r.arn());
    Status s = status(kind, r);
    if (kind.statusField() != null) {
      d.put(kind.statusField(), s.status());
    }
    if (kind.type().equals("workteam")) {
      d.put("CreateDate", seconds(r.creationTime()));
      d.put("LastUpdatedDate", seconds(r.lastModifiedTime()));
      if (!full) {
        d.setAll((ObjectNode) readTree(r.body()));
      }
      return d;
    }
    d.put("CreationTime", seconds(r.creationTime()));
    d.put("LastModifiedTime", seconds(s.since().isAfter(r.lastModifiedTime()) ? s.since() : r.lastModifiedTime()));
    if (!full) {
      return d;
    }
    switch (kind.type()) {
      case "training-job" -> {
        d.put("SecondaryStatus", switch (s.status()) {
          case "InProgress" -> "Training";
          default -> s.status();
        });
        String out = d.path("OutputDataConfig").path("S3OutputPath").asText("");
        d.putObject("ModelArtifacts").put("S3ModelArtifacts", out.isEmpty() ? "" : out.replaceAll("/$", "") + "/"
            + r.name() + "/output/model.tar.gz");
        d.put("TrainingStartTime", seconds(r.creationTime()));
        if (!s.status().equals("InProgress") && !s.status().equals("Stopping")) {
          d.put("TrainingEndTime", seconds(s.since()));
        }
      }
      case "notebook-instance" -> {
        d.put("Url", r.name().toLowerCase(Locale.ROOT) + ".notebook." + r.region() + ".sagemaker.aws");
        if (d.has("SecurityGroupIds")) {
          d.set("SecurityGroups", d.remove("SecurityGroupIds"));
        }
        d.put("DirectInternetAccess", d.path("DirectInternetAccess").asText("Enabled"));
        d.put("RootAccess", d.path("RootAccess").asText("Enabled"));
        d.put("VolumeSizeInGB", d.path("VolumeSizeInGB").asInt(5));
        if (d.has("LifecycleConfigName")) {
          d.set("NotebookInstanceLifecycleConfigName", d.remove("LifecycleConfigName"));
        }
      }
      case "hyper-parameter-tuning-job" -> {
        d.putObject("TrainingJobStatusCounters");
        d.putObject("ObjectiveStatusCounters");
      }
      case "labeling-job" -> {
        d.putObject("LabelCounters");
        d.put("JobReferenceCode", Integer.toHexString(r.arn().hashCode()));
      }
      case "algorithm" -> d.putObject("AlgorithmStatusDetails");
      case "model-package" -> d.putObject("ModelPackageStatusDetails");
      default -> { }
    }
    return d;
  }

  private ObjectNode list(SageMakerKind kind, Call c) {
    String nameContains = c.req().path("NameContains").asText(null);
    String statusEquals = c.req().path("StatusEquals").asText(null);
    Set<String> createMembers = createMembers(kind);
    List<ObjectNode> items = new ArrayList<>();
    for (SageMakerResource r : store.list(c.account(), c.region(), Set.of(kind.type()))) {
      Status s = status(kind, r);
      if (s.status().equals(SageMakerKind.GONE) && kind.statusField() != null) {
        store.delete(c.account(), r.arn());
        continue;
      }
      String last = r.name().substring(r.name().lastIndexOf('/') + 1);
      if (nameContains != null && !last.toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (statusEquals != null && kind.statusField() != null && !s.status().equals(statusEquals)) {
        continue;
      }
      ObjectNode v = view(kind, r, kind.legacy() ? false : true);
      if (!kind.legacy() && !matchesListFilters(c.req(), v, createMembers)) {
        continue;
      }
      items.add(v);
    }
    if ("Ascending".equals(c.req().path("SortOrder").asText())) {
      Collections.reverse(items);
    }
    return page(items, kind.listKey(), c.req());
  }

  /**
   * The List request's filters on a resource's members: {@code XEquals} and a bare {@code X} (a
   * parent's name) compare equal, {@code XContains} by substring, where X is a member the family's
   * Create request has; paging, sorting and time windows are not filters of a member.
   */
  private static boolean matchesListFilters(ObjectNode req, ObjectNode v, Set<String> createMembers) {
    Iterator<Map.Entry<String, JsonNode>> it = req.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String n = e.getKey();
      if (!e.getValue().isValueNode() || n.equals("NameContains") || n.equals("StatusEquals")) {
        continue;
      }
      String want = e.getValue().asText();
      if (n.endsWith("Equals") && createMembers.contains(n.substring(0, n.length() - 6))) {
        if (!want.equals(v.path(n.substring(0, n.length() - 6)).asText(null))) {
          return false;
        }
      } else if (n.endsWith("Contains") && createMembers.contains(n.substring(0, n.length() - 8))) {
        String have = v.path(n.substring(0, n.length() - 8)).asText("");
        if (!have.toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT))) {
          return false;
        }
      } else if (createMembers.contains(n) && n.endsWith("Name") || n.equals("HubContentType")) {
        if (!want.equalsIgnoreCase(v.path(n).asText(""))) {
          return false;
        }
      }
    }
    return true;
  }

  private static Set<String> createMembers(SageMakerKind kind) {
    ApiModel m = ApiModel.sageMaker();
    String create = kind.verbs().get("Create");
    if (create == null) {
      for (Map.Entry<String, String[]> e : SageMakerKind.ALIASES.entrySet()) {
        if (e.getValue()[0].equals(kind.noun()) && e.getValue()[1].equals("Create")) {
          create = e.getKey();
        }
      }
    }
    Set<String> out = new java.util.HashSet<>();
    if (create != null && m.operationInput(create) != null) {
      m.shape(m.operationInput(create)).path("members").fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  private ObjectNode delete(SageMakerKind kind, SageMakerResource r, Call c) {
    SageMakerKind.Transition t = kind.lifecycle().explicit().get("Delete");
    String now = status(kind, r).status();
    if (t != null && !t.from().isEmpty() && !t.from().contains(now)) {
      throw validation(notInMessage(kind, r, now, t, "Deleting"));
    }
    if (t != null && t.to() != null && now.equals(t.to())) {
      throw new AwsError(400, "ResourceInUse", humanNoun(kind) + " " + r.arn() + " is already being deleted.");
    }
    String prefix = r.name().toLowerCase(Locale.ROOT) + "/";
    for (String blocker : kind.blockers()) {
      SageMakerKind bk = SageMakerKind.byType(blocker);
      for (SageMakerResource child : store.list(c.account(), c.region(), Set.of(blocker))) {
        String st = status(bk, child).status();
        if (child.name().toLowerCase(Locale.ROOT).startsWith(prefix) && !st.equals("Deleted")
            && !st.equals(SageMakerKind.GONE)) {
          throw new AwsError(400, "ResourceInUse", "Unable to delete " + kind.noun() + " [" + r.arn() + "] because "
              + bk.noun() + "(s) are associated with it.");
        }
      }
    }
    // children that die with their parent (image versions, pipeline executions, hub contents…)
    for (SageMakerKind child : SageMakerKind.ALL) {
      if (child.parent() != null && child.parent().type().equals(kind.type()) && !kind.blockers().contains(child.type())) {
        for (SageMakerResource x : store.list(c.account(), c.region(), Set.of(child.type()))) {
          if (x.name().toLowerCase(Locale.ROOT).startsWith(prefix)) {
            store.delete(c.account(), x.arn());
          }
        }
      }
    }
    if (t != null && t.to() != null) {
      store.update(r.accountId(), r.arn(), r.status(), t.to(), null, clock.instant());
    } else {
      store.delete(r.accountId(), r.arn());
    }
    ObjectNode out = JSON.createObjectNode();
    if (kind.type().equals("workteam")) {
      out.put("Success", true);
    }
    out.put(kind.arnField(), r.arn());
    return out;
  }

  private ObjectNode update(SageMakerKind kind, SageMakerResource r, Call c) {
    SageMakerKind.Transition t = kind.lifecycle().explicit().get("Update");
    String now = status(kind, r).status();
    if (t != null && !t.from().isEmpty() && !t.from().contains(now)) {
      throw validation(notInMessage(kind, r, now, t, "Updating"));
    }
    SageMakerKind.Transition del = kind.lifecycle().explicit().get("Delete");
    if (del != null && del.to() != null && now.equals(del.to())) {
      throw new AwsError(400, "ResourceInUse", humanNoun(kind) + " " + r.arn() + " is being deleted.");
    }
    ObjectNode body = (ObjectNode) readTree(r.body());
    Iterator<Map.Entry<String, JsonNode>> it = c.req().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals(kind.nameField()) && !e.getKey().equals(kind.arnField())
          && !kind.keys().contains(e.getKey())) {
        body.set(e.getKey(), e.getValue());
      }
    }
    if (!store.update(r.accountId(), r.arn(), r.status(), t == null ? r.status() : t.to(), body.toString(),
        clock.instant())) {
      throw validation("The " + humanNoun(kind).toLowerCase(Locale.ROOT) + " changed meanwhile; retry.");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put(kind.arnField(), r.arn());
    if (kind.type().equals("workteam") || kind.type().equals("workforce")) {
      out.set(kind.noun(), describe(kind, store.byArn(r.accountId(), r.arn()).orElseThrow()).get(kind.noun()));
    }
    return out;
  }

  /** Stop or Start. */
  private ObjectNode transition(SageMakerKind kind, SageMakerResource r, String verb) {
    SageMakerKind.Transition t = kind.lifecycle().explicit().get(verb);
    String now = status(kind, r).status();
    if (t == null || !t.from().contains(now)) {
      throw validation(kind.type().equals("notebook-instance") && t != null
          ? notInMessage(kind, r, now, t, t.to())
          : "The request was rejected because the " + humanNoun(kind).toLowerCase(Locale.ROOT) + " is in status "
              + now + ".");
    }
    store.update(r.accountId(), r.arn(), r.status(), t.to(), null, clock.instant());
    ObjectNode out = JSON.createObjectNode();
    out.put(kind.arnField(), r.arn());
    return out;
  }

  private static String notInMessage(SageMakerKind kind, SageMakerResource r, String now, SageMakerKind.Transition t,
      String to) {
    return "Status (" + now + ") not in (" + new java.util.TreeSet<>(t.from()) + "). Unable to transition to (" + to
        + ") for " + humanNoun(kind) + " (" + r.arn() + ").";
  }

  /** The simulated status now: the stored one, advanced by the automatic steps that are due. */
  record Status(String status, Instant since) {}

  Status status(SageMakerKind kind, SageMakerResource r) {
    String s = r.status();
    Instant t = r.statusTime();
    Instant now = clock.instant();
    Map<String, String> auto = kind.lifecycle().auto();
    while (!s.isEmpty() && auto.containsKey(s) && !now.isBefore(t.plus(settle))) {
      s = auto.get(s);
      t = t.plus(settle);
    }
    return new Status(s, t);
  }


  // ---------------------------------------------------------------- tags, search, presigned URL

  private ObjectNode addTags(Call c) {
    String arn = required(c.req(), "ResourceArn");
    Map<String, String> tags = tags(c.req());
    if (!c.req().has("Tags")) {
      required(c.req(), "Tags");
    }
    Optional<SageMakerResource> r = store.byArn(c.account(), arn);
    RequestContext.Builder b = RequestContext.builder();
    r.ifPresent(x -> SageMakerKeys.putResourceTags(b, x.tags()));
    SageMakerKeys.putRequestTags(b, tags);
    b.put("sagemaker:TaggingAction", "AddTags");
    authorize(c, "sagemaker:AddTags", arn, b.build(), List.of());
    if (r.isEmpty() || !r.get().accountId().equals(c.account())) {
      throw validation("Resource " + arn + " not found.");
    }
    try {
      store.addTags(c.account(), arn, tags);
    } catch (SageMakerStore.LimitExceeded e) {
      throw new AwsError(400, "ResourceLimitExceeded", e.getMessage());
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("Tags", tagList(tags));
    return out;
  }

  private ObjectNode deleteTags(Call c) {
    String arn = required(c.req(), "ResourceArn");
    JsonNode keysNode = c.req().get("TagKeys");
    if (keysNode == null || !keysNode.isArray()) {
      required(c.req(), "TagKeys");
    }
    List<String> keys = new ArrayList<>();
    keysNode.forEach(k -> keys.add(k.asText()));
    Optional<SageMakerResource> r = store.byArn(c.account(), arn);
    RequestContext.Builder b = RequestContext.builder();
    r.ifPresent(x -> SageMakerKeys.putResourceTags(b, x.tags()));
    if (!keys.isEmpty()) {
      b.putList("aws:TagKeys", keys);
    }
    authorize(c, "sagemaker:DeleteTags", arn, b.build(), List.of());
    if (r.isEmpty() || !r.get().accountId().equals(c.account())) {
      throw validation("Resource " + arn + " not found.");
    }
    store.deleteTags(c.account(), arn, keys);
    return JSON.createObjectNode();
  }

  private ObjectNode listTags(Call c) {
    String arn = required(c.req(), "ResourceArn");
    // ListTags is not restricted by resource tags (the seed's list of such calls)
    authorize(c, "sagemaker:ListTags", arn, RequestContext.empty(), List.of());
    SageMakerResource r = store.byArn(c.account(), arn)
        .orElseThrow(() -> validation("Resource " + arn + " not found."));
    List<ObjectNode> items = new ArrayList<>();
    r.tags().forEach((k, v) -> items.add(JSON.createObjectNode().put("Key", k).put("Value", v)));
    return page(items, "Tags", c.req());
  }

  private ObjectNode search(Call c) {
    String resource = required(c.req(), "Resource");
    authorize(c, "sagemaker:Search", "*", RequestContext.empty(), List.of());
    SageMakerKind kind = null;
    for (SageMakerKind k : SageMakerKind.ALL) {
      if (resource.equals(k.searchName())) {
        kind = k;
      }
    }
    if (kind == null) {
      // a value of the model's enum whose family iamlocal does not store (e.g. FeatureMetadata): no results
      return page(List.of(), "Results", c.req());
    }
    JsonNode filters = c.req().path("SearchExpression").path("Filters");
    boolean any = "Or".equals(c.req().path("SearchExpression").path("Operator").asText("And"));
    List<ObjectNode> results = new ArrayList<>();
    for (SageMakerResource r : store.list(c.account(), c.region(), Set.of(kind.type()))) {
      ObjectNode v = view(kind, r, true);
      ObjectNode withTags = v.deepCopy();
      withTags.set("Tags", tagList(r.tags()));
      if (filters.isMissingNode() || filters.isEmpty() || matches(withTags, r.tags(), filters, any)) {
        ObjectNode item = JSON.createObjectNode();
        item.set(kind.noun(), withTags);
        results.add(item);
      }
    }
    return page(results, "Results", c.req());
  }

  private static boolean matches(ObjectNode v, Map<String, String> tags, JsonNode filters, boolean any) {
    for (JsonNode f : filters) {
      String name = f.path("Name").asText();
      String op = f.path("Operator").asText("Equals");
      String want = f.path("Value").asText(null);
      String have;
      if (name.startsWith("Tags.")) {
        have = tags.get(name.substring(5));
      } else {
        JsonNode n = v;
        for (String part : name.split("\\.")) {
          n = n.path(part);
        }
        have = n.isValueNode() ? n.asText() : null;
      }
      boolean ok = switch (op) {
        case "Equals" -> have != null && have.equals(want);
        case "NotEquals" -> have == null || !have.equals(want);
        case "Contains" -> have != null && want != null && have.contains(want);
        case "Exists" -> have != null;
        case "NotExists" -> have == null;
        default -> throw validation("Unsupported operator " + op + " for " + name + ".");
      };
      if (ok && any) {
        return true;
      }
      if (!ok && !any) {
        return false;
      }
    }
    return !any;
  }

  /** How long a notebook instance's presigned URL opens: "valid only for 5 minutes" (its API reference). */
  static final long NOTEBOOK_URL_SECONDS = 300;
  /** ExpiresInSeconds when not given: "This value defaults to 300" (CreatePresignedDomainUrl). */
  static final long DEFAULT_URL_SECONDS = 300;
  /** SessionExpirationDurationInSeconds when not given: 12 hours ("defaults to 43200"). */
  static final long DEFAULT_SESSION_SECONDS = 43200;

  private ObjectNode presignedUrl(Call c) {
    SageMakerKind kind = kind("notebook-instance");
    String name = required(c.req(), "NotebookInstanceName");
    Optional<SageMakerResource> r = store.find(c.account(), c.region(), kind.type(), name);
    RequestContext.Builder b = RequestContext.builder();
    r.ifPresent(x -> SageMakerKeys.putResourceTags(b, x.tags()));
    String arn = r.map(SageMakerResource::arn).orElse(arn(kind, c, name));
    authorize(c, "sagemaker:CreatePresignedNotebookInstanceUrl", arn, b.build(), List.of());
    SageMakerResource nb = r.orElseThrow(() -> validation("RecordNotFound"));
    ObjectNode out = JSON.createObjectNode();
    out.put("AuthorizedUrl", presignedUrlFor("CreatePresignedNotebookInstanceUrl", kind, nb, c));
    return out;
  }

  /**
   * A presigned URL of a Studio user profile, an MLflow tracking server or app, or a partner app:
   * authorized on the resource (its tags, and its domain's for a user profile), which must exist.
   */
  private ObjectNode presigned(Call c, String operation, String type, String nameOrArn) {
    SageMakerKind kind = SageMakerKind.byType(type);
    boolean byArn = nameOrArn.startsWith("arn:");
    Ident id = new Ident(byArn ? null : nameOrArn, byArn ? nameOrArn : arnOf(kind, c, nameOrArn), byArn);
    Optional<SageMakerResource> r = lookup(kind, c, id);
    RequestContext.Builder b = RequestContext.builder();
    r.ifPresent(x -> {
      SageMakerKeys.putResourceTags(b, x.tags());
      parentTags(kind, x.name(), c, b);
    });
    authorize(c, "sagemaker:" + operation, r.map(SageMakerResource::arn).orElse(id.arn()), b.build(), List.of());
    SageMakerResource res = r.orElseThrow(() -> notFound(kind, id));
    ObjectNode out = JSON.createObjectNode();
    String url = presignedUrlFor(operation, kind, res, c);
    out.put(operation.equals("CreatePartnerAppPresignedUrl") ? "Url" : "AuthorizedUrl", url);
    return out;
  }

  /**
   * The URL handed out for {@code r}: this server's {@value PresignedUrls#PATH} as the caller
   * reached it, with a sealed token (SageMaker's query parameter: {@code token} for Studio,
   * {@code authToken} for the others) that {@link #openPresigned} checks.
   */
  private String presignedUrlFor(String operation, SageMakerKind kind, SageMakerResource r, Call c) {
    Instant now = clock.instant();
    long urlSeconds = operation.equals("CreatePresignedNotebookInstanceUrl") ? NOTEBOOK_URL_SECONDS
        : c.req().path("ExpiresInSeconds").asLong(DEFAULT_URL_SECONDS);
    long session = c.req().path("SessionExpirationDurationInSeconds").asLong(DEFAULT_SESSION_SECONDS);
    String space = kind.type().equals("user-profile") ? member(c.req(), "SpaceName") : null;
    String token = urls.seal(new PresignedUrls.Grant(operation, c.account(), r.region(), kind.type(), r.name(),
        r.arn(), space, c.caller().accessKeyId(), now, now.plusSeconds(urlSeconds), session, PresignedUrls.newId()));
    return c.baseUrl() + PresignedUrls.PATH + (kind.type().equals("user-profile") ? "?token=" : "?authToken=")
        + token;
  }

  /** The answer to opening a presigned URL: HTTP status, an HTML page, and iamlocal's reason (x-iamlocal-detail). */
  public record Opened(int status, String html, String detail) {}

  /**
   * Opens a presigned URL from a browser at {@code net}: the token must be one this server sealed,
   * not expired, not used already when single-use; the credential that created it must still be
   * valid, the resource must still exist (a notebook instance InService), and the authorization that
   * allowed creating the URL is evaluated again, through the pipeline, as the creating principal with
   * the browser's network ({@code aws:SourceIp}…): "the IP condition is evaluated when the URL is used".
   * Every refusal is 403; nothing here answers 500.
   */
  public Opened openPresigned(String token, NetworkProfile net) {
    Optional<PresignedUrls.Grant> opened = urls.open(token);
    if (opened.isEmpty()) {
      return refused("the token is not one this server issued, or it was altered");
    }
    PresignedUrls.Grant g = opened.get();
    Instant now = clock.instant();
    if (!now.isBefore(g.expires())) {
      return refused("the URL expired at " + g.expires() + " (" + java.time.Duration.between(g.issued(), g.expires())
          .toSeconds() + " s after it was created)");
    }
    if (g.singleUse() && urls.wasUsed(g)) {
      return refused("the URL was used already; " + g.operation() + " URLs can be used only once");
    }
    Optional<Caller> caller = principals.current(g.account(), g.accessKeyId(), g.region());
    if (caller.isEmpty()) {
      return refused("the credentials that created the URL (" + g.accessKeyId() + ") are no longer valid");
    }
    Call c = new Call(g.operation(), new Authorizer(pipeline, caller.get(), net), caller.get(), null, g.account(),
        g.region(), JSON.createObjectNode(), Set.of());
    SageMakerKind kind = SageMakerKind.byType(g.type());
    Optional<SageMakerResource> r = kind.legacy() ? store.find(g.account(), g.region(), g.type(), g.name())
        : lookup(kind, c, new Ident(g.name(), g.arn(), false));
    if (r.isEmpty() || !r.get().arn().equals(g.arn())) {
      return refused("the " + humanNoun(kind).toLowerCase(Locale.ROOT) + " " + g.arn() + " no longer exists");
    }
    SageMakerResource res = r.get();
    if (kind.type().equals("notebook-instance")) {
      String st = status(kind, res).status();
      if (!st.equals("InService")) {
        return refused("the notebook instance " + res.arn() + " is " + st + ", not InService");
      }
    }
    String spaceArn = null;
    if (g.space() != null) {
      String domain = res.name().substring(0, res.name().indexOf('/'));
      Optional<SageMakerResource> sp = find("space", c, domain + "/" + g.space());
      if (sp.isEmpty()) {
        return refused("the space " + g.space() + " of domain " + domain + " no longer exists");
      }
      spaceArn = sp.get().arn();
    }
    RequestContext.Builder b = RequestContext.builder();
    SageMakerKeys.putResourceTags(b, res.tags());
    parentTags(kind, res.name(), c, b);
    AuthorizationPipeline.Evaluation e = c.auth().decide("sagemaker:" + g.operation(), res.arn(), b.build());
    if (!e.allowed()) {
      return refused("opening it from " + net.sourceIp() + ": " + e.deniedMessage());
    }
    if (g.singleUse() && !urls.use(g, now)) {
      return refused("the URL was used already; " + g.operation() + " URLs can be used only once");
    }
    return new Opened(200, openedPage(g, res, spaceArn, caller.get(), now), "opened as " + caller.get().arn());
  }

  private static Opened refused(String why) {
    String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>403 Forbidden</title></head><body>"
        + "<h1>403 Forbidden</h1><p>This presigned URL is not valid: " + PresignedUrls.html(why) + ".</p>"
        + "<p>Create a new URL and open it within its validity.</p></body></html>\n";
    return new Opened(403, page, why);
  }

  private static String openedPage(PresignedUrls.Grant g, SageMakerResource r, String spaceArn, Caller who,
      Instant now) {
    String what = switch (g.type()) {
      case "notebook-instance" -> "the Jupyter server of notebook instance";
      case "user-profile" -> spaceArn != null ? "SageMaker Studio, in space " + spaceArn + ", signed in as user profile"
          : "SageMaker Studio, signed in as user profile";
      case "mlflow-tracking-server" -> "the MLflow UI of tracking server";
      case "mlflow-app" -> "the MLflow UI of MLflow app";
      default -> "the partner AI app";
    };
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SageMaker presigned URL</title></head><body>"
        + "<h1>Presigned URL accepted</h1><p>This URL opens " + PresignedUrls.html(what) + " <code>"
        + PresignedUrls.html(r.arn()) + "</code>, as <code>" + PresignedUrls.html(who.arn()) + "</code>.</p>"
        + "<p>The session would last " + g.sessionSeconds() + " seconds, until "
        + PresignedUrls.html(now.plusSeconds(g.sessionSeconds()).toString()) + ".</p>"
        + "<p>iamlocal emulates SageMaker's control plane only: there is no Jupyter, Studio or MLflow server behind"
        + " this page. The URL's token, expiry and the authorization of " + PresignedUrls.html(g.operation())
        + " from this browser's address were checked.</p></body></html>\n";
  }

  /** Associate/DisassociateTrialComponent: both ends must exist; the trial keeps its components. */
  private ObjectNode association(Call c, String operation) {
    String component = required(c.req(), "TrialComponentName");
    String trial = required(c.req(), "TrialName");
    SageMakerKind tc = SageMakerKind.byType("experiment-trial-component");
    SageMakerKind tk = SageMakerKind.byType("experiment-trial");
    Optional<SageMakerResource> cr = find(tc.type(), c, component);
    Optional<SageMakerResource> tr = find(tk.type(), c, trial);
    RequestContext.Builder b = RequestContext.builder();
    cr.ifPresent(x -> SageMakerKeys.putResourceTags(b, x.tags()));
    authorize(c, "sagemaker:" + operation, cr.map(SageMakerResource::arn).orElse(arnOf(tc, c, component)), b.build(),
        List.of());
    SageMakerResource t = tr.orElseThrow(() -> notFound(tk, new Ident(trial, arnOf(tk, c, trial), false)));
    SageMakerResource x = cr.orElseThrow(() -> notFound(tc, new Ident(component, arnOf(tc, c, component), false)));
    ObjectNode body = (ObjectNode) readTree(t.body());
    ArrayNode list = body.has("TrialComponentNames") ? (ArrayNode) body.get("TrialComponentNames")
        : body.putArray("TrialComponentNames");
    for (int i = list.size() - 1; i >= 0; i--) {
      if (list.get(i).asText().equalsIgnoreCase(x.name())) {
        list.remove(i);
      }
    }
    if (operation.startsWith("Associate")) {
      list.add(x.name());
    }
    store.update(c.account(), t.arn(), null, t.status(), body.toString(), clock.instant());
    ObjectNode out = JSON.createObjectNode();
    out.put("TrialComponentArn", x.arn());
    out.put("TrialArn", t.arn());
    return out;
  }

  /** The resource policy of a model package group, kept in the group's stored body. */
  private ObjectNode groupPolicy(Call c, String operation) {
    SageMakerKind kind = SageMakerKind.byType("model-package-group");
    String name = required(c.req(), "ModelPackageGroupName");
    Ident id = new Ident(name, arnOf(kind, c, name), false);
    Optional<SageMakerResource> r = lookup(kind, c, id);
    RequestContext.Builder b = RequestContext.builder();
    r.ifPresent(x -> SageMakerKeys.putResourceTags(b, x.tags()));
    authorize(c, "sagemaker:" + operation, r.map(SageMakerResource::arn).orElse(id.arn()), b.build(), List.of());
    SageMakerResource g = r.orElseThrow(() -> validation("Cannot find Model Package Group with name " + name + "."));
    ObjectNode body = (ObjectNode) readTree(g.body());
    ObjectNode out = JSON.createObjectNode();
    switch (operation) {
      case "GetModelPackageGroupPolicy" -> {
        if (!body.has("x-iamlocal-ResourcePolicy")) {
          throw validation("Cannot find resource policy for Model Package Group " + name + ".");
        }
        out.put("ResourcePolicy", body.get("x-iamlocal-ResourcePolicy").asText());
        return out;
      }
      case "PutModelPackageGroupPolicy" -> {
        String policy = required(c.req(), "ResourcePolicy");
        try {
          JSON.readTree(policy);
        } catch (JsonProcessingException e) {
          throw validation("The resource policy is not valid JSON.");
        }
        body.put("x-iamlocal-ResourcePolicy", policy);
        out.put("ModelPackageGroupArn", g.arn());
      }
      default -> {
        if (!body.has("x-iamlocal-ResourcePolicy")) {
          throw validation("Cannot find resource policy for Model Package Group " + name + ".");
        }
        body.remove("x-iamlocal-ResourcePolicy");
      }
    }
    store.update(c.account(), g.arn(), null, g.status(), body.toString(), clock.instant());
    return out;
  }

  // ---------------------------------------------------------------- authorization

  /**
   * Authorizes {@code action} on {@code resource}; with file-system data sources, once per source
   * (each with its four keys), all must be allowed. Then every role the request passes needs
   * {@code iam:PassRole}: each operation authorizes its action here exactly once, so no operation
   * (Create, Update or any other with a role member) passes a role unchecked. Last, SageMaker must be
   * able to assume each of them ({@link ExecutionRoles}), for the resource {@code resource} names.
   */
  private void authorize(Call c, String action, String resource, RequestContext ctx, List<Map<String, String>> fs) {
    if (fs.isEmpty()) {
      check(c, action, resource, ctx);
    } else {
      for (Map<String, String> f : fs) {
        RequestContext.Builder b = ctx.toBuilder();
        f.forEach(b::put);
        check(c, action, resource, b.build());
      }
    }
    passRoles(c, c.roles());
    executionRoles.check(c.operation(), c.req(), c.roles(), c.caller(), c.account(), c.region(), resource);
  }

  private void check(Call c, String action, String resource, RequestContext ctx) {
    AuthorizationPipeline.Evaluation e = c.auth().decide(action, resource, ctx);
    if (!e.allowed()) {
      throw new AwsError(400, "AccessDeniedException", e.deniedMessage());
    }
  }

  /** Passing an execution role needs {@code iam:PassRole} on it, for SageMaker. */
  private void passRoles(Call c, Set<String> roles) {
    for (String role : roles) {
      check(c, "iam:PassRole", role, RequestContext.builder().put("iam:PassedToService", PASSED_TO).build());
    }
  }

  // ---------------------------------------------------------------- helpers

  private static SageMakerKind kind(String type) {
    return SageMakerKind.byType(type);
  }

  private static String nameOf(SageMakerKind kind, String verb, ObjectNode req) {
    if (kind.type().equals("model-package") && verb.equals("Update")) {
      String arn = required(req, "ModelPackageArn");
      return arn.substring(arn.lastIndexOf('/') + 1);
    }
    String name = required(req, kind.nameField());
    if (kind.type().equals("model-package") && name.startsWith("arn:")) {
      name = name.substring(name.lastIndexOf('/') + 1);
    }
    if (!NAME.matcher(name).matches()) {
      throw validation("1 validation error detected: Value '" + name + "' at '" + lowerFirst(kind.nameField())
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    }
    return name;
  }

  /** The resource's ARN. SageMaker lower-cases names in ARNs; private work teams live under private-crowd/. */
  private static String arn(SageMakerKind kind, Call c, String name) {
    return Arn.of("aws", "sagemaker", c.region(), c.account(), kind.arnPrefix() + name.toLowerCase(Locale.ROOT))
        .toString();
  }

  /**
   * SageMaker's answer to a request naming a missing resource: per family, the code the model lists
   * for its Describe (ResourceNotFound, else ValidationException) and the family's message.
   */
  private AwsError notFound(SageMakerKind kind, Ident id) {
    String given = id.byArn() ? id.arn() : id.name();
    String arn = id.arn();
    if (kind.notFoundMessage() != null) {
      String m = String.format(kind.notFoundMessage(), given, arn);
      return new AwsError(400, kind.notFoundType(), m);
    }
    if (kind.notFoundType().equals("ResourceNotFound")) {
      return new AwsError(400, "ResourceNotFound", kind.legacy() ? "Requested resource not found."
          : humanNoun(kind) + " " + arn + " does not exist.");
    }
    if (kind.type().equals("notebook-instance")) {
      return validation("RecordNotFound");
    }
    return validation("Could not find " + humanNoun(kind).toLowerCase(Locale.ROOT) + " \"" + arn + "\".");
  }

  private static String humanNoun(SageMakerKind kind) {
    String words = kind.noun().replaceAll("([a-z])([A-Z])", "$1 $2");
    return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
  }

  private static Map<String, String> tags(ObjectNode req) {
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode t = req.get("Tags");
    if (t == null || t.isNull()) {
      return tags;
    }
    if (!t.isArray()) {
      throw validation("Start of list found where not expected: Tags");
    }
    for (JsonNode tag : t) {
      String k = tag.path("Key").asText(null);
      if (k == null || k.isEmpty() || k.length() > 128) {
        throw validation("1 validation error detected: Value null at 'tags.member.key' failed to satisfy constraint:"
            + " Member must not be null");
      }
      tags.put(k, tag.path("Value").asText(""));
    }
    return tags;
  }

  private static ArrayNode tagList(Map<String, String> tags) {
    ArrayNode a = JSON.createArrayNode();
    tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
    return a;
  }

  private static String required(ObjectNode req, String member) {
    JsonNode v = req.get(member);
    if (v == null || v.isNull()) {
      throw validation("1 validation error detected: Value null at '" + lowerFirst(member)
          + "' failed to satisfy constraint: Member must not be null");
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** One page: MaxResults (default 10, at most 100) after the NextToken's offset. */
  private static ObjectNode page(List<ObjectNode> items, String key, ObjectNode req) {
    int max = req.path("MaxResults").asInt(10);
    if (max < 1 || max > 100) {
      throw validation("1 validation error detected: Value '" + max + "' at 'maxResults' failed to satisfy constraint:"
          + " Member must have value less than or equal to 100");
    }
    int start = 0;
    String token = req.path("NextToken").asText(null);
    if (token != null) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        start = -1;
      }
      if (start < 0 || start > items.size()) {
        throw validation("Invalid pagination token.");
      }
    }
    int end = Math.min(items.size(), start + max);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode a = out.putArray(key);
    items.subList(start, end).forEach(a::add);
    if (end < items.size()) {
      out.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
          Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = BODY.readTree(body);
      if (n != null && n.isArray()) {
        throw ApiModel.serialization("Start of list found where not expected");
      }
      if (n == null || !n.isObject()) {
        throw new AwsError(400, "SerializationException", "Start of structure or map found where not expected.");
      }
      return (ObjectNode) n;
    } catch (java.io.IOException e) {
      throw ApiModel.malformedBody(e);
    }
  }

  private static JsonNode readTree(String s) {
    try {
      return JSON.readTree(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored body is not JSON", e);
    }
  }

  private static double seconds(Instant i) {
    return i.toEpochMilli() / 1000.0;
  }

  static AwsError validation(String message) {
    return new AwsError(400, "ValidationException", message);
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
