package dev.iamlocal.cli;

import java.lang.management.ManagementFactory;

/** Stands in for the iamlocal jar in {@link LauncherTest}: prints the JVM options it was started with. */
public final class JvmArgsMain {

  private JvmArgsMain() {}

  public static void main(String[] args) {
    ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
    System.out.println("args " + String.join(" ", args));
  }
}
