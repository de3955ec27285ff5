import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';

/**
 * A toggle that shows or hides a part of the page on a phone (the header's menu, a search form's filters). The page
 * arrives with a <details> whose [open] shows that part (a CSS sibling rule), so it works before the script loads and
 * without it. Then it becomes a button with aria-expanded and aria-controls: a summary's own state is not announced by
 * every screen reader, and ARIA on it is ignored.
 */
export interface Disclosure {
  /** The page's script has run: the toggle is a button rather than a <details>. */
  scripted: boolean;
  open: boolean;
  setOpen(open: boolean): void;
  details: RefObject<HTMLDetailsElement>;
  button: RefObject<HTMLButtonElement>;
}

/** The state of a `DisclosureToggle`; what the reader did before the script ran (opened it, focused it) carries over. */
export function useDisclosure(openAtFirst: boolean): Disclosure {
  const [scripted, setScripted] = useState(false);
  const [open, setOpen] = useState(openAtFirst);
  const details = useRef<HTMLDetailsElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const focusButton = useRef(false);

  useEffect(() => {
    focusButton.current = document.activeElement === details.current?.querySelector('summary');
    setOpen(details.current?.open ?? false);
    setScripted(true);
  }, []);

  useEffect(() => {
    if (!scripted || !focusButton.current) return;
    focusButton.current = false;
    button.current?.focus();
  }, [scripted]);

  return { scripted, open, setOpen, details, button };
}

/** The toggle of a `Disclosure`, for the element with id `controls`: `<className>` and `<className>-button`. */
export function DisclosureToggle({
  disclosure,
  controls,
  className,
  children,
}: {
  disclosure: Disclosure;
  controls: string;
  className: string;
  children: ReactNode;
}) {
  if (!disclosure.scripted) {
    return (
      <details className={className} ref={disclosure.details} open={disclosure.open || undefined}>
        <summary className={`${className}-button`} aria-controls={controls}>
          {children}
        </summary>
      </details>
    );
  }
  return (
    <button
      type="button"
      ref={disclosure.button}
      className={`${className}-button`}
      aria-expanded={disclosure.open}
      aria-controls={controls}
      onClick={() => disclosure.setOpen(!disclosure.open)}
    >
      {children}
    </button>
  );
}
