import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import {
  Form,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { PinMap } from '#app/components/pin-map.tsx';
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  CheckboxGroup,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { ANSWER_LEAD_HOURS } from '#app/domain/bookings/rules.ts';
import { type VenueKeyField, venueKeyFields } from '#app/domain/bureau/schemas.ts';
import { coordinateSystems, parseCoordinates } from '#app/domain/venues/coordinates.ts';
import {
  checkVenueKeyFields,
  getVenueProfile,
  saveVenueProfile,
  venueRegionChoices,
  withdrawVenueChange,
} from '#app/domain/venues/profile.server.ts';
import { VenueDirectSchema, VenueKeyFormSchema } from '#app/domain/venues/schemas.ts';
import { getT, type MessageKey, type TFunction } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import { consoleErrorStatus, consoleFormErrors, requireConsoleVenue } from '#app/utils/console.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';
import { languages, venueTypes } from '#db/schema/enums.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'update:venue:own');
  const locale = await getLocale(request);
  const t = getT(locale);
  const result = await getVenueProfile(context.db, actor, venueId);
  if (!result.ok) throw new Response('Not found', { status: consoleErrorStatus(result.error) });
  const { calendarToken: _secret, ...venue } = result.profile.venue;
  const { pending, decided, pendingFarFromSeat } = result.profile;
  const pendingRegion = pending[0]?.changes.regionCode;
  const choices = await venueRegionChoices(context.db, [
    venue.regionCode,
    ...(typeof pendingRegion === 'string' ? [pendingRegion] : []),
  ]);
  return {
    pageTitle: `${t('console.profile.title')} · ${t('site.name')}`,
    venue,
    pending,
    decided,
    farFromSeat: pendingFarFromSeat
      ? {
          km: pendingFarFromSeat.km,
          region: regionName(locale, {
            code: pendingFarFromSeat.regionCode,
            name: pendingFarFromSeat.regionName,
          }),
        }
      : null,
    // Named in the interface language (Hohhot in English); the stored code is what the form sends.
    regions: choices.map((r) => {
      const name = regionName(locale, r);
      const prefecture =
        r.prefectureCode && r.prefectureName
          ? regionName(locale, { code: r.prefectureCode, name: r.prefectureName })
          : null;
      return {
        value: r.code,
        name,
        label: r.county
          ? `${prefecture ? `${prefecture} · ` : ''}${name}`
          : t('console.profile.regionWide', { name }),
      };
    }),
  };
}

const keyFormFields = [
  'name',
  'type',
  'address',
  'regionCode',
  'coordinates',
  'coordinateSystem',
  'lat',
  'lng',
  'locationApproximate',
];

const fieldLabel = (field: string): MessageKey => `console.field.${field}` as MessageKey;

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'update:venue:own');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const venueQuery = new URL(request.url).searchParams.get('venue');
  const back = (params: Record<string, string>) =>
    `/console/profile?${new URLSearchParams({ ...(venueQuery ? { venue: venueQuery } : {}), ...params })}`;

  if (form.intent === 'withdraw') {
    const result = await withdrawVenueChange(
      context.db,
      actor,
      venueId,
      String(form.changeId ?? ''),
      context.clock.now(),
    );
    if (!result.ok)
      return data(
        { fields: consoleFormErrors(t, result.error) },
        { status: consoleErrorStatus(result.error) },
      );
    return redirect(back({ withdrawn: '1' }));
  }

  const key = parseInput(VenueKeyFormSchema, form, t);
  const direct = parseInput(VenueDirectSchema, form, t);
  if (!key.ok || !direct.ok) {
    // Key fields that pass their own checks still go through the ones that need the live record (the region's
    // level, a position far away), so that every problem of the form is named at once.
    const checked = key.ok ? await checkVenueKeyFields(context.db, actor, venueId, key.data) : null;
    const keyFields = key.ok
      ? checked && !checked.ok
        ? consoleFormErrors(t, checked.error, checked.field)
        : {}
      : key.fields;
    return data(
      { fields: { ...keyFields, ...(direct.ok ? {} : direct.fields) }, values: typed(form) },
      { status: 400 },
    );
  }
  const result = await saveVenueProfile(
    context.db,
    actor,
    venueId,
    { key: key.data, direct: direct.data },
    context.clock.now(),
  );
  if (!result.ok) {
    // A stale form's key fields are dropped so that the page shows the change that waits now, not the old state.
    const values =
      result.error === 'change_stale'
        ? typed(Object.fromEntries(Object.entries(form).filter(([k]) => !keyFormFields.includes(k))))
        : typed(form);
    return data(
      {
        fields: consoleFormErrors(t, result.error, result.field),
        values,
        keyFromServer: result.error === 'change_stale',
      },
      { status: consoleErrorStatus(result.error) },
    );
  }
  // Both boxes emptied (and nothing pasted): a position cannot be taken away, only corrected; the page says so.
  const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
  const positionKept = 'lat' in form && blank(form.lat) && blank(form.lng) && blank(form.coordinates);
  return redirect(
    back({
      applied: result.applied.join(','),
      proposed: result.proposed.join(','),
      key: result.keyChange,
      ...(positionKept ? { position: 'kept' } : {}),
    }),
  );
}

/** What was typed, so a refused form comes back as the person left it. */
function typed(
  form: Record<string, FormDataEntryValue | FormDataEntryValue[]>,
): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
  );
}

const inputById = (id: string) => document.getElementById(id) as HTMLInputElement | null;

/**
 * A pasted pair fills the latitude and longitude boxes as soon as the field is left, so the form never shows two
 * positions. The numbers stay in the chosen 坐标来源 (the server converts both the pair and the boxes the same way),
 * and the server still reads the pasted pair first.
 */
function fillLatLng(text: string) {
  const point = parseCoordinates(text);
  if (!point) return;
  const lat = inputById('f-lat');
  const lng = inputById('f-lng');
  if (lat) lat.value = String(point.lat);
  if (lng) lng.value = String(point.lng);
}

/** Typing into the boxes makes them the position: a pair pasted before would otherwise win on saving. */
function clearPasted() {
  const pasted = inputById('f-coordinates');
  if (!pasted?.value) return;
  pasted.value = '';
  // The map follows the fields' input events; it reads the boxes now.
  pasted.dispatchEvent(new Event('input', { bubbles: true }));
}

function showValue(
  t: TFunction,
  field: string,
  value: unknown,
  nameOfRegion: (code: string) => string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'type') return t(`venueType.${value}` as MessageKey);
  if (field === 'regionCode') return nameOfRegion(String(value));
  if (typeof value === 'number') return value.toFixed(6);
  return String(value);
}

export default function ConsoleProfile() {
  const { venue, pending, decided, regions, farFromSeat } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const location = useLocation();
  const { t, format } = useI18n();
  const errors: Record<string, string> = actionData?.fields ?? {};
  const fieldErrors = Object.keys(errors).filter((field) => field !== '_form');
  const keyErrors = fieldErrors.some((field) => keyFormFields.includes(field));
  const directErrors = fieldErrors.some((field) => !keyFormFields.includes(field));
  const typedValues = (actionData && 'values' in actionData ? actionData.values : undefined) as
    | Record<string, string | string[]>
    | undefined;
  /** The typed value after a refused save, the shown one otherwise. */
  const value = (name: string, shown: string | number) => {
    const v = typedValues?.[name];
    return typeof v === 'string' ? v : String(shown);
  };
  const checked = (name: string, shown: boolean) => (typedValues ? typedValues[name] !== undefined : shown);
  const waiting = pending[0];
  /** Key fields show the change that waits, so saving again edits that change instead of dropping its fields. */
  const draft = { ...venue, ...(waiting?.changes as Partial<Pick<typeof venue, VenueKeyField>> | undefined) };
  // After a stale save the server dropped what was typed in the key fields: show the change that waits now.
  const keyTyped =
    actionData && 'keyFromServer' in actionData && actionData.keyFromServer ? undefined : typedValues;
  const keyValue = (name: string, shown: string | number) => {
    const v = keyTyped?.[name];
    return typeof v === 'string' ? v : String(shown);
  };
  const nameOfRegion = (code: string) => regions.find((r) => r.value === code)?.name ?? code;
  const list = (name: string) =>
    format.list(
      (params.get(name) ?? '')
        .split(',')
        .filter(Boolean)
        .map((f) => t(fieldLabel(f))),
    );
  const applied = list('applied');
  const proposed = list('proposed');
  const keyChange = params.get('key');
  const saved = params.has('applied') && !actionData;
  const keyMessage =
    keyChange === 'submitted' && proposed
      ? t('console.profile.savedProposed', { fields: proposed })
      : keyChange === 'updated' && proposed
        ? t('console.profile.savedUpdated', { fields: proposed })
        : keyChange === 'unchanged' && proposed
          ? t('console.profile.savedUnchanged', { fields: proposed })
          : keyChange === 'withdrawn'
            ? t('console.profile.savedWithdrawn')
            : null;
  const closedBadge = (c: (typeof decided)[number]) =>
    c.status === 'approved' ? (
      <Badge tone="good">{t('console.profile.approved')}</Badge>
    ) : c.status === 'rejected' ? (
      <>
        <Badge tone="bad">{t('console.profile.rejected')}</Badge>
        {/* The bureau's reason is a sentence: it wraps as text beside the badge. */}
        {c.reason ? ` ${c.reason}` : null}
      </>
    ) : c.status === 'superseded' ? (
      <Badge>{t('console.profile.superseded')}</Badge>
    ) : (
      <Badge>{t('console.profile.withdrawnBadge')}</Badge>
    );
  return (
    <>
      <PageHeader title={t('console.profile.title')} lead={t('console.profile.lead')} />
      {saved ? (
        <Alert tone="good">
          {applied || keyMessage ? null : t('console.profile.nothing')}
          {applied ? <p>{t('console.profile.savedApplied', { fields: applied })}</p> : null}
          {keyMessage ? <p>{keyMessage}</p> : null}
          {params.get('position') === 'kept' ? <p>{t('console.profile.positionKept')}</p> : null}
        </Alert>
      ) : null}
      {params.has('withdrawn') && !actionData ? (
        <Alert tone="good">{t('console.profile.withdrawn')}</Alert>
      ) : null}
      {errors._form ? (
        <Alert tone="bad" title={t('validation.formTitle')}>
          <p>{errors._form}</p>
        </Alert>
      ) : null}

      {pending.map((change) => (
        <Card key={change.id} className="pending-change">
          <h2>
            {t('console.profile.pending')} <Badge tone="warn">{t('console.status.pending')}</Badge>
          </h2>
          <p className="muted">
            {t('console.profile.pendingLead', { date: format.dateTime(change.createdAt) })}
          </p>
          {farFromSeat && change.id === pending[0]?.id ? (
            <Alert tone="warn">
              {t('console.profile.farFromSeat', {
                region: farFromSeat.region,
                km: t('common.km', { km: format.number(farFromSeat.km) }),
              })}
            </Alert>
          ) : null}
          <div className="table-wrap">
            <table className="data compare">
              <thead>
                <tr>
                  <th scope="col">{t('console.profile.field')}</th>
                  <th scope="col">{t('console.profile.current')}</th>
                  <th scope="col">{t('console.profile.proposed')}</th>
                </tr>
              </thead>
              <tbody>
                {venueKeyFields
                  .filter((f) => Object.hasOwn(change.changes, f))
                  .map((f) => (
                    <tr key={f}>
                      <th scope="row">{t(fieldLabel(f))}</th>
                      {/* A coordinate is read whole: it never breaks inside itself on a phone. */}
                      <td className={typeof venue[f] === 'number' ? 'whole' : undefined}>
                        {showValue(t, f, venue[f], nameOfRegion)}
                      </td>
                      <td className={typeof change.changes[f] === 'number' ? 'proposed whole' : 'proposed'}>
                        {showValue(t, f, change.changes[f], nameOfRegion)}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <p>{t('console.profile.pendingForm')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="changeId" value={change.id} />
            <Button variant="quiet">{t('console.profile.withdraw')}</Button>
          </Form>
        </Card>
      ))}

      {decided.length ? (
        <Card>
          <h2>{t('console.profile.decided')}</h2>
          <ul className="plain-list">
            {decided.map((c) => (
              <li key={c.id}>
                {format.date(c.decidedAt ?? c.createdAt)} ·{' '}
                {format.list(Object.keys(c.changes).map((f) => t(fieldLabel(f))))} · {closedBadge(c)}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {/* The fields keep what was typed only until the record changes: after a save, a withdrawal (each a redirect,
          a new location) or a stale save (another waiting change) the form is drawn afresh from what is true now,
          so that pressing 保存 again does not send a withdrawn change back for review. */}
      <Form
        method="post"
        className="form profile-form"
        noValidate
        key={`${location.key}:${waiting?.id ?? ''}:${waiting ? JSON.stringify(waiting.changes) : ''}`}
      >
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="pendingChangeId" value={waiting?.id ?? ''} />
        <Card>
          <h2>{t('console.profile.key')}</h2>
          {/* Each part of the long form with a field to mend opens with the banner every form shows. */}
          {keyErrors ? <Alert tone="bad" title={t('validation.formTitle')} /> : null}
          {waiting ? (
            <p className="muted">
              {t('console.profile.keyFromPending', { date: format.dateTime(waiting.createdAt) })}
            </p>
          ) : null}
          <TextField
            label={t('console.profile.name')}
            name="name"
            defaultValue={keyValue('name', draft.name)}
            required
            maxLength={200}
            error={errors.name}
          />
          <SelectField
            label={t('console.profile.type')}
            name="type"
            defaultValue={keyValue('type', draft.type)}
            options={venueTypes.map((v) => ({ value: v, label: t(`venueType.${v}`) }))}
            error={errors.type}
          />
          <TextField
            label={t('console.profile.address')}
            name="address"
            defaultValue={keyValue('address', draft.address)}
            maxLength={300}
            error={errors.address}
          />
          <SelectField
            label={t('console.profile.region')}
            name="regionCode"
            defaultValue={keyValue('regionCode', draft.regionCode)}
            options={regions}
            hint={t('console.profile.regionHint')}
            error={errors.regionCode}
          />
          <PinMap
            lat={venue.lat}
            lng={venue.lng}
            label={`${venue.name} · ${t('console.profile.mapLive')}`}
            movedLabel={`${venue.name} · ${t('console.profile.mapMoved')}`}
            other={
              waiting && (draft.lat !== venue.lat || draft.lng !== venue.lng)
                ? { lat: draft.lat, lng: draft.lng, label: t('console.profile.mapProposed') }
                : undefined
            }
            fields={{ lat: 'f-lat', lng: 'f-lng', system: 'f-coordinateSystem', pasted: 'f-coordinates' }}
            hint={t('console.profile.mapHint')}
          />
          <TextField
            label={t('console.profile.coordinates')}
            name="coordinates"
            placeholder="111.6694,40.8168"
            defaultValue={keyValue('coordinates', '')}
            hint={t('console.profile.coordinatesHint')}
            error={errors.coordinates}
            inputMode="decimal"
            onBlur={(event) => fillLatLng(event.currentTarget.value)}
          />
          <SelectField
            label={t('console.profile.coordinateSystem')}
            name="coordinateSystem"
            defaultValue={keyValue('coordinateSystem', 'wgs84')}
            options={coordinateSystems.map((c) => ({ value: c, label: t(`console.profile.crs.${c}`) }))}
            error={errors.coordinateSystem}
          />
          <div className="grid">
            <TextField
              label={t('console.profile.lat')}
              name="lat"
              defaultValue={keyValue('lat', draft.lat)}
              inputMode="decimal"
              onInput={clearPasted}
              error={errors.lat}
            />
            <TextField
              label={t('console.profile.lng')}
              name="lng"
              defaultValue={keyValue('lng', draft.lng)}
              inputMode="decimal"
              onInput={clearPasted}
              error={errors.lng}
            />
          </div>
          <CheckboxField
            label={t('console.profile.locationApproximate')}
            name="locationApproximate"
            defaultChecked={keyTyped ? keyTyped.locationApproximate !== undefined : draft.locationApproximate}
          />
        </Card>
        <Card>
          <h2>{t('console.profile.direct')}</h2>
          {directErrors ? <Alert tone="bad" title={t('validation.formTitle')} /> : null}
          <TextArea
            label={t('console.profile.description')}
            name="description"
            defaultValue={value('description', venue.description)}
            rows={5}
            maxLength={4000}
            error={errors.description}
          />
          <CheckboxField
            label={t('console.profile.accessible')}
            name="accessible"
            defaultChecked={checked('accessible', venue.accessible)}
          />
          <TextArea
            label={t('console.profile.accessibilityNotes')}
            name="accessibilityNotes"
            defaultValue={value('accessibilityNotes', venue.accessibilityNotes)}
            rows={2}
            maxLength={1000}
            error={errors.accessibilityNotes}
          />
          <CheckboxGroup
            required
            id="f-languages"
            legend={t('console.profile.languages')}
            error={errors.languages}
          >
            {languages.map((language) => (
              <CheckboxField
                key={language}
                label={t(`language.${language}`)}
                name="languages"
                value={language}
                defaultChecked={
                  typedValues
                    ? [typedValues.languages].flat().includes(language)
                    : venue.languages.includes(language)
                }
              />
            ))}
          </CheckboxGroup>
          <TextArea
            label={t('console.profile.openingHours')}
            name="openingHours"
            defaultValue={value('openingHours', venue.openingHours)}
            rows={2}
            maxLength={300}
            error={errors.openingHours}
          />
          <TextField
            label={t('console.profile.phone')}
            name="phone"
            defaultValue={value('phone', venue.phone)}
            maxLength={60}
            error={errors.phone}
          />
          <TextField
            label={t('console.profile.website')}
            name="website"
            type="url"
            defaultValue={value('website', venue.website)}
            maxLength={300}
            error={errors.website}
          />
          <TextField
            label={t('console.profile.emergencyContact')}
            name="emergencyContact"
            defaultValue={value('emergencyContact', venue.emergencyContact)}
            hint={t('console.profile.emergencyContactHint')}
            maxLength={200}
            error={errors.emergencyContact}
          />
          <CheckboxField
            label={t('console.profile.autoConfirm')}
            name="autoConfirm"
            defaultChecked={checked('autoConfirm', venue.autoConfirm)}
          />
          <div className="grid">
            <TextField
              label={t('console.profile.ratioPrimary')}
              name="chaperoneRatioPrimary"
              type="number"
              min={1}
              max={50}
              defaultValue={value('chaperoneRatioPrimary', venue.chaperoneRatioPrimary)}
              error={errors.chaperoneRatioPrimary}
            />
            <TextField
              label={t('console.profile.ratioSecondary')}
              name="chaperoneRatioSecondary"
              type="number"
              min={1}
              max={50}
              defaultValue={value('chaperoneRatioSecondary', venue.chaperoneRatioSecondary)}
              error={errors.chaperoneRatioSecondary}
            />
            <TextField
              label={t('console.profile.opensDays')}
              name="bookingOpensDays"
              type="number"
              min={1}
              max={365}
              defaultValue={value('bookingOpensDays', venue.bookingOpensDays)}
              error={errors.bookingOpensDays}
            />
            <TextField
              label={t('console.profile.closesDays')}
              name="bookingClosesDays"
              type="number"
              hint={t('console.profile.closesDaysHint', { hours: ANSWER_LEAD_HOURS })}
              min={0}
              max={90}
              defaultValue={value('bookingClosesDays', venue.bookingClosesDays)}
              error={errors.bookingClosesDays}
            />
          </div>
        </Card>
        <p>
          <Button size="large" disabled={navigation.state === 'submitting'}>
            {t('console.profile.save')}
          </Button>
        </p>
      </Form>
    </>
  );
}
