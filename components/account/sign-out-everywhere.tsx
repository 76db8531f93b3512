"use client";

import { LogOut } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Modal, ModalContent, ModalTrigger } from "@/components/ui/modal";
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
        <ModalContent title="Sign out of all devices?">
          <p className="text-sm text-muted-foreground">
            You will need to sign in again everywhere, on this device too.
          </p>
          {error ? (
            <p role="alert" className="mt-2 text-sm text-danger">
              {error}
            </p>
          ) : null}
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setIsOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" disabled={isPending} onClick={confirm}>
              Sign out everywhere
            </Button>
          </div>
        </ModalContent>
      </Modal>
    </section>
  );
}
