/**
 * Open311 GeoReport v2. Reading services and public requests is open to anyone (the same public data
 * as the public list and map); submitting needs an API key, which is the client application's
 * credential and is checked by the Open311 service itself. Administrators issue, list and revoke keys.
 */
import { allow } from '../../shared/policy.ts';

export const OPEN311_API_KEY = 'open311_api_key';

allow('admin', ['list', 'create', 'revoke'], OPEN311_API_KEY);
