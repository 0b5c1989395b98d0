package dev.iamlocal.server.authz;

import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.request.RequestContext;

/**
 * Where {@link AuthorizationPipeline} hands every call's decision: the server's decision log
 * ({@code DecisionLog}) implements it. An interface here keeps the pipeline below the log, whose
 * endpoint ({@code GET /v1/decisions}) authorizes its own readers through the pipeline.
 */
@FunctionalInterface
public interface DecisionSink {

  /**
   * Records one decision.
   *
   * @param principal the ARN the decision is about
   * @param context the full request context the engine saw
   */
  void record(String principal, String action, String resource, Decision d, RequestContext context);
}
