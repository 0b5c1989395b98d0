package dev.iamlocal.server.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.iamlocal.store.OutboundFederation.Setting;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An account's issuer for IAM outbound web identity federation (STS GetWebIdentityToken): the issuer
 * URL AWS gives an account, {@code https://<uuid>.tokens.sts.global.api.aws}, and its two signing
 * keys, RS256 (RSA 2048) and ES384 (P-384), with the key ids AWS's JWKS documents carry
 * ({@code RSA_0}, {@code EC384_0}). iamlocal publishes the issuer's discovery document and JWKS under
 * its own endpoint, as for the inbound issuers of {@link OidcIssuer}; the issuer URL itself is AWS's
 * form so that tokens look as AWS's do.
 *
 * <p>Key generation and signing are nimbus-jose-jwt's; nothing here is hand-made cryptography.
 */
public final class OutboundIssuer {

  /** What follows the issuer id in an outbound issuer's host name. */
  public static final String HOST_SUFFIX = ".tokens.sts.global.api.aws";
  /** The namespace claim under which STS puts the AWS identity claims of a token. */
  public static final String NAMESPACE = "https://sts.amazonaws.com/";
  /** The algorithms GetWebIdentityToken signs with (its documentation's "Valid values"). */
  public static final List<String> ALGORITHMS = List.of("RS256", "ES384");

  private static final Pattern ISSUER_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private OutboundIssuer() {}

  /** The issuer URL of an issuer id. */
  public static String issuerUrl(String issuerId) {
    return "https://" + issuerId + HOST_SUFFIX;
  }

  /** The issuer id a host name ({@code <id>.tokens.sts.global.api.aws}) names, if it is one. */
  public static Optional<String> issuerIdOfHost(String host) {
    if (host == null || !host.endsWith(HOST_SUFFIX)) {
      return Optional.empty();
    }
    String id = host.substring(0, host.length() - HOST_SUFFIX.length());
    return ISSUER_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /** A new issuer for {@code accountId}: a random id and two fresh keys. */
  public static Setting fresh(String accountId, Instant now) {
    try {
      RSAKey rsa = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyID("RSA_0")
          .generate();
      ECKey ec = new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384)
          .keyID("EC384_0").generate();
      return new Setting(accountId, UUID.randomUUID().toString(), true, rsa.toJSONString(), ec.toJSONString(), now,
          now);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make the issuer's keys: " + e.getMessage(), e);
    }
  }

  /** The issuer's public keys, as its {@code /.well-known/jwks.json} publishes them. */
  public static JWKSet jwks(Setting s) {
    return new JWKSet(List.of(rsa(s).toPublicJWK(), ec(s).toPublicJWK()));
  }

  /**
   * The discovery document of an outbound issuer, with AWS's members and values (as AWS's issuers
   * publish them) and the JWKS under iamlocal's {@code endpoint}.
   */
  public static Map<String, Object> discovery(String issuer, String endpoint) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "jti", NAMESPACE));
    d.put("id_token_signing_alg_values_supported", ALGORITHMS);
    d.put("issuer", issuer);
    d.put("jwks_uri", endpoint + OidcIssuer.PATH + issuer.substring("https://".length()) + "/.well-known/jwks.json");
    d.put("subject_types_supported", List.of("public"));
    return d;
  }

  /**
   * Signs {@code claims} with the issuer's key of {@code algorithm} (one of {@link #ALGORITHMS}); the
   * header carries the key id and {@code typ: JWT}, as AWS's tokens do.
   */
  public static String sign(Setting s, String algorithm, JWTClaimsSet claims) {
    try {
      JWSAlgorithm alg;
      String kid;
      JWSSigner signer;
      if ("RS256".equals(algorithm)) {
        RSAKey k = rsa(s);
        alg = JWSAlgorithm.RS256;
        kid = k.getKeyID();
        signer = new RSASSASigner(k);
      } else if ("ES384".equals(algorithm)) {
        ECKey k = ec(s);
        alg = JWSAlgorithm.ES384;
        kid = k.getKeyID();
        signer = new ECDSASigner(k);
      } else {
        throw new IllegalArgumentException("no key for " + algorithm);
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
    }
  }

  private static RSAKey rsa(Setting s) {
    try {
      return RSAKey.parse(s.rsaKey());
    } catch (ParseException e) {
      throw new IllegalStateException("the stored RSA key of issuer " + s.issuerId() + " is no RSA JWK", e);
    }
  }

  private static ECKey ec(Setting s) {
    try {
      return ECKey.parse(s.ecKey());
    } catch (ParseException e) {
      throw new IllegalStateException("the stored EC key of issuer " + s.issuerId() + " is no EC JWK", e);
    }
  }
}
