/**
 * Geography is not personal data: anyone may read names, the tree and look a point up. Staff see
 * version history; administrators change areas inside their own jurisdiction only.
 */
import { allow, inJurisdiction, STAFF_ROLES } from '../../shared/policy.ts';

export const AREA = 'area';

/** Resource handed to jurisdiction predicates: the (current) path of the area acted on. */
export interface AreaResource {
  areaPath: string;
}

allow('anyone', ['read', 'lookup'], AREA);
allow([...STAFF_ROLES], 'history', AREA);
/** Role-only gate checked first; `manage` then checks the jurisdiction once the area is loaded. */
allow('admin', 'administer', AREA);
allow<AreaResource>('admin', 'manage', AREA, inJurisdiction);
