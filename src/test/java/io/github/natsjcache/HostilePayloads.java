package io.github.natsjcache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.rmi.MarshalledObject;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignedObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Serialized forms that anyone allowed to publish to a bucket could write, each aimed at the nodes that read it. */
public final class HostilePayloads {

  private HostilePayloads() {}

  /** Any object, in Java serialized form. */
  public static byte[] serialized(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A {@link Tripwire}, whose deserialization is observable. */
  public static byte[] tripwire() {
    return serialized(new Tripwire());
  }

  /** A {@code SignedObject} wrapping a {@link Tripwire}: a second stream that {@code getObject} reads unfiltered. */
  public static byte[] signedTripwire() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(1024);
      return serialized(new SignedObject(new Tripwire(), generator.generateKeyPair().getPrivate(),
          Signature.getInstance("SHA256withRSA")));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code MarshalledObject} wrapping a {@link Tripwire}: a second stream that {@code get} reads unfiltered. */
  public static byte[] marshalledTripwire() {
    try {
      return serialized(new MarshalledObject<>(new Tripwire()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Nested sets, each holding the next two of its level ("SerialDOS"): a few kilobytes whose deserialization hashes
   * 2^levels sets. Built top-down, each set added while it is still small, so that building it is cheap.
   */
  public static byte[] nestedSetsHashFlood(int levels) {
    Set<Object> root = new HashSet<>();
    Set<Object> left = root;
    Set<Object> right = new HashSet<>();
    for (int level = 0; level < levels; level++) {
      Set<Object> nextLeft = new HashSet<>();
      Set<Object> nextRight = new HashSet<>();
      nextLeft.add("level " + level);
      left.add(nextLeft);
      left.add(nextRight);
      right.add(nextLeft);
      right.add(nextRight);
      left = nextLeft;
      right = nextRight;
    }
    return serialized(root);
  }

  /**
   * Sets in {@code levels} levels of {@code width} sets, each holding every set of the next level: a couple of
   * kilobytes whose deserialization hashes width^levels sets, within any depth limit that admits {@code levels}.
   * Each set is added to its parents while it holds only its label, so that building it is cheap.
   */
  public static byte[] sharedSetsHashFlood(int width, int levels) {
    Set<Object> root = new HashSet<>();
    List<Set<Object>> level = List.of(root);
    for (int depth = 0; depth < levels; depth++) {
      List<Set<Object>> next = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        Set<Object> set = new HashSet<>();
        set.add(depth + ":" + i);
        next.add(set);
      }
      level.forEach(parent -> parent.addAll(next));
      level = next;
    }
    return serialized(root);
  }

  /** About 30 bytes that declare a {@code long[16_000_000]} (128 MB) and send none of its elements. */
  public static byte[] hugeArrayClaim() {
    byte[] one = serialized(new long[1]);
    // The stream ends with the array's length (4 bytes) and its one element (8 bytes): claim 16 million, send none.
    byte[] lie = Arrays.copyOf(one, one.length - 8);
    ByteBuffer.wrap(lie, lie.length - 4, 4).putInt(16_000_000);
    return lie;
  }
}
