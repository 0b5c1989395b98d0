package dev.iamlocal.store;

import java.time.Instant;

/**
 * A key iamlocal signs with as an identity provider of its own.
 *
 * @param kind {@code oidc} or {@code saml}
 * @param issuer the OIDC issuer URL (as tokens carry it in {@code iss}) or the SAML entity id
 * @param keyId the key's id ({@code kid} of the JWK)
 * @param privateKey the private key: a JWK (JSON) for OIDC, PKCS#8 PEM for SAML
 * @param certificate the self-signed X.509 certificate (PEM) of a SAML key, else null
 */
public record IssuerKey(String kind, String issuer, String keyId, String privateKey, String certificate,
    Instant createDate) {}
