package dev.iamlocal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A service definition plus lookup structures, each built the first time a question needs it: a
 * broad wildcard policy loads hundreds of services only to list their actions, and building every
 * map, regex and ARN matcher up front for those was a measurable share of a validation run.
 *
 * <p>The lazy fields are immutable once built and published through volatile writes; two threads
 * may both build one, which is harmless (equal results, last write wins).
 */
final class LoadedService {

  final ServiceDefinition definition;
  private volatile Map<String, ActionDefinition> actions;
  private volatile Map<String, ConditionKeyDefinition> keys;
  private volatile List<KeyPattern> keyPatterns;
  private volatile List<Map.Entry<ResourceTypeDefinition, ArnFormatMatcher>> arnMatchers;

  record KeyPattern(Pattern pattern, ConditionKeyDefinition key) {}

  LoadedService(ServiceDefinition definition) {
    this.definition = definition;
  }

  static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  Optional<ActionDefinition> action(String name) {
    Map<String, ActionDefinition> m = actions;
    if (m == null) {
      m = new HashMap<>(definition.actions().size() * 2);
      for (ActionDefinition a : definition.actions()) {
        m.put(lower(a.name()), a);
      }
      actions = m;
    }
    return Optional.ofNullable(m.get(lower(name)));
  }

  Optional<ConditionKeyDefinition> exactKey(String name) {
    Map<String, ConditionKeyDefinition> m = keys;
    if (m == null) {
      m = new HashMap<>(definition.conditionKeys().size() * 2);
      for (ConditionKeyDefinition k : definition.conditionKeys()) {
        m.put(lower(k.name()), k);
      }
      keys = m;
    }
    return Optional.ofNullable(m.get(lower(name)));
  }

  Optional<ConditionKeyDefinition> patternKey(String name) {
    List<KeyPattern> patterns = keyPatterns;
    if (patterns == null) {
      List<KeyPattern> built = new ArrayList<>();
      for (ConditionKeyDefinition k : definition.conditionKeys()) {
        k.regex().ifPresent(r -> built.add(new KeyPattern(compile(r), k)));
      }
      keyPatterns = patterns = List.copyOf(built);
    }
    for (KeyPattern p : patterns) {
      if (p.pattern().matcher(name).matches()) {
        return Optional.of(p.key());
      }
    }
    return Optional.empty();
  }

  List<Map.Entry<ResourceTypeDefinition, ArnFormatMatcher>> arnMatchers() {
    List<Map.Entry<ResourceTypeDefinition, ArnFormatMatcher>> m = arnMatchers;
    if (m == null) {
      List<Map.Entry<ResourceTypeDefinition, ArnFormatMatcher>> built = new ArrayList<>();
      for (ResourceTypeDefinition rt : definition.resourceTypes()) {
        built.add(Map.entry(rt, ArnFormatMatcher.compile(rt.arnFormat())));
      }
      arnMatchers = m = List.copyOf(built);
    }
    return m;
  }
}
