/**
 * Builds the channel services (wired into `createServices`). Adapters register their sender here,
 * one line each: the outbox job finds it by channel kind.
 */
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { I18n } from '../../shared/i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { GeoService } from '../geo/geo.service.ts';
import type { JobService } from '../jobs/job.service.ts';
import { PhotoStore } from '../reports/photos.store.ts';
import type { createReportServices } from '../reports/reports.services.ts';
import { ChannelSenders } from './channel-registry.ts';
import { ChannelNotifyService } from './channel-notify.service.ts';
import { ChannelSettingsService } from './channel-settings.service.ts';
import { ConversationService } from './conversation.service.ts';
import { OutboxService } from './outbox.service.ts';
import { createTelegramSender } from './telegram/telegram.adapter.ts';
import { TelegramWebhookService } from './telegram/telegram-webhook.service.ts';
import { createSmsSender } from './sms/sms.sender.ts';
import { smsSettingsFrom } from './sms/sms.settings.ts';
import { createWhatsAppSender } from './whatsapp/whatsapp.sender.ts';
import { whatsappSettingsFrom } from './whatsapp/whatsapp.settings.ts';
import { createEmailSender } from './email/email.sender.ts';
import { EmailService } from './email/email.service.ts';

export function createChannelServices(
  deps: { config: Config; db: Database; i18n: I18n },
  audit: AuditService,
  jobs: JobService,
  geo: GeoService,
  reportServices: ReturnType<typeof createReportServices>,
) {
  const photos = new PhotoStore(deps.config.dataDir);
  const channelSenders = new ChannelSenders();
  const channelSettings = new ChannelSettingsService(deps.db, deps.config, audit);
  const outbox = new OutboxService(deps.db, deps.config, audit, jobs, channelSenders);
  const conversations = new ConversationService({
    db: deps.db,
    config: deps.config,
    i18n: deps.i18n,
    audit,
    outbox,
    reports: reportServices.reports,
    reportCategories: reportServices.reportCategories,
    reportFollowUp: reportServices.reportFollowUp,
    geo,
    photos,
  });
  const telegramWebhook = new TelegramWebhookService(deps.db, deps.config, audit, channelSettings);
  const channelNotify = new ChannelNotifyService(deps.db, deps.config, deps.i18n, audit, outbox, photos);
  channelSenders.register(createTelegramSender(channelSettings));
  channelSenders.register(
    createWhatsAppSender({
      settings: async () => whatsappSettingsFrom(await channelSettings.read('whatsapp')),
      i18n: deps.i18n,
      defaultLocale: deps.config.defaultLocale,
    }),
  );
  channelSenders.register(
    createSmsSender(async () => smsSettingsFrom(await channelSettings.read('sms')), {
      i18n: deps.i18n,
      defaultLocale: deps.config.defaultLocale,
    }),
  );
  const email = new EmailService(deps.db, deps.config);
  channelSenders.register(createEmailSender({ config: deps.config, email }));
  return { channelSenders, channelSettings, outbox, conversations, channelNotify, telegramWebhook, email };
}
