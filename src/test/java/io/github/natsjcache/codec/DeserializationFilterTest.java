package io.github.natsjcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.natsjcache.HostilePayloads;
import io.github.natsjcache.Tripwire;
import io.github.natsjcache.codec.SerializationPolicy.Mode;
import java.io.File;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.rmi.MarshalledObject;
import java.security.SignedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which classes Java deserialization admits, in each mode, and that refusals say what to configure. */
@Tag("unit")
class DeserializationFilterTest {

  record Customer(String name) implements Serializable {}

  record Order(Customer customer, List<String> lines) implements Serializable {}

  private static final ClassLoader LOADER = DeserializationFilterTest.class.getClassLoader();
  private static final SerializationPolicy DENY_LIST = policy(Mode.DENY_LIST);

  private static SerializationPolicy policy(Mode mode, String... allowList) {
    return new SerializationPolicy(20, 1_000_000, 1_000_000, 1_000_000, mode, List.of(allowList));
  }

  /** The codec of a cache of {@code String} keys and {@code valueType} values. */
  private static ValueCodec<Object> codec(SerializationPolicy policy, Class<?> valueType) {
    return codec(new JavaSerialization(LOADER, policy), valueType);
  }

  private static ValueCodec<Object> codec(JavaSerialization serialization, Class<?> valueType) {
    return ValueCodecs.create("java", Object.class, serialization.forTypes(String.class, valueType), LOADER);
  }

  private static byte[] serialized(Object value) {
    return new JavaSerialization(LOADER, DENY_LIST).serialize(value);
  }

  private static CodecException assertRefused(ValueCodec<Object> codec, Object value, String... inMessage) {
    return assertRefusedBytes(codec, serialized(value), inMessage);
  }

  private static CodecException assertRefusedBytes(ValueCodec<Object> codec, byte[] bytes, String... inMessage) {
    CodecException refused = assertThrows(CodecException.class, () -> codec.decode(bytes));
    for (String expected : inMessage) {
      assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
    return refused;
  }

  @Test
  void untypedCacheByDefault_refusesAnApplicationClass_namingItAndTheOptionThatAdmitsIt() {
    assertRefused(codec(SerializationPolicy.DEFAULT, Object.class), new Customer("Ada"),
        Customer.class.getName(), "serialization.allowList");
  }

  @Test
  void untypedCacheByDefault_neverBuildsARefusedObject() {
    Tripwire.TRIPPED.set(false);
    assertRefused(codec(SerializationPolicy.DEFAULT, Object.class), new Tripwire(), Tripwire.class.getName());
    assertFalse(Tripwire.TRIPPED.get(), "a refused class was instantiated");
  }

  @Test
  void typedCache_admitsTheClassesOfItsValueTypesPackage() {
    Order order = new Order(new Customer("Ada"), new ArrayList<>(List.of("tea")));
    assertEquals(order, codec(SerializationPolicy.DEFAULT, Order.class).decode(serialized(order)));
    assertEquals(new Customer("Bo"), codec(SerializationPolicy.DEFAULT, Order.class)
        .decode(serialized(new Customer("Bo"))));
  }

  @Test
  void platformValueType_admitsItselfNotItsPackage() {
    assertRefused(codec(SerializationPolicy.DEFAULT, Serializable.class), new File("/etc/passwd"),
        File.class.getName(), "serialization.allowList");
  }

  @Test
  void allowListOption_admitsTheListedClasses() {
    ValueCodec<Object> codec = codec(policy(Mode.ALLOW_LIST, Customer.class.getName()), Object.class);
    assertEquals(new Customer("Ada"), codec.decode(serialized(new Customer("Ada"))));
    assertRefused(codec, new Order(new Customer("Ada"), List.of()), Order.class.getName());
  }

  @Test
  void denyListMode_admitsApplicationClasses_butNoKnownGadget() {
    ValueCodec<Object> codec = codec(DENY_LIST, Object.class);
    assertEquals(new Customer("Ada"), codec.decode(serialized(new Customer("Ada"))));
    assertRefused(codec, new BadAttributeValueExpException("payload"),
        BadAttributeValueExpException.class.getName(), "known deserialization gadget");
  }

  /** Both hold a second serialized stream that their getObject/get would read outside any filter of this one. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedStreamHolders_refusedInEveryMode(Mode mode) {
    ValueCodec<Object> codec = codec(policy(mode), Object.class);
    byte[] signed = HostilePayloads.signedTripwire();
    byte[] marshalled = HostilePayloads.marshalledTripwire();
    Tripwire.TRIPPED.set(false);

    assertRefusedBytes(codec, signed, SignedObject.class.getName());
    assertRefusedBytes(codec, marshalled, MarshalledObject.class.getName());
    assertFalse(Tripwire.TRIPPED.get());
  }

  /** URLDNS: a URL resolves its host when hashed, so a HashMap key of one makes every node look a name up. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void url_refusedInEveryMode(Mode mode) throws Exception {
    assertRefused(codec(policy(mode), URL.class), new URL("http://probe.invalid/"), URL.class.getName());
  }

  @Test
  void classTheJvmFilterRefuses_staysRefused_evenIfThePolicyAdmitsIt() {
    ObjectInputFilter jvm = ObjectInputFilter.Config.createFilter("!java.util.ArrayList");
    ValueCodec<Object> codec = codec(new JavaSerialization(LOADER, SerializationPolicy.DEFAULT, () -> jvm),
        Object.class);

    assertRefused(codec, new ArrayList<>(List.of(1)), "java.util.ArrayList", "jdk.serialFilter");
    assertEquals(List.of(1), codec.decode(serialized(List.of(1))));
  }

  /** In a JVM started with {@code -Djdk.serialFilter}, whose filter a stream's own filter would replace. */
  @Test
  void jdkSerialFilterOfTheJvm_staysInForce() throws Exception {
    Process probe = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djdk.serialFilter=!java.util.ArrayList", "-cp", System.getProperty("java.class.path"),
        JvmFilterProbe.class.getName()))
        .redirectErrorStream(true)
        .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe finished");
    assertTrue(output.contains("refused:") && output.contains("java.util.ArrayList")
        && output.contains("jdk.serialFilter"), output);
  }

  @Test
  void limitsOfTheJvmFilter_stayInForce() {
    ObjectInputFilter jvm = ObjectInputFilter.Config.createFilter("maxdepth=3");
    ValueCodec<Object> codec = codec(new JavaSerialization(LOADER, DENY_LIST, () -> jvm), Object.class);

    assertRefused(codec, List.of(List.of(List.of(List.of("deep")))), "jdk.serialFilter");
  }

  @Test
  void jvmFilterThatAdmitsAClass_doesNotWidenTheCachesAllowList() {
    ObjectInputFilter jvm = ObjectInputFilter.Config.createFilter("io.github.natsjcache.**");
    ValueCodec<Object> codec = codec(new JavaSerialization(LOADER, SerializationPolicy.DEFAULT, () -> jvm),
        Object.class);

    assertRefused(codec, new Customer("Ada"), Customer.class.getName(), "serialization.allowList");
  }

  @Test
  void policy_allowListInDenyListMode_isRefusedNamingBothOptions() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> policy(Mode.DENY_LIST, "com.example.*"));
    assertTrue(refused.getMessage().contains("serialization.allowList"), refused.getMessage());
    assertTrue(refused.getMessage().contains("serialization.mode=denylist"), refused.getMessage());
  }

  @Test
  void policy_limitInTheAllowList_isRefused() {
    for (String notAClass : List.of("maxdepth=1000", "com.example.**.Order")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> policy(Mode.ALLOW_LIST, notAClass), notAClass);
      assertTrue(refused.getMessage().contains("serialization.allowList"), refused.getMessage());
    }
  }

  /** What the policy admits for a type, as {@link SerializationPolicy#admittedPatterns} states it. */
  @Test
  void admittedPatterns_typesPackage_platformTypeAlone_objectNothing() {
    List<String> patterns = SerializationPolicy.DEFAULT.admittedPatterns(
        List.of(Order[].class, Serializable.class, Object.class));
    assertTrue(patterns.contains("io.github.natsjcache.codec.*"), patterns.toString());
    assertTrue(patterns.contains("java.io.Serializable"), patterns.toString());
    assertFalse(patterns.contains("java.io.*"), patterns.toString());
    assertFalse(patterns.contains("java.lang.Object"), patterns.toString());
  }
}
