import type { z } from 'zod';
import type { MessageKey, TFunction } from '#app/i18n/index.ts';
import { localizeIssues, unstorableErrors } from './validation.ts';

/** A filter that was dropped, named as the form names it. */
export type IgnoredFilter = { field: string; label: string; message: string };

/** Every parameter of a query schema has a label, so a dropped filter is never shown by its parameter name. */
export type FilterLabels<S extends z.ZodType> = { [K in keyof z.input<S> & string]-?: MessageKey };

/**
 * Parses a list page's query leniently: a parameter that does not parse is dropped (with the parameters that only
 * make sense with it, `dependents`) and reported under its label; the others still apply.
 */
export function parseFilters<S extends z.ZodType>(
  schema: S,
  params: Record<string, string>,
  t: TFunction,
  options: { labels: FilterLabels<S>; fallback: z.output<S>; dependents?: Record<string, readonly string[]> },
): { query: z.output<S>; problems: Record<string, string>; ignored: IgnoredFilter[] } {
  const kept = { ...params };
  const problems: Record<string, string> = {};
  for (const field of Object.keys(unstorableErrors(params, t) ?? {})) {
    problems[field] = t('validation.invisibleCharacters');
    for (const name of [field, ...(options.dependents?.[field] ?? [])]) delete kept[name];
  }
  let query = options.fallback;
  // Each round drops at least one parameter, so this ends; a rule that names no parameter given falls back.
  for (;;) {
    const parsed = schema.safeParse(kept);
    if (parsed.success) {
      query = parsed.data;
      break;
    }
    let dropped = false;
    for (const [path, message] of Object.entries(localizeIssues(parsed.error.issues, t))) {
      const field = path.split('.')[0] ?? path;
      problems[field] ??= message;
      for (const name of [field, ...(options.dependents?.[field] ?? [])]) {
        if (name in kept) {
          delete kept[name];
          dropped = true;
        }
      }
    }
    if (!dropped) break;
  }
  const labels: Record<string, MessageKey> = options.labels;
  const ignored = Object.entries(problems).map(([field, message]) => ({
    field,
    label: labels[field] ? t(labels[field]) : field,
    message,
  }));
  return { query, problems, ignored };
}

/** How many pages a list of `total` has (at least one, so "page 1 of 1" reads right when empty). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Where a request for a page past the end should go: the same URL on the last page (a stale link or a list that
 * shrank should still show results), or null when the page exists.
 */
export function lastPageUrl(url: URL, page: number, pages: number): string | null {
  if (page <= pages) return null;
  const next = new URL(url);
  if (pages <= 1) next.searchParams.delete('page');
  else next.searchParams.set('page', String(pages));
  return `${next.pathname}${next.search}`;
}

/**
 * A distance filter or order needs a start point: a `near` given, or the signed-in teacher's school (`hasOrigin`).
 * Without one they are dropped and named under their label, rather than quietly ignored (a list "by distance"
 * would come in an order no one could tell).
 */
export function dropDistanceWithoutOrigin<Q extends { near?: unknown; radiusKm?: number; sort?: string }>(
  parsed: { query: Q; problems: Record<string, string>; ignored: IgnoredFilter[] },
  hasOrigin: boolean,
  t: TFunction,
  message: MessageKey,
): { query: Q; problems: Record<string, string>; ignored: IgnoredFilter[] } {
  if (hasOrigin || parsed.query.near !== undefined) return parsed;
  const query = { ...parsed.query };
  const problems = { ...parsed.problems };
  const ignored = [...parsed.ignored];
  const drop = (field: 'radiusKm' | 'sort', label: MessageKey) => {
    problems[field] = t(message);
    ignored.push({ field, label: t(label), message: t(message) });
  };
  if (query.radiusKm !== undefined) {
    query.radiusKm = undefined;
    drop('radiusKm', 'search.radius');
  }
  if (query.sort === 'distance') {
    query.sort = undefined;
    drop('sort', 'search.sort');
  }
  return { query, problems, ignored };
}

type Window = { page: number; pageSize: number };

/**
 * A list page under a map of every match, not only of the page (a first page by name left out whole cities). One search
 * serves both while the page lies within the map's `max` points: the page is cut from the map's matches. Past that, or
 * without a map (`withMap` false: `mapped` is empty), the page is searched alone, and the map once more.
 */
export async function pageAndMap<R extends { items: unknown[] } & Window>(
  query: Window,
  options: { max: number; withMap: boolean },
  search: (window: Window) => Promise<R>,
): Promise<{ result: R; mapped: R['items'] }> {
  const all = { page: 1, pageSize: options.max };
  if (options.withMap && query.page * query.pageSize <= options.max) {
    const searched = await search(all);
    const offset = (query.page - 1) * query.pageSize;
    return {
      result: { ...searched, items: searched.items.slice(offset, offset + query.pageSize), ...query },
      mapped: searched.items,
    };
  }
  const result = await search({ page: query.page, pageSize: query.pageSize });
  return { result, mapped: options.withMap ? (await search(all)).items : [] };
}
