package dev.iamlocal.reasoning;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static final Prover P = Prover.bundled();

  static String pol(String stmts) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + stmts + "]}";
  }

  @Test
  void basic() {
    String old = pol("{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]}");
    String nw = pol("{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:GetObjectAcl\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]}");
    long t = System.nanoTime();
    CheckResult r = P.checkNoNewAccess(nw, old, AccessCheckPolicyType.IDENTITY_POLICY);
    System.out.println(r + " " + (System.nanoTime() - t) / 1e6);
    assertFalse(r.pass());
    CheckResult r2 = P.checkNoNewAccess(old, nw, AccessCheckPolicyType.IDENTITY_POLICY);
    System.out.println(r2);
    assertTrue(r2.pass());
    String cond = pol("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
    String cond2 = pol("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.1.0.0/16\"}}}");
    assertTrue(P.checkNoNewAccess(cond2, cond, AccessCheckPolicyType.IDENTITY_POLICY).pass());
    CheckResult r3 = P.checkNoNewAccess(cond, cond2, AccessCheckPolicyType.IDENTITY_POLICY);
    System.out.println(r3);
    assertFalse(r3.pass());
    String vars = pol("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}");
    String users = pol("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::*:user/*\"}");
    assertTrue(P.checkNoNewAccess(vars, users, AccessCheckPolicyType.IDENTITY_POLICY).pass());
    CheckResult r4 = P.checkNoNewAccess(users, vars, AccessCheckPolicyType.IDENTITY_POLICY);
    System.out.println(r4);
    assertFalse(r4.pass());
    CheckResult r5 = P.checkAccessNotGranted(vars, List.of(new Access(List.of("iam:GetUser"), List.of())), AccessCheckPolicyType.IDENTITY_POLICY);
    System.out.println(r5);
    CheckResult r6 = P.checkNoPublicAccess(pol("{\"Sid\":\"Bob\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\"]}"), "AWS::S3::Bucket");
    System.out.println(r6);
    assertFalse(r6.pass());
    CheckResult r7 = P.checkNoPublicAccess(pol("{\"Sid\":\"Bob\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-123\"}}}"), "AWS::S3::Bucket");
    System.out.println(r7);
    assertTrue(r7.pass());
  }
}
