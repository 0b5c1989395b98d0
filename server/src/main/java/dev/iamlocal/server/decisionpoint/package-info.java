/**
 * {@code POST /v1/authorize}: iamlocal as a policy decision point, answering questions about
 * stored principals through the pipeline. It uses the IAM operations' support for the caller's own
 * authorization and the principals' ARNs.
 */
package dev.iamlocal.server.decisionpoint;
