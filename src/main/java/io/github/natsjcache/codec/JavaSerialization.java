package io.github.natsjcache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization with the cache manager's class loader and a {@link SerializationPolicy} filter; shared by the
 * value codec and the key encoding.
 */
public final class JavaSerialization {

  /** Refuses every class: a stream holding a string needs none. */
  private static final ObjectInputFilter NO_CLASS = info -> info.serialClass() == null && info.depth() <= 1
      ? ObjectInputFilter.Status.UNDECIDED : ObjectInputFilter.Status.REJECTED;

  private final ClassLoader classLoader;
  private final ObjectInputFilter filter;
  private final long maxBytes;

  /**
   * Creates the serializer.
   *
   * @param classLoader the loader that resolves classes while deserializing (the cache manager's)
   * @param policy what deserialization may build
   */
  public JavaSerialization(ClassLoader classLoader, SerializationPolicy policy) {
    this.classLoader = classLoader;
    this.filter = policy.toFilter();
    this.maxBytes = policy.maxBytes();
  }

  byte[] serialize(Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new CodecException("Cannot serialize a " + object.getClass().getName() + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  Object deserialize(byte[] bytes) {
    return deserialize(bytes, filter);
  }

  /** A serialized string, and nothing else: no class of any kind is resolved, let alone instantiated. */
  String deserializeString(byte[] bytes) {
    if (deserialize(bytes, NO_CLASS) instanceof String text) {
      return text;
    }
    throw new CodecException("Not a serialized string");
  }

  private Object deserialize(byte[] bytes, ObjectInputFilter with) {
    // The filter's maxbytes is checked only at class descriptors and objects, never inside a long String or array.
    if (bytes.length > maxBytes) {
      throw new CodecException("Deserialization refused: " + bytes.length + " bytes, more than the "
          + maxBytes + " allowed by serialization.maxBytes");
    }
    try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      // Every element takes at least one byte of the stream: an array declared longer than the whole stream is a
      // lie, and refused before it is allocated (a 30-byte value could otherwise claim 128 MiB).
      in.setObjectInputFilter(info -> info.arrayLength() > bytes.length
          ? ObjectInputFilter.Status.REJECTED : with.checkInput(info));
      return in.readObject();
    } catch (InvalidClassException e) {
      throw new CodecException("Deserialization refused or failed: " + e.getMessage(), e);
    } catch (IOException | ClassNotFoundException e) {
      throw new CodecException("Cannot deserialize a value: " + e, e);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      // A class's own readObject refused the bytes (IllegalStateException, IllegalArgumentException, ...), or the
      // stream assigned a value of the wrong type (ClassCastException, ArrayStoreException): unreadable bytes too.
      throw new CodecException("Cannot deserialize a value: " + e, e);
    }
  }

  /** Resolves classes through the cache manager's class loader, not the caller's. */
  private static final class ClassLoaderObjectInputStream extends ObjectInputStream {

    private final ClassLoader classLoader;

    ClassLoaderObjectInputStream(ByteArrayInputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(description.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(description);
      }
    }
  }
}
