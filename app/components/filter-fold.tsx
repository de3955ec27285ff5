import { useLocation } from '@remix-run/react';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';

export interface FilterFold {
  /** The page's script has run: the toggle is a button rather than a <details>. */
  scripted: boolean;
  open: boolean;
  setOpen(open: boolean): void;
  details: RefObject<HTMLDetailsElement>;
  button: RefObject<HTMLButtonElement>;
  /** The folded fields (their element carries `controls` as its id). */
  fields: RefObject<HTMLDivElement>;
}

/**
 * Whether a search form's filters are shown on a phone, where app.css folds them behind one toggle (720px or less;
 * wider screens always show them and never the toggle). As the header's menu (nav-menu.tsx): the page arrives with a
 * <details> whose [open] shows the fields (a CSS sibling rule), so the fold works without the script; then it becomes
 * a button with aria-expanded and aria-controls. `openWhen`: open as the page comes (a filter to correct). Each new
 * search (the form sent, a link to a page of results) folds the filters again, so that the results come first; focus
 * that was in the fields goes to the toggle rather than to nowhere.
 */
export function useFilterFold(openWhen: boolean): FilterFold {
  const [scripted, setScripted] = useState(false);
  const [open, setOpen] = useState(openWhen);
  const details = useRef<HTMLDetailsElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const fields = useRef<HTMLDivElement>(null);
  const focusButton = useRef(false);
  const { search } = useLocation();
  const shownFor = useRef(search);

  useEffect(() => {
    // What the reader did before the script ran carries over: the fold opened, the focus on its toggle.
    focusButton.current = document.activeElement === details.current?.querySelector('summary');
    setOpen(details.current?.open ?? false);
    setScripted(true);
  }, []);

  useEffect(() => {
    if (!scripted || !focusButton.current) return;
    focusButton.current = false;
    button.current?.focus();
  }, [scripted]);

  useEffect(() => {
    if (shownFor.current === search) return;
    shownFor.current = search;
    setOpen(openWhen);
    // Only where the toggle is shown (a phone): on a wide screen the fields stay, and so does the focus.
    const toggle = button.current;
    if (
      !openWhen &&
      toggle &&
      toggle.getClientRects().length > 0 &&
      fields.current?.contains(document.activeElement)
    )
      toggle.focus();
  }, [search, openWhen]);

  return { scripted, open, setOpen, details, button, fields };
}

/** The 筛选 toggle of `useFilterFold`, for the fields with id `controls`. */
export function FilterFoldToggle({
  fold,
  controls,
  children,
}: {
  fold: FilterFold;
  controls: string;
  children: ReactNode;
}) {
  if (!fold.scripted) {
    return (
      <details className="filter-toggle" ref={fold.details} open={fold.open || undefined}>
        <summary className="filter-toggle-button" aria-controls={controls}>
          {children}
        </summary>
      </details>
    );
  }
  return (
    <button
      type="button"
      ref={fold.button}
      className="filter-toggle-button"
      aria-expanded={fold.open}
      aria-controls={controls}
      onClick={() => fold.setOpen(!fold.open)}
    >
      {children}
    </button>
  );
}
