package dev.iamlocal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A service definition plus the lookup structures built once when it is first used. */
final class LoadedService {

  final ServiceDefinition definition;
  private final Map<String, ActionDefinition> actions = new HashMap<>();
  private final Map<String, ConditionKeyDefinition> keys = new HashMap<>();
  private final List<KeyPattern> keyPatterns = new ArrayList<>();
  private final List<Map.Entry<ResourceTypeDefinition, ArnFormatMatcher>> arnMatchers =
      new ArrayList<>();

  record KeyPattern(Pattern pattern, ConditionKeyDefinition key) {}

  LoadedService(ServiceDefinition definition) {
    this.definition = definition;
    for (ActionDefinition a : definition.actions()) {
      actions.put(lower(a.name()), a);
    }
    for (ConditionKeyDefinition k : definition.conditionKeys()) {
      keys.put(lower(k.name()), k);
      k.regex().ifPresent(r -> keyPatterns.add(new KeyPattern(compile(r), k)));
    }
    for (ResourceTypeDefinition rt : definition.resourceTypes()) {
      arnMatchers.add(Map.entry(rt, ArnFormatMatcher.compile(rt.arnFormat())));
    }
  }

  static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  Optional<ActionDefinition> action(String name) {
    return Optional.ofNullable(actions.get(lower(name)));
  }

  Optional<ConditionKeyDefinition> exactKey(String name) {
    return Optional.ofNullable(keys.get(lower(name)));
  }

  Optional<ConditionKeyDefinition> patternKey(String name) {
    for (KeyPattern p : keyPatterns) {
      if (p.pattern().matcher(name).matches()) {
        return Optional.of(p.key());
      }
    }
    return Optional.empty();
  }

  List<Map.Entry<ResourceTypeDefinition, ArnFormatMatcher>> arnMatchers() {
    return arnMatchers;
  }
}
