package dev.iamlocal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SageMaker resources and their tags, in the same database as the IAM world. Every write is one
 * transaction; nothing is cached, so several servers sharing PostgreSQL see the same resources.
 */
public final class SageMakerStore {

  /** Tags per resource, as SageMaker limits them. */
  public static final int TAGS_PER_RESOURCE = 50;

  private final Jdbc db;

  /** A view of the SageMaker tables of {@code store}'s database (sharing its connections). */
  public SageMakerStore(IamStore store) {
    this.db = store.jdbc();
  }

  /** A resource with this type and name (case-insensitive) already exists. */
  public static final class AlreadyExists extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyExists(String arn) {
      super(arn, null, false, false);
    }

    /** The ARN of the existing resource. */
    public String arn() {
      return getMessage();
    }
  }

  /** The account already has {@code limit} resources of this type. */
  public static final class LimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message, null, false, false);
    }
  }

  /** The resource does not exist (any more). */
  public static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String arn) {
      super(arn, null, false, false);
    }
  }

  /**
   * Stores a new resource with its tags.
   *
   * @param limit the most resources of this type the account may have in the region
   * @throws AlreadyExists when the name is taken; {@link LimitExceeded} at the quota
   */
  public SageMakerResource create(SageMakerResource r, int limit) {
    if (r.tags().size() > TAGS_PER_RESOURCE) {
      throw new LimitExceeded("Tags: at most " + TAGS_PER_RESOURCE + " tags per resource");
    }
    return db.writeUnversioned(c -> {
      Optional<String> existing = Jdbc.one(c, "SELECT arn FROM sagemaker_resources WHERE account_id = ? AND region = ?"
          + " AND resource_type = ? AND name_key = ?", rs -> rs.getString(1), r.accountId(), r.region(), r.type(),
          key(r.name()));
      if (existing.isPresent()) {
        throw new AlreadyExists(existing.get());
      }
      int count = Jdbc.one(c, "SELECT COUNT(*) FROM sagemaker_resources WHERE account_id = ? AND region = ?"
          + " AND resource_type = ?", rs -> rs.getInt(1), r.accountId(), r.region(), r.type()).orElse(0);
      if (count >= limit) {
        throw new LimitExceeded("The account-level service limit for " + r.type() + "s is " + limit
            + ", with current utilization of " + count + ".");
      }
      Jdbc.update(c, "INSERT INTO sagemaker_resources(arn, account_id, region, resource_type, name, name_key, body,"
          + " status, status_time, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.arn(),
          r.accountId(), r.region(), r.type(), r.name(), key(r.name()), r.body(), r.status(),
          r.statusTime().toEpochMilli(), r.creationTime().toEpochMilli(), r.lastModifiedTime().toEpochMilli());
      for (Map.Entry<String, String> t : r.tags().entrySet()) {
        Jdbc.update(c, "INSERT INTO sagemaker_tags(arn, tag_key, tag_value) VALUES (?, ?, ?)", r.arn(), t.getKey(),
            t.getValue());
      }
      return r;
    });
  }

  /** The resource of this type and name (case-insensitive), with its tags. */
  public Optional<SageMakerResource> find(String accountId, String region, String type, String name) {
    return db.read(c -> {
      Optional<SageMakerResource> r = Jdbc.one(c, SELECT + " WHERE account_id = ? AND region = ? AND resource_type = ?"
          + " AND name_key = ?", SageMakerStore::row, accountId, region, type, key(name));
      return r.isPresent() ? Optional.of(withTags(c, r.get())) : r;
    });
  }

  /** The resource of {@code accountId} with this ARN, with its tags (empty for another account's). */
  public Optional<SageMakerResource> byArn(String accountId, String arn) {
    return db.read(c -> {
      Optional<SageMakerResource> r = Jdbc.one(c, SELECT + " WHERE account_id = ? AND arn = ?", SageMakerStore::row,
          accountId, arn);
      return r.isPresent() ? Optional.of(withTags(c, r.get())) : r;
    });
  }

  /** The resources of {@code types} (all types when empty), newest first, with their tags. */
  public List<SageMakerResource> list(String accountId, String region, Collection<String> types) {
    return db.read(c -> {
      List<SageMakerResource> rows = Jdbc.list(c, SELECT + " WHERE account_id = ? AND region = ?"
          + " ORDER BY create_time DESC, name_key", SageMakerStore::row, accountId, region);
      Map<String, Map<String, String>> tags = new LinkedHashMap<>();
      for (String[] t : Jdbc.list(c, "SELECT t.arn, t.tag_key, t.tag_value FROM sagemaker_tags t JOIN sagemaker_resources r"
          + " ON r.arn = t.arn WHERE r.account_id = ? AND r.region = ? ORDER BY t.arn, t.tag_key",
          rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, accountId, region)) {
        tags.computeIfAbsent(t[0], k -> new LinkedHashMap<>()).put(t[1], t[2]);
      }
      List<SageMakerResource> out = new ArrayList<>();
      for (SageMakerResource r : rows) {
        if (types.isEmpty() || types.contains(r.type())) {
          out.add(copy(r, r.body(), r.status(), r.statusTime(), r.lastModifiedTime(), tags.getOrDefault(r.arn(), Map.of())));
        }
      }
      return out;
    });
  }

  /**
   * Sets the lifecycle status (and the body when not null) of a resource of {@code accountId}, but
   * only while the stored status is still {@code expectedStatus} (null: any), so that two nodes
   * racing on a transition agree.
   *
   * @return false when the resource is gone (or not the account's) or its status changed meanwhile
   */
  public boolean update(String accountId, String arn, String expectedStatus, String status, String body, Instant now) {
    return db.writeUnversioned(c -> {
      Optional<SageMakerResource> r = Jdbc.one(c, SELECT + " WHERE account_id = ? AND arn = ?", SageMakerStore::row,
          accountId, arn);
      if (r.isEmpty() || (expectedStatus != null && !expectedStatus.equals(r.get().status()))) {
        return false;
      }
      Jdbc.update(c, "UPDATE sagemaker_resources SET status = ?, status_time = ?, body = ?, update_time = ? WHERE arn = ?",
          status, status.equals(r.get().status()) ? r.get().statusTime().toEpochMilli() : now.toEpochMilli(),
          body == null ? r.get().body() : body, now.toEpochMilli(), arn);
      return true;
    });
  }

  /** Deletes the resource of {@code accountId} and its tags; false when the account has no such resource. */
  public boolean delete(String accountId, String arn) {
    return db.writeUnversioned(c -> {
      if (!exists(c, accountId, arn)) {
        return false;
      }
      Jdbc.update(c, "DELETE FROM sagemaker_tags WHERE arn = ?", arn);
      return Jdbc.update(c, "DELETE FROM sagemaker_resources WHERE account_id = ? AND arn = ?", accountId, arn) > 0;
    });
  }

  private static boolean exists(Connection c, String accountId, String arn) throws SQLException {
    return Jdbc.one(c, "SELECT arn FROM sagemaker_resources WHERE account_id = ? AND arn = ?", rs -> rs.getString(1),
        accountId, arn).isPresent();
  }

  /**
   * Adds or overwrites tags of a resource of {@code accountId}.
   *
   * @throws NotFound when the account has no such resource; {@link LimitExceeded} past 50 tags
   */
  public Map<String, String> addTags(String accountId, String arn, Map<String, String> tags) {
    return db.writeUnversioned(c -> {
      SageMakerResource r = Jdbc.one(c, SELECT + " WHERE account_id = ? AND arn = ?", SageMakerStore::row, accountId,
          arn).orElseThrow(() -> new NotFound(arn));
      Map<String, String> merged = new LinkedHashMap<>(withTags(c, r).tags());
      merged.putAll(tags);
      if (merged.size() > TAGS_PER_RESOURCE) {
        throw new LimitExceeded("Tags: at most " + TAGS_PER_RESOURCE + " tags per resource");
      }
      for (Map.Entry<String, String> t : tags.entrySet()) {
        Jdbc.update(c, "DELETE FROM sagemaker_tags WHERE arn = ? AND tag_key = ?", arn, t.getKey());
        Jdbc.update(c, "INSERT INTO sagemaker_tags(arn, tag_key, tag_value) VALUES (?, ?, ?)", arn, t.getKey(),
            t.getValue());
      }
      return merged;
    });
  }

  /**
   * Removes the tags with these keys (absent keys are ignored) of a resource of {@code accountId}.
   * @throws NotFound when the account has no such resource
   */
  public void deleteTags(String accountId, String arn, Collection<String> keys) {
    db.writeUnversioned(c -> {
      if (!exists(c, accountId, arn)) {
        throw new NotFound(arn);
      }
      for (String k : keys) {
        Jdbc.update(c, "DELETE FROM sagemaker_tags WHERE arn = ? AND tag_key = ?", arn, k);
      }
      return null;
    });
  }

  private static final String SELECT = "SELECT arn, account_id, region, resource_type, name, body, status, status_time,"
      + " create_time, update_time FROM sagemaker_resources";

  private static SageMakerResource row(ResultSet rs) throws SQLException {
    return new SageMakerResource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)),
        Instant.ofEpochMilli(rs.getLong(10)), Map.of());
  }

  private static SageMakerResource withTags(Connection c, SageMakerResource r) throws SQLException {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String[] t : Jdbc.list(c, "SELECT tag_key, tag_value FROM sagemaker_tags WHERE arn = ? ORDER BY tag_key",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, r.arn())) {
      tags.put(t[0], t[1]);
    }
    return copy(r, r.body(), r.status(), r.statusTime(), r.lastModifiedTime(), tags);
  }

  private static SageMakerResource copy(SageMakerResource r, String body, String status, Instant statusTime,
      Instant modified, Map<String, String> tags) {
    return new SageMakerResource(r.arn(), r.accountId(), r.region(), r.type(), r.name(), body, status, statusTime,
        r.creationTime(), modified, tags);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
