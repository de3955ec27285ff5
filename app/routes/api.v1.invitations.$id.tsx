import type { LoaderFunctionArgs } from '@remix-run/node';
import { getInvitationView } from '#app/domain/speakers/invitations.server.ts';
import { apiErrorT, requireApiUser } from '#app/utils/api.server.ts';

/**
 * GET /api/v1/invitations/:id — for the two sides and admins. `contact` (the speaker's phone and e-mail) is present only
 * for those allowed to see it: the speaker, an admin, and the inviting teacher once the speaker accepted.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, context);
  const view = await getInvitationView(context.db, user, params.id ?? '', context.clock.now());
  if (!view) throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  const { invitation: i, slots, actions, contact } = view;
  return Response.json({
    id: i.id,
    kind: i.kind,
    status: i.status,
    title: i.title,
    host: {
      name: i.host,
      speakerId: i.speakerId,
      topicId: i.topicId,
      venueId: i.venueId,
      programId: i.programId,
      needs: i.hostNeeds ?? '',
    },
    school: { id: i.schoolId, name: i.schoolName },
    teacher: { name: i.teacherName },
    audienceSize: i.audienceSize,
    grades: i.grades,
    place: i.place,
    notes: i.notes,
    durationMinutes: i.durationMinutes,
    slots: slots.map((s) => ({
      id: s.id,
      proposedBy: s.proposedBy,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.status,
      blocked: s.blocked,
    })),
    scheduled: i.scheduledStartsAt ? { startsAt: i.scheduledStartsAt, endsAt: i.scheduledEndsAt } : null,
    expiresAt: i.expiresAt,
    reason: i.reason,
    cancelledBy: i.cancelledBy,
    feedback: i.feedbackRating ? { rating: i.feedbackRating, text: i.feedbackText } : null,
    yourSide: view.party,
    actions,
    ...(contact ? { contact } : {}),
  });
}
