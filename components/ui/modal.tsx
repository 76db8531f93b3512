"use client";

import { Dialog } from "radix-ui";
import type { ReactNode } from "react";

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
