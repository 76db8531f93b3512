import type { MessageDto } from "@/lib/chat/dto";

// What a message event carries: the message as every member may see it, within the size limit.

/**
 * Pusher Channels (hosted, soketi, ours) refuse events over 10 KB. A 4,000-character message of
 * non-ASCII text or many short lines can exceed that as a document, so such an event carries
 * everything but the body and receivers fetch the message over HTTP. 9 KB leaves room for the
 * envelope around the data.
 */
export const MAX_MESSAGE_EVENT_BYTES = 9 * 1024;

export function messageEventPayload(message: MessageDto): MessageDto {
  // The conversation channel reaches every member: the nonce is for the author's eyes only.
  const broadcast: MessageDto = { ...message, clientNonce: null };
  if (Buffer.byteLength(JSON.stringify(broadcast)) <= MAX_MESSAGE_EVENT_BYTES) return broadcast;
  return {
    ...broadcast,
    body: { type: "doc", content: [] },
    plainText: "",
    replyTo: null,
    reactions: [],
    attachments: [],
    isPartial: true,
  };
}
