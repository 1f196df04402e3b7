import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Runs an embedded Neo4j Community server with Bolt and authentication, for tests.
 * Started by scripts/neo4j-test-server as a single-file source program:
 *   java -cp CLASSPATH TestServer.java HOME_DIR CONF_FILE READY_FILE
 * The password of the user neo4j comes from the environment variable NEO4J_TEST_PASSWORD.
 * READY_FILE is written once Bolt listens and the password is set, so the caller never
 * races against the initial password "neo4j".
 */
public final class TestServer {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TestServer HOME_DIR CONF_FILE READY_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Path conf = Path.of(args[1]);
        Path ready = Path.of(args[2]);
        String password = System.getenv("NEO4J_TEST_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("NEO4J_TEST_PASSWORD is not set");
            System.exit(2);
        }

        DatabaseManagementService service =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM from `neo4j-test-server stop` lands here: close the stores cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "neo4j-test-server-shutdown"));

        setPassword(service, password);
        Files.writeString(ready, ProcessHandle.current().pid() + "\n");
        System.out.println("neo4j test server ready");
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // A kept data directory may already hold this password; Neo4j refuses to "change" it.
            if (!e.getMessage().contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
