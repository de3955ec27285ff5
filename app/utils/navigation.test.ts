import { describe, expect, it } from 'vitest';
import { currentNavItem, navFor } from './navigation.ts';

describe('the header link of the page one is on', () => {
  const operator = navFor(['venue_operator'], true);
  const visitor = navFor([], false);

  it('lights the longest link the page lies under, and only that one', () => {
    expect(currentNavItem(operator, '/console/bookings')).toBe('/console/bookings');
    expect(currentNavItem(operator, '/console/bookings/sessions/abc')).toBe('/console/bookings');
    expect(currentNavItem(operator, '/console')).toBe('/console');
    expect(currentNavItem(operator, '/console/programs')).toBe('/console');
    expect(currentNavItem(visitor, '/speakers/topics')).toBe('/speakers/topics');
    expect(currentNavItem(visitor, '/speakers/5e1934f8-0000-0000-0000-000000000000')).toBe('/speakers');
  });

  it('does not take a path that only begins with the same letters, and lights nothing off the menu', () => {
    expect(currentNavItem(operator, '/consoles')).toBeUndefined();
    expect(currentNavItem(visitor, '/searching')).toBeUndefined();
    expect(currentNavItem(visitor, '/')).toBeUndefined();
    expect(currentNavItem(visitor, '/privacy')).toBeUndefined();
  });
});
