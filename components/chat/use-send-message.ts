"use client";

import { useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import type { MessageDoc } from "@/lib/chat/body/schema";
import { ChatApiError, chatApi } from "@/lib/chat/client/api";
import type { ReplyTarget } from "@/lib/chat/client/reply";
import type { AttachmentDto, MessageDto } from "@/lib/chat/dto";

export interface PendingMessage {
  clientNonce: string;
  body: MessageDoc;
  /** Computed in the browser for the optimistic copy only; the server derives its own. */
  plainText: string;
  state: "pending" | "failed";
  createdAt: string;
  /** The message this one answers, shown quoted while the send is in flight. */
  replyTo: ReplyTarget | null;
  /** Already stored; the send claims them for this message. */
  attachments: AttachmentDto[];
}

/**
 * Sends with a client nonce: a retry of the same message reuses it, and the server stores it
 * once however often it arrives. Pending and failed sends stay visible until resolved.
 */
export function useSendMessage(conversationId: string, onSent: (message: MessageDto) => void) {
  const { socketId } = useRealtime();
  const [pending, setPending] = useState<PendingMessage[]>([]);
  // The server's words when it refused a send for going too fast ("…Try again in 6 seconds.").
  const [limitNotice, setLimitNotice] = useState<string | null>(null);

  const attempt = async (item: PendingMessage) => {
    setPending((list) =>
      list.map((p) => (p.clientNonce === item.clientNonce ? { ...p, state: "pending" } : p)),
    );
    try {
      const message = await chatApi.sendMessage(
        conversationId,
        {
          body: item.body,
          clientNonce: item.clientNonce,
          replyToId: item.replyTo?.id,
          attachmentIds: item.attachments.map((attachment) => attachment.id),
        },
        socketId,
      );
      onSent(message);
      setLimitNotice(null);
      setPending((list) => list.filter((p) => p.clientNonce !== item.clientNonce));
    } catch (error) {
      // The message stays, marked "Not sent", for a retry once the wait is over.
      if (error instanceof ChatApiError && error.status === 429) setLimitNotice(error.message);
      setPending((list) =>
        list.map((p) => (p.clientNonce === item.clientNonce ? { ...p, state: "failed" } : p)),
      );
    }
  };

  const send = (
    body: MessageDoc,
    plainText: string,
    replyTo: ReplyTarget | null = null,
    attachments: AttachmentDto[] = [],
  ) => {
    const item: PendingMessage = {
      clientNonce: crypto.randomUUID(),
      body,
      plainText,
      replyTo,
      attachments,
      state: "pending",
      createdAt: new Date().toISOString(),
    };
    setPending((list) => [...list, item]);
    void attempt(item);
  };
  const retry = (clientNonce: string) => {
    const item = pending.find((p) => p.clientNonce === clientNonce);
    if (item) void attempt(item);
  };
  const discard = (clientNonce: string) =>
    setPending((list) => list.filter((p) => p.clientNonce !== clientNonce));

  return { pending, send, retry, discard, limitNotice };
}
