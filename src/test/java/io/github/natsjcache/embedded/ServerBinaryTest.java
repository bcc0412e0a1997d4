package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nats://embedded} runs the newest {@code nats-server} it finds, by what each binary says its version is. */
@Tag("unit")
class ServerBinaryTest {

  @TempDir
  Path directory;

  @Test
  void newestOf_picksTheHighestVersion_notTheFirstFound() throws IOException {
    Path debian = fakeServer("sbin", "nats-server: v2.9.10");
    Path current = fakeServer("tools", "nats-server: v2.15.2");
    Path older = fakeServer("bin", "nats-server: v2.10.29");

    ServerBinary chosen = ServerBinary.newestOf(List.of(debian, current, older)).orElseThrow();

    assertEquals(new ServerBinary(current, "2.15.2"), chosen);
  }

  @Test
  void newestOf_skipsWhatDoesNotRunOrSaysNoVersion() throws IOException {
    Path broken = fakeServer("broken", "segmentation fault");
    Path missing = directory.resolve("missing/nats-server");
    Path debian = fakeServer("sbin", "nats-server: v2.9.10");

    assertEquals(new ServerBinary(debian, "2.9.10"),
        ServerBinary.newestOf(List.of(broken, missing, debian)).orElseThrow());
    assertTrue(ServerBinary.newestOf(List.of(broken, missing)).isEmpty());
  }

  /** A script named nats-server that prints {@code versionLine} when asked its version. */
  private Path fakeServer(String folder, String versionLine) throws IOException {
    Path binary = Files.createDirectories(directory.resolve(folder)).resolve("nats-server");
    Files.writeString(binary, "#!/bin/sh\necho '" + versionLine + "'\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    return binary;
  }
}
