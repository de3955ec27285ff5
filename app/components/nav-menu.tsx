import { useLocation } from '@remix-run/react';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';

export interface NavMenu {
  /** The page's script has run: the toggle is a button rather than a <details>. */
  scripted: boolean;
  open: boolean;
  setOpen(open: boolean): void;
  details: RefObject<HTMLDetailsElement>;
  button: RefObject<HTMLButtonElement>;
}

/**
 * Whether the header's links are shown on a phone, where app.css folds them behind one button (640px or less).
 * The page arrives with a <details> whose [open] shows the links (a CSS sibling rule), so the menu works before the
 * script loads and without it. Then it becomes a button with aria-expanded and aria-controls (a summary's own state
 * is not announced by every screen reader, and ARIA on it is ignored), closed by Escape and by going to a page.
 */
export function useNavMenu(): NavMenu {
  const [scripted, setScripted] = useState(false);
  const [open, setOpen] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const focusButton = useRef(false);
  const { key } = useLocation();
  const shownFor = useRef(key);

  useEffect(() => {
    // What the reader did before the script ran carries over: the menu left open, the focus on its toggle.
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
    if (shownFor.current === key) return;
    shownFor.current = key;
    setOpen(false);
  }, [key]);

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      // Back to the button from the list (the list is about to vanish); not pulled away from the page's content.
      if (button.current?.closest('header')?.contains(document.activeElement)) button.current.focus();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [open]);

  return { scripted, open, setOpen, details, button };
}

/** The 菜单 toggle of `useNavMenu`, for the element with id `controls`. */
export function NavMenuButton({
  menu,
  controls,
  children,
}: {
  menu: NavMenu;
  controls: string;
  children: ReactNode;
}) {
  if (!menu.scripted) {
    return (
      <details className="nav-menu" ref={menu.details}>
        <summary className="nav-menu-button" aria-controls={controls}>
          {children}
        </summary>
      </details>
    );
  }
  return (
    <button
      type="button"
      ref={menu.button}
      className="nav-menu-button"
      aria-expanded={menu.open}
      aria-controls={controls}
      onClick={() => menu.setOpen(!menu.open)}
    >
      {children}
    </button>
  );
}
