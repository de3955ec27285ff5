import { useLocation } from '@remix-run/react';
import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { type Disclosure, DisclosureToggle, useDisclosure } from './disclosure.tsx';

export interface FilterFold extends Disclosure {
  /** The folded fields (their element carries `controls` as its id). */
  fields: RefObject<HTMLDivElement>;
}

/**
 * Whether a search form's filters are shown on a phone, where app.css folds them behind one toggle (720px or less;
 * wider screens always show them and never the toggle): a `Disclosure`, as the header's menu. `openWhen`: open as the
 * page comes (a filter to correct). Each new search (the form sent, a link to a page of results) folds the filters
 * again, so that the results come first; focus that was in the fields goes to the toggle rather than to nowhere.
 */
export function useFilterFold(openWhen: boolean): FilterFold {
  const fold = useDisclosure(openWhen);
  const { setOpen, button } = fold;
  const fields = useRef<HTMLDivElement>(null);
  const { search } = useLocation();
  const shownFor = useRef(search);

  // biome-ignore lint/correctness/useExhaustiveDependencies: setOpen and the button's ref come from useDisclosure's useState and useRef, the same at every render
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

  return { ...fold, fields };
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
  return (
    <DisclosureToggle disclosure={fold} controls={controls} className="filter-toggle">
      {children}
    </DisclosureToggle>
  );
}
