import { randomUUID } from 'node:crypto';
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Fragment } from 'react';
import {
  Alert,
  Button,
  Card,
  CheckboxField,
  CheckboxGroup,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { daytimeWords } from '#app/domain/speakers/rules.ts';
import { ProfileInputSchema, profileFormToInput, WEEKDAYS } from '#app/domain/speakers/schemas.ts';
import {
  getOwnProfile,
  menuFilters,
  ownSpeakerId,
  updateProfile,
} from '#app/domain/speakers/speakers.server.ts';
import { getFormatters, type TFunction } from '#app/i18n/index.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';
import { languages, speakerCategories } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

async function speakerOf(request: Request, context: LoaderFunctionArgs['context']) {
  const user = await requirePermission(request, context, 'update:speaker:own');
  const speakerId = ownSpeakerId(user);
  if (!speakerId) throw await forbidden(request, context, user.id, 'update:speaker:own');
  return { user, speakerId };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, speakerId } = await speakerOf(request, context);
  const [own, filters, t] = await Promise.all([
    getOwnProfile(context.db, user, speakerId),
    menuFilters(context.db),
    getServerT(request),
  ]);
  if (!own) throw new Response('Not found', { status: 404 });
  const { calendarToken: _secret, ...stored } = own.speaker;
  // Days already past block nothing: the form lists the days still ahead (saving drops the rest).
  const today = shanghaiDay(context.clock.now());
  const speaker = { ...stored, blackoutDates: stored.blackoutDates.filter((day) => day >= today) };
  return {
    pageTitle: `${t('speakers.profile.title')} · ${t('site.name')}`,
    speaker,
    regions: filters.regions,
    saved: new URL(request.url).searchParams.get('saved'),
    // New on each load: after a save the form is drawn afresh from what was stored (dates tidied, past and repeated
    // days dropped), not left showing what was typed; a refusal does not reload, and keeps what was typed.
    formKey: randomUUID(),
  };
}

/**
 * The schema numbers the filled-in weekly rows (weeklyAvailability.0, .1, …); the page has a row per weekday. An error
 * is keyed by its weekday instead (weeklyAvailability.w3.to) and names the day, so the right box is marked.
 */
function byWeekday(fields: Record<string, string>, input: Record<string, unknown>, t: TFunction) {
  const rows = input.weeklyAvailability as { weekday: number }[];
  return Object.fromEntries(
    Object.entries(fields).map(([key, message]) => {
      const match = /^weeklyAvailability\.(\d+)\.(\w+)$/.exec(key);
      const weekday = match ? rows[Number(match[1])]?.weekday : undefined;
      if (!match || weekday === undefined) return [key, message];
      const day = t(`speakers.weekday.${weekday}` as 'speakers.weekday.1');
      return [
        `weeklyAvailability.w${weekday}.${match[2]}`,
        t('common.labelled', { label: day, value: message }),
      ];
    }),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, speakerId } = await speakerOf(request, context);
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const input = profileFormToInput(form);
  const parsed = parseInput(ProfileInputSchema, input, t);
  if (!parsed.ok) return data({ fields: byWeekday(parsed.fields, input, t) }, { status: 400 });
  const result = await updateProfile(context.db, user, speakerId, parsed.data, {
    now: context.clock.now(),
    requestId: context.requestId,
    ip: context.clientIp,
  });
  if (!result.ok && result.error === 'window_too_short') {
    // Named on the day's end time, as the schema's own errors are (see byWeekday).
    const fields = Object.fromEntries(
      result.windows.map((w) => [
        `weeklyAvailability.${w.index}.to`,
        t('speakers.error.windowTooShort', { minutes: w.minutes, talk: result.shortestTalk }),
      ]),
    );
    return data({ fields: byWeekday(fields, input, t) }, { status: 422 });
  }
  if (!result.ok && result.error === 'cap_below_scheduled') {
    const [year, month] = result.month.split('-').map(Number) as [number, number];
    const fields = {
      // 0 is a pause: said as such, with what stops new invitations now (the month's talks as its limit).
      monthlyCap: t(
        parsed.data.monthlyCap === 0
          ? 'speakers.error.pauseWithScheduled'
          : result.engagements === 1
            ? 'speakers.error.capBelowScheduledOne'
            : 'speakers.error.capBelowScheduled',
        {
          month: getFormatters(await getLocale(request)).monthOfYear(year, month),
          count: result.engagements,
        },
      ),
    };
    return data({ fields: fields as Record<string, string> }, { status: 409 });
  }
  if (!result.ok) {
    const status = result.error === 'unknown_region' ? 400 : result.error === 'forbidden' ? 403 : 404;
    return data({ fields: { regionCode: t('validation.choice') } as Record<string, string> }, { status });
  }
  return redirect(result.revetting ? '/speaker/profile?saved=revetting' : '/speaker/profile?saved=1');
}

export default function SpeakerProfile() {
  const { speaker, regions, saved, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const placeName = useRegionName();
  const errors = actionData?.fields ?? {};
  const prefectures = regions.filter((r) => r.level === 'prefecture');
  const counties = regions.filter((r) => r.level === 'county');
  const windows = new Map(speaker.weeklyAvailability.map((w) => [w.weekday, w]));
  return (
    <div className="speaker-home">
      <PageHeader
        title={t('speakers.profile.title')}
        lead={t('speakers.profile.lead')}
        actions={<Link to="/speaker">{t('speakers.profile.back')}</Link>}
      />
      {saved === 'revetting' && !actionData ? (
        <Alert tone="warn">{t('speakers.profile.savedRevetting')}</Alert>
      ) : saved && !actionData ? (
        <Alert tone="good">{t('speakers.profile.saved')}</Alert>
      ) : null}
      {Object.keys(errors).length ? <Alert tone="bad">{t('validation.formTitle')}</Alert> : null}
      <Form key={formKey} method="post" className="form profile-form" noValidate>
        <Card>
          <h2>{t('speakers.profile.aboutTitle')}</h2>
          {speaker.vettedUntil ? <p className="muted">{t('speakers.profile.revetHint')}</p> : null}
          <TextField
            label={t('speakers.profile.displayName')}
            name="displayName"
            defaultValue={speaker.displayName}
            required
            maxLength={40}
            error={errors.displayName}
          />
          <SelectField
            label={t('speakers.profile.category')}
            name="category"
            defaultValue={speaker.category}
            options={speakerCategories.map((c) => ({ value: c, label: t(`speakerCategory.${c}`) }))}
            error={errors.category}
          />
          <TextField
            label={t('speakers.profile.titleField')}
            name="title"
            defaultValue={speaker.title}
            maxLength={80}
            error={errors.title}
          />
          <TextArea
            label={t('speakers.profile.bio')}
            name="bio"
            defaultValue={speaker.bio}
            rows={4}
            maxLength={2000}
            error={errors.bio}
          />
          <CheckboxGroup
            required
            id="f-languages"
            legend={t('speakers.profile.languages')}
            error={errors.languages}
          >
            {languages.map((language) => (
              <CheckboxField
                key={language}
                label={t(`language.${language}`)}
                name="languages"
                value={language}
                defaultChecked={speaker.languages.includes(language)}
              />
            ))}
          </CheckboxGroup>
        </Card>
        <Card>
          <h2>{t('speakers.profile.areaTitle')}</h2>
          <SelectField
            label={t('speakers.profile.home')}
            name="regionCode"
            hint={t('speakers.profile.homeHint')}
            defaultValue={speaker.regionCode}
            options={counties.map((r) => ({ value: r.code, label: placeName(r) }))}
            error={errors.regionCode}
          />
          <CheckboxGroup legend={t('speakers.profile.serviceRegions')} columns>
            {prefectures.map((r) => (
              <CheckboxField
                key={r.code}
                label={placeName(r)}
                name="serviceRegionCodes"
                value={r.code}
                defaultChecked={speaker.serviceRegionCodes.includes(r.code)}
              />
            ))}
          </CheckboxGroup>
          <TextField
            label={t('speakers.profile.radius')}
            name="serviceRadiusKm"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            defaultValue={speaker.serviceRadiusKm ?? ''}
            hint={t('speakers.profile.radiusHint')}
            error={errors.serviceRadiusKm}
          />
        </Card>
        <Card>
          <h2>{t('speakers.profile.timeTitle')}</h2>
          <p className="muted">{t('speakers.profile.timeLead', daytimeWords)}</p>
          <table className="data availability">
            <thead>
              <tr>
                <th scope="col">{t('speakers.profile.weekday')}</th>
                <th scope="col">{t('speakers.profile.from')}</th>
                <th scope="col">{t('speakers.profile.to')}</th>
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((weekday) => {
                const day = t(`speakers.weekday.${weekday}` as 'speakers.weekday.1');
                const fromError = errors[`weeklyAvailability.w${weekday}.from`];
                const toError = errors[`weeklyAvailability.w${weekday}.to`];
                // The day's mistakes under its own row, where focus goes (not under Sunday, a screen away).
                const dayErrors = [...new Set([fromError, toError].filter(Boolean))];
                const errorId = `availability-${weekday}-error`;
                return (
                  <Fragment key={weekday}>
                    <tr className={dayErrors.length ? 'availability-invalid' : undefined}>
                      <th scope="row">{day}</th>
                      <td>
                        <input
                          type="time"
                          name={`from${weekday}`}
                          aria-label={`${day} ${t('speakers.profile.from')}`}
                          defaultValue={windows.get(weekday)?.from ?? ''}
                          aria-invalid={fromError ? true : undefined}
                          aria-describedby={fromError ? errorId : undefined}
                        />
                      </td>
                      <td>
                        <input
                          type="time"
                          name={`to${weekday}`}
                          aria-label={`${day} ${t('speakers.profile.to')}`}
                          defaultValue={windows.get(weekday)?.to ?? ''}
                          aria-invalid={toError ? true : undefined}
                          aria-describedby={toError ? errorId : undefined}
                        />
                      </td>
                    </tr>
                    {dayErrors.length ? (
                      <tr className="availability-error">
                        <td colSpan={3}>
                          <p className="field-error" id={errorId}>
                            {dayErrors.join(' ')}
                          </p>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          {Object.entries(errors)
            .filter(
              ([key]) => key.startsWith('weeklyAvailability') && !/^weeklyAvailability\.w\d\./.test(key),
            )
            .slice(0, 1)
            .map(([key, message]) => (
              <p key={key} className="field-error">
                {t('speakers.profile.timeError')} {message}
              </p>
            ))}
          <TextArea
            label={t('speakers.profile.blackout')}
            name="blackoutDates"
            hint={t('speakers.profile.blackoutHint')}
            defaultValue={speaker.blackoutDates.join('\n')}
            rows={3}
            error={Object.entries(errors).find(([key]) => key.startsWith('blackoutDates'))?.[1]}
          />
          <TextField
            label={t('speakers.profile.cap')}
            name="monthlyCap"
            type="number"
            inputMode="numeric"
            min={0}
            max={60}
            required
            defaultValue={speaker.monthlyCap}
            hint={t('speakers.profile.capHint')}
            error={errors.monthlyCap}
          />
          <TextArea
            label={t('speakers.profile.needs')}
            name="needs"
            hint={t('speakers.profile.needsHint')}
            defaultValue={speaker.needs}
            rows={2}
            maxLength={500}
            error={errors.needs}
          />
        </Card>
        <Card>
          <h2>{t('speakers.profile.contactTitle')}</h2>
          <p className="muted">{t('speakers.profile.contactLead')}</p>
          <TextField
            label={t('speakers.profile.phone')}
            name="phone"
            type="tel"
            autoComplete="tel"
            defaultValue={speaker.phone ?? ''}
            error={errors.phone}
          />
          <TextField
            label={t('speakers.profile.email')}
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={speaker.email ?? ''}
            error={errors.email}
          />
        </Card>
        <Button size="large" disabled={navigation.state === 'submitting'}>
          {t('common.save')}
        </Button>
      </Form>
    </div>
  );
}
