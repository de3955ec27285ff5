import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { RegionBubbleMap } from '#app/components/map/region-bubble-map.tsx';
import { Alert, Badge, Button, Card, EmptyState, PageHeader, TextArea } from '#app/components/ui.tsx';
import { isVerificationOverdue } from '#app/domain/bureau/overdue.ts';
import { FAR_FROM_SEAT_KM, type PlaceChange } from '#app/domain/bureau/place-change.ts';
import { DecisionSchema, type QueueKind, type VenueKeyField } from '#app/domain/bureau/schemas.ts';
import {
  type CommitmentTermsView,
  countSpeakersAwaitingVetting,
  type DecisionError,
  decideVerification,
  listVerificationQueue,
  ownQueueEntries,
  type QueueItem,
} from '#app/domain/bureau/verification.server.ts';
import { commitmentTerms } from '#app/domain/commitments/terms.ts';
import type { MessageKey, TFunction } from '#app/i18n/index.ts';
import { requireBureau } from '#app/utils/bureau.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { useRefusedFieldKeys } from '#app/utils/refused-field.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope, user } = await requireBureau(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  const items = await listVerificationQueue(context.db, scope);
  const speakersToVet = await countSpeakersAwaitingVetting(
    context.db,
    scope,
    shanghaiDay(context.clock.now()),
  );
  return {
    speakersToVet,
    pageTitle: `${t('bureau.queue.title')} · ${t('bureau.home.title')}`,
    items,
    /** Entries the auditor sent, or about a venue or speaker profile they run: another auditor decides them. */
    own: await ownQueueEntries(context.db, user.id, items),
    now: context.clock.now().toISOString(),
  };
}

const ERRORS: Record<DecisionError, { status: number; message: MessageKey }> = {
  not_found: { status: 404, message: 'bureau.error.notFound' },
  already_decided: { status: 409, message: 'bureau.error.alreadyDecided' },
  reason_required: { status: 400, message: 'bureau.error.reasonRequired' },
  invalid_change: { status: 422, message: 'bureau.error.invalidChange' },
  region_not_county: { status: 422, message: 'bureau.error.regionNotCounty' },
  region_out_of_scope: { status: 403, message: 'bureau.error.regionOutOfScope' },
  own_entry: { status: 403, message: 'bureau.error.ownEntry' },
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireBureau(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const itemId = typeof form.id === 'string' ? form.id : null;
  // A refused rejection's reason comes back as it was read: trimmed, so one of spaces only comes back empty.
  const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
  const parsed = parseInput(DecisionSchema, form, t);
  if (!parsed.ok) return data({ itemId, reason, fields: parsed.fields, formError: null }, { status: 400 });
  const result = await decideVerification(context.db, actor, parsed.data, context.clock.now());
  if (!result.ok) {
    // Decided meanwhile (by another auditor, or withdrawn): back to the queue, freshly loaded, saying so. A 4xx answer
    // would leave the stale entry on screen with live buttons, as Remix reloads nothing after one.
    if (result.error === 'already_decided' || result.error === 'not_found') {
      return redirect('/bureau/queue?done=gone');
    }
    const { status, message } = ERRORS[result.error];
    const fields: Record<string, string> = result.error === 'reason_required' ? { reason: t(message) } : {};
    return data(
      { itemId, reason, fields, formError: result.error === 'reason_required' ? null : t(message) },
      { status },
    );
  }
  return redirect(`/bureau/queue?done=${parsed.data.decision === 'approve' ? 'approved' : 'rejected'}`);
}

const KIND_LABEL: Record<QueueKind, MessageKey> = {
  venue: 'bureau.kind.newVenue',
  speaker: 'bureau.kind.newSpeaker',
  venue_change: 'bureau.kind.venue_change',
  commitment: 'bureau.kind.commitment',
};

function fieldValue(
  t: TFunction,
  field: VenueKeyField,
  value: unknown,
  regionNames: Record<string, string>,
  placeName: (region: { code: string; name: string }) => string,
): ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'type' && typeof value === 'string') return t(`venueType.${value}` as MessageKey);
  if (field === 'regionCode' && typeof value === 'string')
    return t('common.parenthetical', {
      text: placeName({ code: value, name: regionNames[value] ?? '' }),
      note: value,
    });
  if (field === 'locationApproximate') return value ? t('common.yes') : t('common.no');
  // A coordinate is read whole: on a phone it never breaks inside the number.
  if ((field === 'lat' || field === 'lng') && typeof value === 'number')
    return <span className="whole">{value.toFixed(5)}</span>;
  return String(value);
}

function CommitmentSummary({ commitment }: { commitment: CommitmentTermsView }) {
  const { t, format } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('bureau.col.commitment')}</dt>
      <dd>{commitmentTerms(t, commitment)}</dd>
      <dt>{t('bureau.queue.validity')}</dt>
      <dd>
        {format.date(commitment.validFrom)} –{' '}
        {commitment.validTo ? format.date(commitment.validTo) : t('bureau.queue.openEnded')}
      </dd>
      {commitment.conditions ? (
        <>
          <dt>{t('bureau.queue.conditions')}</dt>
          <dd>{commitment.conditions}</dd>
        </>
      ) : null}
      {commitment.sourceUrl ? (
        <>
          <dt>{t('bureau.queue.source')}</dt>
          <dd>{commitment.sourceUrl}</dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * A change of address, region or pin: the stored pin and the proposed one on one small map, how far apart they are,
 * and in words when the address (or region) changes but the pin does not, or the reverse.
 */
function PlaceCheck({ place, regionName }: { place: PlaceChange; regionName: string }) {
  const { t, format } = useI18n();
  const km = t('common.km', {
    km: format.number(Number(place.distanceKm.toFixed(place.distanceKm < 10 ? 2 : 1))),
  });
  const farFromSeat =
    place.seatDistanceKm !== null && place.seatDistanceKm > FAR_FROM_SEAT_KM
      ? t('bureau.queue.place.farFromSeat', {
          region: regionName,
          km: t('common.km', { km: format.number(Math.round(place.seatDistanceKm)) }),
        })
      : null;
  const mismatch = place.pinMoved
    ? place.addressChanged
      ? null
      : t('bureau.queue.place.pinOnly', { address: place.live.address || '—' })
    : place.addressChanged
      ? t('bureau.queue.place.addressOnly')
      : place.regionChanged
        ? t('bureau.queue.place.regionOnly')
        : null;
  return (
    <section className="place-check" aria-label={t('bureau.queue.place.title')}>
      {mismatch ? <Alert tone="warn">{mismatch}</Alert> : null}
      {farFromSeat ? <Alert tone="warn">{farFromSeat}</Alert> : null}
      {/* A pin that stays has no distance to tell (the map shows both marks on one spot). */}
      {place.pinMoved ? <p className="place-distance">{t('bureau.queue.place.distance', { km })}</p> : null}
      <RegionBubbleMap
        title={t('bureau.queue.place.title')}
        tilesFailedMessage={t('bureau.queue.mapTilesFailed')}
        noJsMessage={t('bureau.queue.mapNoJs')}
        height={240}
        fixedRadius={8}
        maxZoom={16}
        legend={{ kind: 'points' }}
        bubbles={[
          {
            key: 'live',
            lat: place.live.lat,
            lng: place.live.lng,
            label: t('bureau.map.live'),
            value: 1,
            display: place.live.address,
          },
          {
            key: 'proposed',
            lat: place.proposed.lat,
            lng: place.proposed.lng,
            label: t('bureau.map.proposed'),
            value: 1,
            display: place.proposed.address,
            tone: 'warn',
            ring: true,
          },
        ]}
      />
    </section>
  );
}

function ItemBody({ item }: { item: QueueItem }) {
  const { t } = useI18n();
  const placeName = useRegionName();
  switch (item.kind) {
    case 'venue':
      return (
        <>
          <dl className="facts">
            <dt>{t('bureau.field.type')}</dt>
            <dd>{t(`venueType.${item.venue.type}`)}</dd>
            <dt>{t('bureau.field.address')}</dt>
            <dd>{item.venue.address || '—'}</dd>
            <dt>{t('bureau.field.lat')}</dt>
            <dd>
              {item.venue.lat.toFixed(5)}, {item.venue.lng.toFixed(5)}
              {item.venue.locationApproximate ? ` · ${t('common.approximate')}` : ''}
            </dd>
            <dt>{t('bureau.field.phone')}</dt>
            <dd>{item.venue.phone || '—'}</dd>
            <dt>{t('bureau.field.website')}</dt>
            <dd>{item.venue.website || '—'}</dd>
            <dt>{t('bureau.field.description')}</dt>
            <dd>{item.venue.description || '—'}</dd>
          </dl>
          <RegionBubbleMap
            title={t('bureau.map.title')}
            tilesFailedMessage={t('bureau.queue.mapTilesFailed')}
            noJsMessage={t('bureau.queue.mapNoJs')}
            height={220}
            fixedRadius={9}
            bubbles={[
              {
                key: 'venue',
                lat: item.venue.lat,
                lng: item.venue.lng,
                label: item.venue.name,
                value: 1,
                display: item.venue.address,
              },
            ]}
          />
        </>
      );
    case 'speaker':
      return (
        <dl className="facts">
          <dt>{t('bureau.field.category')}</dt>
          <dd>{t(`speakerCategory.${item.speaker.category}` as MessageKey)}</dd>
          <dt>{t('bureau.field.title')}</dt>
          <dd>{item.speaker.title || '—'}</dd>
          <dt>{t('bureau.field.bio')}</dt>
          <dd>{item.speaker.bio || '—'}</dd>
        </dl>
      );
    case 'venue_change':
      return (
        <>
          {item.problem ? <Alert tone="warn">{t(ERRORS[item.problem].message)}</Alert> : null}
          <div className="table-wrap">
            <table className="data compare">
              <thead>
                <tr>
                  <th scope="col">{t('bureau.queue.field')}</th>
                  <th scope="col">{t('bureau.queue.live')}</th>
                  <th scope="col">{t('bureau.queue.proposed')}</th>
                </tr>
              </thead>
              <tbody>
                {item.fields.map((f) => (
                  <tr key={f.field}>
                    <th scope="row">{t(`bureau.field.${f.field}`)}</th>
                    <td>{fieldValue(t, f.field, f.live, item.regionNames, placeName)}</td>
                    <td className="proposed">
                      {fieldValue(t, f.field, f.proposed, item.regionNames, placeName)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {item.place ? (
            <PlaceCheck
              place={item.place}
              regionName={(() => {
                const proposed = item.fields.find((f) => f.field === 'regionCode')?.proposed;
                const code = typeof proposed === 'string' ? proposed : item.regionCode;
                return placeName({ code, name: item.regionNames[code] ?? item.regionName });
              })()}
            />
          ) : null}
        </>
      );
    case 'commitment':
      return (
        <div className="compare-grid">
          <div>
            <h4>{item.replaces ? t('bureau.queue.replaces') : t('bureau.queue.inForce')}</h4>
            {item.replaces ? (
              <CommitmentSummary commitment={item.replaces} />
            ) : item.alongside.length === 0 ? (
              <p>{t('bureau.queue.noneInForce')}</p>
            ) : null}
            {item.alongside.length > 0 ? (
              <>
                {item.replaces ? <h4>{t('bureau.queue.alongside')}</h4> : null}
                {item.alongside.map((c) => (
                  <CommitmentSummary key={c.id} commitment={c} />
                ))}
                <p className="muted small">{t('bureau.queue.alongsideNote')}</p>
              </>
            ) : null}
          </div>
          <div className="proposed">
            <h4>{item.replaces ? t('bureau.queue.proposed') : t('bureau.queue.newCommitment')}</h4>
            <CommitmentSummary commitment={item.proposed} />
          </div>
        </div>
      );
  }
}

/** When the venue was last verified, flagged when that was over 12 months ago (or never). */
function VerifiedLine({ verifiedAt, now }: { verifiedAt: Date | string | null; now: string }) {
  const { t, format } = useI18n();
  const overdue = isVerificationOverdue(verifiedAt, new Date(now));
  return (
    <p className="muted small">
      {verifiedAt ? t('common.verifiedAt', { date: format.dateTime(verifiedAt) }) : t('common.notVerified')}{' '}
      {overdue ? <Badge tone="warn">{t('bureau.subnav.overdue')}</Badge> : null}
    </p>
  );
}

/** The rejection reason; one per queue entry on the page, so its id carries the entry's. */
function ReasonField({ id, error, defaultValue }: { id: string; error?: string; defaultValue?: string }) {
  const { t } = useI18n();
  return (
    <TextArea
      label={t('bureau.queue.reason')}
      id={`reason-${id}`}
      name="reason"
      rows={2}
      maxLength={500}
      hint={t('bureau.queue.reasonHint')}
      error={error}
      defaultValue={defaultValue}
    />
  );
}

function itemTitle(item: QueueItem): { name: string; link: string | null } {
  switch (item.kind) {
    case 'venue':
      return { name: item.venue.name, link: null };
    case 'speaker':
      return { name: item.speaker.displayName, link: null };
    default:
      return { name: item.venueName, link: `/venues/${item.venueSlug}` };
  }
}

export default function Queue() {
  const { items, own, now, speakersToVet } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const done = params.get('done');
  const busy = navigation.state === 'submitting';
  const reasonKey = useRefusedFieldKeys(actionData?.itemId);
  return (
    <>
      <PageHeader title={t('bureau.queue.title')} lead={t('bureau.queue.lead')} />
      {done === 'approved' ? <Alert tone="good">{t('bureau.queue.approved')}</Alert> : null}
      {done === 'rejected' ? <Alert tone="good">{t('bureau.queue.rejected')}</Alert> : null}
      {done === 'gone' ? <Alert tone="info">{t('bureau.queue.alreadyDecided')}</Alert> : null}
      {actionData?.formError && !items.some((i) => i.id === actionData.itemId) ? (
        <Alert tone="bad">{actionData.formError}</Alert>
      ) : null}
      {speakersToVet > 0 ? (
        <Alert tone="info">
          {t('bureau.queue.speakersToVet', { count: speakersToVet })}{' '}
          <Link to="/speakers/vetting">{t('speakers.nav.vetting')}</Link>
        </Alert>
      ) : null}
      {items.length === 0 ? (
        <Card>
          <EmptyState title={t('bureau.queue.empty')} />
        </Card>
      ) : (
        <>
          <p className="muted">{t('bureau.queue.count', { count: items.length })}</p>
          <ol className="queue">
            {items.map((item) => {
              const { name, link } = itemTitle(item);
              const mine = actionData?.itemId === item.id ? actionData : null;
              return (
                <li key={`${item.kind}-${item.id}`} id={`item-${item.id}`}>
                  <Card as="article" className="queue-item">
                    <header className="queue-head">
                      <Badge tone={item.kind === 'commitment' ? 'info' : 'warn'}>
                        {t(KIND_LABEL[item.kind])}
                      </Badge>
                      <h2>{link ? <Link to={link}>{name}</Link> : name}</h2>
                      <p className="muted">
                        {placeName({ code: item.regionCode, name: item.regionName })} ·{' '}
                        {t('bureau.queue.submitted', { date: format.dateTime(item.createdAt) })}
                        {(item.kind === 'venue_change' || item.kind === 'commitment') && item.proposedByName
                          ? ` · ${t('bureau.queue.proposedBy', { name: item.proposedByName })}`
                          : ''}
                      </p>
                      {item.kind === 'venue_change' || item.kind === 'commitment' ? (
                        <VerifiedLine verifiedAt={item.venueVerifiedAt} now={now} />
                      ) : null}
                    </header>
                    <ItemBody item={item} />
                    {mine?.formError ? <Alert tone="bad">{mine.formError}</Alert> : null}
                    {own.includes(item.id) ? (
                      <p className="muted">{t('bureau.queue.ownEntry')}</p>
                    ) : (
                      <div className="decide">
                        <Form method="post" className="decide-approve">
                          <input type="hidden" name="kind" value={item.kind} />
                          <input type="hidden" name="id" value={item.id} />
                          <input type="hidden" name="decision" value="approve" />
                          <Button
                            disabled={busy || (item.kind === 'venue_change' && item.problem !== null)}
                            aria-label={t('common.labelled', {
                              label: t('bureau.queue.approve'),
                              value: name,
                            })}
                          >
                            {t('bureau.queue.approve')}
                          </Button>
                        </Form>
                        <Form method="post" className="decide-reject form">
                          <input type="hidden" name="kind" value={item.kind} />
                          <input type="hidden" name="id" value={item.id} />
                          <input type="hidden" name="decision" value="reject" />
                          <ReasonField
                            key={reasonKey(item.id)}
                            id={item.id}
                            error={mine?.fields.reason}
                            defaultValue={mine?.reason}
                          />
                          <Button
                            variant="danger"
                            disabled={busy}
                            aria-label={t('common.labelled', {
                              label: t('bureau.queue.reject'),
                              value: name,
                            })}
                          >
                            {t('bureau.queue.reject')}
                          </Button>
                        </Form>
                      </div>
                    )}
                  </Card>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </>
  );
}
