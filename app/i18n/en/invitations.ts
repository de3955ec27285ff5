import type { invitations as zh } from '../zh/invitations.ts';

export const invitations: Record<keyof typeof zh, string> = {
  'invitation.nav': 'Invitations',
  'invitation.error.slotOrder': 'The end must be after the start',
  'invitation.error.slotTooLong': 'One visit lasts at most 8 hours',
  'invitation.error.slotDuplicate': 'Two of the times are the same',
  'invitation.error.noSlot': 'Propose at least one time',
  'invitation.error.not_found': 'This invitation does not exist, or it is not yours to see.',
  'invitation.error.not_a_teacher': 'Only a school’s teachers and admins can send invitations.',
  'invitation.error.invalid_transition':
    'This invitation cannot do that in its current state (the other side may just have answered). Reload to see.',
  'invitation.error.slot_not_open': 'This time can no longer be chosen.',
  'invitation.error.slot_in_past': 'This time has passed.',
  'invitation.error.slot_taken':
    'Another talk has just taken this time. The other times can still be chosen.',
  'invitation.error.cap_reached': 'This month’s talks are at the limit; choose a time in another month.',
  'invitation.error.venue_day_full':
    'The venue’s outreach visits for that day are full; choose another date.',
  'invitation.error.not_vetted':
    'The speaker’s vetting does not cover this date, so it cannot be scheduled yet.',
  'invitation.error.outside_availability': 'This time is outside the hours the speaker can give talks.',
  'invitation.error.blackout_date': 'The speaker is not available on this day.',
  'invitation.error.outside_service_area': 'Your school is outside this speaker’s service area.',
  'invitation.error.too_soon': 'Please ask at least one day ahead.',
  'invitation.error.too_far_ahead': 'Invitations reach at most one year ahead.',
  'invitation.error.speaker_unavailable': 'This topic is not taking invitations at the moment.',
  'invitation.error.program_unavailable': 'This outreach program is not taking requests at the moment.',
  'invitation.error.grades_not_offered': 'Those grades are not among the ones this topic (program) suits.',
  'invitation.error.already_started': 'It has already begun and can no longer be cancelled.',
  'invitation.error.not_yet_held': 'Feedback can be given once it has begun.',
  'invitation.ics.talk': 'Talk: {title} ({host}) · {school}',
  'invitation.ics.outreach': 'Outreach: {title} ({host}) · {school}',
  'invitation.ics.description': 'School: {school}\nTeacher: {teacher}\nAudience: {audience}\nNotes: {notes}',
  'notice.invitation_received':
    '{teacher} ({school}) invites you to give “{title}”. Please answer by {deadline}.',
  'notice.outreach_received':
    '{teacher} of {school} asks for “{title}” at the school. Please answer by {deadline}.',
  'notice.invitation_reminder':
    'The invitation for “{title}” is waiting for your answer; it expires at {deadline} without one.',
  'notice.invitation_accepted': '{host} accepted the invitation for “{title}”: {when}.',
  'notice.invitation_confirmed': '{school} confirmed the time for “{title}”: {when}.',
  'notice.invitation_countered':
    '{host} proposed other times for “{title}”. Please choose one by {deadline}.',
  'notice.invitation_declined':
    '{host} declined the invitation for “{title}”: {reason}. See other choices nearby.',
  'notice.invitation_cancelled': '“{title}” ({school}) was cancelled: {reason}',
  'notice.invitation_expired':
    'The invitation for “{title}” was not answered and has expired. See other choices nearby.',
  'notice.invitation_expired_host':
    'The invitation from {school} for “{title}” was not answered in time and has expired.',
  'notice.invitation_completed': '{school} thanks you for “{title}”, rated {rating}/5.',
};
