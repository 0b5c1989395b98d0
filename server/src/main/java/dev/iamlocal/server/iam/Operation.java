package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.QueryCodec;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One operation of a service: a function from the request's input, as AWS's API model reads it
 * (already typed and checked against every constraint of the model), and the call's context (the
 * caller, the network it came from) to the operation's output, a tree keyed by the output shape's
 * member names. The protocol's codec ({@link QueryCodec}) writes that tree; the operation never
 * writes a wire format itself.
 *
 * <p>Operations are registered by the operation's name in {@link IamApi}. An operation authorizes
 * its caller ({@link ApiSupport#authorize}) before it acts, and answers errors by throwing
 * {@link AwsError} (or the store's {@link dev.iamlocal.store.IamException}).
 */
@FunctionalInterface
interface Operation {

  /**
   * Performs the operation.
   *
   * @return the output (members of the operation's output shape), or null for an operation whose
   *     model has no output shape
   */
  ObjectNode apply(OperationInput in, ApiSupport.Ctx c);
}
