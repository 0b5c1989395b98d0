package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.millis;
import static dev.iamlocal.store.Jdbc.one;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The deletion tasks of service-linked roles (DeleteServiceLinkedRole, read back by
 * GetServiceLinkedRoleDeletionStatus). A task is decided when it is submitted: the role is deleted
 * (SUCCEEDED) in the same transaction, or it stays because a resource still uses it (FAILED, with
 * the reason). A sibling of {@link IamStore}; every query takes the account.
 */
public final class ServiceLinkedRoleTasks {

  private final Jdbc db;
  private final Clock clock;

  /** The tasks of {@code store}'s accounts, dated by {@code clock}. */
  public ServiceLinkedRoleTasks(IamStore store, Clock clock) {
    this.db = store.jdbc();
    this.clock = clock;
  }

  /**
   * A deletion task and its outcome.
   *
   * @param reason for a FAILED task, the resources still using the role, one {@code region arn} a line
   */
  public record Task(String taskId, String roleName, String status, String reason, Instant createDate) {

    /** The resources of a FAILED task by region, in order. */
    public java.util.Map<String, java.util.List<String>> usage() {
      java.util.Map<String, java.util.List<String>> out = new java.util.LinkedHashMap<>();
      if (reason != null) {
        for (String line : reason.split("\n")) {
          int sp = line.indexOf(' ');
          out.computeIfAbsent(line.substring(0, sp), k -> new java.util.ArrayList<>()).add(line.substring(sp + 1));
        }
      }
      return out;
    }
  }

  /**
   * The SageMaker resources of the account (region, ARN) whose stored request names {@code roleArn}:
   * what keeps a service-linked role from being deleted, as far as iamlocal can know (it emulates no
   * other service that uses one).
   */
  static java.util.List<String[]> resourcesUsing(Connection c, String accountId, String roleArn) throws SQLException {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    for (String[] r : Jdbc.list(c, "SELECT region, arn, body FROM sagemaker_resources WHERE account_id = ? ORDER BY arn",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, accountId)) {
      if (r[2].contains("\"" + roleArn + "\"")) {
        out.add(new String[] {r[0], r[1]});
      }
    }
    return out;
  }

  /**
   * Submits the deletion of a service-linked role: deletes it with its attachments, inline policies
   * and tags unless a SageMaker resource still names it ({@link Task#usage}); records the task either way.
   */
  public Task delete(String accountId, String roleName, String taskId) {
    return db.write(c -> {
      Role r = Roles.requireRole(c, accountId, roleName);
      java.util.List<String[]> usage = resourcesUsing(c, accountId, r.arn());
      Optional<String> reason = usage.isEmpty() ? Optional.empty() : Optional.of(String.join("\n",
          usage.stream().map(u -> u[0] + " " + u[1]).toList()));
      Instant now = Instant.ofEpochMilli(clock.millis());
      if (reason.isEmpty()) {
        Jdbc.update(c, "DELETE FROM attachments WHERE entity_type = 'role' AND entity_id = ?", r.roleId());
        Jdbc.update(c, "DELETE FROM inline_policies WHERE entity_type = 'role' AND entity_id = ?", r.roleId());
        Jdbc.update(c, "DELETE FROM tags WHERE entity_type = 'role' AND entity_id = ?", r.roleId());
        Jdbc.update(c, "DELETE FROM sts_sessions WHERE role_id = ?", r.roleId());
        Jdbc.update(c, "DELETE FROM role_trust_principals WHERE account_id = ? AND role_id = ?", accountId, r.roleId());
        Jdbc.update(c, "DELETE FROM roles WHERE role_id = ?", r.roleId());
      }
      Task t = new Task(taskId, r.name(), reason.isEmpty() ? "SUCCEEDED" : "FAILED", reason.orElse(null), now);
      Jdbc.update(c, "INSERT INTO slr_deletion_tasks(task_id, account_id, role_name, status, reason, create_date)"
          + " VALUES (?, ?, ?, ?, ?, ?)", taskId, accountId, t.roleName(), t.status(), t.reason(), millis(now));
      return t;
    });
  }

  /** The task with this id in the account, if any. */
  public Optional<Task> task(String accountId, String taskId) {
    return db.read(c -> one(c, "SELECT task_id, role_name, status, reason, create_date FROM slr_deletion_tasks"
        + " WHERE account_id = ? AND task_id = ?", rs -> new Task(rs.getString(1), rs.getString(2), rs.getString(3),
        rs.getString(4), instant(rs.getLong(5))), accountId, taskId));
  }
}
