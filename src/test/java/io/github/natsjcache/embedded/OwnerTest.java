package io.github.natsjcache.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory is held by the JVM that claimed it until it lets go; only then can it be taken over. */
@Tag("unit")
class OwnerTest {

  @TempDir Path directory;

  @Test
  void claimed_cannotBeTakenOver_evenByThisJvm() throws IOException {
    Owner owner = Owner.claim(directory);
    try {
      assertEquals(Optional.empty(), Owner.takeOver(directory));
      assertEquals(Optional.empty(), Owner.takeOver(directory.resolve(".")), "another path to it");
      assertTrue(Files.isRegularFile(directory.resolve(Owner.FILE)), "the owner file is in place");
    } finally {
      owner.close();
    }
  }

  @Test
  void released_canBeTakenOver_once() throws IOException {
    Owner.claim(directory).close();

    Optional<Owner> taken = Owner.takeOver(directory);
    try {
      assertTrue(taken.isPresent(), "nobody holds it");
      assertEquals(Optional.empty(), Owner.takeOver(directory), "it is held while it is cleared away");
    } finally {
      taken.ifPresent(Owner::close);
    }
  }

  @Test
  void withoutOwnerFile_cannotBeTakenOver() throws IOException {
    assertEquals(Optional.empty(), Owner.takeOver(directory));
  }
}
