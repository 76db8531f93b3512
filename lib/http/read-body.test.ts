import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/errors";
import { refusal } from "@/tests/support/refusal";
import { MAX_JSON_BODY, readBodyBytes, readBodyText, readFormBody, readJsonBody } from "./read-body";

const CHUNK = 64 * 1024;
const TWENTY_MB = 20 * 1024 * 1024;

/** A body of `total` bytes made on demand, counting how many bytes the reader pulled. */
function countingStream(total: number) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(CHUNK, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, counter };
}

/** The same, as Next hands a route handler its body: a Node stream (the request) as an async iterable. */
function countingNodeStream(total: number) {
  const counter = { pulled: 0 };
  const readable = Readable.from(
    (function* () {
      while (counter.pulled < total) {
        const size = Math.min(CHUNK, total - counter.pulled);
        counter.pulled += size;
        yield Buffer.alloc(size, 0x20);
      }
    })(),
    { objectMode: false, highWaterMark: CHUNK },
  );
  return { readable, counter };
}

function post(body: BodyInit | ReadableStream | Readable | null, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/x", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body as BodyInit,
    duplex: "half",
  } as RequestInit);
}

describe("bounded request bodies", () => {
  it("stops pulling a 20 MB chunked body just past the limit and refuses it with 413", async () => {
    const { stream, counter } = countingStream(TWENTY_MB);
    const error = await refusal(readJsonBody(post(stream)));
    expect(error.code).toBe("too_large:body");
    expect(error.status).toBe(413);
    // The limit, the chunk that crossed it, and at most one more queued ahead.
    expect(counter.pulled).toBeLessThanOrEqual(MAX_JSON_BODY + 2 * CHUNK);
  });

  it("pulls lazily from a Node stream body too, the way Next passes the request", async () => {
    const { readable, counter } = countingNodeStream(TWENTY_MB);
    const error = await refusal(
      readBodyText(post(readable), { maxBytes: 256 * 1024, code: "too_large:webhook" }),
    );
    expect(error.code).toBe("too_large:webhook");
    // Node's stream buffers up to its high-water mark ahead of the reader, no more.
    expect(counter.pulled).toBeLessThanOrEqual(256 * 1024 + 4 * CHUNK);
  });

  it("refuses a declared length over the limit before reading a byte", async () => {
    const { stream, counter } = countingStream(TWENTY_MB);
    const request = post(stream, { "content-length": String(TWENTY_MB) });
    expect((await refusal(readBodyBytes(request, { maxBytes: 1024 }))).code).toBe("too_large:body");
    // Only what the stream queued on its own when it was made.
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("answers a too-large refusal with 413 and closes the connection", async () => {
    const error = await refusal(readBodyBytes(post("x".repeat(2048)), { maxBytes: 1024 }));
    const response = errorResponse(error);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect((await response.json()).error.code).toBe("too_large:body");
  });

  it("reads a body at the limit whole, split over chunks", async () => {
    const { stream } = countingStream(3 * CHUNK);
    const bytes = await readBodyBytes(post(stream), { maxBytes: 3 * CHUNK });
    expect(bytes.byteLength).toBe(3 * CHUNK);
    expect(await readJsonBody(post('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
  });

  it("takes JSON only as application/json (415 otherwise), and refuses invalid UTF-8 and JSON", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]) {
      const error = await refusal(readJsonBody(post('{"a":1}', { "content-type": type })));
      expect(error.code, type).toBe("unsupported:content_type");
      expect(error.status, type).toBe(415);
    }
    expect(
      await readJsonBody(post('{"a":1}', { "content-type": "Application/JSON; charset=utf-8" })),
    ).toEqual({
      a: 1,
    });
    const invalidUtf8 = new Uint8Array([0x22, 0xc3, 0x28, 0x22]);
    expect((await refusal(readJsonBody(post(invalidUtf8)))).code).toBe("invalid:body");
    expect((await refusal(readJsonBody(post("{not json")))).code).toBe("invalid:json");
    expect((await refusal(readJsonBody(post("")))).code).toBe("invalid:json");
  });

  it("parses a form only once it is known to fit", async () => {
    const form = new FormData();
    form.set("avatar", new Blob([new Uint8Array(10)]), "a.png");
    const wire = new Request("http://localhost/", { method: "POST", body: form });
    const headers = { "content-type": wire.headers.get("content-type") as string };
    const body = new Uint8Array(await wire.arrayBuffer());
    const read = await readFormBody(post(body, headers), { maxBytes: 4096 });
    expect(read?.get("avatar")).toBeInstanceOf(File);
    const tooLarge = await refusal(
      readFormBody(post(body, headers), { maxBytes: 100, code: "too_large:avatar", message: "Too big." }),
    );
    expect([tooLarge.code, tooLarge.message]).toEqual(["too_large:avatar", "Too big."]);
    expect(
      await readFormBody(post("garbage", { "content-type": "multipart/form-data" }), { maxBytes: 100 }),
    ).toBe(undefined);
  });
});
