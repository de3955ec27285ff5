import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useFormAction, useLoaderData, useNavigation } from '@remix-run/react';
import { gradeList } from '#app/components/invitations.tsx';
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
import { TopicInputSchema } from '#app/domain/speakers/schemas.ts';
import { getOwnProfile, menuFilters, ownSpeakerId, saveTopic } from '#app/domain/speakers/speakers.server.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { themeLabel } from '#app/utils/themes.ts';
import { formToObject, parseInput, typedValues } from '#app/utils/validation.ts';
import { GRADE_MAX, GRADE_MIN, languages, themeWords } from '#db/schema/enums.ts';
import type { SpeakerTopic } from '#db/schema/index.ts';

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
  return {
    pageTitle: `${t('speakers.topics.title')} · ${t('site.name')}`,
    topics: own.topics,
    themes: [...new Set([...themeWords, ...filters.themes])],
    saved: new URL(request.url).searchParams.get('saved'),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, speakerId } = await speakerOf(request, context);
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const topicId = typeof form.topicId === 'string' && form.topicId ? form.topicId : null;
  const extra = typeof form.otherTheme === 'string' ? form.otherTheme.trim() : '';
  const themes = [...(Array.isArray(form.themes) ? form.themes : form.themes ? [form.themes] : [])];
  if (extra) themes.push(extra);
  const parsed = parseInput(TopicInputSchema, { ...form, themes, active: form.active ?? false }, t);
  // What was typed and ticked goes back into a refused form: without JavaScript the page is drawn afresh.
  const typedTopic = (): TypedTopic => {
    const ticked = (name: string) =>
      (Array.isArray(form[name]) ? form[name] : form[name] ? [form[name]] : []).filter(
        (value): value is string => typeof value === 'string',
      );
    return {
      ...typedValues(form, ['title', 'summary', 'otherTheme', 'durationMinutes', 'language']),
      themes: ticked('themes'),
      grades: ticked('grades'),
      active: form.active !== undefined,
    };
  };
  if (!parsed.ok) return data({ topicId, fields: parsed.fields, typed: typedTopic() }, { status: 400 });
  const result = await saveTopic(context.db, user, speakerId, topicId, parsed.data, {
    now: context.clock.now(),
    requestId: context.requestId,
    ip: context.clientIp,
  });
  if (!result.ok && result.error === 'duplicate_title') {
    return data(
      { topicId, fields: { title: t('speakers.topics.duplicateTitle') }, typed: typedTopic() },
      { status: 409 },
    );
  }
  if (!result.ok) throw new Response('Not found', { status: result.error === 'forbidden' ? 403 : 404 });
  return redirect(`/speaker/topics?saved=${result.id}#topic-${result.id}`);
}

/** A refused topic form as it was sent, to draw it again as the speaker left it. */
interface TypedTopic {
  title?: string;
  summary?: string;
  otherTheme?: string;
  durationMinutes?: string;
  language?: string;
  themes: string[];
  grades: string[];
  active: boolean;
}

/** The place of a topic's form on the page: its fold, or the new topic's card. */
const topicSpot = (topic?: SpeakerTopic) => (topic ? `topic-${topic.id}` : 'topic-new');

function TopicForm({
  topic,
  themes,
  errors,
  typed,
}: {
  topic?: SpeakerTopic;
  themes: string[];
  errors?: Record<string, string>;
  typed?: TypedTopic;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  // Posts to its own place: a refusal comes back there, at its messages, not at the top of a long page.
  const action = `${useFormAction()}#${topicSpot(topic)}`;
  const key = topic?.id.slice(0, 8) ?? 'new';
  const own = topic?.themes.filter((theme) => !themes.includes(theme)) ?? [];
  const themeTicked = (theme: string) =>
    typed ? typed.themes.includes(theme) : topic?.themes.includes(theme);
  const gradeTicked = (grade: number) =>
    typed ? typed.grades.includes(String(grade)) : topic?.grades.includes(grade);
  return (
    <Form method="post" action={action} className="form" noValidate>
      <input type="hidden" name="topicId" value={topic?.id ?? ''} />
      {errors && Object.keys(errors).length > 0 ? (
        <Alert tone="bad">{t('validation.formTitle')}</Alert>
      ) : null}
      <TextField
        label={t('speakers.topics.topicTitle')}
        name="title"
        id={`${key}-title`}
        defaultValue={typed ? typed.title : topic?.title}
        required
        maxLength={80}
        error={errors?.title}
      />
      <TextArea
        label={t('speakers.topics.summary')}
        name="summary"
        id={`${key}-summary`}
        defaultValue={typed ? typed.summary : topic?.summary}
        rows={3}
        maxLength={1000}
        error={errors?.summary}
      />
      <CheckboxGroup legend={t('speakers.topics.themes')} columns>
        {themes.map((theme) => (
          <CheckboxField
            key={theme}
            label={themeLabel(t, theme)}
            name="themes"
            value={theme}
            defaultChecked={themeTicked(theme)}
          />
        ))}
      </CheckboxGroup>
      <TextField
        label={t('speakers.topics.otherTheme')}
        name="otherTheme"
        id={`${key}-other`}
        defaultValue={typed ? typed.otherTheme : own.join('')}
        maxLength={20}
        error={errors?.themes}
      />
      <CheckboxGroup
        required
        id={`${key}-grades`}
        legend={t('speakers.topics.grades')}
        columns
        error={errors?.grades}
      >
        {Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, i) => GRADE_MIN + i).map((grade) => (
          <CheckboxField
            key={grade}
            label={t(`grade.${grade}` as 'grade.1')}
            name="grades"
            value={String(grade)}
            defaultChecked={gradeTicked(grade)}
          />
        ))}
      </CheckboxGroup>
      <TextField
        label={t('speakers.topics.duration')}
        name="durationMinutes"
        id={`${key}-duration`}
        type="number"
        inputMode="numeric"
        min={10}
        max={480}
        defaultValue={typed ? typed.durationMinutes : (topic?.durationMinutes ?? 60)}
        required
        error={errors?.durationMinutes}
      />
      <SelectField
        label={t('speakers.topics.language')}
        name="language"
        id={`${key}-language`}
        defaultValue={typed ? typed.language : (topic?.language ?? 'zh')}
        options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))}
      />
      <CheckboxField
        label={t('speakers.topics.active')}
        name="active"
        defaultChecked={typed ? typed.active : (topic?.active ?? true)}
      />
      <Button disabled={navigation.state === 'submitting'}>
        {topic ? t('common.save') : t('speakers.topics.add')}
      </Button>
    </Form>
  );
}

export default function SpeakerTopics() {
  const { topics, themes, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  return (
    <div className="speaker-home">
      <PageHeader
        title={t('speakers.topics.title')}
        lead={t('speakers.topics.lead')}
        actions={<Link to="/speaker">{t('speakers.profile.back')}</Link>}
      />
      {saved && !actionData ? <Alert tone="good">{t('speakers.topics.saved')}</Alert> : null}
      <ul className="topic-editor">
        {topics.map((topic) => (
          <Card as="li" key={topic.id}>
            <details
              id={`topic-${topic.id}`}
              className="disclosure"
              open={actionData?.topicId === topic.id || undefined}
            >
              <summary>
                <span className="disclosure-title">
                  <strong>{topic.title}</strong>{' '}
                  {topic.active ? null : <Badge>{t('speakers.topics.inactive')}</Badge>}
                  <span className="muted">
                    {' '}
                    · {gradeList(topic.grades, { t, format })} ·{' '}
                    {t('common.minutes', { count: topic.durationMinutes })}
                  </span>
                </span>
                {/* Says the title opens the topic's form: 修改 while folded, 收起 once open. */}
                <span className="disclosure-cue">
                  <span className="disclosure-cue-closed">{t('speakers.topics.edit')}</span>
                  <span className="disclosure-cue-open">{t('speakers.topics.fold')}</span>
                </span>
              </summary>
              <TopicForm
                topic={topic}
                themes={themes}
                errors={actionData?.topicId === topic.id ? actionData.fields : undefined}
                typed={actionData?.topicId === topic.id ? actionData.typed : undefined}
              />
            </details>
          </Card>
        ))}
      </ul>
      <Card>
        <h2 id={topicSpot()}>{t('speakers.topics.newTitle')}</h2>
        {/* Drawn afresh (empty) once a topic is added: what was typed must not wait there to be added twice. */}
        <TopicForm
          key={saved ?? 'new'}
          themes={themes}
          errors={actionData && actionData.topicId === null ? actionData.fields : undefined}
          typed={actionData && actionData.topicId === null ? actionData.typed : undefined}
        />
      </Card>
    </div>
  );
}
