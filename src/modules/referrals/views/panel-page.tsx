/** The multi-agency panel of a district: its members, and adding or removing one (coordinators only). */
import type { Translate } from '../../../shared/i18n.ts';
import { AreaPicker } from '../../../views/area-picker.tsx';
import { DataTable } from '../../../views/data-table.tsx';
import { ErrorSummary, Select, type FieldErrors } from '../../../views/form.tsx';
import { PostForm } from '../../../views/post-form.tsx';
import type { AreaChoiceGroup } from '../../geo/area-choices.ts';

export interface PanelMemberView {
  personId: string;
  displayName: string;
  organisationName: string | null;
  police: boolean;
}

export function PanelPage(p: {
  t: Translate;
  csrf: string;
  areas: AreaChoiceGroup[];
  areaCode: string;
  areaLabel: string;
  members: PanelMemberView[];
  candidates: Array<{ id: string; displayName: string; organisationName: string | null }>;
  errors: FieldErrors;
}) {
  const { t } = p;
  const who = (name: string, org: string | null) => (org ? `${name} (${org})` : name);
  return (
    <section>
      <h1>{t('referrals.panelPage.title')}</h1>
      <p>{t('referrals.panelPage.intro')}</p>
      <ErrorSummary errors={p.errors} t={t} heading={t('referrals.errors.summary')} />
      <form method="get" action="/staff/referral-panels" class="filters">
        <AreaPicker
          id="area"
          label={t('referrals.field.panelArea')}
          groups={p.areas}
          value={p.areaCode}
          errors={{}}
          emptyLabel={t('referrals.field.chooseArea')}
        />
        <div>
          <button type="submit">{t('referrals.panelPage.show')}</button>
        </div>
      </form>
      {p.areaCode ? (
        <>
          <h2>{t('referrals.panelPage.members', { area: p.areaLabel })}</h2>
          <DataTable
            rows={p.members}
            head={[t('referrals.panelPage.member'), t('referrals.panelPage.police'), '']}
            empty={t('referrals.panelPage.empty')}
            row={(m) => (
              <tr key={m.personId}>
                <td>{who(m.displayName, m.organisationName)}</td>
                <td>{m.police ? t('referrals.yes') : t('referrals.no')}</td>
                <td>
                  <PostForm
                    action={`/staff/referral-panels/${encodeURIComponent(p.areaCode)}/members/${m.personId}/remove`}
                    csrf={p.csrf}
                    submit={t('referrals.panelPage.remove', { name: m.displayName })}
                  />
                </td>
              </tr>
            )}
          />
          <PostForm
            action={`/staff/referral-panels/${encodeURIComponent(p.areaCode)}/members`}
            csrf={p.csrf}
            submit={t('referrals.panelPage.add')}
          >
            <Select
              id="personId"
              label={t('referrals.panelPage.person')}
              hint={t('referrals.panelPage.personHint')}
              options={[
                { value: '', label: t('referrals.field.choose') },
                ...p.candidates.map((c) => ({ value: c.id, label: who(c.displayName, c.organisationName) })),
              ]}
              errors={p.errors}
            />
          </PostForm>
        </>
      ) : null}
    </section>
  );
}
