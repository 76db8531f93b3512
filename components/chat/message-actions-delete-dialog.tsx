"use client";

import { useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { ConfirmContent, Modal } from "@/components/ui/modal";
import { chatApi } from "@/lib/chat/client/api";
import type { MessageDto } from "@/lib/chat/dto";

/** Asks before deleting: the text is gone for everyone, only a placeholder stays. */
export function DeleteMessageDialog({
  message,
  open,
  onOpenChange,
  onDeleted,
}: {
  message: MessageDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: (message: MessageDto) => void;
}) {
  const { socketId } = useRealtime();
  const [error, setError] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);

  const remove = async () => {
    setIsDeleting(true);
    setError(null);
    try {
      onDeleted(await chatApi.deleteMessage(message.conversationId, message.id, socketId));
      onOpenChange(false);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Could not delete the message.");
    } finally {
      setIsDeleting(false);
    }
  };

  return (
    <Modal open={open} onOpenChange={onOpenChange}>
      <ConfirmContent
        title="Delete message?"
        description="Everyone in the conversation will see “Message deleted” instead."
        error={error}
        confirmLabel="Delete"
        isPending={isDeleting}
        onConfirm={() => void remove()}
        onCancel={() => onOpenChange(false)}
      />
    </Modal>
  );
}
