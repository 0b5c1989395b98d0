package dev.iamlocal.server.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.iamlocal.store.IdentityProviders;
import dev.iamlocal.store.IssuerKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * iamlocal as an OpenID Connect issuer: one RSA key per issuer URL, kept in the store (see
 * {@link IssuerKey} for why per issuer and not per account), with which it signs web identity
 * tokens ({@link #mint}) for any issuer, GitHub's {@code https://token.actions.githubusercontent.com}
 * included. The server trusts a key only for the issuer it was made for, and publishes the public
 * half as that issuer's JWKS ({@link #jwks}) with a discovery document ({@link #discovery}).
 *
 * <p>Signing and key generation are nimbus-jose-jwt's; nothing here is hand-made cryptography.
 */
public final class OidcIssuer {

  /** The {@link IssuerKey#kind()} of OIDC issuer keys. */
  public static final String KIND = "oidc";
  /** Where the server publishes issuers' documents: {@code /federation/oidc/<host/path>/…}. */
  public static final String PATH = "/federation/oidc/";
  /** The longest lifetime of a minted token, as no real issuer hands out day-long ID tokens either. */
  public static final long MAX_EXPIRES_IN = 86_400;

  private final IdentityProviders store;
  private final Clock clock;

  /** An issuer over {@code store}'s keys, dating tokens with {@code clock}. */
  public OidcIssuer(IdentityProviders store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Checks an issuer URL as IAM checks a provider URL: {@code https://}, a host, an optional path, no
   * port, query, fragment or user info.
   *
   * @return the URL without {@code https://} (the provider URL as IAM shows it)
   * @throws IllegalArgumentException with the reason
   */
  public static String providerUrl(String issuer) {
    // one rule set with CreateOpenIDConnectProvider: an issuer is a URL IAM would register
    return ProviderUrls.check(issuer);
  }

  /** The issuer's signing key, made (and stored) on first use. */
  public RSAKey signingKey(String issuer) {
    providerUrl(issuer);
    Optional<IssuerKey> k = store.issuerKey(KIND, issuer);
    if (k.isEmpty()) {
      try {
        RSAKey fresh = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
            .keyID(UUID.randomUUID().toString()).generate();
        k = Optional.of(store.putIssuerKeyIfAbsent(new IssuerKey(KIND, issuer, fresh.getKeyID(),
            fresh.toJSONString(), null, clock.instant())));
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot make an RSA key: " + e.getMessage(), e);
      }
    }
    return parse(k.get());
  }

  /** The public keys iamlocal signs {@code issuer}'s tokens with: empty when it issues none for it. */
  public Optional<JWKSet> jwks(String issuer) {
    return store.issuerKey(KIND, issuer).map(k -> new JWKSet(parse(k).toPublicJWK()));
  }

  private static RSAKey parse(IssuerKey k) {
    try {
      return RSAKey.parse(k.privateKey());
    } catch (ParseException e) {
      throw new IllegalStateException("the stored key of issuer " + k.issuer() + " is no RSA JWK", e);
    }
  }

  /**
   * A signed ID token (RS256) of {@code issuer} for {@code subject} and {@code audiences}, valid from
   * now for {@code expiresIn} seconds (a negative value makes an expired token, for tests of expiry).
   *
   * @param claims further claims, each a string (they cannot replace iss, sub, aud, iat, nbf, exp)
   */
  public String mint(String issuer, String subject, List<String> audiences, Map<String, String> claims,
      long expiresIn) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("a token needs a subject (sub)");
    }
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("a token needs an audience (aud)");
    }
    if (expiresIn > MAX_EXPIRES_IN) {
      throw new IllegalArgumentException("a token lives at most " + MAX_EXPIRES_IN + " seconds");
    }
    RSAKey key = signingKey(issuer);
    Instant now = clock.instant();
    Instant exp = now.plusSeconds(expiresIn);
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
    for (Map.Entry<String, String> c : claims.entrySet()) {
      if (List.of("iss", "sub", "aud", "iat", "nbf", "exp").contains(c.getKey())) {
        throw new IllegalArgumentException("claim " + c.getKey() + " has an option of its own");
      }
      b.claim(c.getKey(), c.getValue());
    }
    b.issuer(issuer).subject(subject).audience(audiences.size() == 1 ? List.of(audiences.get(0)) : audiences)
        .issueTime(Date.from(expiresIn < 0 ? exp.minusSeconds(300) : now))
        .notBeforeTime(Date.from(expiresIn < 0 ? exp.minusSeconds(300) : now)).expirationTime(Date.from(exp))
        .jwtID(UUID.randomUUID().toString());
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), b.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /**
   * The OpenID Connect discovery document of {@code issuer} as iamlocal publishes it at
   * {@code <endpoint>/federation/oidc/<host/path>/.well-known/openid-configuration}: the real issuer
   * URL, and the JWKS under the same endpoint.
   */
  public static Map<String, Object> discovery(String issuer, String endpoint) {
    String base = endpoint + PATH + providerUrl(issuer);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", issuer);
    d.put("jwks_uri", base + "/.well-known/jwks");
    d.put("response_types_supported", List.of("id_token"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256"));
    d.put("claims_supported", List.of("sub", "aud", "exp", "iat", "iss", "nbf", "jti"));
    return d;
  }
}
