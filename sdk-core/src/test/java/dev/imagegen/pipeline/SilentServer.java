package dev.imagegen.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/** A server that accepts connections, reads what arrives and never answers: every call to it hangs until cut. */
final class SilentServer implements AutoCloseable {

    private final ServerSocket socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Semaphore requests = new Semaphore(0);
    private final Semaphore closed = new Semaphore(0);
    private final Thread acceptor;

    SilentServer() throws IOException {
        acceptor = new Thread(this::acceptAll, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    /** Waits until {@code n} requests have started arriving (their first bytes were read). */
    boolean awaitRequests(int n, long millis) throws InterruptedException {
        return requests.tryAcquire(n, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code n} connections have been closed by the client. */
    boolean awaitClosedByClient(int n, long millis) throws InterruptedException {
        return closed.tryAcquire(n, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.add(s);
                Thread reader = new Thread(() -> drain(s), "silent-server-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drain(Socket s) {
        byte[] buf = new byte[8192];
        boolean counted = false;
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0 && !counted) {
                    counted = true;
                    requests.release();
                }
            }
            closed.release();
        } catch (IOException e) {
            // closed by the client or by close()
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
