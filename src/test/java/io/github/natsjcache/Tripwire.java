package io.github.natsjcache;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/** A serializable class whose deserialization is observable: what a hostile payload would carry. */
public final class Tripwire implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Set when any instance is deserialized. */
  public static final AtomicBoolean TRIPPED = new AtomicBoolean();

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    TRIPPED.set(true);
  }
}
