import type { home as zh } from '../zh/home.ts';

export const home: Record<keyof typeof zh, string> = {
  'home.title': 'Social Classroom · Out-of-school education for Inner Mongolia’s schools',
  'home.heading': 'Take every lesson beyond the classroom',
  'home.lead':
    'Find museums, science centres, memorials, libraries, study-practice bases and volunteer “five elders” speakers; see where pupils get in free or at a discount; book field trips and speaker visits online.',
  'home.searchLabel': 'Search venues and programs',
  'home.countsTitle': 'Live figures',
  'home.countVenues': 'Published venues and bases',
  'home.countSpeakers': 'Speakers',
  'home.countFree': 'Free for school pupils',
  'home.countOpenDays': 'Open days in the next 30 days',
  'home.desk.title': 'Your desk',
  'home.desk.lead': 'Hello, {name}. Back to your work from here:',
  'home.desk.go': '{role} · {place}',
  'home.desk.noRole':
    'Hello, {name}. Your account has no role yet: ask to become a venue operator or a speaker on “My account”; teachers get an invitation link from their school’s administrator.',
  'home.rolesTitle': 'Start here',
  'home.role.teacher':
    'Find venues by grade, theme, distance and free entry; book a class trip in minutes; invite a speaker to your school.',
  'home.role.school_admin':
    'Approve your school’s trips, see the school’s calendar of trips and talks, manage your teachers’ accounts.',
  'home.role.venue_operator':
    'Keep your venue’s profile, programs, sessions and open days up to date, declare free or discounted entry, confirm school groups.',
  'home.role.speaker':
    'Keep your talk topics and free times; answer schools’ invitations in one step. Large type, few steps.',
  'home.role.auditor':
    'Verify the catalogue of your region, watch free-entry commitments and which schools are reached, export reports.',
  'home.role.public': 'Browse published venues, open days and free entry without an account.',
  'home.signInAs': 'Sign in',
  'home.browse': 'Browse venues',
  'home.policy':
    'Under Inner Mongolia’s implementation opinions on school–family–society collaborative education: a catalogue of social practice venues, free or discounted entry for pupils, one online booking channel, green channels and open days, and “five elders”, labour and moral models, role models and artists invited into schools.',
};
