package io.github.natsjcache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between nodes and a server that can drop what one side sends and then cut the connections, as a
 * network failure at the wrong moment does: a write the server applied whose acknowledgement never reaches the node,
 * or a write lost on its way. A node reconnects through the proxy, which then forwards both ways again.
 */
final class CuttingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int serverPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean droppingRequests;
  private volatile boolean droppingReplies;
  /** What was dropped on the way to the server, as text. */
  private final AtomicReference<String> droppedRequests = new AtomicReference<>("");

  private CuttingProxy(ServerSocket listener, int serverPort) {
    this.listener = listener;
    this.serverPort = serverPort;
  }

  /** Starts a proxy on a free loopback port to the server listening on {@code serverPort}. */
  static CuttingProxy start(int serverPort) throws IOException {
    CuttingProxy proxy = new CuttingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        serverPort);
    daemon("proxy-accept", proxy::accept);
    return proxy;
  }

  /** The URL nodes connect to. */
  String url() {
    return "nats://127.0.0.1:" + listener.getLocalPort();
  }

  /** From now on, what the server sends is dropped, until {@link #cut()}. */
  void dropReplies() {
    droppingReplies = true;
  }

  /** From now on, what the nodes send is dropped, until {@link #cut()}. */
  void dropRequests() {
    droppingRequests = true;
  }

  /** Whether something dropped on the way to the server contained {@code text} (a subject, say). */
  boolean droppedRequest(String text) {
    return droppedRequests.get().contains(text);
  }

  /** Closes every connection (what was dropped is lost) and forwards both ways for the next ones. */
  void cut() {
    sockets.forEach(CuttingProxy::closeQuietly);
    sockets.clear();
    droppingRequests = false;
    droppingReplies = false;
  }

  @Override
  public void close() {
    closeQuietly(listener);
    cut();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket node = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
        sockets.add(node);
        sockets.add(server);
        daemon("proxy-to-server", () -> pump(node, server, false));
        daemon("proxy-to-node", () -> pump(server, node, true));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean replies) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        if (replies ? droppingReplies : droppingRequests) {
          if (!replies) {
            String chunk = new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
            droppedRequests.accumulateAndGet(chunk, String::concat);
          }
        } else {
          out.write(buffer, 0, read);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the connection was cut, or closed by either side
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closed either way
    }
  }
}
