export * from './bookings.ts';
export * from './notifications.ts';
export * from './platform.ts';
export * from './regions.ts';
export * from './schools.ts';
export * from './speakers.ts';
export * from './users.ts';
export * from './venues.ts';
