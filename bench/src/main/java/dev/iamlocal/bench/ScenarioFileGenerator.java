package dev.iamlocal.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes a large scenario file for {@code iamlocal simulate} benchmarks: N scenarios (a JSON
 * array in the format of issue 2) cycling over 20 distinct policy combinations built from the seed
 * policies, with varied principals, actions, resources and context. Deterministic for a given
 * random seed.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.iamlocal.bench.ScenarioFileGenerator \
 *     [--count 200000] [--seeds cli/src/test/resources/seed-policies] [--random-seed 42] --out big.json
 * </pre>
 * Policies are written inline as JSON objects, exactly as in the seed files, so every scenario
 * carries its own policies (the reader must cache compiled sets by content).
 */
public final class ScenarioFileGenerator {

  private static final String ACCOUNT = "111122223333";
  private static final String[] ACTIONS = {
      "sagemaker:CreateTrainingJob", "sagemaker:CreateHyperParameterTuningJob", "sagemaker:DescribeNotebookInstance",
      "sagemaker:CreateNotebookInstance", "sagemaker:ListNotebookInstances", "sagemaker:CreatePresignedNotebookInstanceUrl",
      "sagemaker:CreateEndpoint", "sagemaker:CreateLabelingJob", "sagemaker:AddTags", "sagemaker:StopNotebookInstance",
      "iam:GetUser", "iam:PassRole", "s3:GetObject", "ec2:DescribeVpcs"};
  private static final String[] RESOURCE_TYPES = {
      "training-job/job-", "notebook-instance/nb-", "endpoint/ep-", "labeling-job/lj-", "hyper-parameter-tuning-job/t-"};
  private static final String BOUNDARY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:*\",\"iam:Get*\"],\"Resource\":\"*\"}]}";
  private static final String SCP_ROOT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
  private static final String SCP_OU =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
      + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":"
      + "{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]}}}]}";

  private ScenarioFileGenerator() {}

  public static void main(String[] args) throws IOException {
    int count = 200_000;
    Path seeds = Path.of("cli/src/test/resources/seed-policies");
    long randomSeed = 42;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = Path.of(args[++i]);
        case "--random-seed" -> randomSeed = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("usage: ScenarioFileGenerator [--count N] [--seeds DIR] [--random-seed S] --out FILE");
          System.exit(2);
        }
      }
    }
    if (out == null) {
      System.err.println("usage: ScenarioFileGenerator [--count N] [--seeds DIR] [--random-seed S] --out FILE");
      System.exit(2);
    }
    List<String> seedTexts = readSeeds(seeds);
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      write(w, count, seedTexts, new Random(randomSeed));
    }
    System.err.println("wrote " + count + " scenarios to " + out + " (" + Files.size(out) / (1024 * 1024) + " MiB)");
  }

  /** The seed policies, in file-name order. */
  static List<String> readSeeds(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.json")).sorted().toList();
    }
    if (files.size() < 23) {
      throw new IOException(dir + " holds " + files.size() + " seed policies, expected 23");
    }
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      out.add(Files.readString(f, StandardCharsets.UTF_8).strip());
    }
    return out;
  }

  /** Writes the JSON array of {@code count} scenarios. */
  static void write(Writer w, int count, List<String> seeds, Random rnd) throws IOException {
    List<String> combos = combos(seeds);
    w.write("[\n");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        w.write(",\n");
      }
      String combo = combos.get(i % combos.size());
      String user = "user" + rnd.nextInt(50);
      String principal = rnd.nextInt(3) == 0
          ? "arn:aws:sts::" + ACCOUNT + ":assumed-role/DataScientist/" + user
          : "arn:aws:iam::" + ACCOUNT + ":user/" + user;
      String action = ACTIONS[rnd.nextInt(ACTIONS.length)];
      String resource = action.startsWith("iam:GetUser") ? "arn:aws:iam::" + ACCOUNT + ":user/" + (rnd.nextBoolean() ? user : "other")
          : action.startsWith("sagemaker:List") ? "*"
          : "arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":" + RESOURCE_TYPES[rnd.nextInt(RESOURCE_TYPES.length)] + rnd.nextInt(1000);
      StringBuilder b = new StringBuilder(256);
      b.append("{\"name\":\"s").append(i).append("\",").append(combo)
          .append(",\"principal\":\"").append(principal).append('"')
          .append(",\"principalTags\":{\"team\":\"").append(rnd.nextBoolean() ? "ml" : "data").append("\"}")
          .append(",\"action\":\"").append(action).append('"')
          .append(",\"resource\":\"").append(resource).append('"')
          .append(",\"context\":{");
      b.append("\"sagemaker:ResourceTag/Project\":\"").append(rnd.nextBoolean() ? "A" : "B").append('"');
      b.append(",\"aws:SourceIp\":\"").append(rnd.nextBoolean() ? "192.0.2." : "198.51.100.").append(rnd.nextInt(256)).append('"');
      if (rnd.nextBoolean()) {
        b.append(",\"aws:SourceVpc\":\"vpc-").append(rnd.nextBoolean() ? "111bbb22" : "0abc").append('"');
      }
      if (rnd.nextBoolean()) {
        b.append(",\"sagemaker:InstanceTypes\":[\"ml.").append(rnd.nextBoolean() ? "c5" : "p3").append(".xlarge\"]");
      }
      if (rnd.nextInt(4) == 0) {
        b.append(",\"aws:RequestedRegion\":\"ap-south-1\"");
      }
      b.append("}}");
      w.write(b.toString());
    }
    w.write("\n]\n");
  }

  /** 20 policy combinations: pairs and triples of seeds, some with a boundary or an SCP chain. */
  static List<String> combos(List<String> seeds) {
    int[][] identity = {
        {20}, {21}, {0}, {1}, {3}, {6, 13}, {10, 11}, {12, 16}, {14, 15}, {17, 18},
        {4, 5}, {7, 8, 9}, {22, 20}, {0, 20}, {3, 21}, {13, 6, 16}, {18, 19}, {0, 2}, {1, 22}, {16, 17}};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < identity.length; i++) {
      StringBuilder b = new StringBuilder("\"identityPolicies\":[");
      for (int j = 0; j < identity[i].length; j++) {
        if (j > 0) {
          b.append(',');
        }
        b.append(seeds.get(identity[i][j]));
      }
      b.append(']');
      if (i % 4 == 1) {
        b.append(",\"permissionsBoundary\":").append(BOUNDARY);
      }
      if (i % 5 == 2) {
        b.append(",\"serviceControlPolicies\":[[").append(SCP_ROOT).append("],[").append(SCP_OU).append("]]");
      }
      out.add(b.toString());
    }
    return out;
  }
}
