package dev.iamlocal.store;

import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 25.1: binds the principals of the trust policies saved before V25 (which stored none)
 * to the users and roles their ARNs name now, as CreateRole binds them today. A principal that
 * names no entity (IAM would never have saved it) is bound to a fresh id of no entity: from now on
 * it is shown as that id and names no one, as a deleted principal does. Registered in
 * {@link IamStore#open(StoreConfig, java.time.Clock)}; runs in Flyway's transaction.
 */
final class BindTrustPrincipals implements JavaMigration {

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("25.1");
  }

  @Override
  public String getDescription() {
    return "bind trust policy principals of existing roles";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    Ids ids = new Ids();
    List<String[]> roles = Jdbc.list(c, "SELECT account_id, role_id, trust_policy FROM roles",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
    for (String[] r : roles) {
      Roles.saveBindings(c, r[0], r[1], Roles.bindings(c, r[2], ids::id));
    }
  }
}
