/**
 * The IAM and STS Query operations: {@link dev.iamlocal.server.iam.IamApi} routes an action to its
 * {@link dev.iamlocal.server.iam.Operation}, which gets typed input from the codec, authorizes
 * through the pipeline and acts on the store. Operation and its input live here, not in protocol,
 * because only the Query services use them.
 */
package dev.iamlocal.server.iam;
