"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue } from "react";
import { chatApi } from "@/lib/chat/client/api";

/** People matching what was typed (by @username or name), once there is something to search. */
export function usePeopleSearch(query: string, isEnabled: boolean) {
  const deferred = useDeferredValue(query.trim());
  return useQuery({
    queryKey: ["people", deferred],
    queryFn: () => chatApi.searchPeople(deferred),
    enabled: isEnabled && deferred.replace(/^@/, "").length > 0,
  });
}
