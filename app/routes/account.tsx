import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { NewPasswordFields } from '#app/components/password-reset.tsx';
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  PageHeader,
  SecretText,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { describeMemberships } from '#app/domain/accounts/accounts.server.ts';
import { minutesFrom } from '#app/domain/accounts/rate-limit.server.ts';
import {
  findVenues,
  myRequests,
  RoleRequestSchema,
  regionChoices,
  requestRole,
} from '#app/domain/accounts/requests.server.ts';
import { ROLE_REQUEST_NOTE_MAX } from '#app/domain/accounts/schemas.ts';
import {
  ChangePasswordSchema,
  changePassword,
  createOwnToken,
  endOtherSessions,
  endOwnSession,
  IdSchema,
  listSessions,
  listTokens,
  OwnDetailsSchema,
  type PasswordRefusal,
  revokeOwnToken,
  TokenNameSchema,
  updateOwnDetails,
} from '#app/domain/accounts/self.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput, typedValues } from '#app/utils/validation.ts';
import { speakerCategories } from '#db/schema/enums.ts';

/** The action's Retry-After and Cache-Control reach the browser (Remix drops them otherwise). */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Retry-After') || actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const now = context.clock.now();
  const venueQuery = new URL(request.url).searchParams.get('venue')?.slice(0, 50) ?? '';
  const [roles, sessions, tokens, requests, venuesFound, regions] = await Promise.all([
    describeMemberships(context.db, user.roles),
    listSessions(context.db, user.id, user.sessionId, now),
    listTokens(context.db, user.id),
    myRequests(context.db, user.id),
    findVenues(context.db, venueQuery),
    regionChoices(context.db),
  ]);
  const t = await getServerT(request);
  return {
    pageTitle: `${t('account.title')} · ${t('site.name')}`,
    name: user.name,
    login: user.email ?? user.mobile,
    email: user.email ?? '',
    mobile: user.mobile ?? '',
    roles,
    sessions,
    tokens,
    // Tokens are for systems that talk to the site (a venue's ticketing, a bureau's reports): the section starts open
    // for those roles and for anyone who has a token, folded for a teacher or speaker, who need not read about it.
    tokensOpen:
      tokens.some((token) => !token.revokedAt) ||
      user.roles.some((r) => r.role === 'venue_operator' || r.role === 'auditor' || r.role === 'admin'),
    requests,
    venueQuery,
    venueChoices: venuesFound.venues,
    venueMore: venuesFound.more,
    regions,
  };
}

type Fields = Record<string, string>;
type ActionData =
  /** `values`: what was typed, put back after a refusal (never a password). */
  | { intent: string; fields: Fields; values?: Fields; formError?: string }
  | { intent: 'create-token'; created: { name: string; token: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const intent = String(form.intent ?? '');
  const now = context.clock.now();
  const actor = {
    userId: user.id,
    sessionId: user.sessionId,
    requestId: context.requestId,
    ip: context.clientIp,
    publicUrl: siteUrl(context.config),
  };
  const invalid = (fields: Fields, status = 400, values?: Fields) =>
    data<ActionData>({ intent, fields, values }, { status });
  // A wrong current password counts against the account as a wrong sign-in does (ADR 011): warned before the limit,
  // then 429 with the wait, the right password included.
  const refusedPassword = (refusal: PasswordRefusal, values?: Fields) => {
    if (refusal.error === 'rate_limited') {
      return data<ActionData>(
        {
          intent,
          fields: { current: t('account.passwordLocked', { minutes: minutesFrom(refusal.retryAfterMs) }) },
          values,
        },
        { status: 429, headers: { 'Retry-After': String(Math.ceil(refusal.retryAfterMs / 1000)) } },
      );
    }
    const minutes = minutesFrom(refusal.windowEndsInMs);
    const message =
      refusal.attemptsLeft === 0
        ? t('account.wrongPasswordLast', { minutes })
        : refusal.attemptsLeft <= 2
          ? t('account.wrongPasswordFewLeft', { count: refusal.attemptsLeft, minutes })
          : t('account.wrongPassword');
    return invalid({ current: message }, 422, values);
  };

  switch (intent) {
    case 'details': {
      // What was typed goes back into the form after an error (never the password).
      const typed = typedValues(form, ['name', 'email', 'mobile']);
      const parsed = parseInput(OwnDetailsSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields, 400, typed);
      const saved = await updateOwnDetails(context.db, actor, parsed.data, now);
      if (!saved.ok) {
        if (saved.error === 'wrong_password' || saved.error === 'rate_limited') {
          return refusedPassword(saved, typed);
        }
        if (saved.error === 'current_missing')
          return invalid({ current: t('account.details.currentMissing') }, 400, typed);
        const taken = saved.error === 'email_taken';
        return invalid(
          taken ? { email: t('account.details.emailTaken') } : { mobile: t('account.details.mobileTaken') },
          409,
          typed,
        );
      }
      return redirect(saved.changed ? '/account?done=details' : '/account?done=details-unchanged');
    }
    case 'password': {
      const parsed = parseInput(ChangePasswordSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      const changed = await changePassword(context.db, actor, parsed.data, now);
      if (!changed.ok) return refusedPassword(changed);
      return redirect('/account?done=password');
    }
    case 'end-session': {
      const parsed = parseInput(IdSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      // Someone else's session id ends nothing and answers like an unknown one.
      if (!(await endOwnSession(context.db, actor, parsed.data.id, now)))
        throw new Response('Not Found', { status: 404 });
      return redirect('/account?done=session');
    }
    case 'end-others': {
      await endOtherSessions(context.db, actor, now);
      return redirect('/account?done=others#sessions');
    }
    case 'create-token': {
      const parsed = parseInput(TokenNameSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields, 400, typedValues(form, ['name']));
      const { token } = await createOwnToken(context.db, actor, parsed.data.name);
      // Shown once, in this answer only; the database keeps its SHA-256.
      return data<ActionData>(
        { intent, created: { name: parsed.data.name, token } },
        {
          headers: { 'Cache-Control': 'no-store' },
        },
      );
    }
    case 'revoke-token': {
      const parsed = parseInput(IdSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      if (!(await revokeOwnToken(context.db, actor, parsed.data.id, now)))
        throw new Response('Not Found', { status: 404 });
      return redirect('/account?done=token-revoked');
    }
    case 'request-role': {
      const typed = typedValues(form, ['role', 'venueId', 'regionCode', 'category', 'note']);
      const parsed = parseInput(RoleRequestSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields, 400, typed);
      const asked = await requestRole(context.db, actor, parsed.data, now);
      if (!asked.ok) {
        const field = parsed.data.role === 'venue_operator' ? 'venueId' : 'regionCode';
        return invalid(
          { [field]: asked.error === 'duplicate' ? t('account.request.duplicate') : t('validation.choice') },
          asked.error === 'duplicate' ? 409 : 400,
          typed,
        );
      }
      return redirect('/account?done=request#requests');
    }
    default:
      return invalid({ _form: t('validation.invalid') });
  }
}

const DONE = {
  details: 'account.done.details',
  'details-unchanged': 'account.done.detailsUnchanged',
  password: 'account.done.password',
  session: 'account.done.session',
  others: 'account.done.others',
  'token-revoked': 'account.done.tokenRevoked',
  request: 'account.done.request',
} as const;

export default function Account() {
  const {
    name,
    login,
    email,
    mobile,
    roles,
    sessions,
    tokens,
    tokensOpen,
    requests,
    venueQuery,
    venueChoices,
    venueMore,
    regions,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const done = params.get('done');
  const fields = actionData && 'fields' in actionData ? actionData.fields : {};
  const errorsFor = (intent: string) => (actionData?.intent === intent ? fields : {});
  const typedFor = (intent: string) =>
    actionData?.intent === intent && 'values' in actionData ? (actionData.values ?? {}) : {};
  // The venue form and the speaker form share an intent: each shows only the answer to its own request.
  const requestAnswer = (role: 'venue_operator' | 'speaker') =>
    typedFor('request-role').role === role
      ? { errors: errorsFor('request-role'), typed: typedFor('request-role') }
      : { errors: {}, typed: {} };
  const venueRequest = requestAnswer('venue_operator');
  const created = actionData && 'created' in actionData ? actionData.created : null;
  // One speaker profile per person: while one is asked for or held, the form would only answer "already asked".
  const speakerAsked = requests.some((r) => r.role === 'speaker' && r.status === 'pending');
  const isSpeaker = roles.some((r) => r.role === 'speaker');
  return (
    <div className="stack">
      <PageHeader title={t('account.title')} lead={name} />
      {/* The note of an earlier success stays in the address; once a form here has answered, it is out of date. */}
      {params.get('welcome') && !actionData ? <Alert tone="good">{t('account.welcome')}</Alert> : null}
      {done && done in DONE && !actionData ? (
        <Alert tone="good">{t(DONE[done as keyof typeof DONE])}</Alert>
      ) : null}
      <Card>
        <p>{t('common.labelled', { label: t('account.contact'), value: login ?? '' })}</p>
        <h2>{t('account.roles')}</h2>
        {roles.length === 0 ? (
          <EmptyState title={t('account.noRoles')} />
        ) : (
          <ul>
            {roles.map((r) => (
              <li key={`${r.role}-${r.targetName}`}>
                <Badge tone="info">{t(`role.${r.role}`)}</Badge>{' '}
                {r.regionCode && r.targetName && !r.schoolId && !r.venueId && !r.speakerId
                  ? placeName({ code: r.regionCode, name: r.targetName })
                  : r.targetName}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card>
        {/* Open also after a venue search and after a request answered with an error: a page drawn anew (no
            JavaScript) would otherwise hide the venues found, or the error and what was typed, behind the fold. */}
        <details
          className="disclosure"
          open={
            roles.length === 0 ||
            requests.length > 0 ||
            Boolean(venueQuery) ||
            actionData?.intent === 'request-role' ||
            undefined
          }
        >
          <summary>
            <h2 id="requests">{t('account.request.title')}</h2>
          </summary>
          <p className="muted">{t('account.request.lead')}</p>
          {requests.length ? (
            <ul className="plain-list">
              {requests.map((r) => (
                <li key={r.id}>
                  <Badge tone={r.status === 'pending' ? 'warn' : 'bad'}>
                    {t(`admin.status.${r.status as 'pending'}`)}
                  </Badge>{' '}
                  {t(`role.${r.role}`)} ·{' '}
                  {r.venueName ??
                    (r.speakerRegionCode && r.speakerRegion
                      ? placeName({ code: r.speakerRegionCode, name: r.speakerRegion })
                      : null)}
                  <br />
                  <span className="muted">
                    {r.status === 'pending'
                      ? t('account.request.pendingSince', { at: format.date(r.createdAt) })
                      : r.reason
                        ? `${t('account.request.rejectedBecause', { reason: r.reason })} ${t('account.request.askAgain')}`
                        : t('account.request.askAgain')}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          <h3>{t('account.request.venueTitle')}</h3>
          <Form method="get" action="/account#requests" className="form">
            <TextField
              label={t('account.request.findVenue')}
              name="venue"
              defaultValue={venueQuery}
              type="search"
            />
            <Button variant="secondary">{t('search.submit')}</Button>
          </Form>
          {venueQuery && venueChoices.length === 0 ? (
            <p className="muted">{t('account.request.noVenue')}</p>
          ) : null}
          {venueChoices.length ? (
            // Its fields have ids of their own: the speaker request form below has a note too.
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="request-role" />
              <input type="hidden" name="role" value="venue_operator" />
              <SelectField
                label={t('account.request.venue')}
                id="venue-request-venue"
                name="venueId"
                options={[
                  // Several found: none is chosen for the person, who might not look before sending.
                  ...(venueChoices.length > 1 ? [{ value: '', label: t('common.choose') }] : []),
                  ...venueChoices.map((v) => ({
                    value: v.id,
                    label: t('common.parenthetical', {
                      text: v.name,
                      note: placeName({ code: v.regionCode, name: v.regionName }),
                    }),
                  })),
                ]}
                hint={venueMore ? t('account.request.venueMore', { count: venueChoices.length }) : undefined}
                defaultValue={venueRequest.typed.venueId}
                error={venueRequest.errors.venueId}
              />
              <TextArea
                label={t('account.request.note')}
                id="venue-request-note"
                name="note"
                hint={t('account.request.noteHint')}
                required
                maxLength={ROLE_REQUEST_NOTE_MAX}
                defaultValue={venueRequest.typed.note}
                error={venueRequest.errors.note}
              />
              <Button>{t('account.request.send')}</Button>
            </Form>
          ) : null}
          {isSpeaker ? null : <h3>{t('account.request.speakerTitle')}</h3>}
          {speakerAsked ? (
            <p className="muted">{t('account.request.speakerPending')}</p>
          ) : isSpeaker ? null : (
            <SpeakerRequestForm regions={regions} {...requestAnswer('speaker')} />
          )}
        </details>
      </Card>

      <OwnDetailsForm
        saved={{ name, email, mobile }}
        typed={
          actionData?.intent === 'details' && 'values' in actionData ? (actionData.values ?? null) : null
        }
        errors={errorsFor('details')}
      />

      <Card>
        <h2 id="password">{t('account.passwordTitle')}</h2>
        <p className="muted">{t('account.passwordLead')}</p>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="password" />
          <TextField
            label={t('account.currentPassword')}
            name="current"
            type="password"
            autoComplete="current-password"
            required
            error={errorsFor('password').current}
          />
          <NewPasswordFields label="newPassword" errors={errorsFor('password')} />
          <Button>{t('account.changePassword')}</Button>
        </Form>
      </Card>

      <Card>
        <h2 id="sessions">{t('account.sessionsTitle')}</h2>
        <p className="muted">{t('account.sessionsLead')}</p>
        <ul className="plain-list">
          {sessions.map((s) => (
            <li key={s.id} className="row-between">
              <div>
                <strong>{describeAgent(s.userAgent) ?? t('account.unknownDevice')}</strong>{' '}
                {s.current ? <Badge tone="good">{t('account.thisDevice')}</Badge> : null}
                <div className="muted">
                  {t('account.sessionSince', { at: format.dateTime(s.createdAt) })} ·{' '}
                  {t('account.sessionSeen', { at: format.dateTime(s.lastSeenAt) })}
                </div>
              </div>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="end-session" />
                  <input type="hidden" name="id" value={s.id} />
                  <Button variant="secondary">{t('account.endSession')}</Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {sessions.some((s) => !s.current) ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <Button variant="secondary">{t('account.endOthers')}</Button>
          </Form>
        ) : null}
      </Card>

      <Card>
        <details
          className="disclosure"
          open={
            tokensOpen ||
            created !== null ||
            actionData?.intent === 'create-token' ||
            done === 'token-revoked' ||
            undefined
          }
        >
          <summary>
            <h2 id="tokens">{t('account.tokensTitle')}</h2>
          </summary>
          <p className="muted">{t('account.tokensLead')}</p>
          {created ? (
            <Alert tone="good" title={t('account.tokenCreated', { name: created.name })}>
              <p>{t('account.tokenOnce')}</p>
              <SecretText value={created.token} testId="new-token" />
            </Alert>
          ) : null}
          {tokens.length === 0 ? (
            <EmptyState title={t('account.noTokens')} />
          ) : (
            <ul className="plain-list">
              {tokens.map((token) => (
                <li key={token.id} className="row-between">
                  <div>
                    <strong>{token.name}</strong> <code>{token.prefix}…</code>{' '}
                    {token.revokedAt ? <Badge tone="bad">{t('account.tokenRevoked')}</Badge> : null}
                    <div className="muted">
                      {t('account.tokenCreatedAt', { at: format.dateTime(token.createdAt) })} ·{' '}
                      {token.lastUsedAt
                        ? t('account.tokenUsedAt', { at: format.dateTime(token.lastUsedAt) })
                        : t('account.tokenNeverUsed')}
                    </div>
                  </div>
                  {token.revokedAt ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-token" />
                      <input type="hidden" name="id" value={token.id} />
                      <Button variant="danger">{t('account.revokeToken')}</Button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="create-token" />
            <TextField
              label={t('account.tokenName')}
              name="name"
              hint={t('account.tokenNameHint')}
              required
              maxLength={60}
              defaultValue={typedFor('create-token').name}
              error={errorsFor('create-token').name}
            />
            <Button>{t('account.createToken')}</Button>
          </Form>
        </details>
      </Card>
    </div>
  );
}

/** Asking to be a speaker: where one lives, what kind of speaker, and a note for the auditor. */
function SpeakerRequestForm({
  regions,
  errors,
  typed,
}: {
  regions: Awaited<ReturnType<typeof regionChoices>>;
  errors: Record<string, string | undefined>;
  /** What was typed before a refusal. */
  typed: Record<string, string | undefined>;
}) {
  const { t } = useI18n();
  const placeName = useRegionName();
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value="request-role" />
      <input type="hidden" name="role" value="speaker" />
      <SelectField
        label={t('account.request.region')}
        id="speaker-request-region"
        name="regionCode"
        options={[
          { value: '', label: '—' },
          ...regions.map((r) => ({
            value: r.code,
            label: `${r.level === 'county' ? '\u3000' : ''}${placeName(r)}`,
          })),
        ]}
        required
        defaultValue={typed.regionCode}
        error={errors.regionCode}
      />
      <SelectField
        label={t('account.request.category')}
        id="speaker-request-category"
        name="category"
        options={speakerCategories.map((c) => ({ value: c, label: t(`speakerCategory.${c}`) }))}
        defaultValue={typed.category}
        error={errors.category}
      />
      <TextArea
        label={t('account.request.note')}
        id="speaker-request-note"
        name="note"
        hint={t('account.request.speakerNoteHint')}
        required
        maxLength={ROLE_REQUEST_NOTE_MAX}
        defaultValue={typed.note}
        error={errors.note}
      />
      <Button>{t('account.request.send')}</Button>
    </Form>
  );
}

/** A short name for a browser from its user agent ("Chrome on Android"), without showing the whole string. */
function describeAgent(agent: string | null): string | null {
  if (!agent) return null;
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /MicroMessenger/.test(agent)
      ? 'WeChat'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Firefox\//.test(agent)
          ? 'Firefox'
          : /Safari\//.test(agent)
            ? 'Safari'
            : null;
  const os = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Windows/.test(agent)
        ? 'Windows'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : null;
  if (!browser && !os) return null;
  return [browser, os].filter(Boolean).join(' · ');
}

/** The person's name and contact details; a contact change asks for the current password (checked by the server). */
function OwnDetailsForm({
  saved,
  typed,
  errors,
}: {
  saved: { name: string; email: string; mobile: string };
  typed: Record<string, string> | null;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const value = (key: 'name' | 'email' | 'mobile') => typed?.[key] ?? saved[key];
  return (
    <Card>
      <h2 id="details">{t('account.details.title')}</h2>
      <p className="muted">{t('account.details.lead')}</p>
      {/* Keyed by what is shown, so that the fields take the saved values again after a save. */}
      <Form method="post" className="form" noValidate key={JSON.stringify(typed ?? saved)}>
        <input type="hidden" name="intent" value="details" />
        <TextField
          label={t('account.details.name')}
          id="details-name"
          name="name"
          defaultValue={value('name')}
          maxLength={60}
          autoComplete="name"
          required
          error={errors.name}
        />
        <TextField
          label={t('account.details.email')}
          id="details-email"
          name="email"
          type="email"
          defaultValue={value('email')}
          maxLength={200}
          autoComplete="email"
          error={errors.email}
        />
        <TextField
          label={t('account.details.mobile')}
          id="details-mobile"
          name="mobile"
          type="tel"
          defaultValue={value('mobile')}
          maxLength={30}
          autoComplete="tel"
          error={errors.mobile}
        />
        <TextField
          label={t('account.details.current')}
          id="details-current"
          name="current"
          type="password"
          autoComplete="current-password"
          error={errors.current}
        />
        <Button>{t('account.details.save')}</Button>
      </Form>
    </Card>
  );
}
