"use client";

import { Dialog } from "radix-ui";
import type { ReactNode } from "react";
import { Button } from "./button";

export const Modal = Dialog.Root;
export const ModalTrigger = Dialog.Trigger;

/** A centred dialog with a visible title; Escape and the overlay close it. */
export function ModalContent({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
      <Dialog.Content
        aria-describedby={undefined}
        className="fixed left-1/2 top-24 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 rounded-lg border border-border bg-card p-4 shadow-xl"
      >
        <Dialog.Title className="mb-3 text-lg font-semibold">{title}</Dialog.Title>
        {children}
      </Dialog.Content>
    </Dialog.Portal>
  );
}

/**
 * A dialog that asks before something that cannot be undone: what will happen, why it failed if it
 * did, and Cancel beside the confirming button (which says what it does).
 */
export function ConfirmContent({
  title,
  description,
  error,
  confirmLabel,
  isPending,
  onConfirm,
  onCancel,
}: {
  title: string;
  description: ReactNode;
  error: string | null;
  confirmLabel: string;
  isPending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalContent title={title}>
      <p className="text-sm text-muted-foreground">{description}</p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="danger" disabled={isPending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </ModalContent>
  );
}
