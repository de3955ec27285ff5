import type { common as zh } from '../zh/common.ts';

export const common: Record<keyof typeof zh, string> = {
  'site.name': 'Social Classroom',
  'site.tagline': 'Out-of-school education venues and bookings for schools in Inner Mongolia',
  'site.skipToContent': 'Skip to content',
  'nav.main': 'Main navigation',
  'nav.search': 'Find venues',
  'nav.speakers': 'Speakers',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'nav.account': 'My account',
  'nav.accountOf': 'My account ({name})',
  'nav.menu': 'Menu',
  'search.placeholder': 'Search venues',
  'search.label': 'Search',
  'search.landmark': 'Site search',
  'search.submit': 'Search',
  'lang.label': 'Language',
  'lang.zh': '中文',
  'lang.en': 'English',
  'lang.switch': 'Change language',
  'privacy.title': 'Privacy',
  'privacy.lead':
    'This platform serves out-of-school education for schools. This page says what personal information it keeps, who sees it, and what it never keeps.',
  'privacy.children.heading': 'Nothing personal about pupils',
  'privacy.children.counts':
    'Bookings hold numbers only: pupils, accompanying adults, pupils with disabilities, left-behind pupils. The system never asks for or keeps a pupil’s name, photo or ID number.',
  'privacy.children.sheet':
    'The guardian consent slip on the trip sheet has blanks that the school fills in by hand after printing; nothing comes back to the platform.',
  'privacy.kept.heading': 'What we keep',
  'privacy.kept.account':
    'Your account: your name, the e-mail address or mobile number you signed up with, your interface language, and your roles at a school, venue or speakers’ group.',
  'privacy.kept.password':
    'Your password is kept only as a one-way hash (argon2id); nobody, administrators included, can see it.',
  'privacy.kept.sessions':
    'Sign-ins: when you signed in and were last active, your browser type and IP address, so that you can see and end your own sessions, and to stop passwords being guessed.',
  'privacy.kept.bookings':
    'Bookings: the contact name and phone number the leading teacher gives, so that the venue can reach the group on the day.',
  'privacy.kept.speakers':
    'Speakers: a public profile (biography, county, topics); phone number and e-mail address are kept apart.',
  'privacy.kept.audit':
    'The audit log: every change to venues, access commitments, bookings and invitations is recorded with who made it, when, from which IP address, and what it was before and after. The log is append-only, so that education bureaus can check it.',
  'privacy.kept.email': 'Notices: the in-app notices and copies of the e-mails sent to you.',
  'privacy.seen.heading': 'Who sees it',
  'privacy.seen.roles':
    'Each role sees only its own: teachers see their school’s bookings, venues see their own bookings (numbers and the leading teacher’s contact only), auditors see their region.',
  'privacy.seen.speakers':
    'A speaker’s phone number and e-mail address are shown only to the teacher whose invitation the speaker accepted.',
  'privacy.seen.requests':
    'When you ask to become a venue operator or a speaker, the auditors of that region see your contact details, to check who you are.',
  'privacy.seen.figures':
    'The bureaus’ reports use numbers and the names of schools and venues only, with no personal information. In exported tables and the data API, counts of 1–4 pupils show as “<5”, so that they cannot point at particular children; only the region’s own auditors, who check the figures, see the exact counts on this site’s pages.',
  'privacy.browser.heading': 'In your browser',
  'privacy.browser.cookies':
    'The site uses two cookies only: your sign-in session and your interface language.',
  'privacy.browser.tracking': 'No advertising, no visitor statistics, no third-party tracking scripts.',
  'privacy.browser.map':
    'Map backgrounds come from a map tile server: when a map opens, your browser asks it for the tiles.',
  'privacy.rights.heading': 'Correcting and closing',
  'privacy.rights.correct':
    'You can change your name, e-mail address and mobile number under “My account”, and the language at the top of every page; venue and speaker profiles are changed on their own desks.',
  'privacy.rights.disable':
    'Only the platform admin can close an account: to have yours closed, ask the platform admin. A closed account can no longer sign in; its entries in the audit log are kept as the rules require.',
  'privacy.rights.leaveSchool':
    'A school admin cannot close an account, but can remove a teacher from the school on the “Invite teachers” page: the teacher then no longer belongs to the school and no longer sees its bookings or calendar; the account itself stays and can still sign in.',
  'privacy.contact.heading': 'Contact the platform admin',
  'privacy.contact.email':
    'For questions about your personal data, a correction or closing your account, write to the platform admin:',
  'privacy.contact.none':
    'Whoever runs this site has not yet published the platform admin’s address. For questions about your personal data, a correction or closing your account, ask your school’s admin or your local education bureau to pass it on.',
  'footer.privacy': 'Privacy',
  'footer.about':
    'Social Classroom serves the catalogue, free access, online booking and speakers-in-schools tasks of Inner Mongolia’s implementation opinions on school–family–society collaborative education.',
  'footer.data': 'Data sources and attribution',
  'footer.dataRegions':
    'Administrative divisions: modood/Administrative-divisions-of-China (WTFPL); coordinates: Vonng/adcode (CC BY 4.0, Feng Ruohang), converted from GCJ-02 to WGS-84.',
  'footer.dataMuseums':
    'Museum list: National Cultural Heritage Administration, National Museum Directory (2024), as compiled by sunyifei1220/museum-frontend; demonstration data only.',
  'footer.dataHsds': 'Open data format: Human Services Data Specification (Open Referral, CC BY-SA 4.0).',
  'footer.dataMap': 'Map: ',
  'footer.demo':
    'This site shows demonstration data: most venue positions are the seat of their county or city (marked “approximate location”).',
  'common.copy': 'Copy',
  'common.copied': 'Copied',
  /** "Label: value" inside a sentence or a label, with the language's own separator. */
  'common.labelled': '{label}: {value}',
  /** A text with a note in parentheses. */
  'common.parenthetical': '{text} ({note})',
  'common.actsOn': ': {what}',
  'map.cluster': '{count} places: {names} and more. Press Enter to zoom in',
  'map.clusterAll': '{count} places: {names}. Press Enter to zoom in',
  'map.zoomIn': 'Zoom in',
  'map.zoomOut': 'Zoom out',
  'map.skip': 'Skip the map',
  'common.back': 'Back',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.submit': 'Submit',
  'common.confirm': 'Confirm',
  'common.edit': 'Edit',
  'common.delete': 'Delete',
  'common.close': 'Close',
  'common.more': 'More',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.none': 'None',
  'common.loading': 'Loading…',
  'common.required': 'Required',
  'common.optional': 'Optional',
  'common.choose': 'Choose…',
  'common.all': 'All',
  'common.free': 'Free',
  'common.approximate': 'Approximate location',
  'common.verifiedAt': 'Last verified: {date}',
  'common.notVerified': 'Not yet verified',
  'common.km': '{km} km',
  'common.people': '{count} people',
  'common.peopleOne': '{count} person',
  'common.minutes': '{count} min',
  'error.title': 'Something went wrong',
  'error.notFound': 'Page not found',
  'error.notFoundHint': 'The link may be out of date, or the content was removed.',
  'error.forbidden': 'You do not have permission to see this page',
  'error.unauthorized': 'Please sign in first',
  'error.badRequest': 'The request was not valid. Please check it and try again.',
  'error.server': 'The server ran into a problem; it has been logged. Please try again later.',
  'error.unreadableForm':
    'What was sent could not be read: please fill in the form on the page and send it from there.',
  'error.malformedAddress':
    'This address is malformed: it holds an encoding or character that cannot be read. Check the link, or start again from the home page.',
  'error.goHome': 'Back to the home page',
  'calendar.feedNotFound':
    'This calendar address holds no calendar: it may be mistyped, or it was replaced by a new one. Copy the subscription address again from its page on Social Classroom.',
  'error.methodNotAllowed': 'This address does not take that kind of request.',
  'error.crossOrigin':
    'For your safety, changes can only be sent from this site’s own pages. Please go back to the site and try again.',
  'error.requestId': 'Request id: {id}',
  'error.tab.notFound': 'Page not found',
  'error.tab.forbidden': 'Access denied',
  'error.tab.unauthorized': 'Sign-in required',
  'error.tab.badRequest': 'Bad request',
  'auth.signInTitle': 'Sign in',
  'auth.signInLead':
    'Teachers, school admins, venue operators, speakers and bureau auditors all sign in here.',
  'auth.signInToContinue':
    'This step needs you to sign in first. After signing in you go on to the page you asked for.',
  'auth.identifier': 'E-mail or mobile number',
  'auth.password': 'Password',
  'auth.submit': 'Sign in',
  'auth.failed': 'The account or password is not correct.',
  'auth.failedFewLeft':
    'The account or password is not correct. Wrong attempts left before this account must wait {minutes} minutes: {count}. “Forgot your password?” sets a new one.',
  'auth.failedLast':
    'The account or password is not correct. That was the last attempt allowed: try again in {minutes} minutes, or use “Forgot your password?”.',
  'auth.disabled':
    'This account has been disabled, so it cannot sign in, and resetting the password will not bring it back. To have it enabled again, contact the site administrator (your bureau or school can do so for you).',
  'auth.sessionEnded':
    'Your session has ended (you are signed out after {hours} hours without activity, or {days} days after signing in). Please sign in again.',
  'auth.signedOut': 'You have signed out.',
  'auth.signOutTitle': 'Sign out',
  'auth.signOutConfirm': 'Do you want to sign out?',
  'auth.demoHint': 'Demo accounts are listed when the server starts (all use the password {password}).',
  'account.title': 'My account',
  'account.roles': 'My roles',
  'account.noRoles':
    'Your account has no roles yet. A school admin can invite you to a school; requests to operate a venue or to speak are approved by the bureau of the region.',
  'account.contact': 'Sign-in name',
  'api.unauthorized': 'A valid API token is required (Authorization: Bearer …).',
  'api.forbidden': 'This token may not do that.',
  'api.invalidJson': 'The request body is not valid JSON.',
  'api.notJson': 'Send the request body as JSON, with the header Content-Type: application/json.',
  'api.jsonTooDeep': 'The request body nests lists or objects too deeply.',
  'api.methodNotAllowed': 'This address does not take {method} requests; it takes {allowed}.',
  'api.tooLarge': 'The request body is too large (at most 1 MB).',
  'api.serverError':
    'Something went wrong on the server. Please try again later; if it keeps happening, give the administrator the request number {requestId}.',
  'api.invalidRequest': 'Some parameters are not valid.',
  'api.notFound': 'No such record.',
  'api.noSuchEndpoint': 'There is no such endpoint. The API is described at /api/v1/openapi.json.',
  'nav.inbox': 'Notices',
  'inbox.title': 'Notices',
  'inbox.lead':
    'Bookings, approvals, invitations and reminders appear here, and by e-mail too when your account has an address.',
  'inbox.empty': 'No notices yet.',
  'inbox.markRead': 'Mark all as read',
  'inbox.unread': 'Unread',
  'inbox.handled': 'Dealt with; now: {status}',
  'inbox.open': 'Open',
  'notice.calendar_feed_renewed':
    'The calendar address of “{name}” has changed and the old one no longer updates. Copy the new address and subscribe again in your calendar app.',
  'notice.details_changed':
    'The e-mail address or mobile number of your account was changed. If you did not do this, contact the platform admin at once.',
  'notice.password_changed': 'Your password was changed; you were signed out everywhere else.',
};
