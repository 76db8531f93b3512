"use client";

import { useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { Modal, ModalContent } from "@/components/ui/modal";
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
      <ModalContent title="Delete message?">
        <p className="text-sm text-muted-foreground">
          Everyone in the conversation will see “Message deleted” instead.
        </p>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={isDeleting} onClick={() => void remove()}>
            Delete
          </Button>
        </div>
      </ModalContent>
    </Modal>
  );
}
