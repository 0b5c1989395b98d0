package dev.iamlocal.store;

/**
 * A policy that applies to an identity, as the simulator names it.
 *
 * @param id the name reported as {@code SourcePolicyId}: the inline policy's name or the managed
 *     policy's name
 * @param sourceType {@code user}, {@code group}, {@code role} (inline), {@code user-managed} or
 *     {@code aws-managed}
 * @param arn the managed policy's ARN, or null for inline policies
 */
public record IdentityPolicy(String id, String sourceType, String arn, String document) {}
