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
 * {@code GET /federation/oidc/<host/path>/.well-known/jwks} (or {@code jwks.json}: the public keys). Only
 * issuers for which iamlocal has made a key exist here, and the outbound issuers of accounts that
 * enabled outbound web identity federation ({@link OutboundIssuer}); anything else is 404. Nothing secret is served: a JWKS holds
 * public keys only.
 */
public final class FederationDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks";
  /** The JWKS path of AWS's outbound issuers (iamlocal's inbound issuers answer it as well). */
  private static final String JWKS_JSON = "/.well-known/jwks.json";

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
    } else if (rest.endsWith(JWKS_JSON)) {
      url = rest.substring(0, rest.length() - JWKS_JSON.length());
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
    Optional<String> outbound = OutboundIssuer.issuerIdOfHost(url);
    if (outbound.isPresent()) {
      // an account's outbound issuer (GetWebIdentityToken): published while the feature is disabled
      // too, as AWS keeps it, so that tokens issued before stay verifiable
      Optional<dev.iamlocal.store.OutboundFederation.Setting> s =
          new dev.iamlocal.store.OutboundFederation(store).byIssuer(outbound.get());
      if (s.isEmpty()) {
        notFound(ctx);
        return;
      }
      write(ctx, discovery ? OutboundIssuer.discovery(issuer, "http://" + ctx.host())
          : OutboundIssuer.jwks(s.get()).toJSONObject(true));
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

  private static void write(Context ctx, Object document) {
    try {
      ctx.status(200).contentType("application/json").result(JSON.writeValueAsBytes(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void notFound(Context ctx) {
    ctx.status(404).contentType("application/json").result("{\"error\":\"no such issuer document\"}");
  }
}
