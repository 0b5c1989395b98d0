package dev.iamlocal.request;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One request to authorize: who, which action, on which resource, with which context keys.
 *
 * @param action {@code service:Action}, any case
 * @param resource the resource ARN, or {@code *}
 * @param resourceAccount the account that owns the resource; when null, the account in the
 *     resource ARN, else the principal's own account
 */
public record AuthorizationRequest(
    Principal principal, String action, String resource, String resourceAccount, RequestContext context) {

  public AuthorizationRequest {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    context = context == null ? RequestContext.empty() : context;
  }

  /** The action lower-cased, as the compiled policy index keys it. */
  public String normalizedAction() {
    return action.toLowerCase(Locale.ROOT);
  }

  /** The account that owns the resource, resolved as the record doc says; null if unknowable. */
  public String effectiveResourceAccount() {
    if (resourceAccount != null && !resourceAccount.isEmpty()) {
      return resourceAccount;
    }
    if (resource.startsWith("arn:")) {
      String[] p = resource.split(":", 6);
      if (p.length == 6 && !p[4].isEmpty() && !p[4].equals("aws")) {
        return p[4];
      }
    }
    return principal.accountId();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a request; the context may be given key by key. */
  public static final class Builder {
    private Principal principal;
    private String action;
    private String resource = "*";
    private String resourceAccount;
    private RequestContext.Builder context = RequestContext.builder();

    public Builder principal(Principal p) {
      this.principal = p;
      return this;
    }

    /** A principal ARN, service principal or {@code *}; see {@link Principal#parse}. */
    public Builder principal(String p) {
      return principal(Principal.parse(p));
    }

    public Builder action(String a) {
      this.action = a;
      return this;
    }

    public Builder resource(String r) {
      this.resource = r;
      return this;
    }

    public Builder resourceAccount(String a) {
      this.resourceAccount = a;
      return this;
    }

    public Builder context(String key, String value) {
      context.put(key, value);
      return this;
    }

    public Builder contextList(String key, List<String> values) {
      context.putList(key, values);
      return this;
    }

    public Builder context(RequestContext ctx) {
      if (context.isEmpty()) {
        context = ctx.toBuilder(); // the same keys as adding them one by one, without the copying
        return this;
      }
      for (ContextValue v : ctx.entries()) {
        if (v.multivalued()) {
          context.putList(v.key(), v.values());
        } else {
          for (String s : v.values()) {
            context.merge(v.key(), s);
          }
        }
      }
      return this;
    }

    public AuthorizationRequest build() {
      return new AuthorizationRequest(principal, action, resource, resourceAccount, context.build());
    }
  }
}
