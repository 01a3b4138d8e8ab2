/*
 * The live connection of a desk page: one WebSocket to /api/v1/live that subscribes to topics,
 * hands every event to the page, pings while idle and reconnects with exponential backoff. After a
 * reconnect it subscribes again, and the server sends fresh snapshots, so a page never merges
 * a separate HTTP read with the stream.
 */

/** Delay before the first reconnect; doubles per failed attempt up to MAX_DELAY_MS, with jitter. */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
/** Pings keep proxies from closing an idle socket and show a dead one early. */
const PING_INTERVAL_MS = 25000;
/** Close status the server uses when the session has ended. */
const SESSION_EXPIRED = 4401;

export class LiveConnection {
  /**
   * @param topics    topics to hold, such as ["agent"]
   * @param handlers  onEvent(event), onStatus("connecting"|"open"|"reconnecting"|"closed"),
   *                  onError(message) for error messages, onSessionExpired()
   */
  constructor(topics, handlers) {
    this.topics = topics;
    this.handlers = handlers;
    this.socket = null;
    this.attempt = 0;
    this.nextId = 1;
    this.pingTimer = null;
    this.retryTimer = null;
    this.resubscribeTimer = null;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    if (this.socket) {
      this.socket.close(1000);
    }
  }

  open() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.status(this.attempt === 0 ? "connecting" : "reconnecting");
    let socket;
    try {
      socket = new WebSocket(`${scheme}//${window.location.host}/api/v1/live`);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.status("open");
      this.send({ type: "subscribe", topics: this.topics });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: "ping" }), PING_INTERVAL_MS);
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", (closing) => {
      clearInterval(this.pingTimer);
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      if (closing.code === SESSION_EXPIRED) {
        this.stopped = true;
        this.status("closed");
        if (this.handlers.onSessionExpired) {
          this.handlers.onSessionExpired();
        }
        return;
      }
      if (!this.stopped) {
        this.scheduleReconnect();
      }
    });
  }

  scheduleReconnect() {
    this.attempt += 1;
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (this.attempt - 1));
    // Full jitter spreads the reconnects of many desks after a server restart.
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    this.status("reconnecting");
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return;
    }
    this.socket.send(JSON.stringify({ ...message, id: String(this.nextId++) }));
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (message.type === "event" && this.handlers.onEvent) {
      this.handlers.onEvent(message);
    } else if (message.type === "error" && message.code === "unavailable") {
      // The server could not check the session and applied nothing; subscribing again is harmless.
      clearTimeout(this.resubscribeTimer);
      this.resubscribeTimer = setTimeout(() => this.send({ type: "subscribe", topics: this.topics }), FIRST_DELAY_MS);
    } else if (message.type === "error" && this.handlers.onError) {
      this.handlers.onError(message);
    } else if (message.type === "closed" && message.code === "session_expired") {
      this.stopped = true;
      if (this.handlers.onSessionExpired) {
        this.handlers.onSessionExpired();
      }
    }
  }

  status(value) {
    if (this.handlers.onStatus) {
      this.handlers.onStatus(value);
    }
  }
}
