/**
 * Reads the delivery reports a mail server sends back: DSNs (RFC 3464, multipart/report with a
 * message/delivery-status part) and complaint feedback (ARF, RFC 5965, message/feedback-report).
 * Only the fields we act on are read; anything else in the report is ignored and nothing of it is
 * stored but the recipient's hash, the kind and the status code.
 */

export interface DeliveryReport {
  recipient: string;
  kind: 'hard_bounce' | 'soft_bounce' | 'complaint';
  status: string | null;
}

const MAX_REPORT_BYTES = 512 * 1024;
const EMAIL = /^[^\s@<>"(),;:]{1,64}@[^\s@<>"(),;:]{1,253}$/;

/** Header fields of a report, unfolded (continuation lines joined), names lower-cased. */
function fields(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')) {
    const m = /^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]*(.*)$/.exec(line);
    if (m) out.push([m[1]!.toLowerCase(), m[2]!.trim()]);
  }
  return out;
}

/** `rfc822; someone@example.kg` → the address, lower-cased (null when it is not one). */
function addressOf(value: string): string | null {
  const raw = (value.includes(';') ? value.slice(value.indexOf(';') + 1) : value).trim();
  const addr = raw.replace(/^<|>$/g, '').toLowerCase();
  return EMAIL.test(addr) ? addr : null;
}

/**
 * The reports in one message (a DSN may name several recipients). Empty when the message is not a
 * report we understand: the caller answers 422, not 500.
 */
export function parseDeliveryReports(message: string): DeliveryReport[] {
  const text = message.slice(0, MAX_REPORT_BYTES);
  const all = fields(text);
  const reports: DeliveryReport[] = [];
  const feedback = all.find(([k]) => k === 'feedback-type');
  if (feedback) {
    const rcpt = all.find(([k]) => k === 'original-rcpt-to' || k === 'removal-recipient');
    const recipient = rcpt ? addressOf(rcpt[1]) : null;
    if (recipient) reports.push({ recipient, kind: 'complaint', status: null });
    return reports;
  }
  // Per-recipient blocks: each starts at Final-Recipient, then Action and Status follow.
  let current: { recipient: string | null; action?: string; status?: string } | null = null;
  const flush = () => {
    if (!current?.recipient || !current.action) return;
    const action = current.action.toLowerCase();
    const status = current.status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(current.status) ? current.status : null;
    if (action === 'failed')
      reports.push({
        recipient: current.recipient,
        kind: status?.startsWith('4') ? 'soft_bounce' : 'hard_bounce',
        status,
      });
    else if (action === 'delayed')
      reports.push({ recipient: current.recipient, kind: 'soft_bounce', status });
  };
  for (const [k, v] of all) {
    if (k === 'final-recipient') {
      flush();
      current = { recipient: addressOf(v) };
    } else if (current && k === 'action') current.action = v.split(/\s/)[0];
    else if (current && k === 'status') current.status = v.split(/\s/)[0];
  }
  flush();
  return reports;
}
