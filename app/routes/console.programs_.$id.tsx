import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ProgramFields } from '#app/components/program-fields.tsx';
import { Alert, Button, Card, PageHeader } from '#app/components/ui.tsx';
import { getProgramForActor, programInUse, updateProgram } from '#app/domain/venues/programs.server.ts';
import { ProgramFormSchema } from '#app/domain/venues/schemas.ts';
import { consoleErrorStatus, consoleFormErrors, requireConsoleVenue } from '#app/utils/console.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The programs list of the program's venue (an operator of several venues comes back to the right one). */
const listOf = (venueId: string, params: Record<string, string> = {}) =>
  `/console/programs?${new URLSearchParams({ venue: venueId, ...params })}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireConsoleVenue(request, context, 'manage:program:own');
  const t = await getServerT(request);
  const result = await getProgramForActor(context.db, actor, params.id ?? '');
  if (!result.ok) throw new Response(t('error.notFound'), { status: consoleErrorStatus(result.error) });
  return {
    pageTitle: `${t('console.programs.editTitle')} · ${result.program.title} · ${t('site.name')}`,
    program: result.program,
    deliveryFixed: await programInUse(context.db, result.program.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireConsoleVenue(request, context, 'manage:program:own');
  const t = await getServerT(request);
  // Someone else's program is not theirs to be told what is wrong with their form.
  const found = await getProgramForActor(context.db, actor, params.id ?? '');
  if (!found.ok) throw new Response(t('error.notFound'), { status: consoleErrorStatus(found.error) });
  const parsed = parseInput(ProgramFormSchema, formToObject(await request.formData()), t);
  if (!parsed.ok) return data({ fields: parsed.fields }, { status: 400 });
  const result = await updateProgram(context.db, actor, found.program.id, parsed.data, context.clock.now());
  if (!result.ok)
    return data(
      { fields: consoleFormErrors(t, result.error, result.field) },
      { status: consoleErrorStatus(result.error) },
    );
  return redirect(
    listOf(
      result.program.venueId,
      result.changed ? { updated: result.program.title } : { unchanged: result.program.title },
    ),
  );
}

export default function EditProgram() {
  const { program, deliveryFixed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors: Record<string, string> = actionData?.fields ?? {};
  return (
    <>
      <PageHeader
        title={t('console.programs.editTitle')}
        lead={t('console.programs.editLead')}
        actions={<Link to={listOf(program.venueId)}>{t('console.programs.back')}</Link>}
      />
      {Object.keys(errors).length ? (
        <Alert tone="bad" title={t('validation.formTitle')}>
          {errors._form ? <p>{errors._form}</p> : null}
        </Alert>
      ) : null}
      <Form method="post" className="form" noValidate>
        <Card>
          <h2>{program.title}</h2>
          <ProgramFields errors={errors} program={program} deliveryFixed={deliveryFixed} />
          <p>
            <Button size="large" disabled={navigation.state === 'submitting'}>
              {t('console.programs.update')}
            </Button>
          </p>
        </Card>
      </Form>
    </>
  );
}
