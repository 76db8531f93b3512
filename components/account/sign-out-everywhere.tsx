"use client";

import { LogOut } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmContent, Modal, ModalTrigger } from "@/components/ui/modal";
import type { FormState } from "@/lib/accounts/form-state";

/** Ends every session of the person, this device's too, after asking. */
export function SignOutEverywhere({ signOutEverywhere }: { signOutEverywhere: () => Promise<FormState> }) {
  const [isOpen, setIsOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      // On success the action redirects to the sign-in page; only a refusal comes back.
      const result = await signOutEverywhere();
      if (result.status === "error") setError(result.message ?? "Could not sign out everywhere.");
    });

  return (
    <section aria-labelledby="sessions-heading" className="rounded-lg border border-border p-4">
      <h2 id="sessions-heading" className="mb-1 font-medium">
        Signed-in devices
      </h2>
      <p className="mb-3 text-sm text-muted-foreground">
        Lost a device, or signed in somewhere you should not stay signed in? End every session at once, this
        one included. Live updates stop on every device straight away.
      </p>
      <Modal open={isOpen} onOpenChange={setIsOpen}>
        <ModalTrigger asChild>
          <Button variant="danger">
            <LogOut aria-hidden className="size-4" />
            Sign out of all devices
          </Button>
        </ModalTrigger>
        <ConfirmContent
          title="Sign out of all devices?"
          description="You will need to sign in again everywhere, on this device too."
          error={error}
          confirmLabel="Sign out everywhere"
          isPending={isPending}
          onConfirm={confirm}
          onCancel={() => setIsOpen(false)}
        />
      </Modal>
    </section>
  );
}
