package io.github.natsjcache;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record of the JVM, at every level, while open: nats-jcache's {@code System.Logger} and jnats both log
 * through {@code java.util.logging} here. Each record is kept as its formatted text with the whole stack trace and
 * cause chain of its exception, as a log file would show it.
 */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger root = Logger.getLogger("");
  private final Level rootLevel = root.getLevel();
  private final List<String> records = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private LogCapture() {
    setLevel(Level.ALL);
  }

  /** Starts capturing, lowering the root level to {@code ALL} so that debug records are made too. */
  static LogCapture start() {
    LogCapture capture = new LogCapture();
    capture.root.setLevel(Level.ALL);
    capture.root.addHandler(capture);
    return capture;
  }

  @Override
  public void publish(LogRecord record) {
    String text = formatter.format(record);
    synchronized (records) {
      records.add(text);
    }
  }

  /** Everything logged so far. */
  List<String> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  @Override
  public void flush() {}

  /** Stops capturing and restores the root level. */
  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(rootLevel);
  }
}
