interface ResponseEvents {
  on(event: 'response', listener: (e: { outbound: boolean; payload: unknown[] }) => void): unknown;
}

/**
 * Whether the central system may send CALLs (commands, TriggerMessage) on one connection. Closed
 * until the station has been answered while Accepted: its BootNotification answered Accepted, or
 * — a 1.6 station may reconnect without booting, its stored registration Accepted — its first
 * message answered. Some stations refuse any CALL before their boot is answered (SAP's simulator).
 * It opens once that answer is on the wire: ocpp-rpc emits 'response' just before it writes an
 * answer, so the opening waits for the next turn of the event loop.
 */
export class OutboundGate {
  #open = false;
  /** Open for what a Pending station may be sent only (its boot answered Pending). */
  #pendingOpen = false;
  #after: { messageId: string; afterBoot: boolean } | undefined;
  #whenAnswered = new Map<string, () => void>();

  constructor(
    client: ResponseEvents,
    private readonly onOpen: (afterBoot: boolean) => void,
  ) {
    client.on('response', ({ outbound, payload }) => {
      const then = outbound ? this.#whenAnswered.get(payload[1] as string) : undefined;
      if (then) {
        this.#whenAnswered.delete(payload[1] as string);
        setImmediate(then);
      }
      const after = this.#after;
      if (!outbound || after === undefined || payload[1] !== after.messageId) return;
      this.#after = undefined;
      setImmediate(() => {
        if (this.#open) return;
        this.#open = true;
        this.onOpen(after.afterBoot);
      });
    });
  }

  get isOpen(): boolean {
    return this.#open;
  }

  get isPendingOpen(): boolean {
    return this.#pendingOpen && !this.#open;
  }

  /** A boot answered Pending: once the answer has left, what 2.0.1 B02 allows may go out (then onPending). */
  openPendingAfter(messageId: string, onPending: () => void): void {
    if (this.#open) return;
    this.whenAnswered(messageId, () => {
      this.#pendingOpen = true;
      onPending();
    });
  }

  /** Runs fn once the answer to this inbound message has been sent (whether or not the gate is open). */
  whenAnswered(messageId: string, fn: () => void): void {
    this.#whenAnswered.set(messageId, fn);
  }

  /** The answer to this inbound message opens the gate, as soon as it has been sent. */
  openAfter(messageId: string, afterBoot: boolean): void {
    if (!this.#open) this.#after = { messageId, afterBoot };
  }
}
