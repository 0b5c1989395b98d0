package dev.iamlocal.server;

import dev.iamlocal.arn.Arn;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.AccessKeyLastUsed;
import dev.iamlocal.store.IamStore;
import java.util.Map;
import dev.iamlocal.server.IamApi.Params;
import static dev.iamlocal.server.ApiSupport.*;
import static dev.iamlocal.server.IamApi.IAM_NS;

/** Access keys of users and of the root user. */
final class AccessKeysApi {

  private final ApiSupport s;
  private final IamStore store;

  AccessKeysApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  // ---------------------------------------------------------------- access keys

  String createAccessKey(Params p, Ctx c, String rid) {
    String user = userNameOrCaller(p, c);
    s.authorize(c, "iam:CreateAccessKey", user == null ? c.caller().arn() : s.existingUserArn(c, user), Map.of());
    AccessKey k = store.createAccessKey(c.acct(), user);
    return wrap(IAM_NS, "CreateAccessKey", rid, x -> x.open("AccessKey").el("UserName", k.userName())
        .el("AccessKeyId", k.accessKeyId()).el("Status", k.status()).el("SecretAccessKey", k.secret())
        .el("CreateDate", k.createDate()).close());
  }

  String listAccessKeys(Params p, Ctx c, String rid) {
    String user = userNameOrCaller(p, c);
    s.authorize(c, "iam:ListAccessKeys", user == null ? c.caller().arn() : s.existingUserArn(c, user), Map.of());
    Page<AccessKey> page = page(store.listAccessKeys(c.acct(), user), p);
    return wrap(IAM_NS, "ListAccessKeys", rid, x -> {
      // metadata only: a secret is shown once, in the CreateAccessKey response
      page.write(x, "AccessKeyMetadata", (m, k) ->
          m.el("UserName", k.userName()).el("AccessKeyId", k.accessKeyId()).el("Status", k.status())
              .el("CreateDate", k.createDate()));
      if (user != null) {
        x.el("UserName", user);
      }
    });
  }


  String updateAccessKey(Params p, Ctx c, String rid) {
    String id = p.required("AccessKeyId");
    String status = p.required("Status");
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw AwsError.validation("1 validation error detected: Value '" + status + "' at 'status' failed to satisfy"
          + " constraint: Member must satisfy enum value set: [Active, Inactive, Expired]");
    }
    String user = userNameOrCaller(p, c);
    s.authorize(c, "iam:UpdateAccessKey", user == null ? c.caller().arn() : s.existingUserArn(c, user), Map.of());
    store.updateAccessKey(c.acct(), user, id, status);
    return wrap(IAM_NS, "UpdateAccessKey", rid, null);
  }

  String deleteAccessKey(Params p, Ctx c, String rid) {
    String id = p.required("AccessKeyId");
    String user = userNameOrCaller(p, c);
    s.authorize(c, "iam:DeleteAccessKey", user == null ? c.caller().arn() : s.existingUserArn(c, user), Map.of());
    store.deleteAccessKey(c.acct(), user, id);
    return wrap(IAM_NS, "DeleteAccessKey", rid, null);
  }

  String getAccessKeyLastUsed(Params p, Ctx c, String rid) {
    String id = p.required("AccessKeyId");
    var key = store.accessKey(id).filter(k -> k.accountId().equals(c.acct()));
    String resource = key.map(k -> k.userName() == null ? Arn.of("aws", "iam", "", c.acct(), "root").toString()
        : s.existingUserArn(c, k.userName())).orElse("arn:aws:iam::" + c.acct() + ":user/*");
    s.authorize(c, "iam:GetAccessKeyLastUsed", resource, Map.of());
    if (key.isEmpty()) {
      // IAM answers a key it does not know (or another account's) as a denial, never NoSuchEntity
      throw AwsError.accessDenied("User: " + c.caller().arn() + " is not authorized to perform"
          + " iam:GetAccessKeyLastUsed on resource: access key " + id).withDetail("no access key " + id
          + " in this account");
    }
    if (s.lastUsed != null) {
      s.lastUsed.flush();
    }
    AccessKeyLastUsed u = store.accessKeyLastUsed(c.acct(), id);
    return wrap(IAM_NS, "GetAccessKeyLastUsed", rid, x -> {
      x.el("UserName", u.userName());
      x.open("AccessKeyLastUsed").el("LastUsedDate", u.date()).el("ServiceName", u.serviceName())
          .el("Region", u.region()).close();
    });
  }
}
