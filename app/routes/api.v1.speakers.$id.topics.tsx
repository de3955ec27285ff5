import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPublicSpeaker, speakerTopicsOf } from '#app/domain/speakers/speakers.server.ts';
import { apiErrorT, refuseInvalidToken } from '#app/utils/api.server.ts';
import { isUuid } from '#app/utils/validation.ts';

/** GET /api/v1/speakers/:id/topics — a published speaker's topic menu. Public: no contact details in it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await refuseInvalidToken(request, context);
  const id = params.id ?? '';
  const speaker = isUuid(id) ? await getPublicSpeaker(context.db, id) : null;
  if (speaker?.status !== 'published') throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  const topics = await speakerTopicsOf(context.db, id);
  return Response.json({
    speaker: {
      id: speaker.id,
      displayName: speaker.displayName,
      category: speaker.category,
      title: speaker.title,
      regionCode: speaker.regionCode,
      languages: speaker.languages,
      serviceRegionCodes: speaker.serviceRegionCodes,
      serviceRadiusKm: speaker.serviceRadiusKm,
      weeklyAvailability: speaker.weeklyAvailability,
      vettedUntil: speaker.vettedUntil,
    },
    topics,
  });
}
