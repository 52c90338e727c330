import { WebSocket } from "ws";

/**
 * `ws`'s WebSocket, counting the `job.progress` frames each socket receives (duplicates too): the
 * soak's "chunks seen". The SDK constructs it like any WebSocket class.
 */
export function countingWebSocket(onProgressFrame) {
  return class CountingWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        // A cheap test, not a parse: the SDK does the parsing, and a frame naming the type counts.
        if (typeof event.data === "string" && event.data.includes('"job.progress"')) onProgressFrame();
      });
    }
  };
}
