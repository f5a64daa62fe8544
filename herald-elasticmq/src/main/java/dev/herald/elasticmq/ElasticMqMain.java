package dev.herald.elasticmq;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.io.IOException;

/**
 * An in-memory ElasticMQ on 127.0.0.1 and a free port, for tests: prints {@code elasticmq listening on
 * <port>} once it serves, and stops when its standard input closes, so it never outlives the test
 * JVM that started it (even one killed with {@code kill -9}).
 */
public final class ElasticMqMain {
    private ElasticMqMain() {
    }

    public static void main(String[] args) throws IOException {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        System.out.println("elasticmq listening on " + port);
        System.out.flush();
        while (System.in.read() != -1) {
            // Only the end of the input matters.
        }
        server.stopAndWait();
        System.exit(0);
    }
}
