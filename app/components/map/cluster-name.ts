import type { Formatters, TFunction } from '#app/i18n/index.ts';

/**
 * A map cluster's name: how many places it holds and the first few of them; "and more" only when some are not named
 * (a cluster of three names all three).
 */
export function clusterName(t: TFunction, format: Pick<Formatters, 'list'>, count: number, names: string[]) {
  return t(count > names.length ? 'map.cluster' : 'map.clusterAll', { count, names: format.list(names) });
}
