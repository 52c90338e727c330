/** Where the socket stands; the delivery maps this to the public `ConnectionStatus`. */
export type SocketPhase =
  /** Not running: never started, stopped, or the page was hidden. */
  | "stopped"
  /** Started; waiting for the first connection to open. */
  | "connecting"
  /** Open; the auth frame (or query token) is waiting for `ready`. */
  | "authenticating"
  /** Authenticated, with no session to subscribe. */
  | "ready"
  /** `subscribe` sent, waiting for `subscribed`. */
  | "subscribing"
  /** Subscribed to the current session: events flow. */
  | "live"
  /** Dropped or failed; reconnecting with backoff. */
  | "down"
  /** Two 4401 closes in a row: the socket rests, then tries again slowly. */
  | "auth-failed"
  /** Closed with 4403: never reopened by this connection. */
  | "forbidden";
