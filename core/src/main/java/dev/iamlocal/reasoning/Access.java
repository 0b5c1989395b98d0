package dev.iamlocal.reasoning;

import java.util.List;

/**
 * Access Analyzer's {@code Access}: actions and resources (either may be empty, not both). The
 * access is granted if some listed action (a pattern, as in a policy) is allowed on some listed
 * resource (an ARN pattern); with no actions, any action; with no resources, any resource.
 */
public record Access(List<String> actions, List<String> resources) {

  public Access {
    actions = actions == null ? List.of() : List.copyOf(actions);
    resources = resources == null ? List.of() : List.copyOf(resources);
    if (actions.isEmpty() && resources.isEmpty()) {
      throw new IllegalArgumentException("an access entry needs actions or resources (or both)");
    }
  }
}
