package dev.iamlocal.server.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.store.IamStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * The public documents of the issuers iamlocal signs for, unsigned as a real provider's are:
 * {@code GET /federation/oidc/<host/path>/.well-known/openid-configuration} (OIDC discovery) and
 * {@code GET /federation/oidc/<host/path>/.well-known/jwks} (the public keys). Only issuers for which
 * iamlocal has made a key exist here; anything else is 404. Nothing secret is served: a JWKS holds
 * public keys only.
 */
public final class FederationDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks";

  private FederationDocuments() {}

  /** Answers one GET under {@link OidcIssuer#PATH}. */
  public static void handle(Context ctx, IamStore store, Clock clock) {
    String rest = ctx.path().substring(OidcIssuer.PATH.length());
    String url;
    boolean discovery;
    if (rest.endsWith(DISCOVERY)) {
      url = rest.substring(0, rest.length() - DISCOVERY.length());
      discovery = true;
    } else if (rest.endsWith(JWKS)) {
      url = rest.substring(0, rest.length() - JWKS.length());
      discovery = false;
    } else {
      notFound(ctx);
      return;
    }
    String issuer = "https://" + url;
    try {
      OidcIssuer.providerUrl(issuer);
    } catch (IllegalArgumentException e) {
      notFound(ctx);
      return;
    }
    OidcIssuer oidc = new OidcIssuer(store.identityProviders(), clock);
    Optional<com.nimbusds.jose.jwk.JWKSet> keys = oidc.jwks(issuer);
    if (keys.isEmpty()) {
      notFound(ctx);
      return;
    }
    String body;
    try {
      body = discovery ? JSON.writeValueAsString(OidcIssuer.discovery(issuer, "http://" + ctx.host()))
          : keys.get().toString(true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ctx.status(200).contentType("application/json").result(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void notFound(Context ctx) {
    ctx.status(404).contentType("application/json").result("{\"error\":\"no such issuer document\"}");
  }
}
