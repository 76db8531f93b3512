"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useChannelEvent } from "@/components/realtime/use-channel-event";
import { chatApi } from "@/lib/chat/client/api";
import { type ReadMarker, readMarkerSchema } from "@/lib/chat/dto";

/** Where each member has read up to, kept live by `read.updated` on the conversation channel. */
export function useReadMarkers(conversationId: string, channelName: string) {
  const queryClient = useQueryClient();
  const key = ["read-markers", conversationId];
  const query = useQuery({ queryKey: key, queryFn: () => chatApi.listReadMarkers(conversationId) });
  useChannelEvent<unknown>(channelName, "read.updated", (data) => {
    const parsed = readMarkerSchema.safeParse(data);
    if (!parsed.success) return;
    queryClient.setQueryData<ReadMarker[]>(key, (list) => [
      ...(list ?? []).filter((marker) => marker.userId !== parsed.data.userId),
      parsed.data,
    ]);
  });
  return query.data ?? [];
}
