package dev.iamlocal.server.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * List indices of Query parameter names as AWS reads them: a number, so {@code PolicyInputList.member.01}
 * is the first member (stackd's recording of GetContextKeysForCustomPolicy, query_collections.json,
 * 2026-09-12). The operations that read their parameters by name then see what the model's reader saw.
 */
final class ListIndices {

  private static final Pattern LEADING_ZEROS = Pattern.compile("\\.member\\.0+([1-9][0-9]*)(?=\\.|$)");

  private ListIndices() {}

  /** {@code params} with every {@code .member.0N} written {@code .member.N}; a name already given wins. */
  static Map<String, String> canonical(Map<String, String> params) {
    boolean any = false;
    for (String k : params.keySet()) {
      if (k.contains(".member.0")) {
        any = true;
        break;
      }
    }
    if (!any) {
      return params;
    }
    Map<String, String> out = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      Matcher m = LEADING_ZEROS.matcher(k);
      out.putIfAbsent(m.find() ? m.replaceAll(".member.$1") : k, v);
    });
    return out;
  }
}
