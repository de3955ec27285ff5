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
import { ProgramFields } from '#app/components/program-fields.tsx';
import { Alert, Badge, Button, ButtonLink, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import {
  createProgram,
  deactivationImpact,
  listPrograms,
  setProgramActive,
} from '#app/domain/venues/programs.server.ts';
import { ProgramFormSchema } from '#app/domain/venues/schemas.ts';
import { consoleErrorStatus, consoleFormErrors, requireConsoleVenue } from '#app/utils/console.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'manage:program:own');
  const t = await getServerT(request);
  const result = await listPrograms(context.db, actor, venueId);
  if (!result.ok) throw new Response('Not found', { status: consoleErrorStatus(result.error) });
  return { pageTitle: `${t('console.programs.title')} · ${t('site.name')}`, programs: result.programs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, venueId } = await requireConsoleVenue(request, context, 'manage:program:own');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const venueQuery = new URL(request.url).searchParams.get('venue');
  const back = (params: Record<string, string>) =>
    `/console/programs?${new URLSearchParams({ ...(venueQuery ? { venue: venueQuery } : {}), ...params })}`;
  const now = context.clock.now();

  if (form.intent === 'deactivate' && form.confirm !== 'yes') {
    // Taking a program off the offer is said in full first (its sessions to come, the bookings in them), then done.
    const impact = await deactivationImpact(context.db, actor, String(form.programId ?? ''), now);
    if (!impact.ok)
      return data(
        { fields: consoleFormErrors(t, impact.error) },
        { status: consoleErrorStatus(impact.error) },
      );
    const { ok: _ok, ...shown } = impact;
    return data({ deactivate: { programId: String(form.programId), ...shown } });
  }
  if (form.intent === 'activate' || form.intent === 'deactivate') {
    const result = await setProgramActive(
      context.db,
      actor,
      String(form.programId ?? ''),
      form.intent === 'activate',
      now,
    );
    if (!result.ok)
      return data(
        { fields: consoleFormErrors(t, result.error) },
        { status: consoleErrorStatus(result.error) },
      );
    return redirect(back({}));
  }

  const parsed = parseInput(ProgramFormSchema, form, t);
  if (!parsed.ok) return data({ fields: parsed.fields }, { status: 400 });
  const result = await createProgram(context.db, actor, venueId, parsed.data, now);
  if (!result.ok)
    return data({ fields: consoleFormErrors(t, result.error) }, { status: consoleErrorStatus(result.error) });
  return redirect(back({ created: result.program.title }));
}

export default function ConsolePrograms() {
  const { programs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const location = useLocation();
  const { t, format } = useI18n();
  const errors: Record<string, string> =
    (actionData && 'fields' in actionData ? actionData.fields : null) ?? {};
  const deactivate = actionData && 'deactivate' in actionData ? actionData.deactivate : null;
  const gradeRange = (list: number[]) =>
    list.length > 1
      ? `${t(`grade.${list[0]}` as 'grade.1')}–${t(`grade.${list[list.length - 1]}` as 'grade.1')}`
      : t(`grade.${list[0]}` as 'grade.1');
  return (
    <>
      <PageHeader title={t('console.programs.title')} lead={t('console.programs.lead')} />
      {params.get('created') && !actionData ? (
        <Alert tone="good">{t('console.programs.created', { title: params.get('created') ?? '' })}</Alert>
      ) : null}
      {params.get('updated') && !actionData ? (
        <Alert tone="good">{t('console.programs.updated', { title: params.get('updated') ?? '' })}</Alert>
      ) : null}
      {params.get('unchanged') && !actionData ? (
        <Alert>{t('console.programs.unchanged', { title: params.get('unchanged') ?? '' })}</Alert>
      ) : null}
      {deactivate ? (
        <Alert tone="warn" title={t('console.programs.deactivateTitle', { title: deactivate.title })}>
          <p>
            {deactivate.futureSessions === 0 && deactivate.liveBookings === 0
              ? t('console.programs.deactivateLeadNone')
              : t('console.programs.deactivateLead', {
                  sessions: format.number(deactivate.futureSessions),
                  bookings: format.number(deactivate.liveBookings),
                })}
          </p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="programId" value={deactivate.programId} />
            <input type="hidden" name="confirm" value="yes" />
            <Button variant="danger" name="intent" value="deactivate">
              {t('console.programs.deactivateConfirm')}
            </Button>
            <ButtonLink variant="quiet" to={{ search: params.toString() }}>
              {t('console.programs.deactivateKeep')}
            </ButtonLink>
          </Form>
        </Alert>
      ) : null}
      {Object.keys(errors).length ? (
        <Alert tone="bad" title={t('validation.formTitle')}>
          {errors._form ? <p>{errors._form}</p> : null}
        </Alert>
      ) : null}
      <Card>
        {programs.length === 0 ? (
          <EmptyState title={t('console.programs.none')} />
        ) : (
          <div className="table-wrap">
            {/* On a phone each program is a card, its figures under their names (see DataTable's stacked). */}
            <table className="data stacked">
              <thead>
                <tr>
                  <th scope="col">{t('console.programs.col.title')}</th>
                  <th scope="col">{t('console.programs.col.grades')}</th>
                  <th scope="col">{t('console.programs.col.duration')}</th>
                  <th scope="col">{t('console.programs.col.group')}</th>
                  <th scope="col">{t('console.programs.col.price')}</th>
                  <th scope="col">{t('console.programs.col.delivery')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('console.sessions.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {programs.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      {p.title} {p.active ? null : <Badge>{t('console.programs.inactive')}</Badge>}
                    </th>
                    <td data-label={t('console.programs.col.grades')}>{gradeRange(p.grades)}</td>
                    <td className="num" data-label={t('console.programs.col.duration')}>
                      {t('common.minutes', { count: p.durationMinutes })}
                    </td>
                    <td className="num" data-label={t('console.programs.col.group')}>
                      {t('console.programs.group', { min: p.minGroupSize, max: p.maxGroupSize })}
                    </td>
                    <td className="num" data-label={t('console.programs.col.price')}>
                      {p.standardPricePerPupil === 0
                        ? t('common.free')
                        : format.yuan(p.standardPricePerPupil)}
                    </td>
                    <td data-label={t('console.programs.col.delivery')}>{t(`delivery.${p.delivery}`)}</td>
                    <td className="stacked-actions">
                      <div className="row-actions">
                        <ButtonLink
                          variant="quiet"
                          to={`/console/programs/${p.id}?venue=${p.venueId}`}
                          aria-label={`${t('console.programs.edit')} ${p.title}`}
                        >
                          {t('console.programs.edit')}
                        </ButtonLink>
                        <Form method="post">
                          <input type="hidden" name="programId" value={p.id} />
                          <Button
                            variant="quiet"
                            name="intent"
                            value={p.active ? 'deactivate' : 'activate'}
                            aria-label={`${p.active ? t('console.programs.deactivate') : t('console.programs.activate')} ${p.title}`}
                          >
                            {p.active ? t('console.programs.deactivate') : t('console.programs.activate')}
                          </Button>
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {/* Drawn anew after each program added (each landing has its own location key): a second press of the button
          adds no copy of the program just saved, and the next one starts from an empty form. */}
      <Form key={params.get('created') ? location.key : 'new'} method="post" className="form" noValidate>
        <Card>
          <h2>{t('console.programs.add')}</h2>
          <input type="hidden" name="intent" value="create" />
          <ProgramFields errors={errors} />
          <p>
            <Button size="large" disabled={navigation.state === 'submitting'}>
              {t('console.programs.save')}
            </Button>
          </p>
        </Card>
      </Form>
    </>
  );
}
