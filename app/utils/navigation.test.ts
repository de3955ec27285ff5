import { describe, expect, it } from 'vitest';
import { currentNavItem, navFor, signInHref } from './navigation.ts';

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

describe('the header’s sign-in link', () => {
  it('comes back to the page it was on', () => {
    expect(signInHref('/venues/museum', '/venues/museum?tab=2')).toBe(
      '/login?redirectTo=%2Fvenues%2Fmuseum%3Ftab%3D2',
    );
    expect(signInHref('/', '/')).toBe('/login?redirectTo=%2F');
  });

  it('leaves out the note of the page (signed out): signing in from there lands the person on their home', () => {
    expect(signInHref('/', '/?note=signed-out')).toBe('/login?redirectTo=%2F');
    expect(signInHref('/search', '/search?q=a&note=signed-out')).toBe('/login?redirectTo=%2Fsearch%3Fq%3Da');
  });

  it('does not come back to sign-up, a forgotten password, a reset link or sign-out: the person lands at home', () => {
    for (const page of ['/signup', '/forgot', '/logout', '/reset/abc123', '/signup/']) {
      expect(signInHref(page, `${page}?x=1`), page).toBe('/login');
    }
  });

  it('on the sign-in page is that page as it is, never sign-in leading back to sign-in', () => {
    expect(signInHref('/login', '/login?redirectTo=%2Ftrips')).toBe('/login?redirectTo=%2Ftrips');
    expect(signInHref('/login', '/login')).toBe('/login');
  });
});
