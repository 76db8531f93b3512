"use client";

import { type MouseEvent, type PointerEvent, useEffect, useRef } from "react";

const LONG_PRESS_MS = 500;
/** A finger that moves further than this is scrolling, not pressing. */
const SLOP_PX = 10;

/**
 * Long-press on touch screens (mouse and pen keep their own gestures). Returns handlers to spread
 * on the element, and `didFire()` so a click that ends a long press can be ignored.
 */
export function useLongPress(onLongPress: () => void, { ignore }: { ignore?: string } = {}) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const origin = useRef<{ x: number; y: number } | null>(null);
  const fired = useRef(false);
  const callback = useRef(onLongPress);
  callback.current = onLongPress;
  useEffect(() => () => clearTimeout(timer.current), []);

  const cancel = () => {
    clearTimeout(timer.current);
    origin.current = null;
  };

  return {
    didFire: () => {
      const result = fired.current;
      fired.current = false;
      return result;
    },
    handlers: {
      onPointerDown(event: PointerEvent) {
        fired.current = false;
        if (event.pointerType !== "touch") return;
        if (ignore && (event.target as Element).closest(ignore)) return;
        origin.current = { x: event.clientX, y: event.clientY };
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          fired.current = true;
          origin.current = null;
          callback.current();
        }, LONG_PRESS_MS);
      },
      onPointerMove(event: PointerEvent) {
        const start = origin.current;
        if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > SLOP_PX) cancel();
      },
      onPointerUp: cancel,
      onPointerCancel: cancel,
      // The browser's own long-press menu (copy, select) would cover ours.
      onContextMenu(event: MouseEvent) {
        if (origin.current || fired.current) event.preventDefault();
      },
    },
  };
}
