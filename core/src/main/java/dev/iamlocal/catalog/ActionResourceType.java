package dev.iamlocal.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One row of an action's resource-type table.
 *
 * @param name key into the service's resource types
 * @param required true where AWS marks the row with {@code *}
 * @param conditionKeys keys that apply only to this action and resource type
 * @param dependentActions {@code prefix:Action} names AWS lists for this row
 */
public record ActionResourceType(
    String name, boolean required, List<String> conditionKeys, List<String> dependentActions) {

  public ActionResourceType {
    Objects.requireNonNull(name, "name");
    conditionKeys = List.copyOf(conditionKeys);
    dependentActions = List.copyOf(dependentActions);
  }
}
