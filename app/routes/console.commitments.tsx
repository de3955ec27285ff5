import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { commitmentOverlaps } from '#app/domain/commitments/pricing.ts';
import { commitmentTerms } from '#app/domain/commitments/terms.ts';
import {
  listCommitments,
  proposeCommitment,
  withdrawCommitment,
} from '#app/domain/venues/commitments.server.ts';
import { CommitmentFormSchema } from '#app/domain/venues/schemas.ts';
import { consoleErrorStatus, consoleFormErrors, requireConsoleVenue } from '#app/utils/console.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { parseShanghaiDay, shanghaiDay } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';
import { audiences, commitmentKinds } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'manage:commitment:own');
  const t = await getServerT(request);
  const result = await listCommitments(context.db, actor, venueId);
  if (!result.ok) throw new Response('Not found', { status: consoleErrorStatus(result.error) });
  // For each commitment the others for its audience in force on some of its days (both would price a booking).
  const overlaps = commitmentOverlaps(result.commitments);
  return {
    pageTitle: `${t('console.commitments.title')} · ${t('site.name')}`,
    commitments: result.commitments,
    today: shanghaiDay(context.clock.now()),
    overlaps: Object.fromEntries(
      [...overlaps].map(([id, list]) => [id, list.map(({ other, lower }) => ({ otherId: other.id, lower }))]),
    ),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'manage:commitment:own');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const now = context.clock.now();
  const venueQuery = new URL(request.url).searchParams.get('venue');
  const back = (params: Record<string, string>) =>
    `/console/commitments?${new URLSearchParams({ ...(venueQuery ? { venue: venueQuery } : {}), ...params })}`;
  if (form.intent === 'withdraw') {
    const result = await withdrawCommitment(context.db, actor, String(form.commitmentId ?? ''), now);
    if (!result.ok)
      return data(
        { fields: consoleFormErrors(t, result.error) },
        { status: consoleErrorStatus(result.error) },
      );
    return redirect(back({ done: 'withdrawn' }));
  }
  const parsed = parseInput(CommitmentFormSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields }, { status: 400 });
  const result = await proposeCommitment(context.db, actor, venueId, parsed.data, now);
  if (!result.ok)
    return data(
      { fields: consoleFormErrors(t, result.error, result.field) },
      { status: consoleErrorStatus(result.error) },
    );
  return redirect(back({ done: 'proposed', created: result.commitment.id }));
}

const tone = { active: 'good', pending: 'warn', rejected: 'bad', withdrawn: 'neutral' } as const;

export default function ConsoleCommitments() {
  const { commitments, overlaps, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  // A day as the rest of the console writes it (1 Jan 2027, 2027年1月1日), not as stored (2027-01-01).
  const day = (value: string) => format.date(parseShanghaiDay(value));
  const errors: Record<string, string> = actionData?.fields ?? {};
  const active = commitments.filter((c) => c.status === 'active');
  const byId = new Map(commitments.map((c) => [c.id, c]));
  // Approved is not always in force: one may start later, or have ended; one given way to was replaced, not withdrawn.
  const replacedIds = new Set(active.map((c) => c.replacesId).filter(Boolean));
  // A replaced one still in force until its replacement starts says until when, and that another follows.
  const standing = (
    c: (typeof commitments)[number],
  ): { tone: 'info' | 'neutral' | 'good' | 'warn' | 'bad'; label: string } => {
    const replaced = replacedIds.has(c.id);
    if (c.status === 'active' && c.validFrom > today)
      return { tone: 'info', label: t('console.commitmentStatus.upcoming', { from: day(c.validFrom) }) };
    if (c.status === 'active' && c.validTo !== null && c.validTo < today)
      return {
        tone: 'neutral',
        label: t(replaced ? 'console.commitmentStatus.replaced' : 'console.commitmentStatus.ended'),
      };
    if (c.status === 'active' && c.validTo !== null && replaced)
      return { tone: 'good', label: t('console.commitmentStatus.handingOver', { to: day(c.validTo) }) };
    if (c.status === 'withdrawn' && replaced)
      return { tone: 'neutral', label: t('console.commitmentStatus.replaced') };
    return { tone: tone[c.status], label: t(`console.commitmentStatus.${c.status}`) };
  };
  const done = params.get('done');
  const dates = (c: { validFrom: string; validTo: string | null }) =>
    c.validTo
      ? t('console.commitments.validRange', { from: day(c.validFrom), to: day(c.validTo) })
      : t('console.commitments.valid', { from: day(c.validFrom) });
  /** What an overlap means for the price: which of the two a booking follows on the days they share. */
  const overlapNotes = (c: (typeof commitments)[number]) =>
    (overlaps[c.id] ?? []).flatMap(({ otherId, lower }) => {
      const other = byId.get(otherId);
      if (!other) return [];
      const terms = { other: commitmentTerms(t, other), dates: dates(other) };
      return [
        {
          id: otherId,
          text:
            lower === 'this'
              ? t('console.commitments.overlapsThis', terms)
              : lower === 'other'
                ? t('console.commitments.overlapsOther', terms)
                : lower === 'same'
                  ? t('console.commitments.overlapsSame', terms)
                  : t('console.commitments.overlapsDepends', terms),
        },
      ];
    });
  const created = done === 'proposed' ? byId.get(params.get('created') ?? '') : undefined;
  const createdOverlaps = created && created.status === 'pending' ? overlapNotes(created) : [];
  return (
    <>
      <PageHeader title={t('console.commitments.title')} lead={t('console.commitments.lead')} />
      {/* One message for one submission: a proposal whose dates meet another's is still submitted, so the notice of
          the overlap is told calmly in the same box, not as a second, orange alarm. */}
      {done && !actionData ? (
        createdOverlaps.length ? (
          <Alert tone="info" title={t('console.commitments.proposedOverlaps')}>
            <ul className="plain-list">
              {createdOverlaps.map((note) => (
                <li key={note.id}>{note.text}</li>
              ))}
            </ul>
            <p>{t('console.commitments.overlapsReplaceHint')}</p>
          </Alert>
        ) : (
          <Alert tone="good">
            {done === 'withdrawn' ? t('console.commitments.withdrawn') : t('console.commitments.proposed')}
          </Alert>
        )
      ) : null}
      {Object.keys(errors).length ? (
        <Alert tone="bad" title={t('validation.formTitle')}>
          {errors._form ? <p>{errors._form}</p> : null}
        </Alert>
      ) : null}
      <Card>
        {commitments.length === 0 ? (
          <EmptyState title={t('console.commitments.none')} />
        ) : (
          <ul className="plain-list commitment-list">
            {commitments.map((c) => {
              const replaced = c.replacesId ? byId.get(c.replacesId) : undefined;
              return (
                <li key={c.id}>
                  <strong>{commitmentTerms(t, c)}</strong>{' '}
                  <Badge tone={standing(c).tone}>{standing(c).label}</Badge>
                  <div className="muted">
                    {c.validTo
                      ? t('console.commitments.validRange', { from: day(c.validFrom), to: day(c.validTo) })
                      : t('console.commitments.valid', { from: day(c.validFrom) })}
                    {c.conditions ? ` · ${c.conditions}` : ''}
                    {c.sourceUrl ? (
                      <>
                        {' · '}
                        <a href={c.sourceUrl} rel="noreferrer noopener" target="_blank">
                          {t('console.commitments.source')}
                        </a>
                      </>
                    ) : null}
                  </div>
                  {replaced && c.status === 'pending' ? (
                    <div className="muted">
                      {t('console.commitments.replacing', { terms: commitmentTerms(t, replaced) })}
                    </div>
                  ) : null}
                  {overlapNotes(c).map((note) => (
                    <div key={note.id} className="commitment-overlap">
                      {note.text}
                    </div>
                  ))}
                  {c.status === 'rejected' && c.reason ? (
                    <div>{t('console.commitments.reason', { reason: c.reason })}</div>
                  ) : null}
                  {c.status === 'pending' ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="commitmentId" value={c.id} />
                      <Button variant="quiet">{t('console.commitments.withdraw')}</Button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      {/* A new key after each proposal empties the form (with JavaScript the page is not redrawn). */}
      <Form method="post" className="form" noValidate key={params.get('created') ?? ''}>
        <Card>
          <h2>{t('console.commitments.add')}</h2>
          <input type="hidden" name="intent" value="propose" />
          <SelectField
            label={t('console.commitments.audience')}
            name="audience"
            options={audiences.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
            error={errors.audience}
          />
          <KindAndPrice errors={errors} />
          <div className="grid">
            <TextField
              label={t('console.commitments.validFrom')}
              name="validFrom"
              type="date"
              required
              error={errors.validFrom}
            />
            <TextField
              label={t('console.commitments.validTo')}
              name="validTo"
              type="date"
              error={errors.validTo}
            />
          </div>
          <TextArea
            label={t('console.commitments.conditions')}
            name="conditions"
            rows={2}
            maxLength={1000}
            hint={t('console.commitments.conditionsHint')}
            error={errors.conditions}
          />
          <TextField
            label={t('console.commitments.sourceUrl')}
            name="sourceUrl"
            type="url"
            placeholder="https://"
            error={errors.sourceUrl}
          />
          {active.length ? (
            <SelectField
              label={t('console.commitments.replaces')}
              name="replacesId"
              options={[
                { value: '', label: t('console.commitments.replacesNone') },
                ...active.map((c) => ({ value: c.id, label: commitmentTerms(t, c) })),
              ]}
              error={errors.replacesId}
            />
          ) : null}
          <p>
            <Button size="large" disabled={navigation.state === 'submitting'}>
              {t('console.commitments.save')}
            </Button>
          </p>
        </Card>
      </Form>
    </>
  );
}

/**
 * The kind of commitment and the figure it needs: with JavaScript only the field of the chosen kind shows (a free
 * commitment needs neither); without it both show and the server checks the one the kind needs.
 */
function KindAndPrice({ errors }: { errors: Record<string, string> }) {
  const { t } = useI18n();
  // Unknown until the page runs in the browser (the browser may have restored an earlier choice): all fields show.
  const [kind, setKind] = useState<string | null>(null);
  useEffect(() => {
    setKind((document.getElementById('f-kind') as HTMLSelectElement | null)?.value ?? null);
  }, []);
  const off = (needs: string) => kind !== null && kind !== needs;
  return (
    <>
      <SelectField
        label={t('console.commitments.kind')}
        name="kind"
        options={commitmentKinds.map((k) => ({ value: k, label: t(`console.commitments.kind.${k}`) }))}
        error={errors.kind}
        onChange={(event) => setKind(event.currentTarget.value)}
      />
      <div className="grid">
        {/* A hidden field is also disabled, so a figure typed before the kind changed is not sent. */}
        <div hidden={off('percent_off')}>
          <TextField
            label={t('console.commitments.percentOff')}
            name="percentOff"
            type="number"
            min={1}
            max={99}
            hint={t('console.commitments.percentOffHint')}
            error={errors.percentOff}
            disabled={off('percent_off')}
          />
        </div>
        <div hidden={off('fixed_price')}>
          <TextField
            label={t('console.commitments.fixedPrice')}
            name="fixedPrice"
            inputMode="decimal"
            error={errors.fixedPrice}
            disabled={off('fixed_price')}
          />
        </div>
      </div>
    </>
  );
}
