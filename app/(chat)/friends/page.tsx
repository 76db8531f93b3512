import { Users } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Friends" };

export default function FriendsPage() {
  return (
    <EmptyState icon={Users} title="No friends yet">
      Friends you add appear here, with who is online.
    </EmptyState>
  );
}
