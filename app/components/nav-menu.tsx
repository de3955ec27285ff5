import { useLocation } from '@remix-run/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { type Disclosure, DisclosureToggle, useDisclosure } from './disclosure.tsx';

export type NavMenu = Disclosure;

/**
 * Whether the header's links are shown on a phone, where app.css folds them behind one button (640px or less): a
 * `Disclosure`, closed by Escape and by going to a page.
 */
export function useNavMenu(): NavMenu {
  const menu = useDisclosure(false);
  const { open, setOpen, button } = menu;
  const { key } = useLocation();
  const shownFor = useRef(key);

  // biome-ignore lint/correctness/useExhaustiveDependencies: setOpen and the button's ref come from useDisclosure's useState and useRef, the same at every render
  useEffect(() => {
    if (shownFor.current === key) return;
    shownFor.current = key;
    setOpen(false);
  }, [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: setOpen and the button's ref come from useDisclosure's useState and useRef, the same at every render
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

  return menu;
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
  return (
    <DisclosureToggle disclosure={menu} controls={controls} className="nav-menu">
      {children}
    </DisclosureToggle>
  );
}
