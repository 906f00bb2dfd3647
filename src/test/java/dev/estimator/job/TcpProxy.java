package dev.estimator.job;

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
 * A TCP relay between the service and its database that a test can cut: {@link #cut()} closes every relayed
 * connection and the listening socket (new connections are refused), {@link #heal()} listens on the same
 * port again. What an application sees of a database outage, without stopping the shared server.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private ServerSocket server;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    int port() {
        return port;
    }

    /** Drops every connection and refuses new ones until {@link #heal()}. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    synchronized void heal() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut();
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        daemon("proxy-accept-" + s.getLocalPort(), () -> accept(s));
        return s;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream;
                try {
                    upstream = new Socket(targetHost, targetPort);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                synchronized (this) {
                    if (s.isClosed()) {
                        client.close();
                        upstream.close();
                        return;
                    }
                    sockets.add(client);
                    sockets.add(upstream);
                }
                daemon("proxy-up", () -> pipe(client, upstream));
                daemon("proxy-down", () -> pipe(upstream, client));
            } catch (IOException e) {
                // closed by cut()
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }
}
