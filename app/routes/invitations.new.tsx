import { randomUUID } from 'node:crypto';
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { SlotFields, SpeakerHours } from '#app/components/invitations.tsx';
import {
  Alert,
  AnotherOneField,
  Button,
  Card,
  CheckboxField,
  CheckboxGroup,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '#app/components/ui.tsx';
import { invitationErrorStatus } from '#app/domain/speakers/answers.server.ts';
import {
  busySlots,
  monthsAtCap,
  openInvitationsOfSchool,
  proposedTimeFieldErrors,
} from '#app/domain/speakers/invitations.server.ts';
import { type OpenableInvitation, sendInvitationForm } from '#app/domain/speakers/invite-form.server.ts';
import { openInvitationsText } from '#app/domain/speakers/messages.server.ts';
import { getOutreachProgram } from '#app/domain/speakers/outreach.server.ts';
import { servesPlace, suggestSlots } from '#app/domain/speakers/rules.ts';
import { InvitationFormSchema, slotFormSchema } from '#app/domain/speakers/schemas.ts';
import { schoolOf, schoolsOf, topicForInvitation } from '#app/domain/speakers/speakers.server.ts';
import { getFormatters, type MessageKey } from '#app/i18n/index.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { shanghaiDay, shanghaiParts } from '#app/utils/time.ts';
import { type FieldErrors, formToObject, parseInput, typedValues } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** What is being asked for: a speaker's topic or a venue's outreach program. */
async function targetOf(request: Request, context: LoaderFunctionArgs['context']) {
  const url = new URL(request.url);
  const topicId = url.searchParams.get('topic');
  const programId = url.searchParams.get('program');
  if (topicId) {
    const topic = await topicForInvitation(context.db, topicId);
    if (!topic) throw new Response('Not found', { status: 404 });
    return { kind: 'speaker' as const, topic };
  }
  if (programId) {
    const program = await getOutreachProgram(context.db, programId);
    if (!program) throw new Response('Not found', { status: 404 });
    return { kind: 'outreach' as const, program };
  }
  throw redirect('/speakers/topics');
}

function asFormValue(instant: Date) {
  const p = shanghaiParts(instant);
  return {
    date: shanghaiDay(instant),
    time: `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'create:invitation:own-school');
  const t = await getServerT(request);
  const format = getFormatters(await getLocale(request));
  const target = await targetOf(request, context);
  const url = new URL(request.url);
  const school = await schoolOf(context.db, user, url.searchParams.get('school') ?? undefined);
  if (!school) throw await forbidden(request, context, user.id, 'create:invitation:own-school');
  const now = context.clock.now();
  const suggestions =
    target.kind === 'speaker'
      ? suggestSlots(
          target.topic.speaker,
          target.topic.durationMinutes,
          now,
          await busySlots(context.db, target.topic.speaker.id, now),
          await monthsAtCap(context.db, target.topic.speaker.id),
        )
      : suggestSlots(
          { weeklyAvailability: [], blackoutDates: [], vettedUntil: '9999-12-31' },
          target.program.durationMinutes,
          now,
          [],
        );
  const { speaker } = target.kind === 'speaker' ? target.topic : { speaker: null };
  // The school's invitations for this topic (requests for this program) that still wait for an answer: a new one must
  // then say it is another talk (visit).
  const waiting = await openInvitationsOfSchool(
    context.db,
    user,
    target.kind === 'speaker'
      ? { schoolId: school.id, speakerId: target.topic.speaker.id, topicId: target.topic.id }
      : { schoolId: school.id, programId: target.program.id },
    now,
  );
  return {
    pageTitle: `${t('invitation.new.title')} · ${t('site.name')}`,
    target:
      target.kind === 'speaker'
        ? {
            kind: 'speaker' as const,
            title: target.topic.title,
            summary: target.topic.summary,
            grades: target.topic.grades,
            durationMinutes: target.topic.durationMinutes,
            host: target.topic.speaker.displayName,
            category: target.topic.speaker.category,
            needs: target.topic.speaker.needs,
            weeklyAvailability: target.topic.speaker.weeklyAvailability,
            blackoutDates: target.topic.speaker.blackoutDates.filter((d) => d >= shanghaiDay(now)),
          }
        : {
            kind: 'outreach' as const,
            title: target.program.title,
            summary: target.program.summary,
            grades: target.program.grades,
            durationMinutes: target.program.durationMinutes,
            host: target.program.venueName,
            category: null,
            needs: '',
            weeklyAvailability: [],
            blackoutDates: [],
          },
    outsideArea: speaker ? !servesPlace(speaker, school) : false,
    school: { id: school.id, name: school.name, address: school.address },
    schools: await schoolsOf(context.db, user),
    suggestions: suggestions.map((s) => asFormValue(s.startsAt)),
    alreadyInvited: waiting.length
      ? t(target.kind === 'speaker' ? 'invitation.new.alreadyInvited' : 'outreach.new.alreadyRequested', {
          invitations: openInvitationsText(t, waiting, format.dateTime),
        })
      : null,
    openable: waiting.filter((w) => w.viewable).map((w) => ({ id: w.id, when: format.dateTime(w.sentAt) })),
    // A fresh key each time the form is shown: a double click or a resent page sends one invitation.
    idempotencyKey: randomUUID(),
  };
}

/** The fields whose typed text a refused form puts back (a page answered without JavaScript is drawn afresh). */
const keptFields = [
  'schoolId',
  'date1',
  'time1',
  'date2',
  'time2',
  'date3',
  'time3',
  'audienceSize',
  'place',
  'notes',
  'anotherInvitation',
] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'create:invitation:own-school');
  const t = await getServerT(request);
  const target = await targetOf(request, context);
  const form = formToObject(await request.formData());
  const minutes = target.kind === 'speaker' ? target.topic.durationMinutes : target.program.durationMinutes;
  const slots = parseInput(slotFormSchema(minutes), form, t);
  const rest = parseInput(InvitationFormSchema, form, t);
  const now = context.clock.now();
  const typed = {
    values: typedValues(form, keptFields),
    grades: ([] as unknown[]).concat(form.grades ?? []).filter((g): g is string => typeof g === 'string'),
  };
  // Every mistake in one answer: the form's own, and each readable time the speaker's calendar would refuse.
  const slotFields = slots.ok ? {} : slots.fields;
  const times = await proposedTimeFieldErrors(
    context.db,
    target.kind === 'speaker' ? target.topic.speaker.id : null,
    form,
    minutes,
    slotFields,
    now,
    t,
  );
  if (!slots.ok || !rest.ok || times.first) {
    const fields: FieldErrors = { ...slotFields, ...times.fields, ...(rest.ok ? {} : rest.fields) };
    const status = slots.ok && rest.ok && times.first ? invitationErrorStatus[times.first.error] : 400;
    return data(
      { fields, existing: [] as OpenableInvitation[], idempotencyKey: randomUUID(), typed },
      { status },
    );
  }
  const meta = {
    now,
    expiryDays: context.config.invitationExpiryDays,
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const result = await sendInvitationForm(
    context.db,
    user,
    target.kind === 'speaker'
      ? {
          kind: 'speaker',
          input: {
            ...rest.data,
            speakerId: target.topic.speaker.id,
            topicId: target.topic.id,
            slots: slots.data,
          },
        }
      : { kind: 'outreach', input: { ...rest.data, programId: target.program.id, slots: slots.data } },
    form,
    meta,
    t,
    getFormatters(await getLocale(request)).dateTime,
  );
  if (result.ok)
    return redirect(`/invitations/${result.id}?done=${target.kind === 'speaker' ? 'sent' : 'requested'}`);
  // A refusal keeps the page: the corrected form goes out under a new key.
  return data(
    { fields: result.fields, existing: result.existing ?? [], idempotencyKey: randomUUID(), typed },
    { status: result.status },
  );
}

export default function NewInvitation() {
  const { target, school, schools, suggestions, outsideArea, alreadyInvited, openable, idempotencyKey } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors: FieldErrors = actionData?.fields ?? {};
  // The waiting invitations the teacher may open: those known when the page was drawn, or named by a refusal.
  const links = actionData?.existing.length ? actionData.existing : openable;
  // After a refusal the form shows what was sent (an emptied slot stays empty), not the suggestions again.
  const typed = actionData?.typed;
  const slotDefaults = typed
    ? [1, 2, 3].map((n) => ({ date: typed.values[`date${n}`] ?? '', time: typed.values[`time${n}`] ?? '' }))
    : suggestions;
  return (
    <div className="invite-page">
      <PageHeader
        title={target.kind === 'speaker' ? t('invitation.new.title') : t('outreach.new.title')}
        lead={t('invitation.new.lead', { title: target.title, host: target.host })}
        actions={
          <Link to={target.kind === 'speaker' ? '/speakers/topics' : '/outreach'}>{t('common.back')}</Link>
        }
      />
      <div className="two-columns">
        <Card>
          <h2>{target.title}</h2>
          <p className="topic-speaker">
            <strong>{target.host}</strong>
            {target.category ? ` · ${t(`speakerCategory.${target.category}`)}` : ''}
          </p>
          <p>{target.summary}</p>
          <p className="muted">{t('common.minutes', { count: target.durationMinutes })}</p>
          {target.kind === 'speaker' ? (
            <>
              <SpeakerHours
                weeklyAvailability={target.weeklyAvailability}
                blackoutDates={target.blackoutDates}
              />
              {target.needs ? (
                <Alert tone="info" title={t('invitation.new.needsTitle')}>
                  {target.needs}
                </Alert>
              ) : null}
              <p className="muted">{t('invitation.new.privacy')}</p>
            </>
          ) : (
            <p className="muted">{t('outreach.new.perDay')}</p>
          )}
        </Card>
        <Card>
          {outsideArea ? <Alert tone="warn">{t('invitation.error.outside_service_area')}</Alert> : null}
          {errors._form ? (
            <Alert tone="bad" title={t('validation.formTitle')}>
              {errors._form}
            </Alert>
          ) : Object.keys(errors).length ? (
            <Alert tone="bad">{t('validation.formTitle')}</Alert>
          ) : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="idempotencyKey" value={actionData?.idempotencyKey ?? idempotencyKey} />
            {schools.length > 1 ? (
              <SelectField
                label={t('invitation.form.school')}
                name="schoolId"
                defaultValue={typed?.values.schoolId ?? school.id}
                options={schools.map((s) => ({ value: s.id, label: s.name }))}
              />
            ) : (
              <input type="hidden" name="schoolId" value={school.id} />
            )}
            <fieldset className="slots-fieldset">
              <legend>{t('invitation.form.slots', { minutes: target.durationMinutes })}</legend>
              <p className="field-hint">
                {t(
                  target.kind === 'speaker'
                    ? 'invitation.form.slotsHint'
                    : 'invitation.form.slotsHintOutreach',
                )}
              </p>
              <SlotFields errors={errors} defaults={slotDefaults} />
            </fieldset>
            <TextField
              label={t('invitation.form.audience')}
              name="audienceSize"
              type="number"
              inputMode="numeric"
              min={1}
              max={5000}
              required
              defaultValue={typed?.values.audienceSize}
              error={errors.audienceSize}
            />
            <CheckboxGroup
              required
              id="f-grades"
              legend={t('invitation.form.grades')}
              columns
              error={errors.grades}
            >
              {target.grades.map((grade) => (
                <CheckboxField
                  key={grade}
                  label={t(`grade.${grade}` as MessageKey)}
                  name="grades"
                  value={String(grade)}
                  defaultChecked={typed?.grades.includes(String(grade))}
                />
              ))}
            </CheckboxGroup>
            <TextField
              label={t('invitation.form.place')}
              name="place"
              required
              maxLength={200}
              defaultValue={typed?.values.place ?? [school.name, school.address].filter(Boolean).join(' · ')}
              error={errors.place}
            />
            <TextArea
              label={t('invitation.form.notes')}
              name="notes"
              rows={3}
              maxLength={1000}
              hint={t('invitation.form.notesHint')}
              defaultValue={typed?.values.notes}
              error={errors.notes}
            />
            {/* Also when a colleague invited after this page was drawn: the refusal says so on this box. */}
            <AnotherOneField
              warning={alreadyInvited}
              error={errors.anotherInvitation}
              label={t(
                target.kind === 'speaker'
                  ? 'invitation.form.anotherInvitation'
                  : 'outreach.form.anotherRequest',
              )}
              name="anotherInvitation"
              defaultChecked={typed?.values.anotherInvitation === 'on'}
            >
              {links.length ? (
                <ul className="plain-list">
                  {links.map((link) => (
                    <li key={link.id}>
                      <Link to={`/invitations/${link.id}`}>
                        {t(
                          target.kind === 'speaker'
                            ? 'invitation.new.openExisting'
                            : 'outreach.new.openExisting',
                          { when: link.when },
                        )}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </AnotherOneField>
            <Button size="large" disabled={navigation.state === 'submitting'}>
              {target.kind === 'speaker' ? t('invitation.form.send') : t('outreach.new.send')}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
