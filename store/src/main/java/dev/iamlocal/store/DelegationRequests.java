package dev.iamlocal.store;

import static dev.iamlocal.store.Jdbc.instant;
import static dev.iamlocal.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * IAM's temporary delegation requests and the notifications IAM publishes for them. A request
 * belongs to two accounts, the partner's that created it (the requestor) and, once it is associated,
 * the customer's (the owner), so every query takes the account asking and finds only what that
 * account may see: its own requests as requestor or owner, and requests no account owns yet. A
 * sibling of {@link IamStore}, built over its database.
 */
public final class DelegationRequests {

  private static final String COLUMNS = "request_id, requestor_account, owner_account, owner_id, approver_id,"
      + " description, request_message, template_arn, parameters, permission_policy, workflow_id, redirect_url,"
      + " notification_channel, session_duration, only_send_by_owner, state, notes, rejection_reason, create_date,"
      + " updated_time, expiration_time, trade_in_token, owner_unique_id, approver_unique_id";

  private final Jdbc db;

  /** The delegation requests of {@code store}'s database. */
  public DelegationRequests(IamStore store) {
    this.db = store.jdbc();
  }

  /**
   * One delegation request as stored.
   *
   * @param parameters the policy parameters as JSON (an array of {Name, Values, Type})
   * @param permissionPolicy the template rendered with the parameters: the policy that bounds the
   *     delegated session
   * @param state the state as of its last write (expiry is applied by the reader, from
   *     {@code expirationTime})
   * @param tradeInToken the exchange token, once SendDelegationToken has released it
   * @param ownerUniqueId the unique id (AIDA…, or the account id for the root user) of the identity
   *     {@code ownerId} named when it associated the request: an ARN outlives its entity, a user
   *     re-created under the same name is another identity
   * @param approverUniqueId the unique id of the identity {@code approverId} named when it accepted
   */
  public record DelegationRequest(String id, String requestorAccount, String ownerAccount, String ownerId,
      String approverId, String description, String requestMessage, String templateArn, String parameters,
      String permissionPolicy, String workflowId, String redirectUrl, String notificationChannel,
      int sessionDuration, boolean onlySendByOwner, String state, String notes, String rejectionReason,
      Instant createDate, Instant updatedTime, Instant expirationTime, String tradeInToken, String ownerUniqueId,
      String approverUniqueId) {}

  /** A notification published to a request's channel. */
  public record Notification(String id, String channel, String requestId, String message, Instant sentAt) {}

  /**
   * Stores a new request; {@link IamException} EntityAlreadyExists when the requestor already has a
   * request with this workflow id (IAM's uniqueness rule for RequestorWorkflowId).
   */
  public void create(DelegationRequest r) {
    db.write(c -> {
      if (Jdbc.count(c, "SELECT COUNT(*) FROM delegation_requests WHERE requestor_account = ? AND workflow_id = ?",
          r.requestorAccount(), r.workflowId()) > 0) {
        throw new IamException.EntityAlreadyExists("Delegation request with RequestorWorkflowId "
            + r.workflowId() + " already exists.");
      }
      return Jdbc.update(c, "INSERT INTO delegation_requests(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.requestorAccount(), r.ownerAccount(), r.ownerId(),
          r.approverId(), r.description(), r.requestMessage(), r.templateArn(), r.parameters(), r.permissionPolicy(),
          r.workflowId(), r.redirectUrl(), r.notificationChannel(), r.sessionDuration(), r.onlySendByOwner() ? 1 : 0,
          r.state(), r.notes(), r.rejectionReason(), millis(r.createDate()), millis(r.updatedTime()),
          millis(r.expirationTime()), r.tradeInToken(), r.ownerUniqueId(), r.approverUniqueId());
    });
  }

  /**
   * The request {@code id} as {@code accountId} may see it: requested or owned by that account, or
   * not owned by any account yet.
   */
  public Optional<DelegationRequest> visible(String accountId, String id) {
    return db.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM delegation_requests WHERE request_id = ? AND"
        + " (requestor_account = ? OR owner_account = ? OR owner_account IS NULL)", DelegationRequests::row, id,
        accountId, accountId));
  }

  /** The requests owned by {@code ownerAccount} (associated with an identity), oldest first. */
  public List<DelegationRequest> owned(String ownerAccount) {
    return db.read(c -> Jdbc.list(c, "SELECT " + COLUMNS + " FROM delegation_requests WHERE owner_account = ? AND"
        + " owner_id IS NOT NULL ORDER BY create_date, request_id", DelegationRequests::row, ownerAccount));
  }

  /** The request of {@code requestorAccount} whose released exchange token is {@code token}. */
  public Optional<DelegationRequest> byToken(String requestorAccount, String token) {
    return db.read(c -> Jdbc.one(c, "SELECT " + COLUMNS + " FROM delegation_requests WHERE trade_in_token = ? AND"
        + " requestor_account = ?", DelegationRequests::row, token, requestorAccount));
  }

  /**
   * Replaces the request with {@code next} if it is still in {@code expectedState} (compare and set:
   * of two concurrent transitions one wins); false when another write came first. With
   * {@code notification}, the message is published in the same transaction.
   */
  public boolean transition(DelegationRequest next, String expectedState, Notification notification) {
    return db.write(c -> {
      int n = Jdbc.update(c, "UPDATE delegation_requests SET owner_account = ?, owner_id = ?, approver_id = ?,"
          + " state = ?, notes = ?, rejection_reason = ?, updated_time = ?, expiration_time = ?, trade_in_token = ?,"
          + " owner_unique_id = ?, approver_unique_id = ? WHERE request_id = ? AND requestor_account = ? AND state = ?", next.ownerAccount(), next.ownerId(),
          next.approverId(), next.state(), next.notes(), next.rejectionReason(), millis(next.updatedTime()),
          millis(next.expirationTime()), next.tradeInToken(), next.ownerUniqueId(), next.approverUniqueId(), next.id(), next.requestorAccount(), expectedState);
      if (n == 1 && notification != null) {
        Jdbc.update(c, "INSERT INTO delegation_notifications(notification_id, requestor_account, channel, request_id,"
            + " message, sent_at) VALUES (?, ?, ?, ?, ?, ?)", notification.id(), next.requestorAccount(),
            notification.channel(), notification.requestId(), notification.message(), millis(notification.sentAt()));
      }
      return n == 1;
    });
  }

  /** A new notification of request {@code requestId} to {@code channel}. */
  public static Notification notification(String channel, String requestId, String message, Instant at) {
    return new Notification(UUID.randomUUID().toString(), channel, requestId, message, at);
  }

  /**
   * The messages published to {@code channel} of {@code requestorAccount}, oldest first: what the
   * partner's subscription to its notification channel would have received.
   */
  public List<Notification> notifications(String requestorAccount, String channel) {
    return db.read(c -> Jdbc.list(c, "SELECT notification_id, channel, request_id, message, sent_at FROM"
        + " delegation_notifications WHERE requestor_account = ? AND channel = ? ORDER BY sent_at, notification_id",
        rs -> new Notification(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            instant(rs.getLong(5))), requestorAccount, channel));
  }

  private static DelegationRequest row(ResultSet rs) throws SQLException {
    return new DelegationRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
        rs.getString(12), rs.getString(13), rs.getInt(14), rs.getInt(15) != 0, rs.getString(16), rs.getString(17),
        rs.getString(18), instant(rs.getLong(19)), instant(rs.getLong(20)), instant(rs.getLong(21)),
        rs.getString(22), rs.getString(23), rs.getString(24));
  }
}
