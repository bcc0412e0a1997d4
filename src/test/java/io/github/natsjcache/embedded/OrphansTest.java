package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reaper never mistakes a directory this JVM uses for an orphan, whatever its owner file says. */
@Tag("server")
class OrphansTest {

  @Test
  void ownDirectory_ownerFileWithAnotherStartTime_isNotReaped() throws IOException {
    ServerDirectory ours = ServerDirectory.create();
    List<String> arguments = new ArrayList<>(List.of("-a", "127.0.0.1", "-p", "-1", "-js"));
    arguments.addAll(ours.serverArguments(null));
    ServerProcess server = ServerProcess.start(ServerBinary.find().path(), arguments);
    ServerDirectory another = ServerDirectory.create();
    try {
      // What a JVM started after a step of the wall clock computes for this one: another start time.
      long start = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElseThrow();
      Files.writeString(ours.path().resolve("owner"), ProcessHandle.current().pid() + " " + (start + 1000),
          StandardCharsets.US_ASCII);

      Orphans.reapBeside(another);

      assertTrue(Files.isDirectory(ours.path()), ours.path() + " is still there");
      assertTrue(server.isAlive(), "its server still runs");
    } finally {
      server.stop();
      ours.delete();
      another.delete();
    }
  }
}
