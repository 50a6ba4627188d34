/**
 * Channels: only administrators configure them, send test messages and see the outbox's failures.
 * The outbox view never shows a chat address or a message's words (need to know): admins keep the
 * machinery running, they do not read residents' conversations.
 */
import { allow } from '../../shared/policy.ts';

export const CHANNEL = 'channel';

allow('admin', ['administer', 'read'], CHANNEL);
