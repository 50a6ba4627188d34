/** The materials section of an event or meeting page: the files, and (for organisers) the upload form. */
import type { Translate } from '../../../shared/i18n.ts';
import { described } from '../../../views/form.tsx';
import type { MaterialView } from '../materials.service.ts';
import { Csrf, Field, FieldError, type FieldErrors } from './controls.tsx';
import { PostForm } from '../../../views/post-form.tsx';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function MaterialsSection(p: {
  t: Translate;
  csrf: string;
  /** Upload target; removal posts to /staff/materials/:id/remove. */
  action: string;
  items: MaterialView[];
  canManage: boolean;
  /** Whether files may be marked public (files of a public meeting). */
  allowPublic: boolean;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t } = p;
  return (
    <>
      <h2 id="materials">{t('forums.material.title')}</h2>
      {p.items.length ? (
        <ul>
          {p.items.map((m) => (
            <li key={m.id}>
              <a href={`/staff/materials/${m.id}`}>{m.title}</a>{' '}
              {t('forums.material.fileLine', { name: m.fileName, size: formatBytes(m.bytes) })}
              {m.isPublic ? ` — ${t('forums.material.public')}` : ''}
              {p.canManage ? (
                <form method="post" action={`/staff/materials/${m.id}/remove`} class="inline">
                  <Csrf token={p.csrf} />{' '}
                  <button type="submit" aria-label={t('forums.material.removeWho', { title: m.title })}>
                    {t('forums.material.remove')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('forums.material.none')}</p>
      )}
      {p.canManage ? (
        <PostForm
          action={p.action}
          csrf={p.csrf}
          enctype="multipart/form-data"
          submit={t('forums.material.upload')}
        >
          <Field
            id="materialTitle"
            label={t('forums.material.fieldTitle')}
            hint={t('forums.material.fieldTitleHint')}
            value={p.values.materialTitle}
            errors={p.errors}
          />
          <div>
            <label for="file">{t('forums.material.file')}</label>
            <p class="hint" id="file-hint">
              {t('forums.material.fileHint')}
            </p>
            <FieldError id="file" errors={p.errors} />
            <input
              id="file"
              name="file"
              type="file"
              accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
              {...described(p.errors, 'file', true)}
            />
          </div>
          {p.allowPublic ? (
            <div>
              <input type="checkbox" id="isPublic" name="isPublic" value="1" />{' '}
              <label for="isPublic">{t('forums.material.makePublic')}</label>
            </div>
          ) : null}
        </PostForm>
      ) : null}
    </>
  );
}
