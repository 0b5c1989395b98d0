package dev.iamlocal.request;

import dev.iamlocal.variables.VariableSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The condition keys of one request: case-insensitive names (spec §2), each with one value or a
 * list of values. Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>Two keys that differ only in case (tags {@code EC2} and {@code ec2}) merge into one key with
 * both values, so a condition on either spelling sees both, and can match either value (spec §8).
 */
public final class RequestContext implements VariableSource {

  private static final RequestContext EMPTY = new RequestContext(Map.of());

  /** Lower-cased key to value; never changed (see {@link Builder#build()}), never handed out. */
  private final Map<String, ContextValue> values;

  private RequestContext(Map<String, ContextValue> values) {
    this.values = values;
  }

  public static RequestContext empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this context's keys, to add or override some (it copies them at its first change). */
  public Builder toBuilder() {
    return new Builder(values);
  }

  /** The key's value(s), or null when the request does not carry it. */
  public ContextValue get(String key) {
    return values.get(key.toLowerCase(Locale.ROOT));
  }

  /** Like {@link #get} for a key already lower-cased (the evaluator's hot path). */
  public ContextValue getNormalized(String normalizedKey) {
    return values.get(normalizedKey);
  }

  public boolean contains(String key) {
    return get(key) != null;
  }

  /** Every key, in insertion order. */
  public List<ContextValue> entries() {
    return List.copyOf(values.values());
  }

  /** Every key, in insertion order, as a read-only view: {@link #entries()} without the copy, to iterate. */
  public java.util.Collection<ContextValue> values() {
    return java.util.Collections.unmodifiableCollection(values.values());
  }

  @Override
  public String singleValue(String normalizedKey) {
    ContextValue v = values.get(normalizedKey);
    return v == null ? null : v.single();
  }

  @Override
  public String toString() {
    return values.values().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Collects keys; later calls for the same key (any case) replace earlier ones. */
  public static final class Builder {
    /** Starts as the shared empty map: a builder left empty (most are replaced or built empty) allocates no map. */
    private Map<String, ContextValue> values = Map.of();
    /**
     * Whether {@link #build()} handed {@link #values} to a context: the next change copies it
     * first. A context is built for every request, usually from a builder never touched again, so
     * the copy is paid only by builders that go on.
     */
    private boolean shared;

    private Builder() {
      this.shared = true;
    }

    private Builder(Map<String, ContextValue> of) {
      this.values = of;
      this.shared = true;
    }

    /** Whether no key is set. */
    public boolean isEmpty() {
      return values.isEmpty();
    }

    private Map<String, ContextValue> writable() {
      if (shared) {
        // sized for the keys a builder typically goes on to add (GlobalKeys.fill: 11 for a user's
        // request): a copy sized for the keys it holds grew through 2, 4, 8 and 16 slots
        Map<String, ContextValue> copy = new LinkedHashMap<>(capacityFor(values.size() + 11));
        copy.putAll(values);
        values = copy;
        shared = false;
      }
      return values;
    }

    /** The initial capacity of a hash map that holds {@code n} entries without growing. */
    private static int capacityFor(int n) {
      return (int) Math.ceil(n / 0.75);
    }

    /** Sets a single-valued key. */
    public Builder put(String key, String value) {
      writable().put(key.toLowerCase(Locale.ROOT), new ContextValue(key, List.of(value), false));
      return this;
    }

    /** Sets a multivalued key (a list, even of one value). */
    public Builder putList(String key, List<String> list) {
      writable().put(key.toLowerCase(Locale.ROOT), new ContextValue(key, list, true));
      return this;
    }

    /**
     * Adds a single-valued key unless a key with the same name (in any case) is already set:
     * for defaults that a caller's explicit values override.
     */
    public Builder putIfAbsent(String key, String value) {
      return putIfAbsent(key, key.toLowerCase(Locale.ROOT), value);
    }

    /** As {@link #putIfAbsent(String, String)} with the key's lower-case form known (constant keys). */
    Builder putIfAbsent(String key, String normalizedKey, String value) {
      if (!values.containsKey(normalizedKey)) {
        writable().put(normalizedKey, new ContextValue(key, List.of(value), false));
      }
      return this;
    }

    /**
     * Adds a value to a single-valued key that another spelling already set (tag keys that differ
     * only in case); see the class comment.
     */
    public Builder merge(String key, String value) {
      String k = key.toLowerCase(Locale.ROOT);
      ContextValue old = values.get(k);
      if (old == null) {
        return put(key, value);
      }
      List<String> vs = new ArrayList<>(old.values());
      vs.add(value);
      writable().put(k, new ContextValue(old.key(), vs, old.multivalued()));
      return this;
    }

    public Builder remove(String key) {
      String k = key.toLowerCase(Locale.ROOT);
      if (values.containsKey(k)) {
        writable().remove(k);
      }
      return this;
    }

    public boolean contains(String key) {
      return values.containsKey(key.toLowerCase(Locale.ROOT));
    }

    public RequestContext build() {
      if (values.isEmpty()) {
        return EMPTY;
      }
      shared = true;
      // the map itself, not a view: never changed once shared, and toBuilder() can share it again
      return new RequestContext(values);
    }
  }
}
