/**
 * HTTP plumbing shared by every endpoint: reading a request and writing its answer off the servlet
 * API ({@link dev.iamlocal.server.http.Exchange}), body limits, the console's host names and
 * request ids. It knows the wire's errors and the signed request, never an operation.
 */
package dev.iamlocal.server.http;
