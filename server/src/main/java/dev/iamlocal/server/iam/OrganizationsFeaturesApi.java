package dev.iamlocal.server.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.AccountSettings.AccessReportJob;
import java.util.Map;

/**
 * IAM's operations that need AWS Organizations, answered as IAM answers an account that belongs to
 * no organization (every iamlocal account is standalone; docs/account.md says which error and why):
 * the centralized root access features are OrganizationNotFoundException; an Organizations access
 * report job is accepted and fails, as its entity path names no organization of this account.
 */
final class OrganizationsFeaturesApi {

  /** The model's description of OrganizationNotFoundException, used as the message. */
  static final String NO_ORGANIZATION = "The request was rejected because no organization is associated with your"
      + " account.";

  private final ApiSupport s;

  OrganizationsFeaturesApi(ApiSupport s) {
    this.s = s;
  }

  void register(Map<String, Operation> i) {
    for (String op : new String[] {"EnableOrganizationsRootCredentialsManagement",
        "DisableOrganizationsRootCredentialsManagement", "EnableOrganizationsRootSessions",
        "DisableOrganizationsRootSessions", "ListOrganizationsFeatures"}) {
      i.put(op, (in, c) -> noOrganization(op, c));
    }
    i.put("GenerateOrganizationsAccessReport", this::generateAccessReport);
    i.put("GetOrganizationsAccessReport", this::getAccessReport);
  }

  /** Authorized first (AccessDenied wins), then the account's lack of an organization. */
  private ObjectNode noOrganization(String op, Ctx c) {
    s.authorize(c, "iam:" + op, "*", Map.of());
    throw new AwsError(400, "OrganizationNotFoundException", NO_ORGANIZATION)
        .withDetail("iamlocal accounts belong to no AWS Organizations organization");
  }

  ObjectNode generateAccessReport(OperationInput p, Ctx c) {
    String path = p.required("EntityPath");
    s.authorize(c, "iam:GenerateOrganizationsAccessReport", "*", Map.of());
    AccessReportJob job = s.store.accountSettings().createAccessReportJob(c.acct(), path);
    return JsonNodes.object().put("JobId", job.jobId());
  }

  /** The job, FAILED at once: its entity path names no organization (NoSuchEntity for an unknown job). */
  ObjectNode getAccessReport(OperationInput p, Ctx c) {
    String jobId = p.required("JobId");
    s.authorize(c, "iam:GetOrganizationsAccessReport", "*", Map.of());
    AccessReportJob job = s.store.accountSettings().accessReportJob(c.acct(), jobId)
        .orElseThrow(() -> new AwsError(404, "NoSuchEntity", "Job " + jobId + " not found."));
    ObjectNode out = JsonNodes.object().put("JobStatus", "FAILED");
    out.set("JobCreationDate", JsonNodes.time(job.created()));
    out.set("JobCompletionDate", JsonNodes.time(job.created()));
    out.putObject("ErrorDetails").put("Message", NO_ORGANIZATION).put("Code", "OrganizationNotFoundException");
    return out;
  }
}
