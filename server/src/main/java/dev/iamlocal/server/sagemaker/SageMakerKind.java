package dev.iamlocal.server.sagemaker;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One SageMaker resource type, described once: everything the generic handler needs to serve its
 * Create/Describe/List/Stop/Start/Update/Delete operations and to authorize them.
 *
 * @param type the IAM catalog's resource type (ARN {@code arn:aws:sagemaker:R:A:<type>/<name>})
 * @param noun the operation suffix, e.g. {@code TrainingJob} (CreateTrainingJob…)
 * @param listOp the List operation, e.g. {@code ListTrainingJobs}
 * @param listKey the List response's array member
 * @param statusField the Describe/List status member, or null for resources without a status
 * @param verbs the operations that exist besides Create and Describe (List, Stop, Start, Update, Delete)
 * @param lifecycle the status after Create and the automatic steps
 * @param notFoundType ResourceNotFound or ValidationException, as the service answers a Describe of nothing
 * @param conflictType ResourceInUse or ValidationException, as the service answers a Create of an existing name
 * @param limit resources of this type per account and region (ResourceLimitExceeded beyond)
 * @param searchName the Search {@code Resource} value, or null when Search does not cover the type
 */
record SageMakerKind(String type, String noun, String listOp, String listKey, String statusField, Set<String> verbs,
    Lifecycle lifecycle, String notFoundType, String conflictType, int limit, String searchName) {

  String nameField() {
    return noun + "Name";
  }

  String arnField() {
    return noun + "Arn";
  }

  /**
   * Simulated statuses: the status right after Create, the automatic steps (each taken one settle
   * interval after the previous status was set), and the explicit transitions of Stop, Start,
   * Update and Delete: verb -> (allowed from-statuses, new status).
   */
  record Lifecycle(String initial, Map<String, String> auto, Map<String, Transition> explicit) {}

  /** An explicit transition: allowed only from {@code from}. {@code to} null for Delete means "remove now". */
  record Transition(Set<String> from, String to) {}

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

  /** Every stored resource type. */
  static final List<SageMakerKind> ALL = List.of(
      new SageMakerKind("notebook-instance", "NotebookInstance", "ListNotebookInstances", "NotebookInstances",
          "NotebookInstanceStatus", Set.of("List", "Stop", "Start", "Update", "Delete"), NOTEBOOK, VAL, VAL, 100, null),
      new SageMakerKind("training-job", "TrainingJob", "ListTrainingJobs", "TrainingJobSummaries", "TrainingJobStatus",
          Set.of("List", "Stop", "Update"), JOB, RNF, RIU, 1000, "TrainingJob"),
      new SageMakerKind("hyper-parameter-tuning-job", "HyperParameterTuningJob", "ListHyperParameterTuningJobs",
          "HyperParameterTuningJobSummaries", "HyperParameterTuningJobStatus", Set.of("List", "Stop"), JOB, RNF, RIU,
          1000, "HyperParameterTuningJob"),
      new SageMakerKind("processing-job", "ProcessingJob", "ListProcessingJobs", "ProcessingJobSummaries",
          "ProcessingJobStatus", Set.of("List", "Stop"), JOB, RNF, RIU, 1000, "ProcessingJob"),
      new SageMakerKind("transform-job", "TransformJob", "ListTransformJobs", "TransformJobSummaries",
          "TransformJobStatus", Set.of("List", "Stop"), JOB, RNF, RIU, 1000, "TransformJob"),
      new SageMakerKind("model", "Model", "ListModels", "Models", null, Set.of("List", "Delete"), NONE, VAL, VAL, 1000,
          "Model"),
      new SageMakerKind("endpoint-config", "EndpointConfig", "ListEndpointConfigs", "EndpointConfigs", null,
          Set.of("List", "Delete"), NONE, VAL, VAL, 1000, null),
      new SageMakerKind("endpoint", "Endpoint", "ListEndpoints", "Endpoints", "EndpointStatus",
          Set.of("List", "Update", "Delete"), ENDPOINT, VAL, VAL, 1000, "Endpoint"),
      new SageMakerKind("labeling-job", "LabelingJob", "ListLabelingJobs", "LabelingJobSummaryList",
          "LabelingJobStatus", Set.of("List", "Stop"), JOB, RNF, RIU, 1000, null),
      new SageMakerKind("flow-definition", "FlowDefinition", "ListFlowDefinitions", "FlowDefinitionSummaries",
          "FlowDefinitionStatus", Set.of("List", "Delete"), FLOW, RNF, RIU, 1000, null),
      new SageMakerKind("workteam", "Workteam", "ListWorkteams", "Workteams", null, Set.of("List", "Update", "Delete"),
          NONE, VAL, RIU, 25, null),
      new SageMakerKind("algorithm", "Algorithm", "ListAlgorithms", "AlgorithmSummaryList", "AlgorithmStatus",
          Set.of("List", "Delete"), PACKAGE, VAL, VAL, 1000, null),
      new SageMakerKind("model-package", "ModelPackage", "ListModelPackages", "ModelPackageSummaryList",
          "ModelPackageStatus", Set.of("List", "Update", "Delete"), PACKAGE, VAL, VAL, 1000, "ModelPackage"),
      new SageMakerKind("code-repository", "CodeRepository", "ListCodeRepositories", "CodeRepositorySummaryList", null,
          Set.of("List", "Update", "Delete"), NONE, VAL, VAL, 1000, null),
      new SageMakerKind("notebook-instance-lifecycle-config", "NotebookInstanceLifecycleConfig",
          "ListNotebookInstanceLifecycleConfigs", "NotebookInstanceLifecycleConfigs", null,
          Set.of("List", "Update", "Delete"), NONE, VAL, VAL, 1000, null));

  /** An operation of a kind: {@code verb} is Create, Describe, List, Stop, Start, Update or Delete. */
  record Op(SageMakerKind kind, String verb) {}

  /** Operation name -> (kind, verb), for every generic operation. */
  static final Map<String, Op> OPERATIONS = operations();

  private static Map<String, Op> operations() {
    java.util.Map<String, Op> m = new java.util.HashMap<>();
    for (SageMakerKind k : ALL) {
      m.put("Create" + k.noun(), new Op(k, "Create"));
      m.put("Describe" + k.noun(), new Op(k, "Describe"));
      for (String v : k.verbs()) {
        m.put(v.equals("List") ? k.listOp() : v + k.noun(), new Op(k, v));
      }
    }
    return Map.copyOf(m);
  }
}
