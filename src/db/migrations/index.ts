import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import * as foundation from './2026-11-28T210000Z_foundation.ts';
import * as reports from './2026-11-28T230000Z_reports.ts';
import * as forums from './2026-11-28T234500Z_forums.ts';
import * as totpReplay from './2026-11-28T235000Z_totp-replay.ts';
import * as problems from './2026-11-29T000100Z_problems.ts';
import * as plans from './2026-11-29T000200Z_plans.ts';
import * as channels from './2026-11-29T000300Z_channels.ts';
import * as open311 from './2026-11-29T000500Z_open311.ts';
import * as forumMaterials from './2026-11-29T000600Z_forum-materials.ts';
import * as auditProtection from './2026-12-02T000100Z_audit-protection.ts';
import * as grantConfirmation from './2026-12-02T000200Z_grant-confirmation.ts';
import * as channelDelivery from './2026-12-02T000300Z_channel-delivery.ts';
import * as formSubmission from './2026-12-02T000600Z_form-submission.ts';
import * as surveys from './2026-12-03T010000Z_surveys.ts';
import * as referrals from './2026-12-03T030000Z_referrals.ts';
import * as insightExports from './2026-12-03T035000Z_insight-exports.ts';
import * as complaints from './2026-12-03T040000Z_complaints.ts';
import * as email from './2026-12-03T050000Z_email.ts';
import * as accountEmail from './2026-12-03T051000Z_account-email.ts';
import * as alerts from './2026-12-03T052000Z_alerts.ts';

export interface FrozenMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** In order. Names are ISO timestamps so they sort; a released migration is never edited. */
export const MIGRATIONS: Record<string, FrozenMigration> = {
  '2026-11-28T210000Z_foundation': foundation,
  '2026-11-28T230000Z_reports': reports,
  '2026-11-28T234500Z_forums': forums,
  '2026-11-28T235000Z_totp-replay': totpReplay,
  '2026-11-29T000100Z_problems': problems,
  '2026-11-29T000200Z_plans': plans,
  '2026-11-29T000300Z_channels': channels,
  '2026-11-29T000500Z_open311': open311,
  '2026-11-29T000600Z_forum-materials': forumMaterials,
  '2026-12-02T000100Z_audit-protection': auditProtection,
  '2026-12-02T000200Z_grant-confirmation': grantConfirmation,
  '2026-12-02T000300Z_channel-delivery': channelDelivery,
  '2026-12-02T000600Z_form-submission': formSubmission,
  '2026-12-03T010000Z_surveys': surveys,
  '2026-12-03T030000Z_referrals': referrals,
  '2026-12-03T035000Z_insight-exports': insightExports,
  '2026-12-03T040000Z_complaints': complaints,
  '2026-12-03T050000Z_email': email,
  '2026-12-03T051000Z_account-email': accountEmail,
  '2026-12-03T052000Z_alerts': alerts,
};
