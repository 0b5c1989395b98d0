package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.count;
import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.key;
import static dev.iamlocal.store.Jdbc.list;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;
import static dev.iamlocal.store.Jdbc.update;

import dev.iamlocal.catalog.ManagedPolicies;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The repository of IAM identity providers (OpenID Connect and SAML), their tags, and the keys
 * iamlocal signs with when it is the issuer itself ({@link IssuerKey}).
 *
 * <p>Every method is one transaction of the store's {@link Jdbc} helper; every query of one
 * account's data takes its {@code accountId} (issuer keys belong to no account: see the
 * migration V33). Obtained from {@link IamStore}; thread-safe.
 */
public final class IdentityProviders extends Repository {

  /** Quota: OIDC providers per account (IAM's default). */
  public static final int OIDC_PROVIDERS_PER_ACCOUNT = 100;
  /** Quota: SAML providers per account (IAM's default). */
  public static final int SAML_PROVIDERS_PER_ACCOUNT = 100;
  /** Quota: client ids per OIDC provider. */
  public static final int CLIENT_IDS_PER_PROVIDER = 100;
  /** Quota: tags per identity provider. */
  public static final int TAGS_PER_PROVIDER = 50;

  IdentityProviders(Jdbc db, Ids ids, Clock clock, ManagedPolicies awsManaged) {
    super(db, ids, clock, awsManaged);
  }

  // ------------------------------------------------------------------ OIDC

  /**
   * Creates an OIDC provider.
   *
   * @param url host and path, as IAM keeps it
   * @param givenUrl the URL as the request gave it (AWS's EntityAlreadyExists message quotes it)
   */
  public OidcProvider createOidc(String accountId, String url, String givenUrl, List<String> clientIds,
      List<String> thumbprints, Map<String, String> tags) {
    return db.write(c -> {
      if (one(c, "SELECT provider_id FROM oidc_providers WHERE account_id = ? AND url = ?", rs -> rs.getString(1),
          accountId, url).isPresent()) {
        throw new IamException.EntityAlreadyExists("Provider with url " + givenUrl + " already exists.");
      }
      if (count(c, "SELECT COUNT(*) FROM oidc_providers WHERE account_id = ?", accountId)
          >= OIDC_PROVIDERS_PER_ACCOUNT) {
        throw new IamException.LimitExceeded("Cannot exceed quota for OpenIdConnectProvidersPerAccount: "
            + OIDC_PROVIDERS_PER_ACCOUNT);
      }
      String id = ids.id("OIDC");
      Instant now = now();
      update(c, "INSERT INTO oidc_providers(provider_id, account_id, url, create_date) VALUES (?, ?, ?, ?)", id,
          accountId, url, millis(now));
      putValues(c, id, "client", distinct(clientIds));
      putValues(c, id, "thumb", thumbprints);
      putTags(c, "oidc", id, tags);
      return readOidc(c, accountId, url).orElseThrow();
    });
  }

  /** The provider with this URL (host and path), if any. */
  public Optional<OidcProvider> oidc(String accountId, String url) {
    return db.read(c -> readOidc(c, accountId, url));
  }

  /** The account's OIDC providers, by URL. */
  public List<OidcProvider> listOidc(String accountId) {
    return db.read(c -> {
      List<String> urls = list(c, "SELECT url FROM oidc_providers WHERE account_id = ? ORDER BY url",
          rs -> rs.getString(1), accountId);
      List<OidcProvider> out = new ArrayList<>();
      for (String u : urls) {
        readOidc(c, accountId, u).ifPresent(out::add);
      }
      return out;
    });
  }

  /** Deletes the provider and its tags; false when there was none. */
  public boolean deleteOidc(String accountId, String url) {
    return db.write(c -> {
      Optional<String> id = oidcId(c, accountId, url);
      if (id.isEmpty()) {
        return false;
      }
      update(c, "DELETE FROM oidc_provider_values WHERE provider_id = ?", id.get());
      update(c, "DELETE FROM tags WHERE entity_type = 'oidc' AND entity_id = ?", id.get());
      update(c, "DELETE FROM oidc_providers WHERE provider_id = ? AND account_id = ?", id.get(), accountId);
      return true;
    });
  }

  /** Adds a client id (nothing when it is there already, as IAM's is idempotent), within the quota. */
  public void addClientId(String accountId, String url, String clientId) {
    db.write(c -> {
      String id = requireOidc(c, accountId, url);
      List<String> ids = values(c, id, "client");
      if (!ids.contains(clientId)) {
        if (ids.size() >= CLIENT_IDS_PER_PROVIDER) {
          throw new IamException.LimitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: "
              + CLIENT_IDS_PER_PROVIDER);
        }
        ids.add(clientId);
        putValues(c, id, "client", ids);
      }
      return null;
    });
  }

  /** Removes a client id (nothing when it is not there, as IAM's is idempotent). */
  public void removeClientId(String accountId, String url, String clientId) {
    db.write(c -> {
      String id = requireOidc(c, accountId, url);
      List<String> ids = values(c, id, "client");
      if (ids.remove(clientId)) {
        putValues(c, id, "client", ids);
      }
      return null;
    });
  }

  /** Replaces the thumbprints. */
  public void updateThumbprints(String accountId, String url, List<String> thumbprints) {
    db.write(c -> {
      putValues(c, requireOidc(c, accountId, url), "thumb", thumbprints);
      return null;
    });
  }

  /** Tags of an OIDC provider, ordered by key without case. */
  public Map<String, String> oidcTags(String accountId, String url) {
    return db.read(c -> tags(c, "oidc", requireOidc(c, accountId, url)));
  }

  /** Adds or overwrites tags of an OIDC provider, within the 50-tag quota. */
  public void tagOidc(String accountId, String url, Map<String, String> tags) {
    db.write(c -> {
      addTags(c, "oidc", requireOidc(c, accountId, url), tags);
      return null;
    });
  }

  /** Removes tags of an OIDC provider by exact key (absent keys are ignored). */
  public void untagOidc(String accountId, String url, Collection<String> keys) {
    db.write(c -> {
      removeTags(c, "oidc", requireOidc(c, accountId, url), keys);
      return null;
    });
  }

  private static Optional<String> oidcId(Connection c, String accountId, String url) throws SQLException {
    return one(c, "SELECT provider_id FROM oidc_providers WHERE account_id = ? AND url = ?", rs -> rs.getString(1),
        accountId, url);
  }

  private static String requireOidc(Connection c, String accountId, String url) throws SQLException {
    return oidcId(c, accountId, url).orElseThrow(() -> new IamException.NoSuchEntity(
        "OpenIDConnect Provider not found for arn " + OidcProvider.arn(accountId, url)));
  }

  private static Optional<OidcProvider> readOidc(Connection c, String accountId, String url) throws SQLException {
    Optional<String[]> row = one(c, "SELECT provider_id, create_date FROM oidc_providers WHERE account_id = ?"
        + " AND url = ?", rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2))}, accountId, url);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    String id = row.get()[0];
    return Optional.of(new OidcProvider(accountId, id, url, List.copyOf(values(c, id, "client")),
        List.copyOf(values(c, id, "thumb")), instant(Long.parseLong(row.get()[1]))));
  }

  private static List<String> values(Connection c, String id, String kind) throws SQLException {
    return new ArrayList<>(list(c, "SELECT item FROM oidc_provider_values WHERE provider_id = ? AND kind = ?"
        + " ORDER BY seq", rs -> rs.getString(1), id, kind));
  }

  private static void putValues(Connection c, String id, String kind, List<String> items) throws SQLException {
    update(c, "DELETE FROM oidc_provider_values WHERE provider_id = ? AND kind = ?", id, kind);
    int seq = 0;
    for (String item : items) {
      update(c, "INSERT INTO oidc_provider_values(provider_id, kind, seq, item) VALUES (?, ?, ?, ?)", id, kind,
          seq++, item);
    }
  }

  private static List<String> distinct(List<String> items) {
    return new ArrayList<>(new LinkedHashSet<>(items));
  }

  // ------------------------------------------------------------------ SAML

  /** Creates a SAML provider; the metadata has been checked by the caller. */
  public SamlProvider createSaml(String accountId, String name, String metadata, Instant validUntil,
      String encryptionMode, String privateKeyPem, String uuid, Map<String, String> tags) {
    return db.write(c -> {
      if (samlId(c, accountId, name).isPresent()) {
        throw new IamException.EntityAlreadyExists("SAMLProvider named " + name + " already exists");
      }
      if (count(c, "SELECT COUNT(*) FROM saml_providers WHERE account_id = ?", accountId)
          >= SAML_PROVIDERS_PER_ACCOUNT) {
        throw new IamException.LimitExceeded("Cannot exceed quota for SamlProvidersPerAccount: "
            + SAML_PROVIDERS_PER_ACCOUNT);
      }
      String id = ids.id("SAML");
      Instant now = now();
      update(c, "INSERT INTO saml_providers(provider_id, account_id, name, name_key, metadata, uuid, valid_until,"
          + " encryption_mode, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, accountId, name, key(name),
          metadata, uuid, millis(validUntil), encryptionMode, millis(now));
      if (privateKeyPem != null) {
        addPrivateKey(c, id, privateKeyPem, now);
      }
      putTags(c, "saml", id, tags);
      return readSaml(c, accountId, name).orElseThrow();
    });
  }

  /** The SAML provider with this name, if any. */
  public Optional<SamlProvider> saml(String accountId, String name) {
    return db.read(c -> readSaml(c, accountId, name));
  }

  /** The account's SAML providers, by name. */
  public List<SamlProvider> listSaml(String accountId) {
    return db.read(c -> {
      List<String> names = list(c, "SELECT name FROM saml_providers WHERE account_id = ? ORDER BY name_key",
          rs -> rs.getString(1), accountId);
      List<SamlProvider> out = new ArrayList<>();
      for (String n : names) {
        readSaml(c, accountId, n).ifPresent(out::add);
      }
      return out;
    });
  }

  /**
   * Updates a SAML provider: each argument that is not null replaces or changes what is stored. A
   * provider keeps at most two private keys (IAM's rule: add the new one, then remove the old).
   */
  public SamlProvider updateSaml(String accountId, String name, String metadata, Instant validUntil,
      String encryptionMode, String addPrivateKeyPem, String removeKeyId) {
    return db.write(c -> {
      String id = requireSaml(c, accountId, name);
      if (metadata != null) {
        update(c, "UPDATE saml_providers SET metadata = ?, valid_until = ? WHERE provider_id = ?", metadata,
            millis(validUntil), id);
      }
      if (encryptionMode != null) {
        update(c, "UPDATE saml_providers SET encryption_mode = ? WHERE provider_id = ?", encryptionMode, id);
      }
      if (removeKeyId != null) {
        if (update(c, "DELETE FROM saml_private_keys WHERE provider_id = ? AND key_id = ?", id, removeKeyId) == 0) {
          throw new IamException.InvalidInput("The specified private key ID " + removeKeyId
              + " does not exist for this SAML provider.");
        }
      }
      if (addPrivateKeyPem != null) {
        if (count(c, "SELECT COUNT(*) FROM saml_private_keys WHERE provider_id = ?", id) >= 2) {
          throw new IamException.LimitExceeded("Cannot exceed quota for PrivateKeysPerSamlProvider: 2");
        }
        addPrivateKey(c, id, addPrivateKeyPem, now());
      }
      SamlProvider p = readSaml(c, accountId, name).orElseThrow();
      if (p.encryptionMode().equals("Required") && p.privateKeys().isEmpty()) {
        throw new IamException.InvalidInput("A private key is required when AssertionEncryptionMode is Required.");
      }
      return p;
    });
  }

  /** Deletes the SAML provider, its keys and tags; false when there was none. */
  public boolean deleteSaml(String accountId, String name) {
    return db.write(c -> {
      Optional<String> id = samlId(c, accountId, name);
      if (id.isEmpty()) {
        return false;
      }
      update(c, "DELETE FROM saml_private_keys WHERE provider_id = ?", id.get());
      update(c, "DELETE FROM tags WHERE entity_type = 'saml' AND entity_id = ?", id.get());
      update(c, "DELETE FROM saml_providers WHERE provider_id = ? AND account_id = ?", id.get(), accountId);
      return true;
    });
  }

  /** Tags of a SAML provider, ordered by key without case. */
  public Map<String, String> samlTags(String accountId, String name) {
    return db.read(c -> tags(c, "saml", requireSaml(c, accountId, name)));
  }

  /** Adds or overwrites tags of a SAML provider, within the 50-tag quota. */
  public void tagSaml(String accountId, String name, Map<String, String> tags) {
    db.write(c -> {
      addTags(c, "saml", requireSaml(c, accountId, name), tags);
      return null;
    });
  }

  /** Removes tags of a SAML provider by exact key. */
  public void untagSaml(String accountId, String name, Collection<String> keys) {
    db.write(c -> {
      removeTags(c, "saml", requireSaml(c, accountId, name), keys);
      return null;
    });
  }

  private void addPrivateKey(Connection c, String id, String pem, Instant at) throws SQLException {
    // IAM's key ids are upper-case letters and digits, 22 to 64 of them
    update(c, "INSERT INTO saml_private_keys(provider_id, key_id, private_key, create_date) VALUES (?, ?, ?, ?)", id,
        ids.id("") + ids.id("").substring(0, 10), pem, millis(at));
  }

  private static Optional<String> samlId(Connection c, String accountId, String name) throws SQLException {
    return one(c, "SELECT provider_id FROM saml_providers WHERE account_id = ? AND name_key = ?",
        rs -> rs.getString(1), accountId, key(name));
  }

  private static String requireSaml(Connection c, String accountId, String name) throws SQLException {
    return samlId(c, accountId, name).orElseThrow(() -> new IamException.NoSuchEntity(
        "Manifest not found for arn arn:aws:iam::" + accountId + ":saml-provider/" + name));
  }

  private static Optional<SamlProvider> readSaml(Connection c, String accountId, String name) throws SQLException {
    Optional<Object[]> row = one(c, "SELECT provider_id, name, metadata, uuid, valid_until, encryption_mode,"
        + " create_date FROM saml_providers WHERE account_id = ? AND name_key = ?", rs -> new Object[] {
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
            rs.getLong(7)}, accountId, key(name));
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = row.get();
    String id = (String) r[0];
    List<SamlProvider.PrivateKey> keys = list(c, "SELECT key_id, private_key, create_date FROM saml_private_keys"
        + " WHERE provider_id = ? ORDER BY create_date, key_id", rs -> new SamlProvider.PrivateKey(rs.getString(1),
            rs.getString(2), instant(rs.getLong(3))), id);
    return Optional.of(new SamlProvider(accountId, id, (String) r[1], (String) r[2], (String) r[3],
        instant((Long) r[4]), (String) r[5], keys, instant((Long) r[6])));
  }

  // ------------------------------------------------------------------ tags

  private static void putTags(Connection c, String type, String id, Map<String, String> tags) throws SQLException {
    if (tags == null) {
      return;
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", type, id,
          Tags.tagKey(type, t.getKey()));
      update(c, "INSERT INTO tags(entity_type, entity_id, tag_key, key_lc, tag_value) VALUES (?, ?, ?, ?, ?)", type,
          id, t.getKey(), Tags.tagKey(type, t.getKey()), t.getValue());
    }
  }

  private static void addTags(Connection c, String type, String id, Map<String, String> tags) throws SQLException {
    Set<String> keys = new java.util.HashSet<>();
    tags(c, type, id).keySet().forEach(k -> keys.add(Tags.tagKey(type, k)));
    tags.keySet().forEach(k -> keys.add(Tags.tagKey(type, k)));
    if (keys.size() > TAGS_PER_PROVIDER) {
      // AWS's answer for an identity provider's tag quota (recorded against AWS)
      throw new IamException.LimitExceeded("The number of tags has reached the maximum limit.");
    }
    putTags(c, type, id, tags);
  }

  private static void removeTags(Connection c, String type, String id, Collection<String> keys) throws SQLException {
    for (String k : keys) {
      update(c, "DELETE FROM tags WHERE entity_type = ? AND entity_id = ? AND key_lc = ?", type, id, Tags.tagKey(type, k));
    }
  }

  private static Map<String, String> tags(Connection c, String type, String id) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] kv : list(c, "SELECT tag_key, tag_value FROM tags WHERE entity_type = ? AND entity_id = ?"
        + " ORDER BY key_lc", rs -> new String[] {rs.getString(1), rs.getString(2)}, type, id)) {
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  // ------------------------------------------------------------------ issuer keys

  /** iamlocal's signing key for {@code issuer} of {@code kind} ({@code oidc}, {@code saml}), if one was made. */
  public Optional<IssuerKey> issuerKey(String kind, String issuer) {
    return db.read(c -> one(c, "SELECT kind, issuer, key_id, private_key, certificate, create_date FROM issuer_keys"
        + " WHERE kind = ? AND issuer = ?", rs -> new IssuerKey(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), instant(rs.getLong(6))), kind, issuer));
  }

  /**
   * Stores {@code key} unless the issuer has one already, and returns the issuer's key: the first
   * one stored wins, so two processes minting for a new issuer at once end up with one key. Allowed
   * from a store that does not own its SQLite file ({@link Jdbc#writeFromAnyStore}): the CLI mints
   * while a server runs.
   */
  public IssuerKey putIssuerKeyIfAbsent(IssuerKey key) {
    db.writeFromAnyStore(c -> {
      if (count(c, "SELECT COUNT(*) FROM issuer_keys WHERE kind = ? AND issuer = ?", key.kind(), key.issuer()) == 0) {
        update(c, "INSERT INTO issuer_keys(kind, issuer, key_id, private_key, certificate, create_date)"
            + " VALUES (?, ?, ?, ?, ?, ?)", key.kind(), key.issuer(), key.keyId(), key.privateKey(),
            key.certificate(), millis(key.createDate()));
      }
      return null;
    });
    return issuerKey(key.kind(), key.issuer()).orElseThrow();
  }
}
