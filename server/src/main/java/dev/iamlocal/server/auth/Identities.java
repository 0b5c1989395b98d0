package dev.iamlocal.server.auth;

import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StsSession;
import dev.iamlocal.store.User;
import java.util.Optional;

/**
 * The stored identities {@link Authenticator} resolves a caller from, read at the store version
 * the request saw on arrival or newer. The authorization pipeline's {@code Subjects} implements it
 * with its caches; this interface lets authentication sit below authorization (authorization uses
 * {@link Caller}, authentication needs no policy).
 */
public interface Identities {

  /** The store's change counter now: read once when a request arrives and pass it to the lookups below. */
  long version();

  /** The access key as of store version {@code version} or newer (unknown keys too: empty). */
  Optional<AccessKey> accessKey(long version, String accessKeyId);

  /** The STS session of a temporary access key id, as of {@code version} or newer. */
  Optional<StsSession> session(long version, String accessKeyId);

  /** The user of {@code accountId} with this id, as of {@code version} or newer. */
  Optional<User> userById(long version, String accountId, String userId);

  /** The role of {@code accountId} with this id, as of {@code version} or newer. */
  Optional<Role> roleById(long version, String accountId, String roleId);
}
