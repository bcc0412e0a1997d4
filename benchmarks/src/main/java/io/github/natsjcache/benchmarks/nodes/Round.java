package io.github.natsjcache.benchmarks.nodes;

/**
 * What one round measured, with {@code nodes} nodes on the bucket (the writer and {@code nodes - 1} followers).
 *
 * @param nodes the nodes on the bucket, the writer included
 * @param writes the writes of the throughput phase
 * @param seconds how long that phase took
 * @param serverCpuNanos the server's CPU time in that phase
 * @param serverReceived the messages the server received in that phase
 * @param serverSent the messages the server sent in that phase
 * @param followersCpuNanos the followers' CPU time in that phase, together
 * @param writerCpuNanos the writing JVM's CPU time in that phase
 * @param delays per paced write and follower: from the write's ack to that follower's near-cache dropping the old
 *     value (the middle of the interval it noted), µs; negative when the watch was faster than the ack
 * @param gaps per paced write and follower: how wide that interval was, µs
 */
record Round(int nodes, long writes, double seconds, long serverCpuNanos, long serverReceived, long serverSent,
    long followersCpuNanos, long writerCpuNanos, long[] delays, long[] gaps) {

  double writesPerSecond() {
    return writes / seconds;
  }

  double serverCpuMicrosPerWrite() {
    return perWrite(serverCpuNanos);
  }

  double messagesSentPerWrite() {
    return (double) serverSent / writes;
  }

  double messagesReceivedPerWrite() {
    return (double) serverReceived / writes;
  }

  double followersCpuMicrosPerWrite() {
    return perWrite(followersCpuNanos);
  }

  double writerCpuMicrosPerWrite() {
    return perWrite(writerCpuNanos);
  }

  private double perWrite(long cpuNanos) {
    return cpuNanos / 1_000.0 / writes;
  }
}
