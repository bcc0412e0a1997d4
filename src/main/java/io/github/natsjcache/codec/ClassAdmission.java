package io.github.natsjcache.codec;

import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.FilterInfo;
import java.io.ObjectInputFilter.Status;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Which classes a deserialization may resolve, and why it refuses one: the class half of a stream's checks. */
final class ClassAdmission {

  /** Admits no class at all: a serialized String needs none. */
  static final ClassAdmission NONE = new ClassAdmission(ObjectInputFilter.Config.createFilter("!*"),
      " (a serialized String holds no object)");

  private static final ObjectInputFilter GADGETS = ObjectInputFilter.Config.createFilter(
      SerializationPolicy.KNOWN_GADGETS.stream().map(gadget -> "!" + gadget).collect(Collectors.joining(";")));

  private final @Nullable ObjectInputFilter admitted;
  private final String remedy;

  private ClassAdmission(@Nullable ObjectInputFilter admitted, String remedy) {
    this.admitted = admitted;
    this.remedy = remedy;
  }

  /** Every class that is not a known gadget. */
  static ClassAdmission allButGadgets() {
    return new ClassAdmission(null, "");
  }

  /**
   * Only classes matching the patterns, and never a known gadget.
   *
   * @param patterns patterns in {@link ObjectInputFilter.Config#createFilter} syntax
   */
  static ClassAdmission only(List<String> patterns) {
    return new ClassAdmission(ObjectInputFilter.Config.createFilter(String.join(";", patterns) + ";!*"),
        "; add it (or its package) to serialization.allowList");
  }

  /** Why the class of this check is refused, or {@code null} if it is admitted (or there is none). */
  @Nullable String refusal(FilterInfo info) {
    Class<?> type = info.serialClass();
    if (type == null) {
      return null;
    }
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (GADGETS.checkInput(info) == Status.REJECTED) {
      return "class " + type.getName() + " is a known deserialization gadget, refused in every mode";
    }
    if (admitted != null && admitted.checkInput(info) == Status.REJECTED) {
      return "class " + type.getName() + " is not admitted" + remedy;
    }
    return null;
  }
}
