import { MessageSquare } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

export default function ConversationsPage() {
  return (
    <EmptyState icon={MessageSquare} title="No conversation selected">
      Pick a conversation from the sidebar, or start a new one.
    </EmptyState>
  );
}
