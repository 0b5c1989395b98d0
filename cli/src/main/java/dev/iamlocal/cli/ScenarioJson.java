package dev.iamlocal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.iamlocal.condition.ConditionTrace;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.StatementTrace;
import dev.iamlocal.cli.scenario.Expectation;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.cli.scenario.SourceLocation;
import java.io.IOException;
import java.util.List;

/**
 * The JSON form of one simulated scenario: {@code name}, {@code index}, {@code decision},
 * {@code matchedStatements}, {@code blockedBy}, {@code reason}, the expectation if any, and the
 * {@code explanation} (every statement's trace, and notes). Positions are 1-based line and column
 * within the policy's own text, as the IAM simulator counts them; {@code fileStart}/{@code fileEnd}
 * are the same places in the scenario file, for a policy written there as a JSON object (null for
 * one written as a string, whose lines are not the file's). The indexes are 0-based, as in the engine's API: {@code index} is
 * the scenario's place in the file (the text table's {@code #} column is {@code index + 1}) and
 * {@code statementIndex} the statement's place in its policy ({@code #1} in text is 0).
 */
final class ScenarioJson {

  private ScenarioJson() {}

  static void write(JsonGenerator g, Scenario s, Explanation e, Expectation expected, boolean asExpected)
      throws IOException {
    Decision d = e.decision();
    ScenarioPositions at = new ScenarioPositions(s);
    g.writeStartObject();
    g.writeStringField("name", s.name());
    g.writeNumberField("index", s.index());
    g.writeStringField("decision", d.outcome().json());
    g.writeArrayFieldStart("matchedStatements");
    for (MatchedStatement m : d.matchedStatements()) {
      g.writeStartObject();
      g.writeStringField("policyId", m.policyId());
      g.writeStringField("policyType", m.policyType().json());
      g.writeStringField("sid", m.sid());
      g.writeNumberField("statementIndex", m.index());
      g.writeStringField("effect", m.effect().json());
      Json.position(g, "start", m.span().start(), "line", "column");
      Json.position(g, "end", m.span().end(), "line", "column");
      filePosition(g, "fileStart", at.file(m.policyType(), m.policyId(), -1, m.span().start()));
      filePosition(g, "fileEnd", at.file(m.policyType(), m.policyId(), -1, m.span().end()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("blockedBy", d.blockedBy() == null ? null : d.blockedBy().json());
    g.writeStringField("reason", d.reason());
    if (d.allowedByPermissionsBoundary() != null) {
      g.writeBooleanField("allowedByPermissionsBoundary", d.allowedByPermissionsBoundary());
    }
    if (d.allowedByOrganizations() != null) {
      g.writeBooleanField("allowedByOrganizations", d.allowedByOrganizations());
    }
    if (expected != null) {
      g.writeStringField("expected", expected.json());
      g.writeBooleanField("asExpected", asExpected);
    }
    g.writeObjectFieldStart("explanation");
    g.writeArrayFieldStart("statements");
    for (StatementTrace t : e.statements()) {
      g.writeStartObject();
      g.writeStringField("policyId", t.policyId());
      g.writeStringField("policyType", t.policyType().json());
      if (t.level() >= 0) {
        g.writeNumberField("level", t.level());
      }
      g.writeStringField("statement", t.label());
      g.writeNumberField("statementIndex", t.index());
      g.writeStringField("effect", t.effect() == null ? null : t.effect().json());
      Json.position(g, "start", t.span().start(), "line", "column");
      Json.position(g, "end", t.span().end(), "line", "column");
      filePosition(g, "fileStart", at.file(t.policyType(), t.policyId(), t.level(), t.span().start()));
      filePosition(g, "fileEnd", at.file(t.policyType(), t.policyId(), t.level(), t.span().end()));
      g.writeBooleanField("applies", t.applies());
      g.writeBooleanField("decisive", t.decisive());
      g.writeStringField("mismatch", t.mismatch().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("detail", t.detail());
      if (!t.conditions().isEmpty()) {
        g.writeArrayFieldStart("conditions");
        for (ConditionTrace c : t.conditions()) {
          g.writeStartObject();
          g.writeStringField("operator", c.condition().operator().value());
          g.writeStringField("key", c.condition().key().value());
          strings(g, "policyValues", c.policyValues());
          strings(g, "requestValues", c.requestValues());
          g.writeBooleanField("matched", c.matched());
          g.writeStringField("reason", c.reason());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notes");
    for (String n : e.notes()) {
      g.writeString(n);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void filePosition(JsonGenerator g, String field, SourceLocation at) throws IOException {
    if (at == null) {
      g.writeNullField(field);
      return;
    }
    g.writeObjectFieldStart(field);
    g.writeNumberField("line", at.line());
    g.writeNumberField("column", at.column());
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    if (values == null) {
      g.writeNullField(field);
      return;
    }
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
