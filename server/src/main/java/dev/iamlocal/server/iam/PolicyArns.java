package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM's reading of a managed policy's ARN given as {@code PolicyArn} (or as the
 * {@code PermissionsBoundary} of a user or role), after the API model's length check (20–2048, a
 * {@code ValidationError} before anything else) and before the policy is looked up, never
 * NoSuchEntity:
 *
 * <ul>
 *   <li>a value that is no ARN at all (not {@code arn:} and five more colon-separated fields, a
 *       policy's bare name) is {@code ValidationError} "ARN … is not valid." (400): AWS's recorded
 *       AttachRolePolicy of {@code longpolicynamebutnoarn};
 *   <li>an ARN IAM cannot read as a managed policy's (another partition, another service, a
 *       region, an account that is neither twelve digits nor {@code aws}, a resource that is not
 *       {@code policy/}, a path or name IAM's patterns refuse, an empty name) is {@code InvalidInput}
 *       "ARN … is not valid." (400): AWS's recorded PutRolePermissionsBoundary and CreateRole with
 *       {@code arn:aws:iam::<account>:not_a_policy/invalid}, and IAM's answer to
 *       {@code arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess}
 *       (aws-samples/aws-cdk-examples issue 287);
 *   <li>an AWS managed policy ({@code arn:aws:iam::aws:policy/…}) cannot be changed by any
 *       account: deleting it, adding, deleting or choosing its versions, tagging it are
 *       {@code AccessDenied} (403), whatever the caller's own policies say (the root user
 *       included), in IAM's wording for a policy resource of another account (no reason).
 * </ul>
 */
final class PolicyArns {

  private PolicyArns() {}

  /** The operations whose {@code PolicyArn} names the managed policy they read or change. */
  private static final Set<String> TAKES_POLICY_ARN = Set.of("GetPolicy", "DeletePolicy", "GetPolicyVersion",
      "CreatePolicyVersion", "ListPolicyVersions", "DeletePolicyVersion", "SetDefaultPolicyVersion",
      "AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy", "DetachUserPolicy", "DetachGroupPolicy",
      "DetachRolePolicy", "ListEntitiesForPolicy", "TagPolicy", "UntagPolicy", "ListPolicyTags");

  /** The operations whose {@code PermissionsBoundary} names a managed policy. */
  private static final Set<String> TAKES_BOUNDARY = Set.of("CreateUser", "CreateRole", "PutUserPermissionsBoundary",
      "PutRolePermissionsBoundary");

  /** The operations that change a managed policy itself: refused for AWS managed policies. */
  private static final Set<String> CHANGES_POLICY = Set.of("DeletePolicy", "CreatePolicyVersion",
      "DeletePolicyVersion", "SetDefaultPolicyVersion", "TagPolicy", "UntagPolicy");

  // IAM's policyPathType ((/[A-Za-z0-9\.,\+@=_-]+)*)/ then policyNameType [\w+=,.@-]+ (1–128);
  // one character class per repetition, so the match is linear whatever the input
  private static final Pattern RESOURCE =
      Pattern.compile("policy((?:/[A-Za-z0-9.,+@=_-]+)*)/([\\w+=,.@-]{1,128})");

  /** Whether {@code value} has an ARN's form: {@code arn:} and five more fields (the last may hold colons). */
  static boolean isArn(String value) {
    return value.startsWith("arn:") && value.split(":", 6).length == 6;
  }

  /** Whether {@code arn} is an ARN IAM reads as a managed policy's (AWS managed or of an account). */
  static boolean wellFormed(String arn) {
    // arn:partition:service:region:account:resource (the resource may not hold a colon here)
    String[] f = arn.split(":", -1);
    if (f.length != 6 || !f[0].equals("arn") || !f[1].equals("aws") || !f[2].equals("iam") || !f[3].isEmpty()) {
      return false;
    }
    if (!f[4].equals("aws") && !f[4].matches("[0-9]{12}")) {
      return false;
    }
    return RESOURCE.matcher(f[5]).matches();
  }

  /**
   * Checks the {@code PolicyArn} or {@code PermissionsBoundary} of {@code action} (operations
   * without one pass): ValidationError for a value that is no ARN, InvalidInput for an ARN that is
   * not a managed policy's; before authorization, as IAM checks its input first.
   */
  static void checkInput(String action, IamApi.Params p) {
    String arn = TAKES_POLICY_ARN.contains(action) ? p.get("PolicyArn")
        : TAKES_BOUNDARY.contains(action) ? p.get("PermissionsBoundary") : null;
    if (arn == null || wellFormed(arn)) {
      return;
    }
    String message = "ARN " + arn + " is not valid.";
    String detail = "a managed policy's ARN is arn:aws:iam::<account or aws>:policy/<path/>name";
    throw (isArn(arn) ? AwsError.invalidInput(message) : AwsError.validation(message)).withDetail(detail);
  }

  /**
   * Refuses a change to an AWS managed policy: AccessDenied, worded as IAM words a denial on a
   * policy resource ("on resource: policy ARN") of another account (no reason given).
   */
  static void checkChangeable(ApiSupport.Ctx c, String action, String arn) {
    if (ApiSupport.isAwsManaged(arn) && CHANGES_POLICY.contains(action.substring(action.indexOf(':') + 1))) {
      throw AwsError.accessDenied("User: " + c.caller().arn() + " is not authorized to perform: " + action
          + " on resource: policy " + arn).withDetail("AWS managed policies belong to AWS; no account may change them");
    }
  }
}
