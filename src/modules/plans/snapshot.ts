/**
 * The signed content of a plan as one value, and what changed between two versions of it.
 * Signatories approve a numbered version; the snapshot is what they saw. Monitoring data (task status,
 * progress, money spent) is not part of it: reporting progress never needs new signatures.
 */
export interface SnapshotPriority {
  id: string;
  position: number;
  title: string;
  justification: string;
  source: string;
  problemIds: string[];
}

export interface SnapshotTask {
  id: string;
  priorityId: string;
  position: number;
  title: string;
  description: string;
  ownerOrganisationId: string | null;
  ownerOrganisationName: string | null;
  deadline: string;
  fundingSource: string;
  budget: number;
  problemIds: string[];
}

export interface PlanSnapshot {
  title: string;
  areaCode: string;
  periodStart: string;
  periodEnd: string;
  summary: string;
  currency: string;
  priorities: SnapshotPriority[];
  tasks: SnapshotTask[];
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface Change {
  kind: 'plan' | 'priority' | 'task';
  change: 'added' | 'removed' | 'changed';
  /** Id of the priority or task; empty for the plan itself. */
  id: string;
  title: string;
  fields: FieldChange[];
}

const PLAN_FIELDS = ['title', 'areaCode', 'periodStart', 'periodEnd', 'summary', 'currency'] as const;
const PRIORITY_FIELDS = ['title', 'justification', 'source', 'position', 'problemIds'] as const;
const TASK_FIELDS = [
  'title',
  'description',
  'priorityId',
  'position',
  'ownerOrganisationName',
  'deadline',
  'fundingSource',
  'budget',
  'problemIds',
] as const;

function show(v: unknown): string {
  if (Array.isArray(v)) return [...v].sort().join(', ');
  if (v === null || v === undefined) return '';
  return String(v);
}

function fieldChanges<T extends object>(a: T, b: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const from = show(a[f]);
    const to = show(b[f]);
    if (from !== to) out.push({ field: f, from, to });
  }
  return out;
}

function diffList<T extends { id: string; title: string }>(
  kind: 'priority' | 'task',
  a: T[],
  b: T[],
  fields: readonly (keyof T & string)[],
): Change[] {
  const before = new Map(a.map((x) => [x.id, x]));
  const after = new Map(b.map((x) => [x.id, x]));
  const out: Change[] = [];
  for (const x of b) {
    const old = before.get(x.id);
    if (!old) out.push({ kind, change: 'added', id: x.id, title: x.title, fields: [] });
    else {
      const fs = fieldChanges(old, x, fields);
      if (fs.length) out.push({ kind, change: 'changed', id: x.id, title: x.title, fields: fs });
    }
  }
  for (const x of a)
    if (!after.has(x.id)) out.push({ kind, change: 'removed', id: x.id, title: x.title, fields: [] });
  return out;
}

/** What changed from `a` to `b`: the plan's own fields, then priorities, then tasks. */
export function diffSnapshots(a: PlanSnapshot | null, b: PlanSnapshot): Change[] {
  if (!a) return [];
  const out: Change[] = [];
  const planFields = fieldChanges(a, b, PLAN_FIELDS);
  if (planFields.length)
    out.push({ kind: 'plan', change: 'changed', id: '', title: b.title, fields: planFields });
  out.push(...diffList('priority', a.priorities, b.priorities, PRIORITY_FIELDS));
  out.push(...diffList('task', a.tasks, b.tasks, TASK_FIELDS));
  return out;
}

/** A stored snapshot, or null when the text is not one (never trusted blindly). */
export function parseSnapshot(text: string): PlanSnapshot | null {
  try {
    const v = JSON.parse(text) as PlanSnapshot;
    if (!v || typeof v !== 'object' || !Array.isArray(v.priorities) || !Array.isArray(v.tasks)) return null;
    return v;
  } catch {
    return null;
  }
}
