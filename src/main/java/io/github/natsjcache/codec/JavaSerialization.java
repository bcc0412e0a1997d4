package io.github.natsjcache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Java serialization with the cache manager's class loader, behind a {@link SerializationPolicy}; shared by the value
 * codec and the key encoding of a cache, whose types {@link #forTypes} admits.
 */
public final class JavaSerialization {

  private final ClassLoader classLoader;
  private final SerializationPolicy policy;
  private final ClassAdmission classes;
  private final Supplier<@Nullable ObjectInputFilter> jvmFilter;

  /**
   * Creates the serializer of a cache manager, which admits no type of a cache yet.
   *
   * @param classLoader the loader that resolves classes while deserializing (the cache manager's)
   * @param policy what deserialization may build
   */
  public JavaSerialization(ClassLoader classLoader, SerializationPolicy policy) {
    this(classLoader, policy, ObjectInputFilter.Config::getSerialFilter);
  }

  /** As above, with the JVM-wide filter read from {@code jvmFilter} at each deserialization. */
  JavaSerialization(ClassLoader classLoader, SerializationPolicy policy,
      Supplier<@Nullable ObjectInputFilter> jvmFilter) {
    this(classLoader, policy, jvmFilter, List.of());
  }

  private JavaSerialization(ClassLoader classLoader, SerializationPolicy policy,
      Supplier<@Nullable ObjectInputFilter> jvmFilter, List<Class<?>> types) {
    this.classLoader = classLoader;
    this.policy = policy;
    this.jvmFilter = jvmFilter;
    this.classes = policy.mode() == SerializationPolicy.Mode.DENY_LIST ? ClassAdmission.allButGadgets()
        : ClassAdmission.only(policy.admittedPatterns(types));
  }

  /**
   * The serializer of one cache: in allow-list mode it also admits the packages of the cache's key and value types.
   *
   * @param keyType the cache's configured key type
   * @param valueType the cache's configured value type
   * @return the serializer for that cache
   */
  public JavaSerialization forTypes(Class<?> keyType, Class<?> valueType) {
    return new JavaSerialization(classLoader, policy, jvmFilter, List.of(keyType, valueType));
  }

  byte[] serialize(Object object) {
    if (object instanceof String text) {
      return SerializedStrings.encode(text);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new CodecException("Cannot serialize a " + object.getClass().getName() + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  Object deserialize(byte[] bytes) {
    return deserialize(bytes, classes);
  }

  /** A serialized string, and nothing else: no class of any kind is resolved, let alone instantiated. */
  String deserializeString(byte[] bytes) {
    if (deserialize(bytes, ClassAdmission.NONE) instanceof String text) {
      return text;
    }
    throw new CodecException("Not a serialized string");
  }

  private Object deserialize(byte[] bytes, ClassAdmission admitted) {
    // The filter's maxbytes is checked only at class descriptors and objects, never inside a long String or array.
    if (bytes.length > policy.maxBytes()) {
      throw new CodecException("Deserialization refused: " + bytes.length + " bytes, more than the "
          + policy.maxBytes() + " allowed by serialization.maxBytes");
    }
    String text = SerializedStrings.decode(bytes); // a string alone resolves no class: the stream would read the same
    if (text != null) {
      return text;
    }
    ExpandedGraph.check(bytes, policy.maxReferences(), policy.maxDepth());
    // The stream's own filter replaces the JVM-wide one (the JDK's filter factory keeps the newer): ours consults it.
    StreamChecks checks = new StreamChecks(policy, admitted, jvmFilter.get(), bytes.length);
    try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      in.setObjectInputFilter(checks);
      return in.readObject();
    } catch (InvalidClassException e) {
      String refusal = checks.refusal();
      throw new CodecException(refusal == null ? "Deserialization failed: " + e.getMessage()
          : "Deserialization refused: " + refusal, e);
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
