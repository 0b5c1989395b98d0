package dev.iamlocal.server.authz;

import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.request.RequestContext;

/**
 * The authorization of one SageMaker request: its caller and the network it arrived over, bound
 * for the request's calls to {@link AuthorizationPipeline#call} (the same pipeline, context and
 * decision log as every other surface).
 */
public final class Authorizer {

  private final AuthorizationPipeline pipeline;
  private final Caller caller;
  private final NetworkProfile net;

  /** Binds {@code caller} and the network it came over to {@code pipeline}. */
  public Authorizer(AuthorizationPipeline pipeline, Caller caller, NetworkProfile net) {
    this.pipeline = pipeline;
    this.caller = caller;
    this.net = net;
  }

  Caller caller() {
    return caller;
  }

  /** The engine's decision on {@code action} on {@code resource}, with {@code given} (service keys) in the context. */
  public AuthorizationPipeline.Evaluation decide(String action, String resource, RequestContext given) {
    return pipeline.call(caller, net, action, resource, given, null);
  }
}
