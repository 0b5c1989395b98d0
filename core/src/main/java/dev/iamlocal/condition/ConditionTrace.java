package dev.iamlocal.condition;

import dev.iamlocal.policy.ConditionEntry;
import java.util.List;

/**
 * How one condition fared against one request, for explanations.
 *
 * @param requestValues the key's values in the request, or null if absent
 * @param policyValues the policy's values with variables resolved
 * @param reason one readable line
 */
public record ConditionTrace(
    ConditionEntry condition, boolean matched, List<String> requestValues, List<String> policyValues, String reason) {}
