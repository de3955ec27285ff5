import { useLocation } from '@remix-run/react';
import { useRef } from 'react';

/**
 * Keys for the reason boxes of a list of entries, each decided by its own form. The box of the entry whose decision was
 * just refused gets a new key, so it is drawn again with what the server read (trimmed: a reason of spaces only comes
 * back empty, its counter full); the other entries' boxes keep what is typed in them.
 */
export function useRefusedFieldKeys(refusedId: string | null | undefined): (id: string) => string {
  const location = useLocation();
  const keys = useRef(new Map<string, string>());
  if (refusedId) keys.current.set(refusedId, location.key);
  return (id) => `${id}:${keys.current.get(id) ?? ''}`;
}
