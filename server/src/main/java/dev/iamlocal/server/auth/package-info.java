/**
 * Who is calling: SigV4 verification and signing, the caller resolved from its access key or STS
 * session ({@link dev.iamlocal.server.auth.Authenticator}, {@link
 * dev.iamlocal.server.auth.Caller}), and key last-used records. It needs no policy, so it reads
 * identities through {@link dev.iamlocal.server.auth.Identities} and sits below authorization.
 */
package dev.iamlocal.server.auth;
