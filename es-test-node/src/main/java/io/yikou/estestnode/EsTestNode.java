package io.yikou.estestnode;

import static org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner.newConfigs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Runs one Elasticsearch 7.10 node bound to 127.0.0.1 until standard input closes.
 *
 * <p>Arguments: HTTP port, transport port, data directory. Prints {@code READY <http-port>} on
 * standard output once the cluster is yellow. The parent process stops the node by closing this
 * process's standard input (or by exiting, which closes it too), so a crashed test run leaves no
 * node behind.
 */
public final class EsTestNode {

    private EsTestNode() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EsTestNode HTTP_PORT TRANSPORT_PORT DATA_DIR");
            System.exit(2);
        }
        int httpPort = Integer.parseInt(args[0]);
        int transportPort = Integer.parseInt(args[1]);
        String dataDir = args[2];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        // The runner probes ports from the base up to this bound; the parent already chose a free one.
        runner.setMaxHttpPort(httpPort);
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", httpPort);
            settings.put("transport.port", transportPort);
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        }).build(newConfigs()
                .clusterName("yikou-test")
                .numOfNode(1)
                .basePath(dataDir)
                .baseHttpPort(httpPort - 1)
                .disableESLogger());
        runner.ensureYellow();
        out.println("READY " + httpPort);

        // Block until the parent closes our standard input, then shut the node down.
        InputStream in = System.in;
        while (in.read() >= 0) {
            // Input is ignored; only end-of-stream matters.
        }
        runner.close();
        runner.clean();
        System.exit(0);
    }
}
