// The one small set of UI pieces every page is built from. Styles live in app/styles/app.css under the same names.
import { Form, Link, type LinkProps } from '@remix-run/react';
import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
  useState,
} from 'react';
import { useI18n } from '#app/utils/i18n.tsx';
import { CharacterCount, countedLimit, useTypedLength } from './character-count.tsx';
import { useHydrated } from './client-only.tsx';

type Variant = 'primary' | 'secondary' | 'quiet' | 'danger';
type Size = 'normal' | 'large';

function classes(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

export function Button({
  variant = 'primary',
  size = 'normal',
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size }) {
  return (
    <button
      type="submit"
      {...props}
      className={classes('btn', `btn-${variant}`, size === 'large' && 'btn-large', className)}
    />
  );
}

export function ButtonLink({
  variant = 'primary',
  size = 'normal',
  className,
  ...props
}: LinkProps & { variant?: Variant; size?: Size }) {
  return (
    <Link
      {...props}
      className={classes('btn', `btn-${variant}`, size === 'large' && 'btn-large', className)}
    />
  );
}

export function PageHeader({
  title,
  lead,
  actions,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {lead ? <p className="lead">{lead}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

export function Card({
  children,
  className,
  as: Tag = 'section',
}: {
  children: ReactNode;
  className?: string;
  as?: 'section' | 'article' | 'div' | 'li';
}) {
  return <Tag className={classes('card', className)}>{children}</Tag>;
}

/** A figure with its label; with `to`, the whole box is the link (a large target on a phone, not a digit). */
export function Stat({
  label,
  value,
  hint,
  to,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  to?: string;
}) {
  const body = (
    <>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </>
  );
  return to ? (
    <Link to={to} className="stat stat-link">
      {body}
    </Link>
  ) : (
    <div className="stat">{body}</div>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info';
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * A message above a page or form. A bad one is an alert that can take focus: after a form is refused as a whole (no
 * single field to fix), focus moves to it (root.tsx), so that it is read out and tabbing goes on from there.
 */
export function Alert({
  children,
  tone = 'info',
  title,
}: {
  children?: ReactNode;
  tone?: 'info' | 'good' | 'warn' | 'bad';
  title?: ReactNode;
}) {
  const bad = tone === 'bad';
  return (
    <div className={`alert alert-${tone}`} role={bad ? 'alert' : 'status'} tabIndex={bad ? -1 : undefined}>
      {title ? <strong className="alert-title">{title}</strong> : null}
      {children}
    </div>
  );
}

/** The filters a list page dropped because they did not parse, each under the label its form shows. */
export function IgnoredFilters({
  ignored,
}: {
  ignored: readonly { field: string; label: string; message: string }[];
}) {
  const { t } = useI18n();
  if (!ignored.length) return null;
  return (
    <Alert tone="warn" title={t('search.badQuery')}>
      <ul>
        {ignored.map(({ field, label, message }) => (
          <li key={field}>{t('search.ignoredFilter', { label, message })}</li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * Said when the results are what the query sounds like (a homophone typo): the words typed found nothing, and the
 * word meant, when the first result writes it, links to its own search.
 */
export function SoundsLikeNote({
  soundsLike,
  what,
  linkTo,
}: {
  soundsLike: { typed: string; suggestion: string | null } | undefined;
  what: 'venues' | 'speakers';
  linkTo: (q: string) => string;
}) {
  const { t } = useI18n();
  if (!soundsLike) return null;
  return (
    <Alert>
      <p data-testid="sounds-like">
        {t(what === 'venues' ? 'search.soundsLike' : 'search.soundsLikeSpeakers', { q: soundsLike.typed })}
        {soundsLike.suggestion ? (
          <>
            {' '}
            {t('search.didYouMean')} <Link to={linkTo(soundsLike.suggestion)}>{soundsLike.suggestion}</Link>
          </>
        ) : null}
      </p>
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** Previous · page n of m · next, for any paged list; nothing when it fits on one page. */
export function Pager({
  page,
  pages,
  href,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  const label = t('search.page', { page, pages });
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? <Link to={href(page - 1)}>{t('search.prev')}</Link> : <span />}
      <span>{label}</span>
      {page < pages ? <Link to={href(page + 1)}>{t('search.next')}</Link> : <span />}
    </nav>
  );
}

interface FieldProps {
  label: ReactNode;
  name: string;
  /** Needed when one page repeats a form (and so a field name); `f-<name>` otherwise. */
  id?: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
}

function FieldShell({ label, id, error, hint, required, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={classes('field', error && 'field-invalid')}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: ReactNode, counted = false) {
  return (
    [hint ? `${id}-hint` : null, counted ? `${id}-count` : null, error ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined
  );
}

export function TextField({
  label,
  name,
  error,
  hint,
  required,
  id = `f-${name}`,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const limit = countedLimit('input', input.maxLength, input.type);
  const typed = useTypedLength<HTMLInputElement>(limit !== null, input.value);
  return (
    <FieldShell label={label} name={name} id={id} error={error} hint={hint} required={required}>
      <input
        ref={typed.ref}
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint, limit !== null)}
        {...input}
      />
      {limit !== null ? <CharacterCount id={`${id}-count`} length={typed.length} max={limit} /> : null}
    </FieldShell>
  );
}

export function TextArea({
  label,
  name,
  error,
  hint,
  required,
  id = `f-${name}`,
  ...input
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const limit = countedLimit('textarea', input.maxLength);
  const typed = useTypedLength<HTMLTextAreaElement>(limit !== null, input.value);
  return (
    <FieldShell label={label} name={name} id={id} error={error} hint={hint} required={required}>
      <textarea
        ref={typed.ref}
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint, limit !== null)}
        {...input}
      />
      {limit !== null ? <CharacterCount id={`${id}-count`} length={typed.length} max={limit} /> : null}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select; options may come in named groups (`<optgroup>`). */
export function SelectField({
  label,
  name,
  error,
  hint,
  required,
  options,
  id = `f-${name}`,
  ...select
}: FieldProps &
  SelectHTMLAttributes<HTMLSelectElement> & {
    options: (SelectOption | { group: string; options: SelectOption[] })[];
  }) {
  return (
    <FieldShell label={label} name={name} id={id} error={error} hint={hint} required={required}>
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...select}
      >
        {options.map((o) =>
          'group' in o ? (
            <optgroup key={`group-${o.group}`} label={o.group}>
              {o.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </FieldShell>
  );
}

/** A box to tick; its error is tied to it (read out with it), as a text field's is. */
/**
 * The box a second one of something asks for ("this is another group", "another talk"): shown when the form already
 * knows of the first (with the warning naming it) or when a refusal says so on the box. The warning is said once: after
 * a refusal the box's own message says it. `children` (links to the first) follow the box.
 */
export function AnotherOneField({
  warning,
  error,
  label,
  name,
  defaultChecked,
  children,
}: {
  warning: ReactNode;
  error?: string;
  label: string;
  name: string;
  defaultChecked?: boolean;
  children?: ReactNode;
}) {
  if (!warning && !error) return null;
  return (
    <>
      {warning && !error ? <Alert tone="warn">{warning}</Alert> : null}
      <CheckboxField label={label} name={name} value="on" defaultChecked={defaultChecked} error={error} />
      {children}
    </>
  );
}

export function CheckboxField({
  label,
  name,
  error,
  id: givenId,
  ...input
}: Omit<FieldProps, 'hint'> & InputHTMLAttributes<HTMLInputElement>) {
  // Boxes of one group share their name, so the name cannot make the id.
  const generatedId = useId();
  const id = givenId ?? generatedId;
  return (
    <div className={classes('field field-check', error && 'field-invalid')}>
      <label>
        <input
          type="checkbox"
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error)}
          {...input}
        />{' '}
        {label}
      </label>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Boxes answering one question (grades, languages, weekdays): a fieldset named by its legend, with the group's error
 * tied to the fieldset, so a screen reader reads it on entering the group. A group needing at least one box carries
 * the fields' required mark; a box cannot say so itself (`required` on it would demand that very box), so the legend
 * says it in words to a screen reader.
 */
export function CheckboxGroup({
  legend,
  error,
  columns = false,
  required = false,
  id: givenId,
  children,
}: {
  legend: ReactNode;
  error?: string;
  /** Short labels (grades, weekdays) set in columns. */
  columns?: boolean;
  required?: boolean;
  id?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const generatedId = useId();
  const id = givenId ?? generatedId;
  return (
    <fieldset
      className={classes('checks', columns && 'checks-columns')}
      id={id}
      aria-describedby={describedBy(id, error)}
    >
      <legend>
        {legend}
        {required ? (
          <>
            <span className="field-required" aria-hidden="true">
              {' '}
              *
            </span>
            <span className="visually-hidden"> ({t('common.required')})</span>
          </>
        ) : null}
      </legend>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * An action that cannot be undone (removing a teacher or a role, calling a session off): a fold of its own, away from
 * everyday buttons, with a box the server requires ticked (`confirm=yes`). It comes back open with the server's
 * message when the box was not ticked.
 */
export function ConfirmFold({
  summary,
  lead,
  confirmId,
  confirmLabel,
  submit,
  fields,
  error,
  busy,
  className,
  open,
  children,
}: {
  summary: ReactNode;
  lead: ReactNode;
  confirmId: string;
  confirmLabel: string;
  submit: ReactNode;
  /** The hidden fields that say what the form does (intent, ids). */
  fields: Record<string, string>;
  error?: string;
  busy?: boolean;
  className?: string;
  /** Shown open (as the next step of a form that asked for it); it opens by itself on an error. */
  open?: boolean;
  /** Fields the step asks for besides the box (a date), above it. */
  children?: ReactNode;
}) {
  return (
    <details className={classes('fold', className)} open={error || open ? true : undefined}>
      <summary>{summary}</summary>
      {/* The server checks the box and the fields, and says so in the page's language (not the browser's). */}
      <Form method="post" className="fold-body form" noValidate>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p className="muted small">{lead}</p>
        {children}
        <CheckboxField
          id={confirmId}
          label={confirmLabel}
          name="confirm"
          value="yes"
          required
          error={error}
        />
        <Button variant="danger" disabled={busy}>
          {submit}
        </Button>
      </Form>
    </details>
  );
}

/** A rating of 5 to 1, none chosen until the person picks one (an untouched form is asked for it, not saved as 5). */
export function RatingField({
  id,
  label,
  stars,
  error,
  defaultValue = '',
}: {
  id: string;
  label: string;
  /** The words for n of 5. */
  stars: (n: number) => string;
  error?: string;
  /** The rating chosen before a refusal, to keep; none otherwise. */
  defaultValue?: string;
}) {
  const { t } = useI18n();
  return (
    <SelectField
      label={label}
      name="rating"
      id={id}
      required
      defaultValue={defaultValue}
      options={[
        { value: '', label: t('common.choose') },
        ...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: stars(n) })),
      ]}
      error={error}
    />
  );
}

/** A field real people never see or fill; bots that fill it are turned away. */
export function Honeypot() {
  return (
    <div className="hp" aria-hidden="true">
      <label>
        Website
        <input type="text" name="website" tabIndex={-1} autoComplete="off" />
      </label>
    </div>
  );
}

/**
 * A secret shown once (a link to hand over, an API token): selectable text, and with JavaScript a button that copies
 * it whole (long-pressing a long link on a phone tends to select part of it).
 */
export function SecretText({ value, testId }: { value: string; testId?: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-block">
      <code className="secret" data-testid={testId}>
        {value}
      </code>
      {hydrated && typeof navigator !== 'undefined' && navigator.clipboard ? (
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            navigator.clipboard.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      ) : null}
      {/* The button's new word is not announced by itself: a polite live region says 已复制 once it is done. */}
      {hydrated ? (
        <span className="visually-hidden" role="status" aria-live="polite">
          {copied ? t('common.copied') : ''}
        </span>
      ) : null}
    </div>
  );
}
