import http from "node:http";

export interface ReceivedWebhook {
  headers: Record<string, string | undefined>;
  rawBody: string;
  events: Array<Record<string, unknown>>;
}

/** A local endpoint the target posts webhooks to. `failNext(n)` answers n requests with 500. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private failuresLeft = 0;
  failedAttempts = 0;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (this.failuresLeft > 0) {
        this.failuresLeft--;
        this.failedAttempts++;
        res.writeHead(500).end();
        return;
      }
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
      let events: Array<Record<string, unknown>> = [];
      try {
        events = (JSON.parse(rawBody) as { events: Array<Record<string, unknown>> }).events ?? [];
      } catch {
        // Recorded as received; the test on the body will fail with the raw text.
      }
      this.received.push({ headers, rawBody, events });
      res.writeHead(200).end();
    });
  });

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : port;
  }

  failNext(count: number): void {
    this.failuresLeft = count;
  }

  events(): Array<Record<string, unknown>> {
    return this.received.flatMap((hook) => hook.events);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
