package dev.iamlocal.server.auth;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import dev.iamlocal.store.User;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Who sent a request: verifies its SigV4 signature and resolves the caller, for every protocol the
 * server speaks (IAM/STS Query, SageMaker JSON, {@code /v1/authorize}).
 *
 * <p>The store's change counter is read once, when the request arrives; the access key, the STS
 * session and the user or role behind them come from the {@link Identities}' caches (the pipeline's {@code Subjects}) at that version or
 * newer, so a request costs no database read beyond the counter while nothing changes, and a key
 * deactivated or a user deleted through any node is refused on the next request.
 */
public final class Authenticator {

  /** A verified request and its caller. */
  public record Authenticated(SigV4Verifier.Verified verified, Caller caller) {}

  private final Identities subjects;
  private final LastUsedRecorder lastUsed;
  private final Clock clock;
  private final SigV4Verifier verifier;

  /** Resolves callers through {@code subjects}' caches; records key use in {@code lastUsed} (null: not recorded). */
  public Authenticator(Identities subjects, LastUsedRecorder lastUsed, Clock clock) {
    this.subjects = subjects;
    this.lastUsed = lastUsed;
    this.clock = clock;
    this.verifier = new SigV4Verifier(clock);
  }

  /**
   * Verifies {@code r} and resolves its caller, or throws the {@link AwsError} AWS would return.
   *
   * @param services the services of the endpoint that received {@code r}: its credential scope
   *     must name one of them (see {@link SigV4Verifier.Credentials#services()})
   */
  public Authenticated authenticate(SigV4Verifier.SignedRequest r, List<String> services) {
    long version = subjects.version();
    SigV4Verifier.Verified v = verifier.verify(r, new SigV4Verifier.Credentials() {
      @Override
      public Optional<AccessKey> accessKey(String accessKeyId) {
        return subjects.accessKey(version, accessKeyId);
      }

      @Override
      public Optional<StsSession> session(String accessKeyId) {
        return subjects.session(version, accessKeyId);
      }

      @Override
      public List<String> services() {
        return services;
      }
    });
    Caller caller = caller(v, version);
    if (v.key() != null && lastUsed != null) {
      lastUsed.used(v.key().accessKeyId(), v.service(), v.region(), clock.instant());
    }
    return new Authenticated(v, caller);
  }

  /**
   * The caller behind {@code accessKeyId} now, as if it signed a request in {@code region} at this
   * moment: an active access key, or an STS session not expired, whose user or role still exists.
   * Empty otherwise (unknown, deactivated, expired, deleted): what a credential can no longer do,
   * nothing done later in its name may do either (a presigned URL opened after its creator's key was
   * deactivated is refused).
   */
  public Optional<Caller> current(String accountId, String accessKeyId, String region) {
    long version = subjects.version();
    SigV4Verifier.Verified v;
    if (accessKeyId.startsWith("ASIA")) {
      Optional<StsSession> s = subjects.session(version, accessKeyId)
          .filter(x -> x.accountId().equals(accountId) && clock.instant().isBefore(x.expiration()));
      if (s.isEmpty()) {
        return Optional.empty();
      }
      v = new SigV4Verifier.Verified(null, region, "sagemaker", s.get());
    } else {
      Optional<AccessKey> k = subjects.accessKey(version, accessKeyId)
          .filter(x -> x.active() && x.accountId().equals(accountId));
      if (k.isEmpty()) {
        return Optional.empty();
      }
      v = new SigV4Verifier.Verified(k.get(), region, "sagemaker", null);
    }
    try {
      return Optional.of(caller(v, version));
    } catch (AwsError e) {
      return Optional.empty();
    }
  }

  private Caller caller(SigV4Verifier.Verified v, long version) {
    if (v.session() != null && !v.session().isRole()) {
      return nonRoleSessionCaller(v, version);
    }
    if (v.session() != null) {
      StsSession s = v.session();
      // the role may have been deleted since: its sessions die with it
      Role role = subjects.roleById(version, s.accountId(), s.roleId()).orElseThrow(AwsError::invalidClientTokenId);
      String arn = Arn.of("aws", "sts", "", s.accountId(), "assumed-role/" + role.name() + "/" + s.sessionName())
          .toString();
      return new Caller(s.accountId(), arn, null, role.roleId() + ":" + s.sessionName(), s.accessKeyId(), v.region(),
          s, version);
    }
    AccessKey k = v.key();
    if (k.userId() == null) {
      return new Caller(k.accountId(), Arn.of("aws", "iam", "", k.accountId(), "root").toString(), null, k.accountId(),
          k.accessKeyId(), v.region(), version);
    }
    // the user as stored now, not when the key was issued: its name or path may have changed
    User u = subjects.userById(version, k.accountId(), k.userId()).orElseThrow(AwsError::invalidClientTokenId);
    return new Caller(k.accountId(), u.arn(), u.name(), u.userId(), k.accessKeyId(), v.region(), version);
  }

  /**
   * The caller of a GetSessionToken or GetFederationToken session: the user (or root) who asked for
   * it, as stored now; a session of a user deleted since is no longer valid.
   */
  private Caller nonRoleSessionCaller(SigV4Verifier.Verified v, long version) {
    StsSession s = v.session();
    return switch (s.kind()) {
      case ROOT -> new Caller(s.accountId(), Arn.of("aws", "iam", "", s.accountId(), "root").toString(), null,
          s.accountId(), s.accessKeyId(), v.region(), s, version);
      case USER -> {
        User u = subjects.userById(version, s.accountId(), s.roleId()).orElseThrow(AwsError::invalidClientTokenId);
        yield new Caller(s.accountId(), u.arn(), u.name(), u.userId(), s.accessKeyId(), v.region(), s, version);
      }
      case FEDERATED, DELEGATED -> {
        if (!s.roleId().equals(s.accountId())) {
          // federated by an IAM user (not the root user): the user must still exist
          subjects.userById(version, s.accountId(), s.roleId()).orElseThrow(AwsError::invalidClientTokenId);
        }
        // GetCallerIdentity's UserId of a federated user: "<account>:<name>"
        yield new Caller(s.accountId(), s.assumedRoleArn(), null, s.accountId() + ":" + s.sessionName(),
            s.accessKeyId(), v.region(), s, version);
      }
      case ROLE -> throw new IllegalStateException("a role session");
    };
  }
}
