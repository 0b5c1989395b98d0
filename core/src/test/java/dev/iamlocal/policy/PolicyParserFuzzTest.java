package dev.iamlocal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (a): policy text is untrusted input (the bytes are read as UTF-8). {@link PolicyParser#parseLenient} never throws,
 * and {@link PolicyParser#parse} throws nothing but {@link PolicyParseException}, exactly when the
 * lenient parse reports a problem.
 *
 * <p>{@code mvn test} replays the saved inputs in
 * {@code src/test/resources/dev/iamlocal/policy/PolicyParserFuzzTestInputs/parse/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/fuzzing.md).
 */
class PolicyParserFuzzTest {

  @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"Version\"", "\"2012-10-17\"", "\"2008-10-17\"", "\"Id\"",
      "\"Statement\"", "\"Sid\"", "\"Effect\"", "\"Allow\"", "\"Deny\"", "\"Principal\"", "\"NotPrincipal\"",
      "\"AWS\"", "\"Service\"", "\"Federated\"", "\"CanonicalUser\"", "\"Action\"", "\"NotAction\"", "\"Resource\"",
      "\"NotResource\"", "\"Condition\"", "\"StringEquals\"", "\"ForAllValues:StringLike\"", "IfExists", "\"Null\"",
      "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"", "${aws:username}", "${*}", "true", "null", "1e999", "\\u0000"})
  @FuzzTest(maxDuration = "10m")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    PolicyParser.Result lenient = PolicyParser.parseLenient(text);
    assertThat(lenient.problems()).isNotNull();
    Throwable thrown = catchThrowable(() -> PolicyParser.parse(text));
    if (lenient.ok()) {
      assertThat(thrown).isNull();
      assertThat(lenient.document().statements()).isNotNull();
    } else {
      assertThat(thrown).isInstanceOf(PolicyParseException.class);
      assertThat(((PolicyParseException) thrown).problems()).isNotEmpty();
    }
  }
}
