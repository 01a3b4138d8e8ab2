package io.yikou.channels.voice.agi;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI connection: reads the environment, then carries commands from a flow's worker thread
 * to Asterisk and replies back. Framing runs on the connection's event loop; {@link AgiChannel}
 * methods block the worker thread that runs the flow.
 *
 * <p>On {@code HANGUP} or a closed socket the session marks itself hung up, fails the command in
 * flight at once and closes the socket (Asterisk leaves closing to the FastAGI server).
 */
public final class AgiSession implements AgiChannel {

    private static final Logger LOG = LoggerFactory.getLogger(AgiSession.class);

    private final NetSocket socket;
    private final Context context;
    private final String id;
    private final long commandTimeoutMillis;
    private final AgiFrameDecoder decoder;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final CompletableFuture<AgiEnvironment> environment = new CompletableFuture<>();
    private volatile CompletableFuture<AgiReply> inFlight;
    private volatile String inFlightCommand;
    private volatile boolean hungUp;
    private volatile boolean closed;
    private int malformedLines;

    AgiSession(NetSocket socket, Context context, String id, AgiServerOptions options,
               Consumer<AgiSession> onEnvironment) {
        this.socket = socket;
        this.context = context;
        this.id = id;
        this.commandTimeoutMillis = options.commandTimeout().toMillis();
        this.decoder = new AgiFrameDecoder(options.maxLineBytes(), 200, new AgiFrameDecoder.Listener() {
            @Override
            public void onEnvironment(String name, String value) {
                if (variables.size() >= options.maxEnvironmentLines()) {
                    LOG.warn("[{}] FastAGI environment over {} lines; closing", id, options.maxEnvironmentLines());
                    close();
                    return;
                }
                variables.put(name, value);
            }

            @Override
            public void onEnvironmentEnd() {
                AgiEnvironment env = new AgiEnvironment(variables);
                environment.complete(env);
                onEnvironment.accept(AgiSession.this);
            }

            @Override
            public void onMalformedEnvironmentLine(String line) {
                malformedLines++;
                if (malformedLines == 1) {
                    LOG.warn("[{}] Ignored a FastAGI environment line that is not agi_name: value", id);
                }
                if (malformedLines > options.maxEnvironmentLines()) {
                    LOG.warn("[{}] FastAGI peer sends garbage instead of an environment; closing", id);
                    close();
                }
            }

            @Override
            public void onInvalidUtf8(String name, String hex) {
                LOG.warn("[{}] FastAGI variable {} is not valid UTF-8; treated as empty, raw bytes {}", id, name, hex);
            }

            @Override
            public void onReply(String reply) {
                reply(reply);
            }

            @Override
            public void onHangup() {
                LOG.debug("[{}] Caller hung up", id);
                markHungUp();
                close();
            }

            @Override
            public void onOversizeLine(long droppedBytes) {
                LOG.warn("[{}] Dropped a FastAGI line of {} bytes, over the limit of {}", id, droppedBytes,
                        options.maxLineBytes());
            }
        });
        socket.handler(decoder::feed);
        socket.closeHandler(v -> {
            closed = true;
            markHungUp();
            environment.completeExceptionally(new AgiException.Hangup(id));
        });
        socket.exceptionHandler(error -> LOG.debug("[{}] FastAGI socket error: {}", id, error.toString()));
    }

    public String id() {
        return id;
    }

    /** Completes with the environment once its closing empty line arrives. */
    public CompletableFuture<AgiEnvironment> environmentFuture() {
        return environment;
    }

    @Override
    public AgiEnvironment environment() {
        return environment.getNow(new AgiEnvironment(Map.of()));
    }

    @Override
    public boolean isHungUp() {
        return hungUp;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the connection; safe to call from any thread and more than once. */
    public void close() {
        if (!closed) {
            closed = true;
            context.runOnContext(v -> socket.close());
        }
        markHungUp();
    }

    private void markHungUp() {
        hungUp = true;
        CompletableFuture<AgiReply> pending = inFlight;
        if (pending != null) {
            pending.completeExceptionally(new AgiException.Hangup(environment().channel()));
        }
    }

    private void reply(String text) {
        CompletableFuture<AgiReply> pending = inFlight;
        if (pending == null) {
            LOG.debug("[{}] Ignored a FastAGI reply with no command in flight", id);
            return;
        }
        try {
            pending.complete(AgiReply.parse(text));
        } catch (IllegalArgumentException e) {
            pending.completeExceptionally(new AgiException.CommandFailed(inFlightCommand, 0, e.getMessage()));
        }
    }

    @Override
    public AgiReply command(String line) {
        if (hungUp) {
            throw new AgiException.Hangup(environment().channel());
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("AGI command contains a line break");
        }
        CompletableFuture<AgiReply> reply = new CompletableFuture<>();
        inFlight = reply;
        inFlightCommand = commandName(line);
        if (hungUp) {
            reply.completeExceptionally(new AgiException.Hangup(environment().channel()));
        } else {
            socket.write(Buffer.buffer((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        AgiReply result = await(reply, line);
        if (result.code() == 200) {
            return result;
        }
        if (result.code() == 511) {
            // Protocol fact: 511 means the channel is dead, the same as a HANGUP line (absent with AGISIGHUP=no).
            LOG.debug("[{}] {} answered 511: the channel is dead", id, inFlightCommand);
            close();
            throw new AgiException.Hangup(environment().channel());
        }
        throw new AgiException.CommandFailed(inFlightCommand, result.code(), result.text());
    }

    private AgiReply await(CompletableFuture<AgiReply> reply, String line) {
        try {
            return reply.get(commandTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AgiException agi) {
                throw agi;
            }
            throw new AgiException.CommandFailed(commandName(line), 0, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            LOG.warn("[{}] {} got no reply within {} ms; closing", id, commandName(line), commandTimeoutMillis);
            close();
            throw new AgiException.Timeout(commandName(line), commandTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AgiException.Hangup(environment().channel());
        } finally {
            inFlight = null;
        }
    }

    private static String commandName(String line) {
        String[] words = line.split(" ", 3);
        return words.length >= 2 && Character.isUpperCase(words[1].isEmpty() ? 'x' : words[1].charAt(0))
                ? words[0] + " " + words[1] : words[0];
    }

    @Override
    public void answer() {
        command("ANSWER");
    }

    @Override
    public char streamFile(String file, String escapeDigits) {
        return digit(command("STREAM FILE " + AgiQuoting.arg(file) + " " + AgiQuoting.quoted(escapeDigits)));
    }

    @Override
    public String getData(String file, long timeoutMillis, int maxDigits) {
        AgiReply reply = command("GET DATA " + AgiQuoting.arg(file) + " " + timeoutMillis + " " + maxDigits);
        String digits = reply.result() == null ? "" : reply.result();
        return digits.startsWith("-") ? "" : digits;
    }

    @Override
    public char waitForDigit(long timeoutMillis) {
        return digit(command("WAIT FOR DIGIT " + timeoutMillis));
    }

    @Override
    public Optional<String> getVariable(String name) {
        AgiReply reply = command("GET VARIABLE " + AgiQuoting.arg(name));
        return reply.resultInt(0) == 1 ? Optional.ofNullable(reply.data()) : Optional.empty();
    }

    @Override
    public Optional<String> getFullVariable(String expression) {
        AgiReply reply = command("GET FULL VARIABLE " + AgiQuoting.arg(expression));
        return reply.resultInt(0) == 1 ? Optional.ofNullable(reply.data()) : Optional.empty();
    }

    @Override
    public void setVariable(String name, String value) {
        command("SET VARIABLE " + AgiQuoting.arg(name) + " " + AgiQuoting.arg(value));
    }

    @Override
    public int exec(String application, String arguments) {
        String line = "EXEC " + AgiQuoting.arg(application);
        if (arguments != null) {
            line += " " + AgiQuoting.arg(arguments);
        }
        return command(line).resultInt(0);
    }

    @Override
    public void verbose(String message, int level) {
        command("VERBOSE " + AgiQuoting.quoted(message) + " " + level);
    }

    @Override
    public char recordFile(String file, String format, String escapeDigits, long timeoutMillis, boolean beep,
                           int silenceSeconds) {
        StringBuilder line = new StringBuilder("RECORD FILE ").append(AgiQuoting.arg(file)).append(' ')
                .append(AgiQuoting.arg(format)).append(' ').append(AgiQuoting.quoted(escapeDigits)).append(' ')
                .append(timeoutMillis);
        if (beep) {
            line.append(" BEEP");
        }
        if (silenceSeconds > 0) {
            line.append(" s=").append(silenceSeconds);
        }
        return digit(command(line.toString()));
    }

    @Override
    public void hangup() {
        command("HANGUP");
    }

    /** Returns the digit a result code stands for (its ASCII value), {@code 0} for none. */
    private char digit(AgiReply reply) {
        int code = reply.resultInt(0);
        if (code < 0) {
            // Protocol fact: result=-1 on STREAM FILE or WAIT FOR DIGIT means failure or hangup.
            return 0;
        }
        return code == 0 ? 0 : (char) code;
    }
}
