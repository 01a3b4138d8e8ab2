package io.yikou.server;

import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A bare Vert.x HTTP server that responds {@code ok} to every request: the ceiling that the intake
 * benchmark compares Yikou against on the same machine in the same run.
 */
@Command(name = "bench-baseline", hidden = true,
        description = "Serve a bare Vert.x hello-world on --port, as the ceiling for benchmarks.")
final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "TCP port on 127.0.0.1.")
    int port;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", "text/plain").end("ok")))
                .listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        System.out.println("Baseline listening on 127.0.0.1:" + port);
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
        forever.await();
        return 0;
    }
}
