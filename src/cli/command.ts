/** A subcommand of `ishenim`. Output for humans goes to stderr unless the command's result is data. */
export interface CliCommand {
  /** One line: usage and what it does. */
  help: string;
  run(args: string[]): Promise<void>;
}

/** Parses `--name value` and `--flag` pairs; positional arguments are returned in `_`. */
export function parseFlags(args: string[]): { _: string[]; flags: Record<string, string | true> } {
  const out: { _: string[]; flags: Record<string, string | true> } = { _: [], flags: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out.flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) out.flags[a.slice(2)] = args[++i]!;
      else out.flags[a.slice(2)] = true;
    } else out._.push(a);
  }
  return out;
}

/** A usage mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}
