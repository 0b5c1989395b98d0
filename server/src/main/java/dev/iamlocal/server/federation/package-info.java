/**
 * Identity federation: iamlocal as the issuer of web identity tokens ({@link
 * dev.iamlocal.server.federation.OidcIssuer}) and SAML assertions for any provider URL, so that
 * AssumeRoleWithWebIdentity and AssumeRoleWithSAML work offline, and the documents (OIDC discovery,
 * JWKS) a relying party reads.
 */
package dev.iamlocal.server.federation;
