/**
 * The one authorization pipeline ({@link dev.iamlocal.server.authz.AuthorizationPipeline}):
 * caller, request context (the listener's network, resource tags, global keys), the engine, the
 * decision sink and AWS's AccessDenied text. It is the only code that calls the engine; every
 * surface above hands its calls here, and it knows none of them.
 */
package dev.iamlocal.server.authz;
