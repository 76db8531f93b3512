"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTrigger } from "@/components/ui/sheet";
import type { AccountSummary } from "@/lib/accounts/types";
import { Sidebar } from "./sidebar";

export function MobileNav({ user }: { user: AccountSummary }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <Sheet open={isOpen} onOpenChange={setIsOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Open navigation">
          <Menu aria-hidden className="size-5" />
        </Button>
      </SheetTrigger>
      <SheetContent title="Navigation">
        <Sidebar user={user} onNavigate={() => setIsOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
