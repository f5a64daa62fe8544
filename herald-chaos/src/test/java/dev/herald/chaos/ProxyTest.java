package dev.herald.chaos;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The link a partition cuts: bytes are held while it lasts and delivered, in order, once it heals. */
class ProxyTest {
    @Test
    void aPartitionHoldsTheBytesAndHealingDeliversThem() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Proxy proxy = new Proxy("test", echo.getLocalPort())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the client went away
                }
            });
            server.setDaemon(true);
            server.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.setSoTimeout(5_000);
                client.getOutputStream().write('a');
                assertThat(client.getInputStream().read()).isEqualTo('a');

                proxy.partition(true);
                client.getOutputStream().write('b');
                client.setSoTimeout(500);
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

                proxy.partition(false);
                client.setSoTimeout(5_000);
                assertThat(client.getInputStream().read()).isEqualTo('b');
            }
        }
    }
}
