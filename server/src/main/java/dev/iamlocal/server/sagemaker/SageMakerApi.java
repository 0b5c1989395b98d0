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
      "CreatePresignedNotebookInstanceUrl");
  private final JsonCodec codec = new JsonCodec(ApiModel.sageMaker());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

  private final IamStore iam;
  private final Subjects subjects;
  private final SageMakerStore store;
  private final AuthorizationPipeline pipeline;
  private final Clock clock;
  private final Duration settle;
  private final ServiceCatalog catalog = ServiceCatalog.bundled();

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
  }

  /**
   * Runs {@code operation} for the caller; returns the JSON response body, serialized by the
   * operation's output shape ({@link JsonCodec}). A name the SageMaker model lacks is SageMaker's
   * {@code UnknownOperationException}; an operation of the model iamlocal does not serve yet is
   * {@link AwsError#notImplemented}.
   */
  public String handle(String operation, byte[] body, Caller caller, NetworkProfile net) {
    if (!codec.model().hasOperation(operation)) {
      throw new AwsError(400, "UnknownOperationException", "Unknown operation " + operation);
    }
    if (!OTHER_OPERATIONS.contains(operation) && !SageMakerKind.OPERATIONS.containsKey(operation)) {
      throw AwsError.notImplemented("SageMaker", operation);
    }
    // typed and validated against the SageMaker model before anything else reads it; the roles it
    // passes are found by the model's role shape, wherever nested
    ApiModel.Input in = codec.read(operation, parse(body), ROLE_SHAPE);
    Call c = new Call(new Authorizer(pipeline, caller, net), caller.accountId(),
        caller.region() == null ? "us-east-1" : caller.region(), in.body(), in.roles());
    ObjectNode out = switch (operation) {
      case "AddTags" -> addTags(c);
      case "DeleteTags" -> deleteTags(c);
      case "ListTags" -> listTags(c);
      case "Search" -> search(c);
      case "CreatePresignedNotebookInstanceUrl" -> presignedUrl(c);
      default -> {
        SageMakerKind.Op op = SageMakerKind.OPERATIONS.get(operation);
        if (op == null) {
          throw new AwsError(400, "UnknownOperationException", "Unknown operation " + operation);
        }
        yield generic(op, operation, c);
      }
    };
    return codec.write(operation, out);
  }

  /** One request: who asks, where, the body as the model reads it, and the roles it passes. */
  private record Call(Authorizer auth, String account, String region, ObjectNode req, Set<String> roles) {}

  // ---------------------------------------------------------------- the generic operations

  private ObjectNode generic(SageMakerKind.Op op, String operation, Call c) {
    SageMakerKind kind = op.kind();
    String action = "sagemaker:" + operation;
    if (op.verb().equals("List")) {
      authorize(c, action, "*", RequestContext.empty(), List.of());
      return list(kind, c);
    }
    String name = nameOf(kind, op.verb(), c.req());
    String arn = arn(kind, c, name);
    if (op.verb().equals("Create")) {
      Map<String, String> tags = tags(c.req());
      SageMakerKeys.Extracted keys = SageMakerKeys.extract(action, c.req(), catalog);
      RequestContext.Builder b = keys.context().toBuilder();
      SageMakerKeys.putRequestTags(b, tags);
      authorize(c, action, arn, b.build(), keys.fileSystems());
      return create(kind, c, name, arn, tags);
    }
    Optional<SageMakerResource> existing = store.find(c.account(), c.region(), kind.type(), name);
    RequestContext.Builder b = RequestContext.builder();
    List<Map<String, String>> fileSystems = List.of();
    if (op.verb().equals("Update")) {
      SageMakerKeys.Extracted keys = SageMakerKeys.extract(action, c.req(), catalog);
      b = keys.context().toBuilder();
      fileSystems = keys.fileSystems();
    }
    if (existing.isPresent()) {
      SageMakerKeys.putResourceTags(b, existing.get().tags());
      arn = existing.get().arn();
    }
    authorize(c, action, arn, b.build(), fileSystems);
    SageMakerResource r = existing.orElseThrow(() -> notFound(kind, arn(kind, c, name)));
    return switch (op.verb()) {
      case "Describe" -> describe(kind, r);
      case "Delete" -> delete(kind, r);
      case "Update" -> update(kind, r, c);
      default -> transition(kind, r, op.verb());
    };
  }

  private ObjectNode create(SageMakerKind kind, Call c, String name, String arn, Map<String, String> tags) {
    if (kind.type().equals("endpoint")) {
      String config = required(c.req(), "EndpointConfigName");
      if (store.find(c.account(), c.region(), "endpoint-config", config).isEmpty()) {
        throw validation("Could not find endpoint configuration \"" + arn(kind("endpoint-config"), c, config) + "\".");
      }
    }
    if (kind.type().equals("transform-job")) {
      String model = required(c.req(), "ModelName");
      if (store.find(c.account(), c.region(), "model", model).isEmpty()) {
        throw validation("Could not find model \"" + arn(kind("model"), c, model) + "\".");
      }
    }
    ObjectNode body = c.req().deepCopy();
    body.remove("Tags");
    Instant now = clock.instant();
    String status = kind.lifecycle().initial() == null ? "" : kind.lifecycle().initial();
    try {
      store.create(new SageMakerResource(arn, c.account(), c.region(), kind.type(), name, body.toString(), status, now,
          now, now, tags), kind.limit());
    } catch (SageMakerStore.AlreadyExists e) {
      throw kind.conflictType().equals("ResourceInUse")
          ? new AwsError(400, "ResourceInUse", humanNoun(kind) + " names must be unique within an AWS account and region,"
              + " and a " + humanNoun(kind).toLowerCase(Locale.ROOT) + " with this name already exists (" + e.arn() + ")")
          : validation("Cannot create already existing " + humanNoun(kind).toLowerCase(Locale.ROOT) + " \"" + e.arn()
              + "\".");
    } catch (SageMakerStore.LimitExceeded e) {
      throw new AwsError(400, "ResourceLimitExceeded", e.getMessage());
    }
    ObjectNode out = JSON.createObjectNode();
    out.put(kind.arnField(), arn);
    return out;
  }

  private ObjectNode describe(SageMakerKind kind, SageMakerResource r) {
    ObjectNode d = view(kind, r, true);
    if (kind.type().equals("workteam")) {
      ObjectNode wrap = JSON.createObjectNode();
      wrap.set("Workteam", d);
      return wrap;
    }
    return d;
  }

  /** The resource as Describe (full) or List (summary) shows it. */
  private ObjectNode view(SageMakerKind kind, SageMakerResource r, boolean full) {
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
    List<ObjectNode> items = new ArrayList<>();
    for (SageMakerResource r : store.list(c.account(), c.region(), Set.of(kind.type()))) {
      if (nameContains != null && !r.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (statusEquals != null && kind.statusField() != null && !status(kind, r).status().equals(statusEquals)) {
        continue;
      }
      items.add(view(kind, r, false));
    }
    if ("Ascending".equals(c.req().path("SortOrder").asText())) {
      Collections.reverse(items);
    }
    return page(items, kind.listKey(), c.req());
  }

  private ObjectNode delete(SageMakerKind kind, SageMakerResource r) {
    SageMakerKind.Transition t = kind.lifecycle().explicit().get("Delete");
    if (t != null) {
      String now = status(kind, r).status();
      if (!t.from().contains(now)) {
        throw validation(notInMessage(kind, r, now, t, "Deleting"));
      }
    }
    store.delete(r.accountId(), r.arn());
    ObjectNode out = JSON.createObjectNode();
    if (kind.type().equals("workteam")) {
      out.put("Success", true);
    }
    return out;
  }

  private ObjectNode update(SageMakerKind kind, SageMakerResource r, Call c) {
    SageMakerKind.Transition t = kind.lifecycle().explicit().get("Update");
    String now = status(kind, r).status();
    if (t != null && !t.from().contains(now)) {
      throw validation(notInMessage(kind, r, now, t, "Updating"));
    }
    ObjectNode body = (ObjectNode) readTree(r.body());
    Iterator<Map.Entry<String, JsonNode>> it = c.req().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals(kind.nameField()) && !e.getKey().equals(kind.arnField())) {
        body.set(e.getKey(), e.getValue());
      }
    }
    if (!store.update(r.accountId(), r.arn(), r.status(), t == null ? r.status() : t.to(), body.toString(),
        clock.instant())) {
      throw validation("The " + humanNoun(kind).toLowerCase(Locale.ROOT) + " changed meanwhile; retry.");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put(kind.arnField(), r.arn());
    if (kind.type().equals("workteam")) {
      out.set("Workteam", describe(kind, store.byArn(r.accountId(), r.arn()).orElseThrow()).get("Workteam"));
    }
    return out;
  }

  /** Stop or Start. */
  private ObjectNode transition(SageMakerKind kind, SageMakerResource r, String verb) {
    SageMakerKind.Transition t = kind.lifecycle().explicit().get(verb);
    String now = status(kind, r).status();
    if (!t.from().contains(now)) {
      throw validation(kind.type().equals("notebook-instance")
          ? notInMessage(kind, r, now, t, t.to())
          : "The request was rejected because the " + humanNoun(kind).toLowerCase(Locale.ROOT) + " is in status "
              + now + ".");
    }
    store.update(r.accountId(), r.arn(), r.status(), t.to(), null, clock.instant());
    return JSON.createObjectNode();
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
    while (auto.containsKey(s) && !now.isBefore(t.plus(settle))) {
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
      throw validation("1 validation error detected: Value '" + resource + "' at 'resource' failed to satisfy"
          + " constraint: Member must satisfy enum value set: [TrainingJob, HyperParameterTuningJob, ProcessingJob,"
          + " TransformJob, Model, Endpoint, ModelPackage]");
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
    out.put("AuthorizedUrl", "https://" + nb.name().toLowerCase(Locale.ROOT) + ".notebook." + nb.region()
        + ".sagemaker.aws?authToken=" + UUID.randomUUID());
    return out;
  }

  // ---------------------------------------------------------------- authorization

  /**
   * Authorizes {@code action} on {@code resource}; with file-system data sources, once per source
   * (each with its four keys), all must be allowed. Then every role the request passes needs
   * {@code iam:PassRole}: each operation authorizes its action here exactly once, so no operation
   * (Create, Update or any other with a role member) passes a role unchecked.
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
    for (SageMakerKind k : SageMakerKind.ALL) {
      if (k.type().equals(type)) {
        return k;
      }
    }
    throw new IllegalArgumentException(type);
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
    String n = name.toLowerCase(Locale.ROOT);
    if (kind.type().equals("workteam")) {
      n = "private-crowd/" + n;
    }
    return Arn.of("aws", "sagemaker", c.region(), c.account(), kind.type() + "/" + n).toString();
  }

  private AwsError notFound(SageMakerKind kind, String arn) {
    if (kind.notFoundType().equals("ResourceNotFound")) {
      return new AwsError(400, "ResourceNotFound", "Requested resource not found.");
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
      JsonNode n = JSON.readTree(body);
      if (n != null && n.isArray()) {
        throw ApiModel.serialization("Start of list found where not expected");
      }
      if (n == null || !n.isObject()) {
        throw new AwsError(400, "SerializationException", "Start of structure or map found where not expected.");
      }
      return (ObjectNode) n;
    } catch (java.io.IOException e) {
      throw new AwsError(400, "SerializationException", "The request body is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
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
