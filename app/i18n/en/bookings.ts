import type { bookings as zh } from '../zh/bookings.ts';

export const bookings: Record<keyof typeof zh, string> = {
  'bookings.nav.trips': 'My trips',
  'bookings.nav.approvals': 'Trip approvals',
  'bookings.nav.calendar': 'School calendar',
  'bookings.nav.console': 'Bookings',

  'bookings.feedback.title': 'How did the trip go?',
  'bookings.feedback.rating': 'Rating',
  'bookings.feedback.stars': '{n} out of 5',
  'bookings.feedback.text': 'A few words for the venue (optional)',
  'bookings.feedback.hint':
    'The venue and the education bureau will read this. Please do not write pupils’ names.',
  'bookings.feedback.submit': 'Send rating',
  'bookings.feedback.given': 'The school’s rating',
  'bookings.action.done.feedback': 'Rating sent; the venue has been told.',
  'bookings.error.not_found': 'This booking does not exist, or it is not yours to see.',
  'bookings.error.not_a_teacher': 'Only a school’s teachers and admins can book.',
  'bookings.error.session_unavailable': 'This session is not taking bookings.',
  'bookings.error.program_inactive':
    'The venue has switched this program off, so its sessions are not taking bookings now. Please choose another of the venue’s programs or sessions.',
  'bookings.error.not_open_yet': 'Booking for this session has not opened yet (it opens {opens}).',
  'bookings.error.booking_closed': 'Booking for this session has closed.',
  'bookings.error.request_too_late':
    'A request must be answered by the venue or your school admin {hours} hours before the session ({closes}); that is too late now, so it can no longer be requested. Please choose another session.',
  'bookings.error.already_booked':
    'Your school already has a booking for this session{groups}. If this is another class or group of your school, confirm “This is another class or group of our school” and send it again; the same class need not book twice.',
  'bookings.already.groups': ' ({list})',
  'bookings.already.group': '{pupils} pupils, status: {status}',
  'bookings.already.groupOne': '{pupils} pupil, status: {status}',
  'bookings.already.separator': '; ',
  'bookings.error.grade_not_offered': 'This program does not suit the chosen grade.',
  'bookings.error.group_too_small':
    'Fewer pupils than this program’s smallest group ({min}–{max} pupils per group).',
  'bookings.error.group_too_large':
    'More pupils than this program’s largest group ({min}–{max} pupils per group).',
  'bookings.error.too_few_chaperones':
    'Too few adults: at least one per {ratio} pupils, so this group needs at least {min}.',
  'bookings.error.group_exceeds_session':
    'This group ({seats} pupils and adults) is larger than the whole session ({capacity} places), so even the waitlist cannot seat it. Book it as smaller groups, or choose a larger session.',
  'bookings.error.session_full': 'There are not enough seats left in this session.',
  'bookings.error.session_short':
    'Not enough seats: this group (pupils and adults) needs {seats}, and the session has only {open} left.',
  'bookings.error.session_shortOne':
    'Not enough seats: this group (pupils and adults) needs {seats}, and the session has only 1 left.',
  'bookings.error.invalid_transition':
    'This booking cannot do that in its current state (the other side may just have acted). Reload to see.',
  'bookings.error.invalid_transition_now':
    'This booking is now “{status}”, so this step can no longer be taken (the other side may just have acted).',
  'bookings.error.not_allowed':
    'This step is for the other side to take (the school admin approves, the venue confirms).',
  'bookings.error.already_started': 'The visit has begun; this can no longer be done.',
  'bookings.error.approval_too_late':
    'The session starts in less than {hours} hours: the venue could not answer in time, so this request can no longer be approved; it will lapse.',
  'bookings.error.feedback_given': 'This trip has already been rated.',
  'bookings.error.not_yet_held':
    'The visit has not begun yet; attendance can be recorded from its start time.',
  'bookings.error.too_many_attended_total':
    'Pupils and adults together at most {max}: {booked} were booked; on the day a group may be a fifth larger (at least 5 more), within the session’s capacity.',
  'bookings.error.too_many_attended':
    'At most {max}: {booked} were booked; on the day a group may be a fifth larger (at least 5 more), within the session’s capacity.',
  'bookings.error.overcharge_unconfirmed':
    'The charges entered are above the promise: {lines}. Once saved, this is recorded as charging above the promise and listed in the bureau’s compliance report. If the amounts are right, tick the box below and save again; if not, correct them.',
  'bookings.error.free': 'free',
  'bookings.error.overchargePupil': 'per pupil {promised} promised, {charged} charged',
  'bookings.error.overchargeChaperone': 'per adult {promised} promised, {charged} charged',
  'bookings.error.flagged_no_show':
    'A charge above the promise has been recorded for this visit and listed in the bureau’s compliance report, so it cannot be changed to a no-show. If the numbers or amounts were wrong, correct them; the correction is recorded too.',
  'bookings.error.contactPhoneMissing':
    'Leave the leading teacher’s phone: on the day the venue must be able to reach the group.',
  'bookings.error.moreThanPupils': 'Cannot be more than the number of pupils',
  'bookings.error.chaperonesMoreThanPupils':
    'There cannot be more adults than pupils (plus one for each pupil with a disability): please check the two numbers are not swapped',
  'bookings.error.idempotencyMismatch': 'This request key was already used for a different request.',
  'bookings.error.idempotencyInFlight': 'The same request is still being processed; try again shortly.',
  'bookings.error.idempotencyKey': 'The Idempotency-Key header is not valid.',

  'bookings.book.title': 'Book a trip: {title}',
  'bookings.book.session': 'Session',
  'bookings.book.when': 'When',
  'bookings.book.venue': 'Venue',
  'bookings.book.seatsLeft': 'Seats left',
  'bookings.book.seatsLeftValue': '{count}',
  'bookings.book.greenHeldBack':
    '{count} more are green-channel seats, open only to priority schools until {release}.',
  'bookings.book.greenHeldBackOne':
    'One more is a green-channel seat, open only to priority schools until {release}.',
  'bookings.book.greenReserved':
    '{count} of them are green-channel seats, open only to priority schools until {release}.',
  'bookings.book.greenReservedOne':
    'One of them is a green-channel seat, open only to priority schools until {release}.',
  'bookings.book.price': 'Promised price',
  'bookings.book.allGrades': 'All grades',
  'bookings.book.gradeRange': '{from} to {to}',
  'bookings.book.pricePerPupil': '{price} per pupil',
  'bookings.book.pricePerChaperone': '{price} per accompanying adult',
  'bookings.book.pupilsFree': 'free for pupils',
  'bookings.book.chaperonesFree': 'Free for accompanying adults',
  'bookings.book.ratio':
    'Adults required: at least one per {primary} pupils in primary school, one per {secondary} in secondary school.',
  'bookings.book.window': 'Bookings taken from {opens} to {closes}',
  'bookings.book.answerLead':
    'Requests must be answered {hours} hours before the session, so that you know in good time whether the trip is on; so they close early.',
  'bookings.book.alreadyBooked':
    'Your school already has a booking for this session{groups}. Book again only for another class or group of your school.',
  'bookings.book.anotherGroup': 'This is another class or group of our school',
  'bookings.book.grades': 'Suitable grades',
  'bookings.book.privacy':
    'Give numbers only, never pupils’ names. The platform keeps no pupil’s personal data.',
  'bookings.book.grade': 'Grade',
  'bookings.book.pupils': 'Pupils',
  'bookings.book.chaperones': 'Accompanying adults',
  'bookings.book.pupilsWithDisabilities': 'Of whom pupils with disabilities',
  'bookings.book.leftBehindPupils': 'Of whom left-behind pupils',
  'bookings.book.contactName': 'Leading teacher',
  'bookings.book.contactPhone': 'Leading teacher’s phone',
  'bookings.book.contactPhoneHint': 'Printed on the trip sheet; on the day the venue calls this number.',
  'bookings.book.notes': 'Notes (accessibility needs, how you will arrive)',
  'bookings.book.waitlist': 'Join the waitlist if there are not enough seats',
  'bookings.book.submit': 'Send the booking request',
  'bookings.book.full':
    'This session is full. You can join the waitlist: freed seats go to waiting groups in order, and you will be told.',
  'bookings.book.fullChoice':
    'Send it again with fewer people, or tick “Join the waitlist if there are not enough seats” below and send it: freed seats go to waiting groups in order, and you will be told.',
  'bookings.book.joinWaitlist': 'Join the waitlist',
  'bookings.book.smallestGroup': '{pupils} and {adults}',
  'bookings.book.tooFew':
    'Only {count} seats are left: too few for a group. The smallest group ({group}) takes {seats} seats.',
  'bookings.book.tooFewOne':
    'Only {count} seat is left: too few for a group. The smallest group ({group}) takes {seats} seats.',
  'bookings.book.waitlistOffer':
    'You can join the waitlist: freed seats go to waiting groups in order, and you will be told.',
  'bookings.book.tooSmall':
    'This session has {capacity} seats in all, fewer than the smallest group ({group}, {seats} seats): it cannot be booked.',
  'bookings.book.unavailable': 'This session cannot be booked at the moment.',
  'bookings.book.programInactive':
    'The venue has switched this program off: its sessions are not taking bookings now.',
  'bookings.book.ended': 'This session is over.',
  'bookings.book.notOpenYet': 'Booking for this session has not opened yet: you can book from {opens}.',
  'bookings.book.closed': 'Booking for this session closed on {closes}; it can no longer be booked.',
  'bookings.book.started': 'This session has begun and can no longer be booked.',
  'bookings.book.venueSessions': 'See the next sessions at {venue}',
  'bookings.book.needsApproval':
    'Your school requires its admin to approve trips: the request goes to the school admin first.',

  'bookings.trips.find': 'Book a new trip',
  'bookings.new.title': 'Book a trip',
  'bookings.new.intro':
    'Sessions taking bookings now, your prefecture first. Choose one and give your group’s numbers.',
  'bookings.new.empty': 'No sessions are taking bookings at the moment.',
  'bookings.new.filters': 'Filter the sessions you can book',
  'bookings.new.qPlaceholder': 'Program or venue name',
  'bookings.new.from': 'From date',
  'bookings.new.count': '{count} sessions take bookings.',
  'bookings.new.countOne': '1 session takes bookings.',
  'bookings.new.countFirst': 'The first {count} sessions are shown; narrow them with the filters above.',
  'bookings.new.clear': 'Clear the filters',
  'bookings.new.emptyFiltered': 'No session matches these filters. Try another date, grade or region.',
  'bookings.new.book': 'Book this session',
  'bookings.new.seats': '{left} of {capacity} seats left',
  'bookings.new.map': 'Venues of these sessions',
  'bookings.done.booked': 'Your booking request has been sent.',
  'bookings.done.waitlisted':
    'You have joined the waitlist, at place {place}. Freed seats go to waiting groups in order, and you will be told.',

  'bookings.trips.title': 'My trips',
  'bookings.trips.intro': 'The trips you booked. Each says who acts next.',
  'bookings.trips.introSchool': 'All your school’s trip bookings. Each says who acts next.',
  'bookings.trips.empty': 'No trips booked yet. Choose a session on a venue’s page to book one.',
  'bookings.trips.upcoming': 'Coming up',
  'bookings.trips.figureUpcoming': 'Upcoming trips',
  'bookings.trips.figureAttended': 'Trips made',
  'bookings.trips.figurePupils': 'Pupils who came',
  'bookings.trips.past': 'Past or closed',
  'bookings.trips.when': 'When',
  'bookings.trips.venue': 'Venue',
  'bookings.trips.group': 'Group',
  'bookings.trips.came': 'came: {pupils}, {adults}',
  'bookings.trips.groupCounts': '{grade} · {pupils} · {adults}',
  'bookings.trips.pupils': '{count} pupils',
  'bookings.trips.pupilsOne': '{count} pupil',
  'bookings.trips.adults': '{count} adults',
  'bookings.trips.adultsOne': '{count} adult',
  'bookings.trips.bookedBy': 'booked by {name}',
  'bookings.trips.status': 'Status',
  'bookings.trips.next': 'Next step',
  'bookings.trips.open': 'Open',
  'bookings.next.requested_school': 'Waiting for the school admin’s approval (by {deadline})',
  'bookings.next.requested_venue': 'Waiting for the venue to confirm (by {deadline})',
  'bookings.next.requested_school_open': 'Waiting for the school admin’s approval',
  'bookings.next.requested_venue_open': 'Waiting for the venue to confirm',
  'bookings.next.confirmed': 'Bring the group on time; you will get a reminder before the trip.',
  'bookings.next.confirmed_started': 'The visit time has come; waiting for the venue to record attendance',
  'bookings.next.attended_unrated': 'Rate this trip (1 to 5); the venue and the bureau will see it',
  'bookings.next.waitlisted': 'Freed seats go to waiting groups in order',
  'bookings.next.declined': 'The venue declined; choose another session',
  'bookings.next.declined_school':
    'Your school admin did not approve it; talk it over and choose another session',
  'bookings.next.lapsed': 'Not answered in time; the seats were freed and you may book again',
  'bookings.nextVenue.requested_venue': 'Confirm or decline by {deadline}',
  'bookings.nextVenue.requested_venue_open': 'Confirm or decline',
  'bookings.nextVenue.confirmed':
    'Expect the group; from the start time, record who came and what was charged',
  'bookings.nextVenue.confirmed_started': 'The visit time has come; record who came and what was charged',
  'bookings.nextVenue.declined_school': 'Not approved by the school',
  'bookings.nextVenue.lapsed': 'Not answered in time; the seats were freed',

  'bookings.detail.title': 'Trip booking',
  'bookings.detail.facts': 'Trip details',
  'bookings.detail.school': 'School',
  'bookings.detail.teacher': 'Booked by',
  'bookings.detail.contact': 'Group contact',
  'bookings.detail.grade': 'Grade',
  'bookings.detail.pupils': 'Pupils',
  'bookings.detail.chaperones': 'Accompanying adults',
  'bookings.detail.disabilities': 'Pupils with disabilities',
  'bookings.detail.leftBehind': 'Left-behind pupils',
  'bookings.detail.seats': 'Seats',
  'bookings.detail.seatsWaiting': '{seats} (on the waitlist, not held yet)',
  'bookings.detail.seatsReleased': '{seats} (released)',
  'bookings.detail.notes': 'Notes',
  'bookings.detail.holdUntil': 'Seats held until',
  'bookings.detail.placeApproximate':
    'approximate location (the seat of its county or league): confirm the address with the venue before setting out',
  'bookings.detail.placeUnknown':
    'location to be verified: confirm the address with the venue before setting out',
  'bookings.detail.mapApproximate':
    'The map marks the seat of the venue’s county or league, not the venue itself.',
  'bookings.detail.waitlistPlace':
    'On the waitlist, at place {place}. Freed seats go to waiting groups in order, and you will be told.',
  'bookings.detail.promised': 'Promised price (pupil / adult)',
  'bookings.detail.charged': 'Charged (pupil / adult)',
  'bookings.detail.attendance': 'Came (pupils / adults)',
  'bookings.detail.flagged': 'Charged more than promised; the venue and the bureau have been told.',
  'bookings.detail.flaggedVenue':
    'Charged more than promised: this is listed in the bureau’s compliance report, and the school sees it on its trip page.',
  'bookings.detail.flaggedCorrected':
    'A charge above the promise was recorded and the venue and the bureau were told; the record has since been corrected, and both versions are kept.',
  'bookings.detail.flaggedCorrectedVenue':
    'A charge above the promise was recorded and stays in the bureau’s compliance report; the record has since been corrected, and the bureau can read both versions.',
  'bookings.detail.reason': 'Reason',
  'bookings.detail.priority': 'Priority school (may use green-channel seats)',
  'bookings.detail.needsApproval': 'Needs the school admin’s approval',
  'bookings.detail.ics': 'Add to calendar (.ics)',
  'bookings.detail.tripSheet': 'Print the trip sheet (PDF)',
  'bookings.detail.feedsSchool': 'Subscribe to the school’s calendar',
  'bookings.detail.feedsVenue': 'Subscribe to the venue’s calendar',
  'bookings.detail.history': 'Status',

  'bookings.action.approve': 'Approve',
  'bookings.action.confirm': 'Confirm',
  'bookings.action.decline': 'Decline',
  'bookings.action.cancel': 'Cancel the booking',
  'bookings.action.attendance': 'Record attendance',
  'bookings.action.reasonOptional': 'Reason (optional)',
  'bookings.school.declineFold': 'Decline…',
  'bookings.school.declineReason': 'Reason for declining (the teacher is told)',
  'bookings.decline.title': 'Decline this booking',
  'bookings.decline.lead':
    'The teacher who booked is told, with your reason; the seats open again and schools on the waitlist move up in order.',
  'bookings.decline.reason': 'Reason for declining (the teacher is told)',
  'bookings.decline.confirm': 'Yes, decline this booking',
  'bookings.decline.confirmMissing': 'Tick the box above first to confirm.',
  'bookings.cancel.title': 'Cancel this booking',
  'bookings.cancel.leadSchool':
    'The seats go back to other schools; if the venue has received the booking, it is told, with your reason.',
  'bookings.cancel.leadVenue':
    'The teacher who booked and the school admins are told, with your reason; the seats open again and schools on the waitlist move up in order.',
  'bookings.cancel.reason': 'Reason for cancelling',
  'bookings.cancel.confirm': 'Yes, cancel this booking and give the seats up',
  'bookings.cancel.confirmMissing': 'Tick the box above first to confirm.',
  'bookings.cancel.submit': 'Cancel the booking',
  'bookings.action.done.approve': 'Approved.',
  'bookings.school.doneApprove':
    'Approved “{title}” ({venue}, {when}); it now goes to the venue to confirm, and the teacher is told when it does.',
  'bookings.school.doneDecline': 'Declined “{title}” ({venue}, {when}); the teacher who sent it is told.',
  'bookings.action.done.confirm': 'Confirmed.',
  'bookings.action.done.decline': 'Declined.',
  'bookings.action.done.cancel': 'Cancelled.',
  'bookings.action.done.attendance': 'Attendance recorded.',
  'bookings.action.done.unchanged': 'Nothing changed.',

  'bookings.attendance.title': 'Record attendance',
  'bookings.attendance.intro':
    'From the visit’s start time, record who came and what was charged. If nobody came, enter 0 for both counts.',
  'bookings.attendance.attendedPupils': 'Pupils who came',
  'bookings.attendance.attendedChaperones': 'Adults who came',
  'bookings.attendance.chargedPricePerPupil': 'Charged per pupil (yuan)',
  'bookings.attendance.chargedPricePerChaperone': 'Charged per adult (yuan)',
  'bookings.attendance.promisedHint': 'Promised: {pupil} per pupil, {chaperone} per adult',
  'bookings.attendance.confirmOvercharge': 'I confirm these charges, above the promised price',
  'bookings.attendance.submit': 'Save attendance',

  'bookings.console.title': 'Bookings',
  'bookings.console.intro': 'Requests waiting for you, the most urgent deadline first.',
  'bookings.console.pending': 'Waiting for you',
  'bookings.console.pendingEmpty': 'No requests are waiting.',
  'bookings.console.waiting': 'Waiting for their school, or on a waitlist',
  'bookings.console.waitingLead':
    'Nothing to answer yet: a request comes to you once its school admin approves it, and waitlisted groups move up in order when seats free up.',
  'bookings.console.upcoming': 'Coming visits',
  'bookings.console.upcomingEmpty': 'No confirmed visits coming up.',
  'bookings.console.recorded': 'Visits recorded (last {days} days)',
  'bookings.console.recordedEmpty': 'No visits recorded lately.',
  'bookings.trips.flagged': 'Charged above the promise',
  'bookings.console.toRecord': 'Attendance to record',
  'bookings.console.toRecordEmpty': 'No visits waiting for attendance.',
  'bookings.console.deadline': 'Answer by',
  'bookings.console.school': 'School',
  'bookings.console.session': 'Session',
  'bookings.console.groups': 'Groups of this session',
  'bookings.console.chart': 'Seats taken in coming sessions',
  'bookings.console.chartHeld': 'Taken',
  'bookings.console.chartLeft': 'Left',

  'bookings.groups.title': 'Groups: {title}',
  'bookings.groups.capacity': 'Capacity {capacity}, taken {held}, left {left}',
  'bookings.groups.greenHeld':
    'Green-channel seats: {seats}, of which priority schools’ bookings hold {held}.',
  'bookings.groups.capacityHeldBack':
    'Capacity {capacity}, taken {held}, left {left} (of which {seats} are kept for priority schools; open to every school from {release})',
  'bookings.seats.heldBack': '{seats} of them kept for priority schools; open to every school from {release}',
  'bookings.groups.empty': 'No groups in this session yet.',
  'bookings.groups.totals':
    'Total: {pupils} pupils, {chaperones} adults, {disabilities} pupils with disabilities, {leftBehind} left-behind pupils',

  'bookings.school.approvalsTitle': 'Trip approvals',
  'bookings.school.approvalsIntro': 'Trip requests from your teachers; the venue sees them once you approve.',
  'bookings.school.approvalsEmpty': 'No trip requests are waiting for approval.',
  'bookings.school.warning':
    'No-shows of your school in the last 90 days: {count}. Every new booking needs the school admin’s approval.',
  'bookings.school.calendarTitle': 'School calendar',
  'bookings.school.calendarIntro':
    'Your school’s trips (including requests awaiting an answer), talks and outreach visits.',
  'bookings.school.calendarEmpty': 'Nothing planned in this period.',
  'bookings.school.kindTrip': 'Trip',
  'bookings.school.kindTalk': 'Talk / outreach',
  'bookings.school.toApprovals': 'Answer it in Trip approvals',
  'bookings.school.previousMonth': 'Previous month: {month}',
  'bookings.school.nextMonth': 'Next month: {month}',
  'bookings.school.monthParam': 'Month',
  'bookings.school.monthInvalid':
    'A month looks like “2026-09” (years 2000 to 2100); this month is shown instead.',

  'notice.booking_received':
    'We received your request for “{title}” at {venue} ({when}); {seats} seats are held until {deadline}.',
  'notice.booking_waitlisted':
    '“{title}” at {venue} ({when}) is full; you are on the waitlist and will be told when seats free up.',
  'notice.booking_needs_approval':
    '{teacher} asks to take a group to “{title}” at {venue} ({when}); please decide by {deadline}.',
  'notice.booking_requested':
    '{school} asks for “{title}” ({when}), {pupils} pupils, {seats} seats with the adults; please confirm or decline by {deadline}.',
  'notice.booking_auto_confirmed':
    '{school} booked “{title}” ({when}), {pupils} pupils, {seats} seats with the adults (confirmed automatically).',
  'notice.booking_approved':
    'Your school approved the trip to “{title}” at {venue} ({when}); waiting for the venue.',
  'notice.booking_confirmed': '{venue} confirmed your booking for “{title}” ({when}).',
  'notice.booking_declined': '{venue} declined your booking for “{title}” ({when}): {reason}',
  'notice.booking_declined_no_reason': '{venue} declined your booking for “{title}” ({when}).',
  'notice.booking_not_approved':
    'Your school admin did not approve the booking for “{title}” at {venue} ({when}): {reason}',
  'notice.booking_not_approved_no_reason':
    'Your school admin did not approve the booking for “{title}” at {venue} ({when}).',
  'notice.booking_cancelled': 'The booking for “{title}” at {venue} ({when}) was cancelled: {reason}',
  'notice.booking_cancelled_by_school': '{school} cancelled its booking for “{title}” ({when}): {reason}',
  'notice.booking_promoted':
    'Seats freed up in “{title}” at {venue} ({when}): your waitlisted group is now a booking request.',
  'notice.booking_lapsed':
    'Your request for “{title}” at {venue} ({when}) was not answered in time; its seats were freed.',
  'notice.booking_price_flagged':
    '“{title}” ({when}, {school}) charged {charged} per pupil, above the promised {promised}; it is listed in the bureau’s compliance report.',
  'notice.booking_price_flagged_chaperone':
    '“{title}” ({when}, {school}) charged {charged} per accompanying adult, above the promised {promised}; it is listed in the bureau’s compliance report.',
  'notice.booking_price_flagged_both':
    '“{title}” ({when}, {school}) charged {charged} per pupil (promised {promised}) and {chargedChaperone} per accompanying adult (promised {promisedChaperone}), above the promise; it is listed in the bureau’s compliance report.',
  'notice.booking_no_show_warning':
    'No-shows of {school} in the last {days} days: {count}. New trip bookings now need the school admin’s approval.',
  'notice.booking_feedback': '{school} rated “{title}” ({when}): {rating} out of 5.',
  'notice.booking_reminder': 'Reminder: “{title}” at {venue} is on {when}. Please bring the group on time.',
  'notice.booking_reconfirm':
    '“{title}” at {venue} is on {when}. Please check the trip still stands; if not, cancel early so another school can go.',
};
