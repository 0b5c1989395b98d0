package dev.iamlocal.evaluation;

import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.Span;

/**
 * A statement that decided a result, located as the IAM simulator locates it.
 *
 * @param policyId the policy's id ({@code SourcePolicyId})
 * @param sourcePolicyType the simulator's {@code SourcePolicyType}, or null
 * @param sid the Sid, or null
 * @param index 0-based index of the statement in its policy
 * @param span the statement's text: its opening brace to one past its closing brace
 */
public record MatchedStatement(
    String policyId, PolicyType policyType, String sourcePolicyType, String sid, int index, Effect effect, Span span) {}
