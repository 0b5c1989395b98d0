package dev.iamlocal.server.iam;

import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.store.StsSession;

/**
 * What temporary credentials may not call, whatever their policies say (IAM User Guide, "Compare
 * AWS STS credentials"; STS API reference, GetSessionToken and GetFederationToken):
 *
 * <ul>
 *   <li>GetSessionToken credentials: no IAM operation unless they were issued with MFA, and of STS
 *       only AssumeRole, GetCallerIdentity and GetWebIdentityToken;
 *   <li>GetFederationToken credentials: no IAM operation, and of STS only GetCallerIdentity;
 *   <li>role sessions: not GetFederationToken nor GetSessionToken.
 * </ul>
 *
 * IAM refuses such a call as it refuses an unknown token ({@code InvalidClientTokenId}, what AWS
 * answers), STS with AccessDenied "Cannot call X with session credentials".
 */
final class SessionRestrictions {

  private SessionRestrictions() {}

  /** Throws AWS's error when {@code caller}'s credentials may not call {@code action}. */
  static void check(boolean sts, String action, Caller caller) {
    if (caller == null || !caller.isSession()) {
      return; // unsigned calls (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) carry no session
    }
    StsSession.Kind kind = caller.session().kind();
    if (!sts) {
      boolean allowed = switch (kind) {
        case ROLE, DELEGATED -> true; // delegated: bounded by the requested policy, not barred from IAM
        case USER, ROOT -> caller.mfaAuthenticated();
        case FEDERATED -> false;
      };
      if (!allowed) {
        throw AwsError.invalidClientTokenId().withDetail(kind == StsSession.Kind.FEDERATED
            ? "GetFederationToken credentials cannot call IAM"
            : "GetSessionToken credentials issued without MFA cannot call IAM");
      }
      return;
    }
    boolean allowed = switch (kind) {
      case ROLE -> !action.equals("GetSessionToken") && !action.equals("GetFederationToken");
      // GetSessionToken credentials may ask for a web identity token (AWS's recorded answers)
      case USER, ROOT -> action.equals("AssumeRole") || action.equals("GetCallerIdentity")
          || action.equals("GetWebIdentityToken");
      case FEDERATED, DELEGATED -> action.equals("GetCallerIdentity");
    };
    if (!allowed && kind == StsSession.Kind.FEDERATED && action.equals("GetWebIdentityToken")) {
      throw AwsError.accessDenied("GetWebIdentityToken does not support federated user sessions");
    }
    if (!allowed) {
      throw AwsError.accessDenied("Cannot call " + action + " with session credentials");
    }
  }
}
