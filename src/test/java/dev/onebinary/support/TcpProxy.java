package dev.onebinary.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between an application process and PostgreSQL that a test can cut, as a database restart or a network
 * failure would: {@link #cut()} closes every connection through it and refuses new ones, {@link #restore()} accepts
 * them again on the same port. The shared PostgreSQL itself is never touched.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpProxy(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A proxy on a free local port to host:port, accepting connections. */
    public static TcpProxy to(String host, int port) throws IOException {
        TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port), Http.freePort());
        proxy.restore();
        return proxy;
    }

    /** A proxy to the tests' PostgreSQL. */
    public static TcpProxy toTestDatabase() throws IOException {
        return to(TestDatabase.HOST, Integer.parseInt(TestDatabase.PORT));
    }

    public int port() {
        return port;
    }

    /** {@code postgres://app:app@127.0.0.1:PORT/database} through this proxy, for DATABASE_URL. */
    public String databaseUrl(String database) {
        return "postgres://" + TestDatabase.USER + ":" + TestDatabase.PASSWORD + "@127.0.0.1:" + port + "/" + database;
    }

    /** Connections open through the proxy now. */
    public int connections() {
        return open.size() / 2;
    }

    /** Closes every connection and stops listening: clients see their connections break and new ones refused. */
    public synchronized void cut() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket server = bindRetrying();
        listener = server;
        Thread.ofVirtual().name("proxy-accept").start(() -> accept(server));
    }

    /** The port of a listener just closed can stay taken for a moment (its accepting thread lets go of it late). */
    private ServerSocket bindRetrying() throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return server;
            } catch (java.net.BindException e) {
                server.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 2_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                open.add(client);
                open.add(upstream);
                if (listener != server) {
                    // cut while this one was being accepted
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException broken) {
            // one side went away: end both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
