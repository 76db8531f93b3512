"use client";

import { ArrowDown } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import { Button } from "@/components/ui/button";
import { chatApi } from "@/lib/chat/client/api";
import { dayLabel, startsNewDay } from "@/lib/chat/client/day-separators";
import { firstUnreadId, initialIndex, type OpenTarget } from "@/lib/chat/client/open-position";
import { type ReplyTarget, replyTargetOf } from "@/lib/chat/client/reply";
import { seenByMessage } from "@/lib/chat/client/seen";
import { describeTypists } from "@/lib/chat/client/typing";
import type { AttachmentDto, MessageDto, PersonDto } from "@/lib/chat/dto";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "@/lib/files/client/limits";
import type { StorageKind } from "@/lib/files/storage-kind";
import { DropOverlay, useFileDrop } from "./attachments/file-drop";
import { ImageViewerProvider } from "./attachments/image-viewer";
import { useAttachmentUploads } from "./attachments/use-attachment-uploads";
import { Composer, type ComposerHandle } from "./composer";
import { type ConversationMember, ConversationMembersProvider } from "./conversation-members";
import { DaySeparator, NewMessagesSeparator } from "./day-separator";
import { MessageItem } from "./message-item";
import { ReplyBar } from "./reply-bar";
import { SeenLine } from "./seen-line";
import { useMessages } from "./use-messages";
import { useReadMarkers } from "./use-read-markers";
import { type PendingMessage, useSendMessage } from "./use-send-message";
import { useTyping } from "./use-typing";

const START_INDEX = 1_000_000;
const GROUP_WINDOW_MS = 5 * 60_000;
const HIGHLIGHT_MS = 2000;

type Row = { message: MessageDto; pending?: PendingMessage };

function ListFooter() {
  return <div className="h-3" />;
}

function pendingAsMessage(item: PendingMessage, viewer: PersonDto, conversationId: string): MessageDto {
  return {
    id: `pending-${item.clientNonce}`,
    conversationId,
    author: viewer,
    body: item.body,
    plainText: item.plainText,
    replyTo: item.replyTo,
    createdAt: item.createdAt,
    editedAt: null,
    deletedAt: null,
    clientNonce: item.clientNonce,
    reactions: [],
    attachments: item.attachments,
  };
}

function isGroupedWith(previous: MessageDto | undefined, message: MessageDto): boolean {
  if (!previous?.author || previous.author.id !== message.author?.id) return false;
  if (startsNewDay(previous.createdAt, message.createdAt)) return false;
  return Date.parse(message.createdAt) - Date.parse(previous.createdAt) < GROUP_WINDOW_MS;
}

export function ConversationView({
  conversationId,
  channelName,
  viewer,
  isGroup,
  members,
  linkedMessageId = null,
  lastReadMessageId = null,
  storageDriver = "local",
  uploadLimits = DEFAULT_UPLOAD_LIMITS,
}: {
  conversationId: string;
  channelName: string;
  viewer: PersonDto;
  isGroup: boolean;
  members: ConversationMember[];
  /** From a `?m=` link: the history opens around it, highlighted. */
  linkedMessageId?: string | null;
  /** The viewer's read marker when the page loaded: the history opens at the first unread. */
  lastReadMessageId?: string | null;
  /** Where uploads go: through the app (local disk) or straight to uploadthing. */
  storageDriver?: StorageKind;
  uploadLimits?: UploadLimits;
}) {
  const uploads = useAttachmentUploads({ conversationId, driver: storageDriver, limits: uploadLimits });
  const drop = useFileDrop(uploads.add);
  const { typists, notifyTyping, clearTypist } = useTyping(conversationId, viewer);
  const { data, isPending, isError, merge, loadOlder, loadNewer, loadAround, loadLatest } = useMessages(
    conversationId,
    channelName,
    {
      initialAround: linkedMessageId ?? lastReadMessageId,
      onIncoming: (message) => {
        if (message.author) clearTypist(message.author.id);
      },
    },
  );
  const markers = useReadMarkers(conversationId, channelName);
  const { pending, send, retry, discard, limitNotice } = useSendMessage(conversationId, (message) =>
    merge([message]),
  );
  const generation = data?.generation ?? 0;
  // Prepending older pages lowers the first index; a replaced window starts afresh.
  const [offset, setOffset] = useState({ generation: 0, firstItemIndex: START_INDEX });
  const firstItemIndex = offset.generation === generation ? offset.firstItemIndex : START_INDEX;
  const [openTarget, setOpenTarget] = useState<OpenTarget>(
    linkedMessageId ? { kind: "message", id: linkedMessageId } : { kind: "unread" },
  );
  // Where "New messages" begins is settled by the first window and stays put while reading.
  const unreadRef = useRef<{ id: string | null } | null>(null);
  if (!unreadRef.current && data) {
    unreadRef.current = { id: firstUnreadId(data.messages, lastReadMessageId, viewer.id) };
  }
  const unreadId = unreadRef.current?.id ?? null;
  const [isAtBottom, setIsAtBottom] = useState(true);
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null);
  const [highlightedId, setHighlightedId] = useState<string | null>(null);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const composer = useRef<ComposerHandle>(null);
  const highlightTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(highlightTimer.current), []);
  const highlight = (messageId: string) => {
    setHighlightedId(messageId);
    clearTimeout(highlightTimer.current);
    highlightTimer.current = setTimeout(() => setHighlightedId(null), HIGHLIGHT_MS);
  };

  const rows: Row[] = useMemo(() => {
    const saved = data?.messages ?? [];
    const savedNonces = new Set(saved.map((m) => m.clientNonce).filter(Boolean));
    const waiting = pending
      .filter((p) => !savedNonces.has(p.clientNonce))
      .map((p) => ({ message: pendingAsMessage(p, viewer, conversationId), pending: p }));
    return [...saved.map((message) => ({ message })), ...waiting];
  }, [data, pending, viewer, conversationId]);

  // The viewer moves across every image of the loaded conversation, oldest first.
  const images = useMemo(
    () =>
      rows.flatMap(({ message }): AttachmentDto[] =>
        message.deletedAt ? [] : message.attachments.filter((a) => a.kind === "image"),
      ),
    [rows],
  );

  const seen = useMemo(
    () => seenByMessage(data?.messages ?? [], markers, viewer.id),
    [data, markers, viewer.id],
  );
  const nameOf = (userId: string) => members.find((m) => m.id === userId)?.displayName ?? "Someone";

  // Being at the bottom of the list marks the newest message read.
  const lastSaved = data?.messages.at(-1);
  useEffect(() => {
    // Your own newest message counts too: replying within the debounce must not leave what you
    // just answered marked unread.
    if (!isAtBottom || !lastSaved) return;
    const timer = setTimeout(() => void chatApi.markRead(conversationId, lastSaved.id).catch(() => {}), 500);
    return () => clearTimeout(timer);
  }, [isAtBottom, lastSaved, conversationId]);

  // A frame later: the menu that chose "Reply" traps focus until it has fully unmounted.
  const replyToId = replyTo?.id;
  useEffect(() => {
    if (!replyToId) return;
    const frame = requestAnimationFrame(() => composer.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [replyToId]);
  const startReply = (message: MessageDto) => setReplyTo(replyTargetOf(message));
  // A loaded message scrolls into view; one outside the loaded history replaces the window with
  // the page around it, and the list remounts centred on it.
  const jumpTo = async (messageId: string) => {
    const index = rows.findIndex((row) => row.message.id === messageId);
    if (index >= 0) {
      // Instant, not smooth: a smooth scroll is cancelled by any row that changes height on the way
      // (a "Seen" line moving, a message arriving), leaving the original out of view.
      virtuoso.current?.scrollToIndex({ index, align: "center" });
      highlight(messageId);
      return;
    }
    setOpenTarget({ kind: "message", id: messageId });
    if (await loadAround(messageId)) highlight(messageId);
  };
  // Highlight a linked message once it is on screen.
  const linkedIsLoaded = Boolean(linkedMessageId && data?.messages.some((m) => m.id === linkedMessageId));
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the linked message arrives
  useEffect(() => {
    if (linkedIsLoaded && linkedMessageId) highlight(linkedMessageId);
  }, [linkedIsLoaded]);
  // A cached window (the conversation was open before) may not hold the linked message.
  const needsLinked = Boolean(linkedMessageId && data && !linkedIsLoaded);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per link
  useEffect(() => {
    if (needsLinked && linkedMessageId) void loadAround(linkedMessageId).catch(() => {});
  }, [needsLinked]);

  const hasMoreAfter = data?.hasMoreAfter ?? false;
  const jumpToLatest = () => {
    if (!hasMoreAfter) {
      virtuoso.current?.scrollToIndex({ index: rows.length - 1, behavior: "smooth" });
      return;
    }
    setOpenTarget({ kind: "latest" });
    void loadLatest().catch(() => {});
  };

  const onStartReached = async () => {
    const added = await loadOlder();
    if (added > 0) {
      setOffset((current) => ({
        generation,
        firstItemIndex: (current.generation === generation ? current.firstItemIndex : START_INDEX) - added,
      }));
    }
  };

  if (isPending) return <p className="p-6 text-sm text-muted-foreground">Loading messages…</p>;
  if (isError) return <p className="p-6 text-sm text-danger">Could not load this conversation.</p>;

  return (
    <ConversationMembersProvider members={members} viewerId={viewer.id} isGroup={isGroup}>
      <ImageViewerProvider images={images}>
        <div className="relative flex min-h-0 flex-1 flex-col" {...drop.handlers}>
          {drop.isOver ? <DropOverlay /> : null}
          <div role="log" aria-label="Messages" aria-live="polite" className="relative min-h-0 flex-1">
            {rows.length === 0 ? (
              <p className="p-6 text-center text-sm text-muted-foreground">No messages yet. Say hello!</p>
            ) : (
              <Virtuoso
                key={generation}
                ref={virtuoso}
                // The scroller takes keyboard focus (arrow keys and Page Up/Down scroll it); the
                // library styles it outline: none, so the ring is put back for keyboard focus.
                className="h-full focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-primary"
                style={{ outline: undefined }}
                data={rows}
                firstItemIndex={firstItemIndex}
                initialTopMostItemIndex={initialIndex(
                  rows.map((row) => row.message.id),
                  openTarget,
                  unreadId,
                )}
                // Instant, as for jumps: a smooth follow still under way when the next message
                // arrives reads as "not at the bottom", and following stops.
                followOutput={(atBottom) => (atBottom && !hasMoreAfter ? "auto" : false)}
                atBottomStateChange={setIsAtBottom}
                startReached={() => void onStartReached()}
                endReached={() => void loadNewer().catch(() => {})}
                computeItemKey={(_, row) => row.pending?.clientNonce ?? row.message.id}
                itemContent={(index, row) => {
                  const previous = rows[index - firstItemIndex - 1]?.message;
                  return (
                    <>
                      {startsNewDay(previous?.createdAt, row.message.createdAt) ? (
                        <DaySeparator label={dayLabel(row.message.createdAt)} />
                      ) : null}
                      {row.message.id === unreadId ? <NewMessagesSeparator /> : null}
                      <MessageItem
                        message={row.message}
                        isGrouped={isGroupedWith(previous, row.message)}
                        isOwn={row.message.author?.id === viewer.id}
                        isHighlighted={highlightedId === row.message.id}
                        delivery={row.pending?.state}
                        onRetry={() => row.pending && retry(row.pending.clientNonce)}
                        onDiscard={() => row.pending && discard(row.pending.clientNonce)}
                        onChanged={(message) => merge([message])}
                        onReply={startReply}
                        onJumpTo={(messageId) => void jumpTo(messageId)}
                      />
                      <SeenLine readers={seen.get(row.message.id)} isGroup={isGroup} nameOf={nameOf} />
                    </>
                  );
                }}
                components={{ Footer: ListFooter }}
              />
            )}
            {(!isAtBottom || hasMoreAfter) && rows.length > 0 ? (
              <Button
                variant="secondary"
                size="sm"
                className="absolute bottom-3 right-4 shadow"
                onClick={jumpToLatest}
              >
                <ArrowDown aria-hidden className="size-4" />
                Jump to latest
              </Button>
            ) : null}
          </div>
          <p aria-live="polite" className="h-5 px-4 text-xs text-muted-foreground">
            {describeTypists(typists)}
          </p>
          {replyTo ? <ReplyBar replyTo={replyTo} onCancel={() => setReplyTo(null)} /> : null}
          {/* Always present, so that screen readers announce the notice when it appears. */}
          <p role="alert" className={limitNotice ? "px-4 pb-1 text-sm text-danger" : "sr-only"}>
            {limitNotice}
          </p>
          <Composer
            handleRef={composer}
            onTyping={notifyTyping}
            onEscape={replyTo ? () => setReplyTo(null) : undefined}
            uploads={uploads}
            onSend={(body, plainText, attachments) => {
              const reply = replyTo;
              setReplyTo(null);
              if (!hasMoreAfter) {
                send(body, plainText, reply, attachments);
                setTimeout(() => virtuoso.current?.scrollToIndex({ index: "LAST" }), 0);
                return;
              }
              // Reading far back: the present comes first, then the new message joins it.
              setOpenTarget({ kind: "latest" });
              void loadLatest()
                .catch(() => {})
                .then(() => send(body, plainText, reply, attachments));
            }}
          />
        </div>
      </ImageViewerProvider>
    </ConversationMembersProvider>
  );
}
