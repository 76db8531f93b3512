import type { MessageDoc } from "@/lib/chat/body/schema";
import type {
  AttachmentDto,
  ConversationSummary,
  MessageDto,
  PersonDto,
  ReactionDto,
  ReadMarker,
} from "@/lib/chat/dto";
import { uploadWithProgress } from "@/lib/http/upload-with-progress";

// Browser-side calls to the chat HTTP API. Errors carry the server's safe message.

export class ChatApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ChatApiError";
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const message = json?.error?.message ?? `Request failed (${response.status}).`;
    throw new ChatApiError(message, response.status);
  }
  return json as T;
}

/** Lets the server leave the sender's own socket out of the broadcast. */
function socketHeader(socketId: string | null): Record<string, string> {
  return socketId ? { "x-socket-id": socketId } : {};
}

function reactionPath(conversationId: string, messageId: string, emoji: string) {
  return `/api/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;
}

export interface MessagePage {
  messages: MessageDto[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/** One file of the Files panel: the attachment, the message it was posted in, who and when. */
export type SharedFile = AttachmentDto & { messageId: string; createdAt: string; uploader: PersonDto | null };

export const chatApi = {
  listConversations: () =>
    request<{ conversations: ConversationSummary[]; nextCursor: string | null }>("/api/conversations"),
  searchPeople: async (query: string) =>
    (await request<{ people: PersonDto[] }>(`/api/people?q=${encodeURIComponent(query)}`)).people,
  openDirect: (userId: string) =>
    request<{ id: string }>("/api/conversations", { method: "POST", body: JSON.stringify({ userId }) }),
  createGroup: (input: { name: string; memberIds: string[] }) =>
    request<{ id: string }>("/api/conversations", { method: "POST", body: JSON.stringify(input) }),
  listMessages: (
    conversationId: string,
    params: { before?: string; after?: string; around?: string; limit?: number },
  ) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    return request<MessagePage>(`/api/conversations/${conversationId}/messages?${query}`);
  },
  sendMessage: (
    conversationId: string,
    input: { body: MessageDoc; clientNonce: string; replyToId?: string | null; attachmentIds?: string[] },
    socketId: string | null,
  ) =>
    request<MessageDto>(`/api/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: socketHeader(socketId),
      body: JSON.stringify({
        body: input.body,
        clientNonce: input.clientNonce,
        replyToId: input.replyToId ?? undefined,
        attachmentIds: input.attachmentIds?.length ? input.attachmentIds : undefined,
      }),
    }),
  editMessage: (conversationId: string, messageId: string, body: MessageDoc, socketId: string | null) =>
    request<MessageDto>(`/api/conversations/${conversationId}/messages/${messageId}`, {
      method: "PATCH",
      headers: socketHeader(socketId),
      body: JSON.stringify({ body }),
    }),
  deleteMessage: (conversationId: string, messageId: string, socketId: string | null) =>
    request<MessageDto>(`/api/conversations/${conversationId}/messages/${messageId}`, {
      method: "DELETE",
      headers: socketHeader(socketId),
    }),
  setGroupIcon: (conversationId: string, file: Blob, onProgress: (fraction: number) => void) => {
    const body = new FormData();
    body.append("icon", file);
    return uploadWithProgress<{ icon: string | null }>(
      "PUT",
      `/api/conversations/${conversationId}/icon`,
      body,
      onProgress,
    );
  },
  /** Idempotent; answers with the message's reactions after the change. */
  addReaction: (conversationId: string, messageId: string, emoji: string, socketId: string | null) =>
    request<{ reactions: ReactionDto[] }>(reactionPath(conversationId, messageId, emoji), {
      method: "PUT",
      headers: socketHeader(socketId),
    }),
  removeReaction: (conversationId: string, messageId: string, emoji: string, socketId: string | null) =>
    request<{ reactions: ReactionDto[] }>(reactionPath(conversationId, messageId, emoji), {
      method: "DELETE",
      headers: socketHeader(socketId),
    }),
  /** The conversation's shared files, newest first (the Files panel). */
  listAttachments: (conversationId: string, before?: string) =>
    request<{ attachments: SharedFile[]; nextCursor: string | null }>(
      `/api/conversations/${conversationId}/attachments?${new URLSearchParams(before ? { before } : {})}`,
    ),
  listReadMarkers: async (conversationId: string) =>
    (await request<{ markers: ReadMarker[] }>(`/api/conversations/${conversationId}/read`)).markers,
  markRead: (conversationId: string, messageId: string) =>
    request<unknown>(`/api/conversations/${conversationId}/read`, {
      method: "POST",
      body: JSON.stringify({ messageId }),
    }),
};
