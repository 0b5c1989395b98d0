package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys the server generates once per database and keeps: every node of one PostgreSQL database
 * reads the same key, and a restart keeps it (a sealed MFA seed or an encoded authorization message
 * stays readable). Keys are random bytes from {@link SecureRandom}, created on first use.
 *
 * <p>Obtained from {@link IamStore}; thread-safe. Keys are cached once read: they never change.
 */
public final class ServerSecrets extends Repository {

  private final SecureRandom random = new SecureRandom();
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  ServerSecrets(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  /**
   * The key named {@code name}, {@code bytes} long, created when the database has none yet. Two
   * nodes creating it at once agree on one: the insert keeps the first row and both read it back.
   */
  public byte[] key(String name, int bytes) {
    byte[] cached = cache.get(name);
    if (cached != null) {
      return cached.clone();
    }
    String stored = db.read(c -> one(c, "SELECT secret FROM server_secrets WHERE name = ?", rs -> rs.getString(1), name))
        .orElse(null);
    if (stored == null) {
      byte[] fresh = new byte[bytes];
      random.nextBytes(fresh);
      stored = db.writeUnversioned(c -> {
        update(c, "INSERT INTO server_secrets(name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name,
            Base64.getEncoder().encodeToString(fresh));
        return one(c, "SELECT secret FROM server_secrets WHERE name = ?", rs -> rs.getString(1), name).orElseThrow();
      });
    }
    byte[] key = Base64.getDecoder().decode(stored);
    if (key.length != bytes) {
      throw new IllegalStateException("server secret " + name + " has " + key.length + " bytes, expected " + bytes);
    }
    cache.put(name, key);
    return key.clone();
  }
}
