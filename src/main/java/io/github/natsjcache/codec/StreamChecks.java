package io.github.natsjcache.codec;

import java.io.ObjectInputFilter;
import org.jspecify.annotations.Nullable;

/**
 * The filter of one deserialization: the policy's bounds, the admitted classes and the JVM-wide filter, each of which
 * can refuse; it remembers the first reason, which the stream's own exception does not tell.
 */
final class StreamChecks implements ObjectInputFilter {

  private final SerializationPolicy limits;
  private final ClassAdmission classes;
  private final @Nullable ObjectInputFilter jvmFilter;
  private final int payloadLength;
  private @Nullable String refusal;

  /**
   * Creates the checks of one stream.
   *
   * @param limits the bounds to enforce
   * @param classes the classes the stream may resolve
   * @param jvmFilter the JVM-wide filter ({@code jdk.serialFilter}), whose refusals stand, or {@code null}
   * @param payloadLength the length of the serialized form
   */
  StreamChecks(SerializationPolicy limits, ClassAdmission classes, @Nullable ObjectInputFilter jvmFilter,
      int payloadLength) {
    this.limits = limits;
    this.classes = classes;
    this.jvmFilter = jvmFilter;
    this.payloadLength = payloadLength;
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (refusal == null) {
      refusal = reasonToRefuse(info);
    }
    return refusal == null ? Status.UNDECIDED : Status.REJECTED;
  }

  /** Why the stream was refused, or {@code null} if these checks refused nothing. */
  @Nullable String refusal() {
    return refusal;
  }

  /** Why an array declared longer than the whole value is refused. */
  static String arrayClaim(long length, int payloadLength) {
    return "an array of " + length + " elements declared in a value of " + payloadLength + " bytes";
  }

  private @Nullable String reasonToRefuse(FilterInfo info) {
    if (info.depth() > limits.maxDepth()) {
      return "objects nested deeper than " + limits.maxDepth() + " (serialization.maxDepth)";
    }
    if (info.references() > limits.maxReferences()) {
      return "more than " + limits.maxReferences() + " object references (serialization.maxReferences)";
    }
    if (info.streamBytes() > limits.maxBytes()) {
      return "more than " + limits.maxBytes() + " bytes (serialization.maxBytes)";
    }
    if (info.arrayLength() > limits.maxArrayLength()) {
      return "an array of " + info.arrayLength() + " elements, more than " + limits.maxArrayLength()
          + " (serialization.maxArrayLength)";
    }
    // Every element takes at least one byte of the stream: an array declared longer than the whole value is a lie,
    // refused before it is allocated (a 30-byte value could otherwise claim 128 MiB).
    if (info.arrayLength() > payloadLength) {
      return arrayClaim(info.arrayLength(), payloadLength);
    }
    String refusedClass = classes.refusal(info);
    if (refusedClass != null) {
      return refusedClass;
    }
    if (jvmFilter != null && jvmFilter.checkInput(info) == Status.REJECTED) {
      Class<?> type = info.serialClass();
      return "the JVM-wide filter (jdk.serialFilter) refuses "
          + (type == null ? "the value's size or nesting" : "class " + type.getName());
    }
    return null;
  }
}
