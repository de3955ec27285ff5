import { type ReactNode, useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** True once React has hydrated in the browser; false on the server and in the first client render. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** Renders its children only in the browser (maps, charts); `fallback` on the server and without JavaScript. */
export function ClientOnly({
  children,
  fallback = null,
}: {
  children: () => ReactNode;
  fallback?: ReactNode;
}) {
  return useHydrated() ? children() : fallback;
}
