package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.out;
import static dev.iamlocal.server.iam.ApiSupport.userNameOrCaller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.LoginProfile;
import dev.iamlocal.store.LoginProfiles;
import dev.iamlocal.store.PasswordPolicy;
import dev.iamlocal.store.PasswordPolicyViolation;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Console passwords: login profiles (create, read, update, delete), a user's change of their own
 * password, and the account password policy, which every new password must meet (the store enforces
 * it, with reuse prevention). Each operation takes the input the IAM model read and returns the
 * members of its output shape.
 */
final class LoginProfilesApi {

  private final ApiSupport s;
  private final IamStore store;

  LoginProfilesApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  /** Registers the operations of this family. */
  void register(Map<String, Operation> i) {
    i.put("CreateLoginProfile", this::createLoginProfile);
    i.put("GetLoginProfile", this::getLoginProfile);
    i.put("UpdateLoginProfile", this::updateLoginProfile);
    i.put("DeleteLoginProfile", this::deleteLoginProfile);
    i.put("ChangePassword", this::changePassword);
    i.put("GetAccountPasswordPolicy", this::getAccountPasswordPolicy);
    i.put("UpdateAccountPasswordPolicy", this::updateAccountPasswordPolicy);
    i.put("DeleteAccountPasswordPolicy", this::deleteAccountPasswordPolicy);
  }

  // ---------------------------------------------------------------- login profiles

  ObjectNode createLoginProfile(OperationInput p, Ctx c) {
    String user = requireUser(p, c);
    String password = p.required("Password");
    boolean reset = p.bool("PasswordResetRequired", false);
    s.authorize(c, "iam:CreateLoginProfile", s.existingUserArn(c, user), Map.of());
    LoginProfile lp = enforced(() -> store.loginProfiles().create(c.acct(), user, password, reset));
    return out("LoginProfile", profile(lp));
  }

  ObjectNode getLoginProfile(OperationInput p, Ctx c) {
    String user = requireUser(p, c);
    s.authorize(c, "iam:GetLoginProfile", s.existingUserArn(c, user), Map.of());
    return out("LoginProfile", profile(store.loginProfiles().get(c.acct(), user)));
  }

  ObjectNode updateLoginProfile(OperationInput p, Ctx c) {
    String user = p.required("UserName");
    String password = p.get("Password");
    Boolean reset = p.get("PasswordResetRequired") == null ? null : p.bool("PasswordResetRequired", false);
    s.authorize(c, "iam:UpdateLoginProfile", s.existingUserArn(c, user), Map.of());
    enforced(() -> {
      store.loginProfiles().updateProfile(c.acct(), user, password, reset);
      return null;
    });
    return null;
  }

  ObjectNode deleteLoginProfile(OperationInput p, Ctx c) {
    String user = requireUser(p, c);
    s.authorize(c, "iam:DeleteLoginProfile", s.existingUserArn(c, user), Map.of());
    store.loginProfiles().delete(c.acct(), user);
    return null;
  }

  /**
   * ChangePassword: an IAM user's change of their own console password, which needs the old one.
   * The root user and role sessions are no IAM user (InvalidUserType). A policy that lets users
   * change their own password ({@code AllowUsersToChangePassword}) grants the call without an
   * identity-based policy; an explicit deny still denies.
   */
  ObjectNode changePassword(OperationInput p, Ctx c) {
    String oldPassword = p.required("OldPassword");
    String newPassword = p.required("NewPassword");
    String user = c.caller().userName();
    if (user == null || c.caller().isSession()) {
      throw new AwsError(400, "InvalidUserType", "The request was rejected because the type of user for the"
          + " transaction was incorrect.").withDetail("ChangePassword changes the calling IAM user's own password;"
          + " the caller is " + c.caller().arn());
    }
    String arn = c.caller().arn();
    boolean selfService = store.loginProfiles().policy(c.acct()).map(PasswordPolicy::allowUsersToChangePassword)
        .orElse(false);
    AuthorizationPipeline.Evaluation e = s.pipeline.call(c.caller(), c.net(), "iam:ChangePassword", arn,
        RequestContext.builder().build(), null);
    if (!e.allowed() && !(selfService && e.decision().outcome() == Outcome.IMPLICIT_DENY)) {
      throw AwsError.accessDenied(e.deniedMessage());
    }
    LoginProfiles.Change result = enforced(() -> store.loginProfiles().changePassword(c.acct(), user, oldPassword,
        newPassword));
    switch (result) {
      case NO_PROFILE -> throw new AwsError(404, "NoSuchEntity", "Login Profile for User " + user
          + " cannot be found.");
      case WRONG_OLD_PASSWORD -> throw AwsError.accessDenied("The old password was incorrect.")
          .withDetail("OldPassword is not the user's current console password");
      default -> {
        return null;
      }
    }
  }

  /** The user an operation names, or the calling IAM user; a caller that is no IAM user must name one. */
  private static String requireUser(OperationInput p, Ctx c) {
    String user = userNameOrCaller(p, c);
    if (user == null) {
      // the root user has no login profile of its own here (AWS: only through an AssumeRoot session)
      throw AwsError.validation("Must specify userName when calling with non-User credentials");
    }
    return user;
  }

  /** Runs a write that sets a password; the policy's refusal becomes AWS's error with iamlocal's reason beside it. */
  private static <T> T enforced(Supplier<T> write) {
    try {
      return write.get();
    } catch (PasswordPolicyViolation v) {
      throw new AwsError(400, "PasswordPolicyViolation", PasswordPolicyViolation.MESSAGE).withDetail(v.reason());
    }
  }

  /** IAM's {@code LoginProfile} shape. */
  private static ObjectNode profile(LoginProfile lp) {
    ObjectNode o = JsonNodes.object().put("UserName", lp.userName());
    o.set("CreateDate", JsonNodes.time(lp.createDate()));
    o.put("PasswordResetRequired", lp.passwordResetRequired());
    return o;
  }

  // ---------------------------------------------------------------- the account password policy

  ObjectNode getAccountPasswordPolicy(OperationInput p, Ctx c) {
    s.authorize(c, "iam:GetAccountPasswordPolicy", "*", Map.of());
    Optional<PasswordPolicy> policy = store.loginProfiles().policy(c.acct());
    if (policy.isEmpty()) {
      throw new AwsError(404, "NoSuchEntity", "The Password Policy with domain name " + c.acct() + " cannot be found.");
    }
    PasswordPolicy pp = policy.get();
    ObjectNode o = JsonNodes.object().put("MinimumPasswordLength", pp.minimumPasswordLength())
        .put("RequireSymbols", pp.requireSymbols()).put("RequireNumbers", pp.requireNumbers())
        .put("RequireUppercaseCharacters", pp.requireUppercaseCharacters())
        .put("RequireLowercaseCharacters", pp.requireLowercaseCharacters())
        .put("AllowUsersToChangePassword", pp.allowUsersToChangePassword())
        .put("ExpirePasswords", pp.expirePasswords());
    // only what was set (AWS's recorded answers: a default policy has no MaxPasswordAge nor HardExpiry)
    if (pp.maxPasswordAge() != null) {
      o.put("MaxPasswordAge", pp.maxPasswordAge());
    }
    if (pp.passwordReusePrevention() != null) {
      o.put("PasswordReusePrevention", pp.passwordReusePrevention());
    }
    if (pp.hardExpiry() != null) {
      o.put("HardExpiry", pp.hardExpiry());
    }
    return out("PasswordPolicy", o);
  }

  /** Replaces the policy: a parameter left out takes its default, as IAM documents. */
  ObjectNode updateAccountPasswordPolicy(OperationInput p, Ctx c) {
    s.authorize(c, "iam:UpdateAccountPasswordPolicy", "*", Map.of());
    Integer min = p.integer("MinimumPasswordLength");
    PasswordPolicy pp = new PasswordPolicy(min == null ? 6 : min, p.bool("RequireSymbols", false),
        p.bool("RequireNumbers", false), p.bool("RequireUppercaseCharacters", false),
        p.bool("RequireLowercaseCharacters", false), p.bool("AllowUsersToChangePassword", false),
        p.integer("MaxPasswordAge"), p.integer("PasswordReusePrevention"),
        p.get("HardExpiry") == null ? null : p.bool("HardExpiry", false));
    store.loginProfiles().putPolicy(c.acct(), pp);
    return null;
  }

  ObjectNode deleteAccountPasswordPolicy(OperationInput p, Ctx c) {
    s.authorize(c, "iam:DeleteAccountPasswordPolicy", "*", Map.of());
    if (!store.loginProfiles().deletePolicy(c.acct())) {
      throw new AwsError(404, "NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.");
    }
    return null;
  }
}
