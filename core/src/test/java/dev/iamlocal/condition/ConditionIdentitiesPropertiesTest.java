package dev.iamlocal.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.JsonPath;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Span;
import dev.iamlocal.request.RequestContext;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Identities between negated operators, their positive twins, set qualifiers and IfExists (spec §6.1, §6.3, §6.4, §6.6). */
class ConditionIdentitiesPropertiesTest {

  /** A negated operator, its positive twin, and a pool of values valid for both policy and request. */
  record Case(Operator negated, Operator positive, List<String> policyValues, List<String> requestValues, boolean present) {}

  static final Object[][] PAIRS = {
      {Operator.STRING_NOT_EQUALS, Operator.STRING_EQUALS, List.of("a", "b", "A", "", "a*")},
      {Operator.STRING_NOT_EQUALS_IGNORE_CASE, Operator.STRING_EQUALS_IGNORE_CASE, List.of("a", "b", "A", "B", "")},
      {Operator.STRING_NOT_LIKE, Operator.STRING_LIKE, List.of("a", "b*", "*a", "?", "a?b", "*", "ab", "ba")},
      {Operator.NUMERIC_NOT_EQUALS, Operator.NUMERIC_EQUALS, List.of("1", "1.0", "2", "-1", "10", "x")},
      {Operator.DATE_NOT_EQUALS, Operator.DATE_EQUALS, List.of("2020-01-01", "2020-01-01T00:00:00Z", "1577836800", "2021-06-01T12:00:00+02:00", "x")},
      {Operator.NOT_IP_ADDRESS, Operator.IP_ADDRESS, List.of("10.0.0.0/8", "10.1.2.3", "192.0.2.0/24", "2001:db8::/32", "2001:db8::1", "x")},
      {Operator.ARN_NOT_EQUALS, Operator.ARN_EQUALS, List.of("arn:aws:s3:::b", "arn:aws:s3:::*", "arn:aws:*:*:*:x", "arn:aws:s3:::c", "x")},
      {Operator.ARN_NOT_LIKE, Operator.ARN_LIKE, List.of("arn:aws:s3:::b", "arn:aws:s3:::b?", "arn:aws:iam::1:role/*", "arn:aws:iam::1:role/r", "*")}};

  @SuppressWarnings("unchecked")
  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.of(PAIRS).flatMap(pair -> {
      List<String> pool = (List<String>) pair[2];
      Arbitrary<List<String>> policyVals = Arbitraries.of(pool)
          .filter(v -> !v.equals("x")) // policy values must be valid for their operator
          .list().ofMinSize(1).ofMaxSize(3);
      Arbitrary<List<String>> requestVals = Arbitraries.of(pool).list().ofMinSize(1).ofMaxSize(3);
      return Combinators.combine(policyVals, requestVals, Arbitraries.of(true, false))
          .as((p, r, present) -> new Case((Operator) pair[0], (Operator) pair[1], p, r, present));
    });
  }

  static Condition compile(String op, List<String> values) {
    List<PolicyString> vs = values.stream().map(v -> new PolicyString(v, Span.UNKNOWN, JsonPath.ROOT)).toList();
    Condition c = Condition.compile(new ConditionEntry(new PolicyString(op, Span.UNKNOWN, JsonPath.ROOT),
        new PolicyString("k:key", Span.UNKNOWN, JsonPath.ROOT), vs, true, JsonPath.ROOT), true);
    assertThat(c.error()).as(op + " " + values).isNull();
    return c;
  }

  static RequestContext single(Case c) {
    return c.present() ? RequestContext.builder().put("k:key", c.requestValues().get(0)).build() : RequestContext.empty();
  }

  static RequestContext multi(Case c) {
    return c.present() ? RequestContext.builder().putList("K:KEY", c.requestValues()).build() : RequestContext.empty();
  }

  @Property(tries = 400)
  void negatedIsNotOfPositiveWhenKeyPresent(@ForAll("cases") Case c) {
    boolean n = compile(c.negated().jsonName(), c.policyValues()).evaluate(single(c));
    boolean p = compile(c.positive().jsonName(), c.policyValues()).evaluate(single(c));
    if (c.present()) {
      assertThat(n).isEqualTo(!p);
    } else {
      assertThat(n).isTrue();
      assertThat(p).isFalse();
    }
  }

  @Property(tries = 400)
  void forAllValuesOfOneIsNotForAnyValueOfTheOther(@ForAll("cases") Case c) {
    RequestContext ctx = multi(c);
    String n = c.negated().jsonName();
    String p = c.positive().jsonName();
    List<String> v = c.policyValues();
    assertThat(compile("ForAllValues:" + p, v).evaluate(ctx)).isEqualTo(!compile("ForAnyValue:" + n, v).evaluate(ctx));
    assertThat(compile("ForAllValues:" + n, v).evaluate(ctx)).isEqualTo(!compile("ForAnyValue:" + p, v).evaluate(ctx));
  }

  @Property(tries = 400)
  void ifExistsEqualsBaseWhenPresentAndIsTrueWhenAbsent(@ForAll("cases") Case c) {
    for (Operator op : List.of(c.negated(), c.positive())) {
      for (RequestContext ctx : List.of(single(c), multi(c))) {
        boolean base = compile(op.jsonName(), c.policyValues()).evaluate(ctx);
        boolean ifExists = compile(op.jsonName() + "IfExists", c.policyValues()).evaluate(ctx);
        assertThat(ifExists).isEqualTo(c.present() ? base : true);
        for (String q : List.of("ForAllValues:", "ForAnyValue:")) {
          assertThat(compile(q + op.jsonName() + "IfExists", c.policyValues()).evaluate(ctx))
              .isEqualTo(compile(q + op.jsonName(), c.policyValues()).evaluate(ctx));
        }
      }
    }
  }
}
