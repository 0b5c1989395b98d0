package dev.iamlocal.server.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.ServiceRoles;
import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.store.IamStore;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * SageMaker's synchronous check of the execution roles a request passes: after {@code iam:PassRole}
 * allowed passing them, SageMaker refuses the call with a {@code ValidationException} unless each
 * role it will assume itself exists and trusts {@code sagemaker.amazonaws.com} with
 * {@code sts:AssumeRole} (decided by the engine on the role's trust policy, so conditions, Deny
 * statements and {@code NotPrincipal} count as IAM counts them). docs/sagemaker.md, "Execution
 * roles", lists the sources of the messages and what stays unconfirmed.
 */
final class ExecutionRoles {

  /** The service principal SageMaker assumes execution roles as. */
  static final Principal SAGEMAKER = Principal.parse(SageMakerApi.PASSED_TO);

  /**
   * Members of the role shape whose role another service assumes, not SageMaker (their own
   * documentation names the principal the role must trust): SageMaker does not assume them, so
   * their trust is not SageMaker's to check. {@code Shape.Member}.
   */
  static final Set<String> ASSUMED_BY_OTHERS = Set.of(
      // "a trust relationship that establishes bedrock.amazonaws.com as a service principal"
      "GenerativeAiSettings.AmazonBedrockRoleArn",
      // "forecast.amazonaws.com added in the trust relationship as a service principal"
      "TimeSeriesForecastingSettings.AmazonForecastRoleArn",
      // a role of the model registry's account, assumed by the Canvas user's execution role
      "ModelRegisterSettings.CrossAccountModelRegisterRoleArn",
      // the role of the Redshift cluster that unloads the data set
      "RedshiftDatasetDefinition.ClusterRoleArn",
      // "The IAM role that CloudFormation assumes when creating the stack"
      "CfnCreateTemplateProvider.RoleARN",
      // EMR Serverless job runtime roles and the EMR roles Studio's execution role assumes
      "EmrServerlessComputeConfig.ExecutionRoleARN", "EmrServerlessSettings.ExecutionRoleArn",
      "EmrSettings.AssumableRoleArns", "EmrSettings.ExecutionRoleArns");

  /**
   * Operations whose answer for a role SageMaker cannot assume is known from real AWS answers
   * (docs/sagemaker.md); the others answer the CreateTrainingJob form, iamlocal's best knowledge.
   */
  private static final Set<String> COULD_NOT_ASSUME_CONFIRMED = Set.of("CreateTrainingJob", "CreateTransformJob");

  private final ServiceRoles roles;
  private final ApiModel model;

  ExecutionRoles(IamStore iam, AuthorizationPipeline pipeline, ApiModel model) {
    this.roles = new ServiceRoles(iam, pipeline);
    this.model = model;
  }

  /**
   * Refuses the call unless SageMaker can assume every role of {@code passed} that it assumes
   * itself, in the order the request names them.
   *
   * @param req the request body as the model read it
   * @param passed every role the request passes (the model's role shape, wherever nested)
   * @param account the account of the resource, which SageMaker sets as {@code aws:SourceAccount}
   * @param sourceArn the resource's ARN, which SageMaker sets as {@code aws:SourceArn} (none when
   *     the call names no single resource)
   */
  void check(String operation, JsonNode req, Set<String> passed, Caller caller, String account, String region,
      String sourceArn) {
    if (passed.isEmpty()) {
      return;
    }
    Set<String> assumed = new LinkedHashSet<>();
    String input = model.operationInput(operation);
    if (input != null) {
      collect(req, input, assumed, 0);
    }
    if (assumed.isEmpty()) {
      return;
    }
    RequestContext.Builder b = RequestContext.builder().put("aws:SourceAccount", account);
    if (sourceArn != null && sourceArn.startsWith("arn:")) {
      b.put("aws:SourceArn", sourceArn);
    }
    RequestContext given = b.build();
    for (String role : assumed) {
      ServiceRoles.Assumption a = roles.assume(caller.storeVersion(), SAGEMAKER, role, account, given, region);
      if (!a.allowed()) {
        throw refusal(operation, role, a);
      }
    }
  }

  /** The values of the role-shape members SageMaker assumes, walking the request by its shapes. */
  private void collect(JsonNode v, String shapeName, Set<String> out, int depth) {
    JsonNode shape = model.shape(shapeName);
    if (shape == null || v == null || depth > 64) {
      return;
    }
    switch (shape.path("type").asText()) {
      case "structure" -> {
        if (!v.isObject()) {
          return;
        }
        JsonNode members = shape.path("members");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode m = members.get(e.getKey());
          if (m == null) {
            continue;
          }
          String memberShape = m.path("shape").asText();
          if (ASSUMED_BY_OTHERS.contains(shapeName + "." + e.getKey())) {
            continue;
          }
          if (memberShape.equals(SageMakerApi.ROLE_SHAPE)) {
            if (e.getValue().isTextual()) {
              out.add(e.getValue().asText());
            }
          } else {
            collect(e.getValue(), memberShape, out, depth + 1);
          }
        }
      }
      case "list" -> {
        if (!v.isArray()) {
          return;
        }
        String member = shape.path("member").path("shape").asText();
        for (JsonNode x : v) {
          if (member.equals(SageMakerApi.ROLE_SHAPE)) {
            if (x.isTextual()) {
              out.add(x.asText());
            }
          } else {
            collect(x, member, out, depth + 1);
          }
        }
      }
      case "map" -> {
        if (!v.isObject()) {
          return;
        }
        String value = shape.path("value").path("shape").asText();
        v.fields().forEachRemaining(e -> collect(e.getValue(), value, out, depth + 1));
      }
      default -> { }
    }
  }

  /**
   * SageMaker's answer for a role it cannot assume: a ValidationException (400) whose text is the
   * operation's as real AWS answers it, with iamlocal's reason in {@code x-iamlocal-detail}.
   */
  static AwsError refusal(String operation, String role, ServiceRoles.Assumption a) {
    String why = switch (a.outcome()) {
      case NO_SUCH_ROLE -> "no role " + role + " exists in its account (iamlocal looks roles up by the ARN's account,"
          + " path and name, as STS does; SageMaker assumes no role of another account)";
      case NOT_TRUSTED -> "the trust policy of " + role + " does not allow " + SAGEMAKER.arn() + " to perform"
          + " sts:AssumeRole: " + a.evaluation().decision().reason() + contextNote(a.evaluation());
      case ASSUMABLE -> throw new IllegalArgumentException("not a refusal");
    };
    String message;
    String source;
    switch (operation) {
      case "CreateModel" -> {
        message = "The execution role ARN \"" + role + "\" is invalid. Please ensure that the role exists and that its"
            + " trust relationship policy allows the action \"sts:AssumeRole\" for the service principal"
            + " \"sagemaker.amazonaws.com\".";
        source = "AWS's CreateModel answer, as quoted by public sources";
      }
      case "CreateFeatureGroup" -> {
        message = "The execution role ARN is invalid. Please ensure that the role exists and that its trust"
            + " relationship policy allows the action \"sts:AssumeRole\" for the service principal"
            + " \"sagemaker.amazonaws.com\".";
        source = "AWS's CreateFeatureGroup answer begins \"The execution role ARN is invalid.\"; the rest of the"
            + " text is unconfirmed (CreateModel's wording)";
      }
      default -> {
        message = "Could not assume role " + role + ". Please ensure that the role exists and allows principal"
            + " 'sagemaker.amazonaws.com' to assume the role.";
        source = COULD_NOT_ASSUME_CONFIRMED.contains(operation) ? "AWS's " + operation + " answer"
            : "the text is AWS's CreateTrainingJob/CreateTransformJob answer; unconfirmed for " + operation;
      }
    }
    return new AwsError(400, "ValidationException", message).withDetail(
        "SageMaker could not assume the execution role: " + why + " (message: " + source + ")");
  }

  /** The keys SageMaker set, for a refusal that a condition on them may have caused. */
  private static String contextNote(AuthorizationPipeline.Evaluation e) {
    String account = e.context().singleValue("aws:sourceaccount");
    String arn = e.context().singleValue("aws:sourcearn");
    return "; SageMaker set aws:SourceAccount=" + account + (arn == null ? " and no aws:SourceArn"
        : ", aws:SourceArn=" + arn);
  }
}
