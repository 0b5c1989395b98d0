/**
 * The decision log: every call's decision written off the request's path ({@link
 * dev.iamlocal.server.decisionlog.DecisionLog}, the pipeline's sink) and read back by {@code GET
 * /v1/decisions}, whose readers the pipeline authorizes.
 */
package dev.iamlocal.server.decisionlog;
