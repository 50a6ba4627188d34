/**
 * Who reads the audit trail: administrators and independent oversight. The trail holds actor ids,
 * roles, actions and subjects, never reporter identities, so it is not scoped to a jurisdiction.
 */
import { allow } from '../../shared/policy.ts';

export const AUDIT_SUBJECT = 'audit';

allow(['admin', 'oversight'], ['read', 'verify'], AUDIT_SUBJECT);
