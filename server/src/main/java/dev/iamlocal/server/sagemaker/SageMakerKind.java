package dev.iamlocal.server.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ActionResourceType;
import dev.iamlocal.catalog.ResourceTypeDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import dev.iamlocal.server.protocol.ApiModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One SageMaker resource family, one row of the table {@link #ALL}: everything the generic engine of
 * {@link SageMakerApi} needs to serve the family's Create/Describe/List/Update/Delete/Stop/Start
 * operations and to authorize them. Most of a row is derived from AWS's API model and the service
 * reference (the catalog): the operations the model has, the identifying members (the Describe
 * input's required members), the ARN format (the catalog's resource type), the ARN, status and list
 * members (the output shapes), the error codes (the operations' modeled errors) and the lifecycle
 * (the status enum). A row states only what cannot be derived.
 *
 * @param type the catalog's resource type (ARN {@code arn:aws:sagemaker:R:A:<arn prefix>/…})
 * @param noun the operation suffix, e.g. {@code UserProfile} (CreateUserProfile…)
 * @param keys the members that identify a resource in its Describe/Delete/Update requests, in ARN
 *     order; {@code A|B} means "whichever is given" (an app's user profile or space); a single
 *     {@code …Arn} member means the family is identified by ARN
 * @param idMember the member that carries a server-generated id (DomainId, ClusterSchedulerConfigId…)
 *     or null; {@code idPrefix} is prepended to the random part
 * @param arnMembers the Create request's members that fill the catalog ARN format's placeholders in
 *     order ({@code #id}: the generated id)
 * @param arnField the Create/Describe output member carrying the ARN
 * @param statusField the Describe/List status member, or null
 * @param listOp the List operation or null; {@code listKey} its output's array member
 * @param verbs the operations of the family besides List: verb -> operation name
 * @param lifecycle statuses on the server's clock
 * @param notFoundType ResourceNotFound or ValidationException, as the service answers a missing resource
 * @param notFoundMessage the message of that answer ({@code %1$s}: the name as given, {@code %2$s}: the
 *     ARN), or null for the family default
 * @param conflictType ResourceInUse, ConflictException or ValidationException for a taken name
 * @param limit resources of this type per account and region (ResourceLimitExceeded beyond)
 * @param searchName the Search {@code Resource} value, or null
 * @param parent the parent family's type and the Create members naming it, or null
 * @param blockers child types whose live resources make Delete fail with ResourceInUse
 * @param legacy true for the 15 families of the seed document, whose answers keep their earlier forms
 */
record SageMakerKind(String type, String noun, List<String> keys, String idMember, String idPrefix,
    List<String> arnMembers, String arnPrefix, String arnField, String statusField, String listOp, String listKey,
    Map<String, String> verbs, Lifecycle lifecycle, String notFoundType, String notFoundMessage, String conflictType,
    int limit, String searchName, Parent parent, List<String> blockers, boolean legacy) {

  /** The legacy name member (noun + Name), as the seed families' requests carry it. */
  String nameField() {
    return noun + "Name";
  }

  /** True when requests name the resource by its ARN (a single {@code …Arn} key). */
  boolean arnKeyed() {
    return keys.size() == 1 && keys.get(0).endsWith("Arn");
  }

  /** The parent family of a child resource: its type and the Create members that name it, in its key order. */
  record Parent(String type, List<String> members) {}

  /**
   * Simulated statuses: the status right after Create, the automatic steps (each taken one settle
   * interval after the previous status was set; {@link #GONE} removes the resource), and the
   * explicit transitions of Stop, Start, Update and Delete: verb -> (allowed from-statuses, new
   * status; null for Delete means "remove now").
   */
  record Lifecycle(String initial, Map<String, String> auto, Map<String, Transition> explicit) {}

  /** An explicit transition: allowed only from {@code from} (empty: from any status). */
  record Transition(Set<String> from, String to) {}

  /** The automatic step after which a Deleting resource no longer exists (never a status of the model's). */
  static final String GONE = "#gone";

  private static final List<String> INITIAL = List.of("Pending", "Creating", "Starting", "InProgress", "Executing",
      "Importing", "CreateInProgress");
  private static final List<String> STEADY = List.of("InService", "Created", "Completed", "Active", "Scheduled",
      "Available", "Succeeded", "CreateCompleted");
  /** Steady statuses a job reaches by finishing: nothing runs any more, so Stop refuses them. */
  private static final Set<String> FINISHED = Set.of("completed", "succeeded");

  static final Lifecycle NONE = new Lifecycle(null, Map.of(), Map.of());

  static final Lifecycle JOB = new Lifecycle("InProgress", Map.of("InProgress", "Completed", "Stopping", "Stopped"),
      Map.of("Stop", new Transition(Set.of("InProgress"), "Stopping")));

  static final Lifecycle NOTEBOOK = new Lifecycle("Pending",
      Map.of("Pending", "InService", "Stopping", "Stopped", "Updating", "Stopped"),
      Map.of("Stop", new Transition(Set.of("InService"), "Stopping"),
          "Start", new Transition(Set.of("Stopped", "Failed"), "Pending"),
          "Update", new Transition(Set.of("Stopped", "Failed"), "Updating"),
          "Delete", new Transition(Set.of("Stopped", "Failed"), null)));

  static final Lifecycle ENDPOINT = new Lifecycle("Creating", Map.of("Creating", "InService", "Updating", "InService"),
      Map.of("Update", new Transition(Set.of("InService", "Failed"), "Updating")));

  static final Lifecycle FLOW = new Lifecycle("Initializing", Map.of("Initializing", "Active"), Map.of());

  static final Lifecycle PACKAGE = new Lifecycle("Pending", Map.of("Pending", "InProgress", "InProgress", "Completed"),
      Map.of());

  private static final String RNF = "ResourceNotFound";
  private static final String VAL = "ValidationException";
  private static final String RIU = "ResourceInUse";

  /**
   * Operations of a family under another name than verb + noun: operation -> (noun, verb). These
   * are the model's own irregular names, not extra behaviour.
   */
  static final Map<String, String[]> ALIASES = Map.ofEntries(
      Map.entry("CreateAutoMLJobV2", new String[] {"AutoMLJob", "Create"}),
      Map.entry("DescribeAutoMLJobV2", new String[] {"AutoMLJob", "Describe"}),
      Map.entry("StartPipelineExecution", new String[] {"PipelineExecution", "Create"}),
      Map.entry("RetryPipelineExecution", new String[] {"PipelineExecution", "Start"}),
      Map.entry("ImportHubContent", new String[] {"HubContent", "Create"}),
      Map.entry("UpdateEndpointWeightsAndCapacities", new String[] {"Endpoint", "Update"}),
      Map.entry("UpdateInferenceComponentRuntimeConfig", new String[] {"InferenceComponent", "Update"}),
      Map.entry("UpdateClusterSoftware", new String[] {"Cluster", "Update"}));

  // ---------------------------------------------------------------- the table

  /** Every family. A row names what the model and the catalog cannot say; {@link Row#build} derives the rest. */
  static final List<SageMakerKind> ALL = List.of(
      // the 15 families of the seed document, unchanged in their answers
      legacy("notebook-instance", "NotebookInstance", NOTEBOOK, VAL, VAL, 100, null),
      legacy("training-job", "TrainingJob", JOB, RNF, RIU, 1000, "TrainingJob"),
      legacy("hyper-parameter-tuning-job", "HyperParameterTuningJob", JOB, RNF, RIU, 1000, "HyperParameterTuningJob"),
      legacy("processing-job", "ProcessingJob", JOB, RNF, RIU, 1000, "ProcessingJob"),
      legacy("transform-job", "TransformJob", JOB, RNF, RIU, 1000, "TransformJob"),
      legacy("model", "Model", NONE, VAL, VAL, 1000, "Model"),
      legacy("endpoint-config", "EndpointConfig", NONE, VAL, VAL, 1000, null),
      legacy("endpoint", "Endpoint", ENDPOINT, VAL, VAL, 1000, "Endpoint"),
      legacy("labeling-job", "LabelingJob", JOB, RNF, RIU, 1000, null),
      legacy("flow-definition", "FlowDefinition", FLOW, RNF, RIU, 1000, null),
      legacy("workteam", "Workteam", NONE, VAL, RIU, 25, null),
      legacy("algorithm", "Algorithm", PACKAGE, VAL, VAL, 1000, null),
      legacy("model-package", "ModelPackage", PACKAGE, VAL, VAL, 1000, "ModelPackage"),
      legacy("code-repository", "CodeRepository", NONE, VAL, VAL, 1000, null),
      legacy("notebook-instance-lifecycle-config", "NotebookInstanceLifecycleConfig", NONE, VAL, VAL, 1000, null),
      // Studio
      row("domain", "Domain").id("DomainId", "d-").limit(10).blockers("user-profile", "space").build(),
      row("user-profile", "UserProfile").parent("domain", "DomainId").blockers("app").build(),
      row("space", "Space").parent("domain", "DomainId").blockers("app")
          .notFound(VAL, "RecordNotFound").build(),
      row("app", "App").keys("DomainId", "UserProfileName|SpaceName", "AppType", "AppName")
          .parent("user-profile|space", "DomainId", "UserProfileName|SpaceName").notFound(VAL, "RecordNotFound").build(),
      row("app-image-config", "AppImageConfig").build(),
      row("image", "Image").blockers().build(),
      row("image-version", "ImageVersion").keys("ImageName", "Version").arn("ImageName", "#id")
          .parent("image", "ImageName").build(),
      row("studio-lifecycle-config", "StudioLifecycleConfig").build(),
      // pipelines
      row("pipeline", "Pipeline").search("Pipeline").build(),
      row("pipeline-execution", "PipelineExecution").arn("PipelineName", "#id").id(null, "")
          .parent("pipeline", "PipelineName").search("PipelineExecution").build(),
      // model registry
      row("model-package-group", "ModelPackageGroup").search("ModelPackageGroup")
          .notFound(VAL, "ModelPackageGroup %1$s does not exist.").build(),
      // experiments
      row("experiment", "Experiment").search("Experiment").build(),
      row("experiment-trial", "Trial").parent("experiment", "ExperimentName").search("ExperimentTrial").build(),
      row("experiment-trial-component", "TrialComponent").search("ExperimentTrialComponent").build(),
      row("action", "Action").build(),
      row("artifact", "Artifact").arn("#id").id(null, "").build(),
      row("context", "Context").build(),
      // feature store, inference, hubs, MLflow, model cards, monitoring
      row("feature-group", "FeatureGroup").search("FeatureGroup").build(),
      row("inference-component", "InferenceComponent").parent("endpoint", "EndpointName").build(),
      row("inference-experiment", "InferenceExperiment").build(),
      row("inference-recommendations-job", "InferenceRecommendationsJob").build(),
      row("hub", "Hub").blockers("hub-content").build(),
      row("hub-content", "HubContent").parent("hub", "HubName").build(),
      row("mlflow-tracking-server", "MlflowTrackingServer").build(),
      row("mlflow-app", "MlflowApp").arn("#id").id(null, "app-").build(),
      row("model-card", "ModelCard").search("ModelCard").build(),
      row("model-card-export-job", "ModelCardExportJob").arn("ModelCardName", "ModelCardExportJobName")
          .parent("model-card", "ModelCardName").build(),
      row("monitoring-schedule", "MonitoringSchedule").build(),
      row("data-quality-job-definition", "DataQualityJobDefinition").build(),
      row("model-bias-job-definition", "ModelBiasJobDefinition").build(),
      row("model-explainability-job-definition", "ModelExplainabilityJobDefinition").build(),
      row("model-quality-job-definition", "ModelQualityJobDefinition").build(),
      // compilation and edge
      row("compilation-job", "CompilationJob").build(),
      row("edge-packaging-job", "EdgePackagingJob").build(),
      row("device-fleet", "DeviceFleet").notFound(VAL, "No devicefleet with name %1$s").build(),
      row("edge-deployment-plan", "EdgeDeploymentPlan").build(),
      // AutoML, optimization, HyperPod, training plans, projects, workforces, partner apps, AI jobs
      row("automl-job", "AutoMLJob").build(),
      row("optimization-job", "OptimizationJob").build(),
      row("cluster", "Cluster").arn("#id").id(null, "").build(),
      row("cluster-scheduler-config", "ClusterSchedulerConfig").id("ClusterSchedulerConfigId", "").build(),
      row("compute-quota", "ComputeQuota").id("ComputeQuotaId", "").build(),
      row("training-plan", "TrainingPlan").build(),
      row("project", "Project").id("ProjectId", "p-").arn("ProjectName")
          .notFound(VAL, "Project %1$s does not exist.").build(),
      row("workforce", "Workforce").limit(1).notFound(VAL, "No workforce found with name %1$s.").build(),
      row("human-task-ui", "HumanTaskUi").build(),
      row("partner-app", "PartnerApp").arn("#id").id(null, "app-").build(),
      row("ai-benchmark-job", "AIBenchmarkJob").build(),
      row("ai-recommendation-job", "AIRecommendationJob").build(),
      row("ai-workload-config", "AIWorkloadConfig").build());

  /** An operation of a family: {@code verb} is Create, Describe, List, Stop, Start, Update or Delete. */
  record Op(SageMakerKind kind, String verb) {}

  /** Operation name -> (family, verb), for every operation the engine answers. */
  static final Map<String, Op> OPERATIONS = operations();

  private static Map<String, Op> operations() {
    Map<String, Op> m = new HashMap<>();
    for (SageMakerKind k : ALL) {
      k.verbs().forEach((verb, op) -> m.put(op, new Op(k, verb)));
      if (k.listOp() != null) {
        m.put(k.listOp(), new Op(k, "List"));
      }
    }
    ALIASES.forEach((op, nv) -> {
      if (ApiModel.sageMaker().hasOperation(op)) {
        m.put(op, new Op(byNoun(nv[0]), nv[1]));
      }
    });
    return Map.copyOf(m);
  }

  static SageMakerKind byType(String type) {
    for (SageMakerKind k : ALL) {
      if (k.type().equals(type)) {
        return k;
      }
    }
    throw new IllegalArgumentException(type);
  }

  static SageMakerKind byNoun(String noun) {
    for (SageMakerKind k : ALL) {
      if (k.noun().equals(noun)) {
        return k;
      }
    }
    throw new IllegalArgumentException(noun);
  }

  // ---------------------------------------------------------------- derivation

  private static SageMakerKind legacy(String type, String noun, Lifecycle lifecycle, String notFound, String conflict,
      int limit, String searchName) {
    Row r = row(type, noun);
    r.lifecycle = lifecycle;
    r.notFoundType = notFound;
    r.conflictType = conflict;
    r.limit = limit;
    r.searchName = searchName;
    r.legacy = true;
    if (noun.equals("ModelPackage")) {
      r.keys = List.of("ModelPackageName");
    }
    return r.build();
  }

  private static Row row(String type, String noun) {
    return new Row(type, noun);
  }

  /** A row being written: what it states; {@link #build} derives the rest from the model and the catalog. */
  private static final class Row {
    final String type;
    final String noun;
    List<String> keys;
    String idMember;
    String idPrefix;
    List<String> arnMembers;
    Lifecycle lifecycle;
    String notFoundType;
    String notFoundMessage;
    String conflictType;
    int limit = 1000;
    String searchName;
    Parent parent;
    List<String> blockers = List.of();
    boolean legacy;

    Row(String type, String noun) {
      this.type = type;
      this.noun = noun;
    }

    Row keys(String... k) {
      keys = List.of(k);
      return this;
    }

    Row id(String member, String prefix) {
      idMember = member;
      idPrefix = prefix;
      return this;
    }

    Row arn(String... members) {
      arnMembers = List.of(members);
      return this;
    }

    Row parent(String parentType, String... members) {
      parent = new Parent(parentType, List.of(members));
      return this;
    }

    Row blockers(String... types) {
      blockers = List.of(types);
      return this;
    }

    Row notFound(String code, String message) {
      notFoundType = code;
      notFoundMessage = message;
      return this;
    }

    Row limit(int n) {
      limit = n;
      return this;
    }

    Row search(String name) {
      searchName = name;
      return this;
    }

    SageMakerKind build() {
      ApiModel model = ApiModel.sageMaker();
      String describe = "Describe" + noun;
      if (keys == null) {
        List<String> k = new ArrayList<>();
        for (JsonNode r : inputShape(model, describe).path("required")) {
          String m = r.asText();
          if (!m.equals("NextToken") && !m.equals("MaxResults") && !m.endsWith("Version")) {
            k.add(m);
          }
        }
        keys = k;
      }
      Map<String, String> verbs = new LinkedHashMap<>();
      for (String v : List.of("Create", "Describe", "Update", "Delete", "Stop", "Start")) {
        if (model.hasOperation(v + noun)) {
          verbs.put(v, v + noun);
        }
      }
      String listOp = null;
      for (String plural : List.of(noun + "s", noun + "es", noun.replaceAll("y$", "ies"))) {
        if (model.hasOperation("List" + plural)) {
          listOp = "List" + plural;
          break;
        }
      }
      if (noun.equals("Workteam") || noun.equals("Model")) {
        listOp = "List" + noun + "s";
      }
      String listKey = null;
      if (listOp != null) {
        Iterator<Map.Entry<String, JsonNode>> it = outputShape(model, listOp).path("members").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (model.shape(e.getValue().path("shape").asText()).path("type").asText().equals("list")) {
            listKey = e.getKey();
            break;
          }
        }
      }
      JsonNode out = outputShape(model, describe).path("members");
      if (noun.equals("Workteam") || noun.equals("Workforce")) {
        out = model.shape(out.path(noun).path("shape").asText()).path("members");
      }
      JsonNode createOut = outputShape(model, verbs.getOrDefault("Create", ALIASES.entrySet().stream()
          .filter(e -> e.getValue()[0].equals(noun) && e.getValue()[1].equals("Create")).map(Map.Entry::getKey)
          .findFirst().orElse(""))).path("members");
      String arnField = out.has(noun + "Arn") ? noun + "Arn" : null;
      if (arnField == null) {
        for (String n : iterable(createOut.fieldNames())) {
          if (n.endsWith("Arn")) {
            arnField = n;
            break;
          }
        }
      }
      if (arnField == null) {
        arnField = out.has("Arn") ? "Arn" : noun + "Arn";
      }
      String statusField = null;
      if (lifecycle == null || !legacy) {
        for (String candidate : List.of(noun + "Status", "Status", "TrackingServerStatus")) {
          JsonNode m = out.get(candidate);
          if (m != null && model.shape(m.path("shape").asText()).has("enum")) {
            statusField = candidate;
            break;
          }
        }
      }
      if (legacy) {
        statusField = switch (noun) {
          case "Model", "EndpointConfig", "Workteam", "CodeRepository", "NotebookInstanceLifecycleConfig" -> null;
          default -> noun + "Status";
        };
      }
      if (lifecycle == null) {
        lifecycle = statusField == null ? NONE : derive(model.shape(out.path(statusField).path("shape").asText())
            .path("enum"));
      }
      if (notFoundType == null) {
        notFoundType = errors(model, describe).contains(RNF) ? RNF : VAL;
      }
      if (conflictType == null) {
        Set<String> e = errors(model, verbs.getOrDefault("Create", ""));
        conflictType = e.contains(RIU) ? RIU : e.contains("ConflictException") ? "ConflictException" : VAL;
      }
      ResourceTypeDefinition rt = resourceType(type);
      String format = rt.arnFormat().split(", ")[0];
      String path = format.substring(format.indexOf("${Account}:") + "${Account}:".length());
      String prefix = path.substring(0, path.indexOf("${"));
      if (type.equals("workteam")) {
        prefix = "workteam/private-crowd/";
      }
      if (arnMembers == null) {
        arnMembers = new ArrayList<>();
        for (String k : keys) {
          arnMembers.add(k.equals(idMember) ? "#id" : k);
        }
      }
      return new SageMakerKind(type, noun, List.copyOf(keys), idMember, idPrefix, List.copyOf(arnMembers), prefix,
          arnField, statusField, listOp, listKey, Map.copyOf(verbs), lifecycle, notFoundType, notFoundMessage,
          conflictType, limit, searchName, parent, blockers, legacy);
    }
  }

  private static <T> Iterable<T> iterable(Iterator<T> it) {
    return () -> it;
  }

  private static JsonNode inputShape(ApiModel model, String op) {
    return model.shape(model.operationInput(op));
  }

  private static JsonNode outputShape(ApiModel model, String op) {
    String s = model.operationOutput(op);
    return s == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : model.shape(s);
  }

  private static Set<String> errors(ApiModel model, String op) {
    return new LinkedHashSet<>(model.operationErrors(op));
  }

  private static ResourceTypeDefinition resourceType(String type) {
    ServiceDefinition sm = ServiceCatalog.bundled().service("sagemaker").orElseThrow();
    return sm.resourceType(type).orElseThrow(() -> new IllegalStateException("no resource type " + type));
  }

  /** The resource type the catalog names for {@code action} first (required rows first), or null. */
  static String catalogType(String action) {
    ActionDefinition def = ServiceCatalog.bundled().action("sagemaker:" + action).orElse(null);
    if (def == null) {
      return null;
    }
    for (ActionResourceType r : def.resourceTypes()) {
      if (r.required()) {
        return r.name();
      }
    }
    return def.resourceTypes().isEmpty() ? null : def.resourceTypes().get(0).name();
  }

  /**
   * The lifecycle a status enum implies: the first "starting" status it has goes on its own to the
   * first "running" one; X-ing goes to X-ed where the enum has it (Updating -> Updated, Stopping ->
   * Stopped); Deleting removes the resource (or ends in Deleted where the enum keeps deleted ones,
   * as apps). Stop, Start, Update and Delete move to their -ing status where the enum has one.
   */
  static Lifecycle derive(JsonNode values) {
    List<String> e = new ArrayList<>();
    values.forEach(v -> e.add(v.asText()));
    String initial = first(e, INITIAL);
    String steady = first(e, STEADY);
    if (steady == null) {
      steady = initial;
    }
    if (initial == null) {
      initial = steady;
    }
    Map<String, String> auto = new HashMap<>();
    Map<String, Transition> explicit = new HashMap<>();
    if (initial != null && !initial.equals(steady)) {
      auto.put(initial, steady);
    }
    String updating = find(e, "Updating") != null ? find(e, "Updating") : find(e, "UpdateInProgress");
    if (updating != null) {
      String done = find(e, "Updated") != null ? find(e, "Updated") : find(e, "UpdateCompleted");
      auto.put(updating, done != null ? done : steady);
      explicit.put("Update", new Transition(Set.of(), updating));
    }
    String stopping = find(e, "Stopping");
    String stopped = find(e, "Stopped");
    if (stopped != null) {
      if (stopping != null) {
        auto.put(stopping, stopped);
      }
      Set<String> running = new TreeSet<>();
      for (String s : List.of(initial == null ? "" : initial, steady == null ? "" : steady, "Started", "Updated",
          "Running", "InService", "Scheduled", "InProgress")) {
        String f = find(e, s);
        if (f != null && !FINISHED.contains(canonical(f))) {
          running.add(f);
        }
      }
      explicit.put("Stop", new Transition(running, stopping != null ? stopping : stopped));
      String starting = find(e, "Starting");
      if (starting != null && !starting.equals(initial)) {
        String started = find(e, "Started");
        auto.put(starting, started != null ? started : steady);
      }
      Set<String> from = new TreeSet<>();
      for (String s : List.of("Stopped", "Failed", "StopFailed")) {
        String f = find(e, s);
        if (f != null) {
          from.add(f);
        }
      }
      explicit.put("Start", new Transition(from, starting != null ? starting : initial));
    }
    String deleting = find(e, "Deleting") != null ? find(e, "Deleting") : find(e, "DeleteInProgress");
    if (deleting != null) {
      String deleted = find(e, "Deleted");
      auto.put(deleting, deleted != null ? deleted : GONE);
      explicit.put("Delete", new Transition(Set.of(), deleting));
    }
    return new Lifecycle(initial, Map.copyOf(auto), Map.copyOf(explicit));
  }

  private static String first(List<String> values, List<String> candidates) {
    for (String c : candidates) {
      String f = find(values, c);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** The enum's own spelling of {@code name} (InProgress, INPROGRESS, IN_PROGRESS are one status). */
  private static String find(List<String> values, String name) {
    for (String v : values) {
      if (canonical(v).equals(canonical(name))) {
        return v;
      }
    }
    return null;
  }

  private static String canonical(String s) {
    return s.replace("_", "").toLowerCase(Locale.ROOT);
  }
}
