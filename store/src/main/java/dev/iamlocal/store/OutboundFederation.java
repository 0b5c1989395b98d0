package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * IAM's outbound web identity federation setting of each account: whether principals may call STS
 * GetWebIdentityToken, the account's issuer id and the keys its tokens are signed with. A sibling of
 * {@link IamStore}, built over its database. Every query takes the account, except
 * {@link #byIssuer}: an issuer's public keys are a public document that relying parties fetch by
 * the issuer URL alone, without credentials (the caller publishes public keys only).
 */
public final class OutboundFederation {

  private static final String COLUMNS = "account_id, issuer_id, enabled, rsa_key, ec_key, create_date, update_date";

  private final Jdbc db;

  /** The outbound federation settings of {@code store}'s database. */
  public OutboundFederation(IamStore store) {
    this.db = store.jdbc();
  }

  /**
   * One account's setting.
   *
   * @param issuerId the issuer's id (the first label of the issuer URL's host), kept across a disable
   * @param enabled whether GetWebIdentityToken issues tokens now
   * @param rsaKey the RS256 private key as a JWK (JSON)
   * @param ecKey the ES384 private key as a JWK (JSON)
   */
  public record Setting(String accountId, String issuerId, boolean enabled, String rsaKey, String ecKey,
      Instant createDate, Instant updateDate) {}

  /** The account's setting, if it ever enabled the feature. */
  public Optional<Setting> get(String accountId) {
    return db.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM outbound_federation WHERE account_id = ?",
        OutboundFederation::row, accountId));
  }

  /**
   * Enables the feature. An account that enabled it before gets its issuer and keys back ({@code fresh}
   * is used only for an account that never did). Atomic: of two concurrent enables, one wins.
   *
   * @return the setting now enabled, or empty when it was enabled already (IAM's FeatureEnabled)
   */
  public Optional<Setting> enable(String accountId, Setting fresh, Instant now) {
    return db.write(c -> {
      Optional<Setting> before = Jdbc.one(c, "SELECT " + COLUMNS + " FROM outbound_federation WHERE account_id = ?",
          OutboundFederation::row, accountId);
      if (before.isPresent() && before.get().enabled()) {
        return Optional.<Setting>empty();
      }
      if (before.isPresent()) {
        Jdbc.update(c, "UPDATE outbound_federation SET enabled = 1, update_date = ? WHERE account_id = ?",
            millis(now), accountId);
      } else {
        Jdbc.update(c, "INSERT INTO outbound_federation(" + COLUMNS + ") VALUES (?, ?, 1, ?, ?, ?, ?)", accountId,
            fresh.issuerId(), fresh.rsaKey(), fresh.ecKey(), millis(now), millis(now));
      }
      return Jdbc.one(c, "SELECT " + COLUMNS + " FROM outbound_federation WHERE account_id = ?",
          OutboundFederation::row, accountId);
    });
  }

  /**
   * Disables the feature; the issuer and keys stay.
   *
   * @return false when it was not enabled (IAM's FeatureDisabled)
   */
  public boolean disable(String accountId, Instant now) {
    return db.write(c -> Jdbc.update(c, "UPDATE outbound_federation SET enabled = 0, update_date = ?"
        + " WHERE account_id = ? AND enabled = 1", millis(now), accountId) == 1);
  }

  /**
   * The setting of the account whose issuer id is {@code issuerId}, enabled or not, for publishing the
   * issuer's discovery document and public keys (as AWS keeps serving them while the feature is
   * disabled, so that tokens issued before stay verifiable).
   */
  public Optional<Setting> byIssuer(String issuerId) {
    return db.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM outbound_federation WHERE issuer_id = ?",
        OutboundFederation::row, issuerId));
  }

  private static Setting row(ResultSet rs) throws SQLException {
    return new Setting(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4), rs.getString(5),
        instant(rs.getLong(6)), instant(rs.getLong(7)));
  }
}
